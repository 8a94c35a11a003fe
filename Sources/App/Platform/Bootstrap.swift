import Fluent
import SQLKit
import Vapor

/// What every start needs before it serves: the schema up to date and the official units present.
enum Bootstrap {
    static func prepare(_ app: Application) async throws {
        if app.config.databaseURL == nil {
            // WAL survives in the file; it lets readers go on while the ledger writes.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        if let schema = app.config.postgresSchema {
            try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
        try await app.autoMigrate()
        let started = Date()
        let result = try await UnitImporter(directory: app.config.unitsDirectory).run(on: app.db)
        if result.unitsAdded > 0 {
            app.logger.notice(
                "Imported \(result.unitsAdded) official units and \(result.successionsAdded) successions in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
            )
        }
    }
}
