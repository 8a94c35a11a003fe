import Fluent
import SQLKit

struct CreateUnitSuccessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitSuccession.schema)
            .id()
            .field("old_unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("new_unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("is_primary", .bool, .required)
            .unique(on: "old_unit_id", "new_unit_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "unit_successions_new_idx").on(UnitSuccession.schema).column("new_unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitSuccession.schema).delete()
    }
}
