import ISHCCore
import Vapor

// What the health-check pages show and what their forms send.

struct HealthCheckInput: Content {
    var checkedOn: String?, place: String?, systolic: String?, diastolic: String?, weight: String?, notes: String?
    enum CodingKeys: String, CodingKey {
        case checkedOn = "checked_on"
        case place, systolic, diastolic, weight, notes
    }
}

/// A check day as the form holds it: the day, the place, and per member the three readings.
struct HealthCheckSession {
    var checkedOn = ""
    var place = ""
    var rows: [String: (systolic: String, diastolic: String, weight: String)] = [:]
}
