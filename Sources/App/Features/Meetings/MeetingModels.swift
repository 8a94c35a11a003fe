import ISHCCore
import Vapor

// What the meeting form sends.

struct MeetingInput: Content {
    var heldOn: String?, attended: [String]?, areas: [String]?, topics: [String]?, otherTopic: String?, notes: String?
    /// `all` or `none` from the attendance buttons (without JavaScript: the form comes back ticked).
    var pick: String?
    enum CodingKeys: String, CodingKey {
        case heldOn = "held_on"
        case attended, areas, topics
        case otherTopic = "other_topic"
        case notes, pick
    }

    var draft: MeetingDraft {
        MeetingDraft(
            heldOn: heldOn ?? "", attended: attended ?? [], areas: areas ?? [], topics: topics ?? [], otherTopic: otherTopic ?? "",
            notes: notes ?? "")
    }

    /// The meeting form's fields and words for what `MeetingOperations.record` refused.
    static func errors(_ problems: [MeetingProblem], _ t: Texts) -> FormErrors {
        var errors = FormErrors()
        for p in problems {
            let text: String
            switch p {
            case .day(.unreadable): text = t("meeting.error.day")
            case .day(.future): text = t("club.error.future")
            case .day(.beforeEarliest(let founded)): text = t("meeting.error.before_founding", founded.vietnamese)
            case .sameDay(let day): text = t("meeting.error.same_day", day.vietnamese)
            case .nobody: text = t("meeting.error.nobody")
            case .noArea: text = t("meeting.error.areas")
            case .tooLong(_, let max): text = t("meeting.error.too_long", max)
            }
            errors[p.field.rawValue] = text
        }
        return errors
    }
}
