import Fluent
import ISHCCore
import Vapor

/// A club's monthly meeting: the day, who came, which activity areas and topics it covered, notes.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @Field(key: "held_on") var heldOn: String
    /// Topic keys (`MeetingTopics.all`), comma-separated.
    @Field(key: "topics") var topics: String
    @OptionalField(key: "other_topic") var otherTopic: String?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "attendee_count") var attendeeCount: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var topicList: [String] { topics.split(separator: ",").map(String.init) }
}

final class MeetingAttendance: Model, @unchecked Sendable {
    static let schema = "meeting_attendance"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "member_id") var member: Member

    init() {}
    init(meetingID: UUID, memberID: UUID) {
        self.$meeting.id = meetingID
        self.$member.id = memberID
    }
}

final class MeetingArea: Model, @unchecked Sendable {
    static let schema = "meeting_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Field(key: "area") var area: Int

    init() {}
    init(meetingID: UUID, area: Int) {
        self.$meeting.id = meetingID
        self.area = area
    }
}

/// The eight activity areas, read from `Resources/areas/areas.json` (a locality may group them
/// differently: the list is data).
struct ActivityArea: Codable, Sendable {
    var code: Int
    var icon: String
    var colour: String
    var vi: String
    var en: String

    func name(_ lang: Lang) -> String { lang == .en ? en : vi }

    static func load(from resources: String) throws -> [ActivityArea] {
        let data = try Data(contentsOf: URL(fileURLWithPath: resources + "areas/areas.json"))
        return try JSONDecoder().decode([ActivityArea].self, from: data).sorted { $0.code < $1.code }
    }
}

extension Application {
    private struct AreasKey: StorageKey { typealias Value = [ActivityArea] }
    var areas: [ActivityArea] {
        get { storage[AreasKey.self] ?? [] }
        set { storage[AreasKey.self] = newValue }
    }
}
