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

extension HealthCheckSession {
    init(_ draft: HealthDayDraft) {
        checkedOn = draft.checkedOn
        place = draft.place
        for row in draft.rows { rows[row.member] = (row.systolic, row.diastolic, row.weight) }
    }

    /// The day's form as sent: `sys-<member>`, `dia-<member>` and `kg-<member>` for each member listed.
    static func draft(_ fields: [String: String], members: [Member]) -> HealthDayDraft {
        HealthDayDraft(
            checkedOn: fields["checked_on"] ?? "", place: fields["place"] ?? "",
            rows: members.compactMap(\.id).map { id in
                let m = id.uuidString
                return HealthDayDraft.Row(
                    member: m, systolic: fields["sys-\(m)"] ?? "", diastolic: fields["dia-\(m)"] ?? "", weight: fields["kg-\(m)"] ?? "")
            })
    }

    /// The day form's fields and words for what `HealthOperations.recordDay` refused.
    static func errors(_ problems: [HealthDayProblem], members: [Member], _ t: Texts) -> FormErrors {
        let names = Dictionary(members.compactMap { m in m.id.map { ($0.uuidString, m.fullName) } }, uniquingKeysWith: { a, _ in a })
        var errors = FormErrors()
        for p in problems {
            switch p {
            case .day(let d): errors["checked_on"] = DayProblem.text(d, t)
            case .placeTooLong(let max): errors["place"] = t("activity.error.too_long", max)
            case .reading(let member, let field, let key):
                let name = field == "weight" ? "kg-\(member)" : field == "diastolic" ? "dia-\(member)" : "sys-\(member)"
                errors[name] = "\(names[member] ?? ""): \(t(key))"
            case .already(let member): errors["sys-\(member)"] = t("health.error.already", names[member] ?? "")
            case .nothing: errors["readings"] = t("health.error.nothing")
            }
        }
        return errors
    }
}
