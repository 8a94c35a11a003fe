import ISHCCore

struct UnitPageModel {
    let unit: OrgUnit
    let ancestors: [OrgUnit]
    let children: [OrgUnit]
    let allChildrenCount: Int
    let counts: [String: SubtreeCounts]
    let totals: SubtreeCounts
    let query: String
    var successors: [(unit: OrgUnit, primary: Bool, visible: Bool)] = []
    var predecessors: [(unit: OrgUnit, place: String, visible: Bool)] = []
    var club: Club?
    var composition: [CompositionCheck] = []
    var compositionDay = Day.reform2025
    var compositionDayInput = ""
    var compositionDayError: String?
    var members: [Member]?
    var canAddVillage = false
    var canAddMember = false
    var canAddClub = false
    var canManageClub = false
    var statusHistory: [ClubStatusChange] = []
    var statusForm: (FormErrors, ClubController.StatusInput)?
    var notice: String?
    var canExport = false
    var canAddUser = false
    var showLegacyLink = false
}
