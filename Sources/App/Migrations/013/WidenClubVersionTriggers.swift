import Fluent
import SQLKit

/// A club's `facts_version` also moves with its board, the people it cares for, activities kept at
/// its own unit and any column of its row, so a kept club page (`ClubPageCache`) is made again
/// whenever anything on it changes. The triggers of 010 are dropped and made again with these
/// definitions, written out here.
struct WidenClubVersionTriggers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in sql.dialect.name == "sqlite" ? Self.sqlite : Self.postgres {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    /// The wider triggers only move versions more often, which no earlier code minds.
    func revert(on database: any Database) async throws {}

    static let direct = [
        "members", "club_status_changes", "meetings", "activity_clubs", "health_checks", "care_visits",
        "journal_entries", "postings", "loans", "board_terms", "care_recipients",
    ]
    static let indirect = [("meeting_areas", "meeting_id", "meetings"), ("loan_instalments", "loan_id", "loans")]
    static let bump = "UPDATE clubs SET facts_version = facts_version + 1 WHERE id"

    static var sqlite: [String] {
        var s =
            ((direct + indirect.map(\.0)).flatMap { t in ["_i", "_u", "_d"].map { "cf_\(t)\($0)" } }
            + ["cf_activities_i", "cf_activities_u", "cf_activities_d", "cf_clubs_u"]).map { "DROP TRIGGER IF EXISTS \($0)" }
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
        // A training's day or kind changes what it means for the clubs it names; an activity
        // kept at a club's own unit is counted on its page.
        let kept = { (row: String) in "SELECT id FROM clubs WHERE unit_id = \(row).unit_id" }
        s.append("CREATE TRIGGER IF NOT EXISTS cf_activities_i AFTER INSERT ON activities BEGIN \(bump) IN (\(kept("NEW"))); END")
        s.append(
            "CREATE TRIGGER IF NOT EXISTS cf_activities_u AFTER UPDATE ON activities BEGIN \(bump) IN (SELECT club_id FROM activity_clubs WHERE activity_id = NEW.id UNION \(kept("NEW")) UNION \(kept("OLD"))); END"
        )
        s.append(
            "CREATE TRIGGER IF NOT EXISTS cf_activities_d BEFORE DELETE ON activities BEGIN \(bump) IN (SELECT club_id FROM activity_clubs WHERE activity_id = OLD.id UNION \(kept("OLD"))); END"
        )
        // The founding day counts the months of a period and a board trained at founding; the
        // status, merge and loan rules show on the page. The bump itself moves the version,
        // so it does not fire again.
        s.append(
            "CREATE TRIGGER IF NOT EXISTS cf_clubs_u AFTER UPDATE ON clubs WHEN NEW.facts_version = OLD.facts_version BEGIN \(bump) = NEW.id; END")
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
              IF TG_OP <> 'INSERT' THEN
                UPDATE clubs SET facts_version = facts_version + 1
                WHERE id IN (SELECT club_id FROM activity_clubs WHERE activity_id = OLD.id) OR unit_id = OLD.unit_id;
              END IF;
              IF TG_OP <> 'DELETE' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE unit_id = NEW.unit_id; END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """)
        s.append(
            """
            CREATE OR REPLACE FUNCTION cf_clubs() RETURNS trigger AS $$ BEGIN
              IF NEW.facts_version = OLD.facts_version THEN
                UPDATE clubs SET facts_version = facts_version + 1 WHERE id = NEW.id;
              END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """)
        s += (direct + indirect.map(\.0)).map { "DROP TRIGGER IF EXISTS cf_\($0) ON \($0)" }
        s += [
            "DROP TRIGGER IF EXISTS cf_activities_i ON activities", "DROP TRIGGER IF EXISTS cf_activities_u ON activities",
            "DROP TRIGGER IF EXISTS cf_activities_d ON activities", "DROP TRIGGER IF EXISTS cf_clubs_u ON clubs",
        ]
        for t in direct {
            s.append("CREATE TRIGGER cf_\(t) AFTER INSERT OR UPDATE OR DELETE ON \(t) FOR EACH ROW EXECUTE FUNCTION cf_direct()")
        }
        for (t, _, _) in indirect {
            s.append("CREATE TRIGGER cf_\(t) AFTER INSERT OR UPDATE OR DELETE ON \(t) FOR EACH ROW EXECUTE FUNCTION cf_\(t)()")
        }
        s.append("CREATE TRIGGER cf_activities_i AFTER INSERT ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()")
        s.append("CREATE TRIGGER cf_activities_u AFTER UPDATE ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()")
        s.append("CREATE TRIGGER cf_activities_d BEFORE DELETE ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()")
        s.append("CREATE TRIGGER cf_clubs_u AFTER UPDATE ON clubs FOR EACH ROW EXECUTE FUNCTION cf_clubs()")
        return s
    }
}
