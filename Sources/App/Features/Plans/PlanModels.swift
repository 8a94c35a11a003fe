import ISHCCore
import Vapor

// What the plan form sends.

struct PlanInput: Content {
    var title: String?
    var source: String?
    var phase1_name: String?, phase1_from: String?, phase1_to: String?
    var phase2_name: String?, phase2_from: String?, phase2_to: String?
    var rules: [String]?
    var min_clubs: String?
}

struct TargetInput: Content {
    var indicator: String?
    var phase: String?
    var unit: String?
    var value: String?
    var min_clubs: String?
    var note: String?
}

struct DenominatorInput: Content {
    var year: String?
    var villages: String?
    var older_people: String?
    var source: String?
}
