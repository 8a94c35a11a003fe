import Fluent
import SQLKit

/// A version per commune that moves whenever its clubs' facts do, so the server can keep each
/// commune's gathered facts in memory and gather again only the communes that changed: a club of
/// it added, removed, moved, renamed or with new facts (its `facts_version` moved), and a village
/// added under it or taken away. The triggers are written out here as this step made them.
struct AddUnitFactsVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("units").field("facts_version", .int64, .required, .sql(.default(0))).update()
        let sql = database as! any SQLDatabase
        for statement in sql.dialect.name == "sqlite" ? Self.sqlite : Self.postgres {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let drops =
            sql.dialect.name == "sqlite"
            ? ["uf_clubs_i", "uf_clubs_u", "uf_clubs_d", "uf_units_i", "uf_units_d", "uf_units_u"].map { "DROP TRIGGER IF EXISTS \($0)" }
            : ["DROP TRIGGER IF EXISTS uf_clubs ON clubs", "DROP TRIGGER IF EXISTS uf_units ON units"]
        for statement in drops { try await sql.raw(SQLQueryString(statement)).run() }
        try await database.schema("units").deleteField("facts_version").update()
    }

    static let bump = "UPDATE units SET facts_version = facts_version + 1 WHERE"
    static let clubColumns = "facts_version, commune_id, village_id, unit_id, founded_on"

    static let sqlite = [
        "CREATE TRIGGER IF NOT EXISTS uf_clubs_i AFTER INSERT ON clubs BEGIN \(bump) id = NEW.commune_id; END",
        "CREATE TRIGGER IF NOT EXISTS uf_clubs_u AFTER UPDATE OF \(clubColumns) ON clubs BEGIN \(bump) id IN (NEW.commune_id, OLD.commune_id); END",
        "CREATE TRIGGER IF NOT EXISTS uf_clubs_d AFTER DELETE ON clubs BEGIN \(bump) id = OLD.commune_id; END",
        "CREATE TRIGGER IF NOT EXISTS uf_units_i AFTER INSERT ON units WHEN NEW.level = 'village' BEGIN \(bump) id = NEW.parent_id; END",
        "CREATE TRIGGER IF NOT EXISTS uf_units_d AFTER DELETE ON units WHEN OLD.level = 'village' BEGIN \(bump) id = OLD.parent_id; END",
        // A renamed or moved club unit moves its club's version, which moves its commune's.
        """
        CREATE TRIGGER IF NOT EXISTS uf_units_u AFTER UPDATE OF name, path, parent_id, level ON units BEGIN
        \(bump) id IN (NEW.parent_id, OLD.parent_id) AND level = 'commune';
        UPDATE clubs SET facts_version = facts_version + 1 WHERE unit_id = NEW.id; END
        """,
    ]

    static let postgres = [
        """
        CREATE OR REPLACE FUNCTION uf_clubs() RETURNS trigger AS $$ BEGIN
          IF TG_OP <> 'INSERT' THEN \(bump) id = OLD.commune_id; END IF;
          IF TG_OP <> 'DELETE' THEN \(bump) id = NEW.commune_id; END IF;
          RETURN NULL; END $$ LANGUAGE plpgsql
        """,
        """
        CREATE OR REPLACE FUNCTION uf_units() RETURNS trigger AS $$ BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NEW.level = 'village' THEN \(bump) id = NEW.parent_id; END IF;
          ELSIF TG_OP = 'DELETE' THEN
            IF OLD.level = 'village' THEN \(bump) id = OLD.parent_id; END IF;
          ELSE
            \(bump) id IN (NEW.parent_id, OLD.parent_id) AND level = 'commune';
            UPDATE clubs SET facts_version = facts_version + 1 WHERE unit_id = NEW.id;
          END IF;
          RETURN NULL; END $$ LANGUAGE plpgsql
        """,
        "CREATE TRIGGER uf_clubs AFTER INSERT OR DELETE OR UPDATE OF \(clubColumns) ON clubs FOR EACH ROW EXECUTE FUNCTION uf_clubs()",
        "CREATE TRIGGER uf_units AFTER INSERT OR DELETE OR UPDATE OF name, path, parent_id, level ON units FOR EACH ROW EXECUTE FUNCTION uf_units()",
    ]
}
