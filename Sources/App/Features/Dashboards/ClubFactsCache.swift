import Fluent
import ISHCCore
import SQLKit
import Vapor

/// A club's facts for a period, kept between requests so that a province or the nation reads one
/// row per club instead of every member, meeting and posting.
///
/// Kept in step with every write by the database itself: a trigger on each table a club's facts
/// come from adds one to the club's `facts_version`, whatever code path wrote (migrations 010 and
/// 013 made them). The same version
/// also covers the rest of what the club's page shows (its board, the people it cares for, the
/// activities kept at the club, any column of its own row), so `ClubPageCache` can rely on it. A kept row counts
/// only while its version is the club's and its day is the day asked for; the version is read
/// before the facts are computed, so a write that lands in between makes the row stale, never
/// wrong.
enum ClubFactsCache {
    static let table = "club_facts"

    /// Keeps the facts just computed, with the version each club had before they were computed.
    /// `active` and `members` are kept apart too, for sums in SQL (the dashboard's trend).
    static func keep(
        _ facts: [(club: UUID, version: Int64, line: String, active: Bool, members: Int)], start: Day, end: Day, asOf: Day,
        on db: any SQLDatabase
    ) async throws {
        for chunk in stride(from: 0, to: facts.count, by: 200).map({ Array(facts[$0..<min($0 + 200, facts.count)]) }) {
            let rows: [SQLQueryString] = chunk.map { f in
                "(\(bind: f.club), \(bind: start.iso), \(bind: end.iso), \(bind: asOf.iso), \(bind: f.version), \(bind: f.line), \(bind: f.active ? 1 : 0), \(bind: f.members))"
            }
            let query: SQLQueryString =
                "INSERT INTO club_facts (club_id, period_start, period_end, as_of, version, facts, active, members) VALUES "
                + rows.joined(separator: ", ")
                + " ON CONFLICT (club_id, period_start, period_end) DO UPDATE SET as_of = excluded.as_of, version = excluded.version, facts = excluded.facts, active = excluded.active, members = excluded.members"
            try await db.raw(query).run()
        }
    }
}
