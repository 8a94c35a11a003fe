import Fluent
import SQLKit

/// On PostgreSQL, an index that answers "the units under a path" (`path LIKE '/VN/p40/%'`): the
/// path index compares by the database's collation, which LIKE cannot use unless it is "C", so
/// without this every subtree filter read every unit. SQLite filters subtrees by a range the path
/// index answers already (`UnitQueries.within`).
struct AddUnitPathPatternIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS units_path_pattern_idx ON units (path text_pattern_ops)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("DROP INDEX IF EXISTS units_path_pattern_idx").run()
    }
}
