import Vapor
import ISHCCore

// What the meeting form sends.

struct MeetingInput: Content {
    var heldOn: String?, attended: [String]?, areas: [String]?, topics: [String]?, otherTopic: String?, notes: String?
    /// `all` or `none` from the attendance buttons (without JavaScript: the form comes back ticked).
    var pick: String?
    enum CodingKeys: String, CodingKey {
        case heldOn = "held_on", attended, areas, topics, otherTopic = "other_topic", notes, pick
    }
}
