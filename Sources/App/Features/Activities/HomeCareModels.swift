import ISHCCore
import Vapor

// What the home-care pages show and what their forms send.

struct CareVisitInput: Content {
    var visitedOn: String?, volunteer: String?, tasks: [String]?, minutes: String?, notes: String?
    enum CodingKeys: String, CodingKey {
        case visitedOn = "visited_on"
        case volunteer, tasks, minutes, notes
    }

    var draft: CareVisitDraft {
        CareVisitDraft(visitedOn: visitedOn ?? "", volunteer: volunteer ?? "", tasks: tasks ?? [], minutes: minutes ?? "", notes: notes ?? "")
    }

    /// The visit form's fields and words for what `HomeCareOperations.recordVisit` refused.
    static func errors(_ problems: [CareVisitProblem], _ t: Texts) -> FormErrors {
        var errors = FormErrors()
        for p in problems {
            let text: String
            switch p {
            case .day(.beforeEarliest(let since)): text = t("care.error.before_since", since.vietnamese)
            case .day(let d): text = DayProblem.text(d, t)
            case .afterUntil(let until): text = t("care.error.after_until", until.vietnamese)
            case .volunteer(let none): text = none ? t("care.error.no_volunteers") : t("care.error.volunteer")
            case .tasks: text = t("care.error.tasks")
            case .minutes(let hours): text = t("care.error.minutes", hours)
            case .notesTooLong(let max): text = t("activity.error.too_long", max)
            }
            errors[p.field] = text
        }
        return errors
    }
}

/// Members who may be named as cared for, and volunteers who may be assigned.
struct CareChoices {
    var members: [Member]
    var volunteers: [Member]
}

struct CareRecipientInput: Content {
    var member: String?, fullName: String?, birthYear: String?, address: String?, needs: String?, volunteer: String?
    var since: String?, until: String?, untilReason: String?
    enum CodingKeys: String, CodingKey {
        case member
        case fullName = "full_name"
        case birthYear = "birth_year"
        case address, needs, volunteer, since, until
        case untilReason = "until_reason"
    }
}

/// What the pages of one club's home care need.
struct CareOverview {
    var unit: OrgUnit
    var club: Club
    var volunteers: [Member]
    var recipients: [CareRecipient]
    var visits: [CareVisit]
    var names: [UUID: String]
    var month: MonthKey
    var canWrite: Bool
}
