import Fluent
import SQLKit

/// Each club's facts for a period, kept between requests, and the version that tells when they
/// are stale: triggers on every table the facts come from move the club's version on.
///
/// The triggers are written out here as they were made by this step; later changes to them are
/// later migrations (013).
struct AddClubFacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("clubs").field("facts_version", .int64, .required, .sql(.default(0))).update()
        try await database.schema("club_facts")
            .field("club_id", .uuid, .required, .references("clubs", "id", onDelete: .cascade))
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("as_of", .string, .required)
            .field("version", .int64, .required)
            .field("facts", .string, .required)
            .field("active", .int, .required)
            .field("members", .int, .required)
            .unique(on: "club_id", "period_start", "period_end")
            .create()
        let sql = database as! any SQLDatabase
        for statement in sql.dialect.name == "sqlite" ? Self.sqlite : Self.postgres {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in sql.dialect.name == "sqlite" ? Self.dropSQLite : Self.dropPostgres {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await database.schema("club_facts").delete()
        try await database.schema("clubs").deleteField("facts_version").update()
    }

    static let direct = [
        "members", "club_status_changes", "meetings", "activity_clubs", "health_checks", "care_visits",
        "journal_entries", "postings", "loans",
    ]
    static let indirect = [("meeting_areas", "meeting_id", "meetings"), ("loan_instalments", "loan_id", "loans")]
    static let bump = "UPDATE clubs SET facts_version = facts_version + 1 WHERE id"

    static var sqlite: [String] {
        var s: [String] = []
        for t in direct {
            s.append("CREATE TRIGGER IF NOT EXISTS cf_\(t)_i AFTER INSERT ON \(t) BEGIN \(bump) = NEW.club_id; END")
            s.append("CREATE TRIGGER IF NOT EXISTS cf_\(t)_u AFTER UPDATE ON \(t) BEGIN \(bump) IN (NEW.club_id, OLD.club_id); END")
            s.append("CREATE TRIGGER IF NOT EXISTS cf_\(t)_d AFTER DELETE ON \(t) BEGIN \(bump) = OLD.club_id; END")
        }
        for (t, column, parent) in indirect {
            let of = { (row: String) in "(SELECT club_id FROM \(parent) WHERE id = \(row).\(column))" }
            s.append("CREATE TRIGGER IF NOT EXISTS cf_\(t)_i AFTER INSERT ON \(t) BEGIN \(bump) = \(of("NEW")); END")
            s.append("CREATE TRIGGER IF NOT EXISTS cf_\(t)_u AFTER UPDATE ON \(t) BEGIN \(bump) IN (\(of("NEW")), \(of("OLD"))); END")
            s.append("CREATE TRIGGER IF NOT EXISTS cf_\(t)_d AFTER DELETE ON \(t) BEGIN \(bump) = \(of("OLD")); END")
        }
        // A training's day or kind changes what it means for the clubs it names.
        s.append(
            "CREATE TRIGGER IF NOT EXISTS cf_activities_u AFTER UPDATE ON activities BEGIN \(bump) IN (SELECT club_id FROM activity_clubs WHERE activity_id = NEW.id); END"
        )
        s.append(
            "CREATE TRIGGER IF NOT EXISTS cf_activities_d BEFORE DELETE ON activities BEGIN \(bump) IN (SELECT club_id FROM activity_clubs WHERE activity_id = OLD.id); END"
        )
        // The founding day counts the months of a period and a board trained at founding.
        s.append("CREATE TRIGGER IF NOT EXISTS cf_clubs_u AFTER UPDATE OF founded_on ON clubs BEGIN \(bump) = NEW.id; END")
        return s
    }

    static var postgres: [String] {
        var s = [
            """
            CREATE OR REPLACE FUNCTION cf_direct() RETURNS trigger AS $$ BEGIN
              IF TG_OP <> 'INSERT' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = OLD.club_id; END IF;
              IF TG_OP <> 'DELETE' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = NEW.club_id; END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """
        ]
        for (t, column, parent) in indirect {
            s.append(
                """
                CREATE OR REPLACE FUNCTION cf_\(t)() RETURNS trigger AS $$ BEGIN
                  IF TG_OP <> 'INSERT' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = (SELECT club_id FROM \(parent) WHERE id = OLD.\(column)); END IF;
                  IF TG_OP <> 'DELETE' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = (SELECT club_id FROM \(parent) WHERE id = NEW.\(column)); END IF;
                  RETURN NULL; END $$ LANGUAGE plpgsql
                """)
        }
        s.append(
            """
            CREATE OR REPLACE FUNCTION cf_activities() RETURNS trigger AS $$ BEGIN
              UPDATE clubs SET facts_version = facts_version + 1 WHERE id IN (SELECT club_id FROM activity_clubs WHERE activity_id = OLD.id);
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """)
        s.append(
            """
            CREATE OR REPLACE FUNCTION cf_clubs() RETURNS trigger AS $$ BEGIN
              IF NEW.founded_on IS DISTINCT FROM OLD.founded_on THEN
                UPDATE clubs SET facts_version = facts_version + 1 WHERE id = NEW.id;
              END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """)
        for t in direct {
            s.append("CREATE TRIGGER cf_\(t) AFTER INSERT OR UPDATE OR DELETE ON \(t) FOR EACH ROW EXECUTE FUNCTION cf_direct()")
        }
        for (t, _, _) in indirect {
            s.append("CREATE TRIGGER cf_\(t) AFTER INSERT OR UPDATE OR DELETE ON \(t) FOR EACH ROW EXECUTE FUNCTION cf_\(t)()")
        }
        s.append("CREATE TRIGGER cf_activities_u AFTER UPDATE ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()")
        s.append("CREATE TRIGGER cf_activities_d BEFORE DELETE ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()")
        s.append("CREATE TRIGGER cf_clubs_u AFTER UPDATE OF founded_on ON clubs FOR EACH ROW EXECUTE FUNCTION cf_clubs()")
        return s
    }

    static var dropSQLite: [String] {
        ((direct + indirect.map(\.0)).flatMap { t in ["_i", "_u", "_d"].map { "cf_\(t)\($0)" } }
            + ["cf_activities_u", "cf_activities_d", "cf_clubs_u"]).map { "DROP TRIGGER IF EXISTS \($0)" }
    }

    static var dropPostgres: [String] {
        (direct + indirect.map(\.0)).map { "DROP TRIGGER IF EXISTS cf_\($0) ON \($0)" }
            + [
                "DROP TRIGGER IF EXISTS cf_activities_u ON activities", "DROP TRIGGER IF EXISTS cf_activities_d ON activities",
                "DROP TRIGGER IF EXISTS cf_clubs_u ON clubs",
            ]
    }
}
