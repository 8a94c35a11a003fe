import Fluent
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
        // Clubs that exist already started active on their founding day.
        let clubs = try await Club.query(on: database).all()
        for club in clubs {
            let change = ClubStatusChange()
            change.$club.id = try club.requireID()
            change.status = club.status
            change.fromDate = club.foundedOn ?? "2016-01-01"
            try await change.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClubStatusChange.schema).delete()
    }
}
