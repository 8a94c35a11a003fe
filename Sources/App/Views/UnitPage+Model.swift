import ISHCCore

struct UnitPageModel {
    let unit: Unit
    let ancestors: [Unit]
    let children: [Unit]
    let allChildrenCount: Int
    let counts: [String: SubtreeCounts]
    let totals: SubtreeCounts
    let query: String
    var successors: [(unit: Unit, primary: Bool, visible: Bool)] = []
    var predecessors: [(unit: Unit, place: String, visible: Bool)] = []
    var club: Club?
    var members: [Member]?
    var canAddVillage = false
    var canAddUser = false
    var showLegacyLink = false
}
