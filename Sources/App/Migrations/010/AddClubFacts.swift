import Fluent
import SQLKit

/// Each club's facts for a period, kept between requests, and the version that tells when they
/// are stale: triggers on every table the facts come from move the club's version on.
struct AddClubFacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Club.schema).field("facts_version", .int64, .required, .sql(.default(0))).update()
        try await database.schema(ClubFactsCache.table)
            .field("club_id", .uuid, .required, .references(Club.schema, .id, onDelete: .cascade))
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("as_of", .string, .required)
            .field("version", .int64, .required)
            .field("facts", .string, .required)
            .field("active", .int, .required)
            .field("members", .int, .required)
            .unique(on: "club_id", "period_start", "period_end")
            .create()
        try await ClubFactsCache.installTriggers(on: database as! any SQLDatabase)
    }

    func revert(on database: any Database) async throws {
        try await ClubFactsCache.dropTriggers(on: database as! any SQLDatabase)
        try await database.schema(ClubFactsCache.table).delete()
        try await database.schema(Club.schema).deleteField("facts_version").update()
    }
}
