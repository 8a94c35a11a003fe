import Vapor
import Fluent
import SQLKit
import ISHCCore

/// A club's facts for a period, kept between requests so that a province or the nation reads one
/// row per club instead of every member, meeting and posting.
///
/// Kept in step with every write by the database itself: a trigger on each table a club's facts
/// come from adds one to the club's `facts_version`, whatever code path wrote. The same version
/// also covers the rest of what the club's page shows (its board, the people it cares for, the
/// activities kept at the club, any column of its own row), so `ClubPageCache` can rely on it. A kept row counts
/// only while its version is the club's and its day is the day asked for; the version is read
/// before the facts are computed, so a write that lands in between makes the row stale, never
/// wrong.
enum ClubFactsCache {
    static let table = "club_facts"

    /// Tables with a `club_id` whose rows make a club's facts.
    static let direct = ["members", "club_status_changes", "meetings", "activity_clubs", "health_checks", "care_visits",
                         "journal_entries", "postings", "loans", "board_terms", "care_recipients"]
    /// Tables that reach their club through a parent row: (table, column, parent table).
    static let indirect = [("meeting_areas", "meeting_id", "meetings"), ("loan_instalments", "loan_id", "loans")]

    static func sqlite(_ db: any SQLDatabase) -> Bool { db.dialect.name == "sqlite" }

    /// Creates the triggers (again).
    static func installTriggers(on db: any SQLDatabase) async throws {
        let bump = "UPDATE clubs SET facts_version = facts_version + 1 WHERE id"
        if sqlite(db) {
            for t in direct {
                try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_\(unsafeRaw: t)_i AFTER INSERT ON \(unsafeRaw: t) BEGIN \(unsafeRaw: bump) = NEW.club_id; END").run()
                try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_\(unsafeRaw: t)_u AFTER UPDATE ON \(unsafeRaw: t) BEGIN \(unsafeRaw: bump) IN (NEW.club_id, OLD.club_id); END").run()
                try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_\(unsafeRaw: t)_d AFTER DELETE ON \(unsafeRaw: t) BEGIN \(unsafeRaw: bump) = OLD.club_id; END").run()
            }
            for (t, column, parent) in indirect {
                let of = { (row: String) in "(SELECT club_id FROM \(parent) WHERE id = \(row).\(column))" }
                try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_\(unsafeRaw: t)_i AFTER INSERT ON \(unsafeRaw: t) BEGIN \(unsafeRaw: bump) = \(unsafeRaw: of("NEW")); END").run()
                try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_\(unsafeRaw: t)_u AFTER UPDATE ON \(unsafeRaw: t) BEGIN \(unsafeRaw: bump) IN (\(unsafeRaw: of("NEW")), \(unsafeRaw: of("OLD"))); END").run()
                try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_\(unsafeRaw: t)_d AFTER DELETE ON \(unsafeRaw: t) BEGIN \(unsafeRaw: bump) = \(unsafeRaw: of("OLD")); END").run()
            }
            // A training's day or kind changes what it means for the clubs it names; an activity
            // kept at a club's own unit is counted on its page.
            let kept = { (row: String) in "SELECT id FROM clubs WHERE unit_id = \(row).unit_id" }
            try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_activities_i AFTER INSERT ON activities BEGIN \(unsafeRaw: bump) IN (\(unsafeRaw: kept("NEW"))); END").run()
            try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_activities_u AFTER UPDATE ON activities BEGIN \(unsafeRaw: bump) IN (SELECT club_id FROM activity_clubs WHERE activity_id = NEW.id UNION \(unsafeRaw: kept("NEW")) UNION \(unsafeRaw: kept("OLD"))); END").run()
            try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_activities_d BEFORE DELETE ON activities BEGIN \(unsafeRaw: bump) IN (SELECT club_id FROM activity_clubs WHERE activity_id = OLD.id UNION \(unsafeRaw: kept("OLD"))); END").run()
            // The founding day counts the months of a period and a board trained at founding; the
            // status, merge and loan rules show on the page. The bump itself moves the version,
            // so it does not fire again.
            try await db.raw("CREATE TRIGGER IF NOT EXISTS cf_clubs_u AFTER UPDATE ON clubs WHEN NEW.facts_version = OLD.facts_version BEGIN \(unsafeRaw: bump) = NEW.id; END").run()
            return
        }
        try await db.raw("""
            CREATE OR REPLACE FUNCTION cf_direct() RETURNS trigger AS $$ BEGIN
              IF TG_OP <> 'INSERT' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = OLD.club_id; END IF;
              IF TG_OP <> 'DELETE' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = NEW.club_id; END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """).run()
        for (t, column, parent) in indirect {
            try await db.raw("""
                CREATE OR REPLACE FUNCTION cf_\(unsafeRaw: t)() RETURNS trigger AS $$ BEGIN
                  IF TG_OP <> 'INSERT' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = (SELECT club_id FROM \(unsafeRaw: parent) WHERE id = OLD.\(unsafeRaw: column)); END IF;
                  IF TG_OP <> 'DELETE' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE id = (SELECT club_id FROM \(unsafeRaw: parent) WHERE id = NEW.\(unsafeRaw: column)); END IF;
                  RETURN NULL; END $$ LANGUAGE plpgsql
                """).run()
        }
        try await db.raw("""
            CREATE OR REPLACE FUNCTION cf_activities() RETURNS trigger AS $$ BEGIN
              IF TG_OP <> 'INSERT' THEN
                UPDATE clubs SET facts_version = facts_version + 1
                WHERE id IN (SELECT club_id FROM activity_clubs WHERE activity_id = OLD.id) OR unit_id = OLD.unit_id;
              END IF;
              IF TG_OP <> 'DELETE' THEN UPDATE clubs SET facts_version = facts_version + 1 WHERE unit_id = NEW.unit_id; END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """).run()
        try await db.raw("""
            CREATE OR REPLACE FUNCTION cf_clubs() RETURNS trigger AS $$ BEGIN
              IF NEW.facts_version = OLD.facts_version THEN
                UPDATE clubs SET facts_version = facts_version + 1 WHERE id = NEW.id;
              END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """).run()
        try await dropTriggers(on: db)
        for t in direct {
            try await db.raw("CREATE TRIGGER cf_\(unsafeRaw: t) AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: t) FOR EACH ROW EXECUTE FUNCTION cf_direct()").run()
        }
        for (t, _, _) in indirect {
            try await db.raw("CREATE TRIGGER cf_\(unsafeRaw: t) AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: t) FOR EACH ROW EXECUTE FUNCTION cf_\(unsafeRaw: t)()").run()
        }
        try await db.raw("CREATE TRIGGER cf_activities_i AFTER INSERT ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()").run()
        try await db.raw("CREATE TRIGGER cf_activities_u AFTER UPDATE ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()").run()
        try await db.raw("CREATE TRIGGER cf_activities_d BEFORE DELETE ON activities FOR EACH ROW EXECUTE FUNCTION cf_activities()").run()
        try await db.raw("CREATE TRIGGER cf_clubs_u AFTER UPDATE ON clubs FOR EACH ROW EXECUTE FUNCTION cf_clubs()").run()
    }

    /// Removes the triggers: for writing a whole generated nation into an empty database, whose
    /// clubs have no kept facts yet. `installTriggers` puts them back.
    static func dropTriggers(on db: any SQLDatabase) async throws {
        if sqlite(db) {
            let names = (direct + indirect.map(\.0)).flatMap { t in ["_i", "_u", "_d"].map { "cf_\(t)\($0)" } }
                + ["cf_activities_i", "cf_activities_u", "cf_activities_d", "cf_clubs_u"]
            for name in names { try await db.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run() }
            return
        }
        for t in direct + indirect.map(\.0) {
            try await db.raw("DROP TRIGGER IF EXISTS cf_\(unsafeRaw: t) ON \(unsafeRaw: t)").run()
        }
        try await db.raw("DROP TRIGGER IF EXISTS cf_activities_i ON activities").run()
        try await db.raw("DROP TRIGGER IF EXISTS cf_activities_u ON activities").run()
        try await db.raw("DROP TRIGGER IF EXISTS cf_activities_d ON activities").run()
        try await db.raw("DROP TRIGGER IF EXISTS cf_clubs_u ON clubs").run()
    }

    /// Keeps the facts just computed, with the version each club had before they were computed.
    /// `active` and `members` are kept apart too, for sums in SQL (the dashboard's trend).
    static func keep(_ facts: [(club: UUID, version: Int64, line: String, active: Bool, members: Int)], start: Day, end: Day, asOf: Day,
                     on db: any SQLDatabase) async throws {
        for chunk in stride(from: 0, to: facts.count, by: 200).map({ Array(facts[$0..<min($0 + 200, facts.count)]) }) {
            let rows: [SQLQueryString] = chunk.map { f in
                "(\(bind: f.club), \(bind: start.iso), \(bind: end.iso), \(bind: asOf.iso), \(bind: f.version), \(bind: f.line), \(bind: f.active ? 1 : 0), \(bind: f.members))"
            }
            let query: SQLQueryString = "INSERT INTO club_facts (club_id, period_start, period_end, as_of, version, facts, active, members) VALUES "
                + rows.joined(separator: ", ")
                + " ON CONFLICT (club_id, period_start, period_end) DO UPDATE SET as_of = excluded.as_of, version = excluded.version, facts = excluded.facts, active = excluded.active, members = excluded.members"
            try await db.raw(query).run()
        }
    }
}

/// Moves a commune's `facts_version` whenever what `FactsMemo` keeps of it changes: a club of it
/// added, removed, moved, renamed or with new facts (its `facts_version` moved), and a village
/// added under it or taken away.
enum UnitFactsTriggers {
    static func install(on db: any SQLDatabase) async throws {
        let bump = "UPDATE units SET facts_version = facts_version + 1 WHERE"
        let clubColumns = "facts_version, commune_id, village_id, unit_id, founded_on"
        if ClubFactsCache.sqlite(db) {
            try await db.raw("CREATE TRIGGER IF NOT EXISTS uf_clubs_i AFTER INSERT ON clubs BEGIN \(unsafeRaw: bump) id = NEW.commune_id; END").run()
            try await db.raw("CREATE TRIGGER IF NOT EXISTS uf_clubs_u AFTER UPDATE OF \(unsafeRaw: clubColumns) ON clubs BEGIN \(unsafeRaw: bump) id IN (NEW.commune_id, OLD.commune_id); END").run()
            try await db.raw("CREATE TRIGGER IF NOT EXISTS uf_clubs_d AFTER DELETE ON clubs BEGIN \(unsafeRaw: bump) id = OLD.commune_id; END").run()
            try await db.raw("CREATE TRIGGER IF NOT EXISTS uf_units_i AFTER INSERT ON units WHEN NEW.level = 'village' BEGIN \(unsafeRaw: bump) id = NEW.parent_id; END").run()
            try await db.raw("CREATE TRIGGER IF NOT EXISTS uf_units_d AFTER DELETE ON units WHEN OLD.level = 'village' BEGIN \(unsafeRaw: bump) id = OLD.parent_id; END").run()
            // A renamed or moved club unit moves its club's version, which moves its commune's.
            try await db.raw("""
                CREATE TRIGGER IF NOT EXISTS uf_units_u AFTER UPDATE OF name, path, parent_id, level ON units BEGIN
                \(unsafeRaw: bump) id IN (NEW.parent_id, OLD.parent_id) AND level = 'commune';
                UPDATE clubs SET facts_version = facts_version + 1 WHERE unit_id = NEW.id; END
                """).run()
            return
        }
        try await db.raw("""
            CREATE OR REPLACE FUNCTION uf_clubs() RETURNS trigger AS $$ BEGIN
              IF TG_OP <> 'INSERT' THEN \(unsafeRaw: bump) id = OLD.commune_id; END IF;
              IF TG_OP <> 'DELETE' THEN \(unsafeRaw: bump) id = NEW.commune_id; END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """).run()
        try await db.raw("""
            CREATE OR REPLACE FUNCTION uf_units() RETURNS trigger AS $$ BEGIN
              IF TG_OP = 'INSERT' THEN
                IF NEW.level = 'village' THEN \(unsafeRaw: bump) id = NEW.parent_id; END IF;
              ELSIF TG_OP = 'DELETE' THEN
                IF OLD.level = 'village' THEN \(unsafeRaw: bump) id = OLD.parent_id; END IF;
              ELSE
                \(unsafeRaw: bump) id IN (NEW.parent_id, OLD.parent_id) AND level = 'commune';
                UPDATE clubs SET facts_version = facts_version + 1 WHERE unit_id = NEW.id;
              END IF;
              RETURN NULL; END $$ LANGUAGE plpgsql
            """).run()
        try await drop(on: db)
        try await db.raw("CREATE TRIGGER uf_clubs AFTER INSERT OR DELETE OR UPDATE OF \(unsafeRaw: clubColumns) ON clubs FOR EACH ROW EXECUTE FUNCTION uf_clubs()").run()
        try await db.raw("CREATE TRIGGER uf_units AFTER INSERT OR DELETE OR UPDATE OF name, path, parent_id, level ON units FOR EACH ROW EXECUTE FUNCTION uf_units()").run()
    }

    static func drop(on db: any SQLDatabase) async throws {
        if ClubFactsCache.sqlite(db) {
            for name in ["uf_clubs_i", "uf_clubs_u", "uf_clubs_d", "uf_units_i", "uf_units_d", "uf_units_u"] {
                try await db.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
            }
            return
        }
        try await db.raw("DROP TRIGGER IF EXISTS uf_clubs ON clubs").run()
        try await db.raw("DROP TRIGGER IF EXISTS uf_units ON units").run()
    }
}
