import Fluent
import SQLKit

/// One-time keys of writes: a form or an API call carries a key made when the form was shown;
/// the first write with it keeps (user, key, what was sent, what it made) in the write's own
/// transaction, so the same key again answers with the first result instead of writing twice.
struct CreateIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("idempotency_keys")
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("once_key", .string, .required)
            .field("route", .string, .required)
            .field("request_hash", .string, .required)
            .field("target_kind", .string)
            .field("target_id", .string)
            .field("status", .int)
            .field("location", .string)
            .field("body", .string)
            .field("created_at", .datetime, .required)
            .compositeIdentifier(over: "user_id", "once_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX IF NOT EXISTS idempotency_keys_created_idx ON idempotency_keys (created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
    }
}
