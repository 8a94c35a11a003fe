import Fluent
import SQLKit

struct CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrgUnit.schema)
            .id()
            .field("structure", .string, .required)
            .field("level", .string, .required)
            .field("code", .string)
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("kind", .string)
            .field("parent_id", .uuid, .references(OrgUnit.schema, .id))
            .field("path", .string, .required)
            .field("scope_path", .string, .required)
            .field("lat", .double)
            .field("lon", .double)
            .field("area_km2", .double)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("created_at", .datetime)
            .unique(on: "path")
            .unique(on: "structure", "level", "code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "units_parent_idx").on(OrgUnit.schema).column("parent_id").run()
        try await sql.create(index: "units_scope_path_idx").on(OrgUnit.schema).column("scope_path").run()
        try await sql.create(index: "units_level_idx").on(OrgUnit.schema).column("level").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrgUnit.schema).delete()
    }
}
