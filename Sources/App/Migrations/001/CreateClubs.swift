import Fluent
import SQLKit

struct CreateClubs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Club.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("commune_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("village_id", .uuid, .references(OrgUnit.schema, .id))
            .field("founded_on", .string)
            .field("decision_number", .string)
            .field("cohort", .string)
            .field("funding_source", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "unit_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "clubs_commune_idx").on(Club.schema).column("commune_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Club.schema).delete()
    }
}
