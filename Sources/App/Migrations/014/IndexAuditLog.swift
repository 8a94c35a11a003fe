import Fluent
import SQLKit

/// The audit log read by target and action: the addresses a user logged in from (an address she
/// knows is spared the wait that failures from elsewhere put on her account) and the security
/// events of a period.
struct IndexAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX IF NOT EXISTS audit_log_target_action_idx ON audit_log (target_id, action, at)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS audit_log_action_at_idx ON audit_log (action, at)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX IF EXISTS audit_log_target_action_idx").run()
        try await sql.raw("DROP INDEX IF EXISTS audit_log_action_at_idx").run()
    }
}
