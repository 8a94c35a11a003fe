import Fluent
import Foundation
import SQLKit

/// Each status change of a club with the day it took effect; the club's `status` column is the latest.
struct CreateClubStatusChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClubStatusChange.schema)
            .id()
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("status", .string, .required)
            .field("from_date", .string, .required)
            .field("note", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "club_status_changes_club_idx").on(ClubStatusChange.schema).column("club_id").run()
        // Clubs that exist already started active on their founding day. (Raw SQL: the model has
        // columns that later migrations add.)
        struct Row: Decodable {
            var id: UUID
            var status: String
            var founded_on: String?
        }
        for club in try await sql.raw("SELECT id, status, founded_on FROM clubs").all(decoding: Row.self) {
            try await sql.insert(into: "club_status_changes")
                .columns("id", "club_id", "status", "from_date", "created_at")
                .values(SQLBind(UUID()), SQLBind(club.id), SQLBind(club.status), SQLBind(club.founded_on ?? "2016-01-01"), SQLBind(Date()))
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClubStatusChange.schema).delete()
    }
}
