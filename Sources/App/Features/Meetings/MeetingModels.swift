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
}
