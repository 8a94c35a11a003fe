import Fluent
import SQLKit

/// A version per commune that moves whenever its clubs' facts do, so the server can keep each
/// commune's gathered facts in memory and gather again only the communes that changed.
struct AddUnitFactsVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrgUnit.schema).field("facts_version", .int64, .required, .sql(.default(0))).update()
        try await UnitFactsTriggers.install(on: database as! any SQLDatabase)
    }

    func revert(on database: any Database) async throws {
        try await UnitFactsTriggers.drop(on: database as! any SQLDatabase)
        try await database.schema(OrgUnit.schema).deleteField("facts_version").update()
    }
}
