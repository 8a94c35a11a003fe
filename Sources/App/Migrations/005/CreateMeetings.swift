import Fluent
import SQLKit

/// Monthly meetings with their attendance and the activity areas they covered.
struct CreateMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Meeting.schema)
            .id()
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("held_on", .string, .required)
            .field("topics", .string, .required)
            .field("other_topic", .string)
            .field("notes", .string)
            .field("attendee_count", .int, .required)
            .field("created_by", .uuid)
            .field("updated_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "club_id", "held_on")
            .create()
        try await database.schema(MeetingAttendance.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, .id, onDelete: .cascade))
            .field("member_id", .uuid, .required, .references(Member.schema, .id))
            .unique(on: "meeting_id", "member_id")
            .create()
        try await database.schema(MeetingArea.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, .id, onDelete: .cascade))
            .field("area", .int, .required)
            .unique(on: "meeting_id", "area")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "meetings_club_idx").on(Meeting.schema).column("club_id").run()
        try await sql.create(index: "meeting_areas_meeting_idx").on(MeetingArea.schema).column("meeting_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeetingArea.schema).delete()
        try await database.schema(MeetingAttendance.schema).delete()
        try await database.schema(Meeting.schema).delete()
    }
}
