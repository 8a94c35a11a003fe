import Fluent
import SQLKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("full_name", .string, .required)
            .field("role", .string, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            .field("must_change_password", .bool, .required)
            .field("phone", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "users_unit_idx").on(User.schema).column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
