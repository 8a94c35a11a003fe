import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Gathers the facts of every club under a unit for a period, in a few grouped queries (one row
/// per club, never per member or meeting), so the figures of any unit below can be computed from
/// the same gathering by the units' paths.
enum IndicatorStore {
    struct ClubFacts {
        var unitID: UUID
        var path: String
        var name: String
        var facts: ClubPeriodFacts
        /// For the early warnings.
        var lastMeeting: Day?
        var fundAtYearStart: Int64 = 0
    }

    /// Per-unit figures that are not per club: a commune's villages and older people, a unit's
    /// communication and officer trainings.
    struct UnitRow {
        var path: String
        var facts: UnitPeriodFacts
    }

    struct Gathered {
        var start: Day
        /// The period's last day, or today while the period is still running.
        var asOf: Day
        /// Sorted by path, so the clubs under a unit are next to each other.
        var clubs: [ClubFacts]
        var units: [UnitRow]

        /// The clubs under `path`: a binary search for the first, then those that follow.
        func clubs(under path: String) -> ArraySlice<ClubFacts> {
            var low = 0
            var high = clubs.count
            while low < high {
                let mid = (low + high) / 2
                if clubs[mid].path < path { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < clubs.count && clubs[end].path.hasPrefix(path) { end += 1 }
            return clubs[low..<end]
        }

        /// The clubs and unit facts of the subtree at `path`.
        func under(_ path: String) -> (clubs: [ClubPeriodFacts], unit: UnitPeriodFacts) {
            (
                clubs(under: path).map(\.facts),
                units.filter { $0.path.hasPrefix(path) }.reduce(UnitPeriodFacts()) { $0 + $1.facts }
            )
        }

        func indicators(under path: String, standard: StandardRules, minStandardClubs: Int) -> [String: IndicatorValue] {
            let (c, u) = under(path)
            return IndicatorCatalogue.compute(c, unit: u, periodStart: start, periodEnd: asOf, standard: standard, minStandardClubs: minStandardClubs)
        }
    }

    /// The days a gathering counts.
    struct Span {
        var start: Day
        var end: Day
        /// The period's last day, or today while it runs.
        var asOf: Day
        /// The first day of the month that is not over (`MonthlyMeetings.openFrom`): meetings
        /// before it count month by month, the month from it only once the club has met in it.
        var monthStart: Day
        var yearStart: Day

        init(start: Day, end: Day, today: Day) {
            self.start = start
            self.end = end
            asOf = min(end, today)
            monthStart = MonthlyMeetings.openFrom(periodEnd: end, today: today)
            yearStart = Day(year: asOf.year, month: 1, day: 1)!
        }
    }

    /// With `clubsOnly` the communes' villages, denominators and the units' own activities are
    /// left out (a club's page needs its club's facts alone, the trend its clubs').
    ///
    /// For a commune, a province or the nation, with the server's memo at hand (`FactsMemo`),
    /// only the communes that changed since they were last gathered for this period and day are
    /// gathered again.
    static func gather(
        under unit: OrgUnit, start: Day, end: Day, today: Day, clubsOnly: Bool = false,
        on db: any Database
    ) async throws -> Gathered {
        let sql = db as! any SQLDatabase
        let span = Span(start: start, end: end, today: today)
        if let memo = FactsMemo.current, unit.unitStructure == .current, [.nation, .province, .commune].contains(unit.unitLevel) {
            return try await gather(under: unit, span, memo: memo, clubsOnly: clubsOnly, on: sql, logger: db.logger)
        }
        let below = UnitQueries.within("u.path", unit.path, on: sql)
        let clubs = try await clubFacts(where: below, below: below, span, on: sql, logger: db.logger)
        if clubsOnly {
            return Gathered(start: start, asOf: span.asOf, clubs: clubs.values.sorted { $0.path < $1.path }, units: [])
        }
        let villages = try await villages(where: below, on: sql)
        let units = villages.mapValues { UnitRow(path: $0.path, facts: UnitPeriodFacts(villages: $0.villages, communes: 1)) }
        return Gathered(
            start: start, asOf: span.asOf, clubs: clubs.values.sorted { $0.path < $1.path },
            units: try await unitRows(units, below: below, span, on: sql))
    }

    /// The gathering from the memo: each commune's version read first, then the clubs of the
    /// communes whose version moved (or that are not kept yet).
    static func gather(
        under unit: OrgUnit, _ span: Span, memo: FactsMemo, clubsOnly: Bool, on sql: any SQLDatabase,
        logger: Logger
    ) async throws -> Gathered {
        let below = UnitQueries.within("u.path", unit.path, on: sql)
        var communes: [(id: String, version: Int64, path: String)]
        if let read = FactsMemo.versions?.get(unit.path) {
            communes = read
        } else {
            communes = []
            for line in try await SQLLines.read(
                """
                SELECT CAST(u.id AS TEXT) || '|' || CAST(u.facts_version AS TEXT) || '|' || u.path AS line
                FROM units u WHERE \(below) AND u.level = 'commune' AND u.structure = \(bind: UnitStructure.current.rawValue)
                """, on: sql)
            {
                let parts = line.split(separator: "|", maxSplits: 2)
                guard parts.count == 3, let version = Int64(parts[1]) else { continue }
                // Ids as the database writes them (upper case on SQLite, lower on PostgreSQL).
                communes.append((String(parts[0]), version, String(parts[2])))
            }
            communes.sort { $0.path < $1.path }
            FactsMemo.versions?.set(unit.path, communes)
        }
        let key = FactsMemo.Key(start: span.start, end: span.end, asOf: span.asOf)
        let kept = memo.communes(key)
        let stale = communes.filter { c in kept[c.id].map { $0.version != c.version || $0.path != c.path } ?? true }
        var fresh: [String: FactsMemo.Commune] = [:]
        if !stale.isEmpty {
            // Up to a few thousand communes by id, more through the unit's path.
            let ids = stale.compactMap { UUID(uuidString: $0.id) }
            let byIDs = ids.count <= 2_000
            let clubs = try await clubFacts(where: byIDs ? "c.commune_id IN (\(binds: ids))" : below, below: below, span, on: sql, logger: logger)
            let villages = try await villages(where: byIDs ? "u.id IN (\(binds: ids))" : below, on: sql)
            var byCommune: [String: [ClubFacts]] = [:]
            for c in clubs.values { byCommune[c.facts.communeID, default: []].append(c) }
            for c in stale {
                guard let uuid = UUID(uuidString: c.id) else { continue }
                // One string for the commune's id in all its clubs.
                let communeID = uuid.uuidString
                var list = byCommune[communeID] ?? []
                for i in list.indices { list[i].facts.communeID = communeID }
                list.sort { $0.path < $1.path }
                fresh[c.id] = FactsMemo.Commune(version: c.version, path: c.path, villages: villages[uuid]?.villages ?? 0, clubs: list)
            }
            memo.store(key, fresh, reused: communes.count - stale.count)
        } else {
            memo.noteReused(communes.count)
        }
        var clubs: [ClubFacts] = []
        clubs.reserveCapacity(communes.reduce(0) { $0 + ((fresh[$1.id] ?? kept[$1.id])?.clubs.count ?? 0) })
        var units: [UUID: UnitRow] = [:]
        for c in communes {
            guard let entry = fresh[c.id] ?? kept[c.id] else { continue }
            clubs.append(contentsOf: entry.clubs)
            if !clubsOnly, let uuid = UUID(uuidString: c.id) {
                units[uuid] = UnitRow(path: c.path, facts: UnitPeriodFacts(villages: entry.villages, communes: 1))
            }
        }
        // Commune paths are prefix-free and each commune's clubs are sorted: this is in order
        // already, and the sort only confirms it.
        clubs.sort { $0.path < $1.path }
        return Gathered(
            start: span.start, asOf: span.asOf, clubs: clubs,
            units: clubsOnly ? [] : try await unitRows(units, below: below, span, on: sql))
    }

    /// The clubs chosen by `filter` (over `c` the club and `u` its unit) with their facts for the
    /// period: kept facts where the club has not changed since, computed for the others (and
    /// kept). `below` is the unit's subtree, for computing many clubs at once.
    static func clubFacts(
        where filter: SQLQueryString, below: SQLQueryString, _ span: Span, on sql: any SQLDatabase,
        logger: Logger
    ) async throws -> [UUID: ClubFacts] {
        let (start, end, asOf) = (span.start, span.end, span.asOf)
        // One line per club, all read as one value: a province or the nation has thousands.
        let lines = try await SQLLines.read(
            """
            SELECT CAST(c.id AS TEXT) || '|' || CAST(c.unit_id AS TEXT) || '|' || CAST(c.commune_id AS TEXT) || '|'
              || COALESCE(CAST(c.village_id AS TEXT), '') || '|' || COALESCE(c.founded_on, '') || '|' || CAST(c.facts_version AS TEXT) || '|'
              || COALESCE(f.as_of, '') || '|' || CAST(COALESCE(f.version, -1) AS TEXT) || '|' || u.path || '#' || COALESCE(f.facts, '') || '#'
              || \(SQLLines.oneLine("u.name", on: sql)) AS line
            FROM clubs c JOIN units u ON u.id = c.unit_id
            LEFT JOIN club_facts f ON f.club_id = c.id AND f.period_start = \(bind: start.iso) AND f.period_end = \(bind: end.iso)
            WHERE \(filter)
            """, on: sql)
        var byID: [UUID: ClubFacts] = [:]
        var versions: [UUID: Int64] = [:]
        // Facts kept from an earlier request count while the club has not changed since and
        // they are for the same day; only the other clubs are computed.
        var kept: [UUID: ClubFacts] = [:]
        for line in lines {
            let parts = line.split(separator: "#", maxSplits: 2, omittingEmptySubsequences: false)
            let head = parts[0].split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, head.count == 9, let id = UUID(uuidString: String(head[0])), let unitID = UUID(uuidString: String(head[1])),
                let communeID = UUID(uuidString: String(head[2])), let version = Int64(head[5])
            else { continue }
            let founded = Day(iso: String(head[4]))
            let village = UUID(uuidString: String(head[3]))?.uuidString
            var f = ClubPeriodFacts(clubID: id.uuidString, communeID: communeID.uuidString, villageID: village, foundedOn: founded, active: false)
            // Months due with no meeting recorded; the meetings read below add to it.
            (f.monthsMet, f.monthsInPeriod) = MonthlyMeetings.tally(
                overMonthsMet: 0, metInOpenMonth: false, periodStart: start,
                founded: founded, openFrom: span.monthStart)
            var club = ClubFacts(unitID: unitID, path: String(head[8]), name: String(parts[2]), facts: f)
            versions[id] = version
            if head[6] == asOf.iso[...], Int64(head[7]) == version {
                let keptParts = parts[1].split(separator: ";", omittingEmptySubsequences: false)
                if keptParts.count == 3, let then = Int64(keptParts[2]),
                    let facts = ClubPeriodFacts(
                        compact: String(keptParts[0]), clubID: f.clubID, communeID: f.communeID, villageID: f.villageID, foundedOn: founded)
                {
                    club.facts = facts
                    club.lastMeeting = Day(iso: String(keptParts[1]))
                    club.fundAtYearStart = then
                    kept[id] = club
                    continue
                }
            }
            byID[id] = club
        }
        // A few clubs (a club's own page, a commune) are named by id, so every query reads them
        // through its club index; a province or the nation is read through the units' paths.
        func scope(_ ids: [UUID]) -> SQLQueryString {
            ids.count <= 500
                ? "WHERE x.club_id IN (\(binds: ids.isEmpty ? [UUID()] : ids))"
                : "JOIN clubs c ON c.id = x.club_id JOIN units u ON u.id = c.unit_id WHERE \(below)"
        }
        if !byID.isEmpty {
            // A few thousand changed clubs are read by id, 500 at a time; more than that (the first
            // request after a start, or a new period) through the units' paths.
            let missing = Array(byID.keys)
            if missing.count <= 4_000 {
                for chunk in stride(from: 0, to: missing.count, by: 500).map({ Array(missing[$0..<min($0 + 500, missing.count)]) }) {
                    let keys = Set(chunk)
                    var part = byID.filter { keys.contains($0.key) }
                    try await compute(
                        &part, scope: scope(chunk), start: start, asOf: asOf, monthStart: span.monthStart,
                        yearStart: span.yearStart, on: sql)
                    byID.merge(part) { _, new in new }
                }
            } else {
                try await compute(
                    &byID, scope: scope(missing), start: start, asOf: asOf, monthStart: span.monthStart,
                    yearStart: span.yearStart, on: sql)
            }
            let lines = byID.map { id, c in
                (
                    club: id, version: versions[id] ?? 0,
                    line: c.facts.compact() + ";" + (c.lastMeeting?.iso ?? "") + ";" + String(c.fundAtYearStart),
                    active: c.facts.active, members: c.facts.members
                )
            }
            do {
                try await ClubFactsCache.keep(lines, start: start, end: end, asOf: asOf, on: sql)
            } catch {
                // The figures are right without keeping them; the next request computes them again.
                logger.warning("Club facts not kept: \(String(reflecting: error))")
            }
        }
        byID.merge(kept) { a, _ in a }
        return byID
    }

    /// Communes chosen by `filter` (over `u`) with the villages registered under each.
    static func villages(where filter: SQLQueryString, on sql: any SQLDatabase) async throws -> [UUID: (path: String, villages: Int)] {
        var communes: [UUID: (path: String, villages: Int)] = [:]
        for line in try await SQLLines.read(
            """
            SELECT CAST(u.id AS TEXT) || '|' || CAST(COUNT(v.id) AS TEXT) || '|' || u.path AS line
            FROM units u LEFT JOIN units v ON v.parent_id = u.id AND v.level = 'village'
            WHERE \(filter) AND u.level = 'commune' AND u.structure = \(bind: UnitStructure.current.rawValue)
            GROUP BY u.id, u.path
            """, on: sql)
        {
            let parts = line.split(separator: "|", maxSplits: 2)
            guard parts.count == 3, let id = UUID(uuidString: String(parts[0])), let villages = Int(parts[1]) else { continue }
            communes[id] = (String(parts[2]), villages)
        }
        return communes
    }

    /// The communes' rows with the denominators entered for them (villages and older people,
    /// latest year up to the period's), and the units' communication and officer trainings.
    static func unitRows(_ communes: [UUID: UnitRow], below: SQLQueryString, _ span: Span, on sql: any SQLDatabase) async throws -> [UnitRow] {
        var units = communes
        struct DenominatorRow: Decodable {
            var unit_id: UUID
            var kind: String
            var value: Int
            var year: Int
        }
        for r in try await sql.raw(
            """
            SELECT x.unit_id, x.kind, x.value, x.year FROM denominators x JOIN units u ON u.id = x.unit_id
            WHERE \(below) AND x.year <= \(bind: span.asOf.year) ORDER BY x.year
            """
        ).all(decoding: DenominatorRow.self) {
            guard units[r.unit_id] != nil else { continue }
            if r.kind == Denominator.Kind.villages.rawValue { units[r.unit_id]!.facts.villages = r.value }
            if r.kind == Denominator.Kind.olderPeople.rawValue { units[r.unit_id]!.facts.olderPeople = r.value }
        }
        // Communication and officer trainings, kept by any unit.
        struct ActivityRow: Decodable {
            var unit_id: UUID
            var path: String
            var reached: Int?
            var trained: Int?
        }
        var activityRows: [UnitRow] = []
        for r in try await sql.raw(
            """
            SELECT a.unit_id, u.path,
              CAST(SUM(CASE WHEN a.kind = 'communication' THEN COALESCE(a.reached, 0) ELSE 0 END) AS BIGINT) AS reached,
              CAST(SUM(CASE WHEN a.kind = 'training' AND a.subtype IN ('tot', 'officer') THEN a.people_count ELSE 0 END) AS BIGINT) AS trained
            FROM activities a JOIN units u ON u.id = a.unit_id
            WHERE \(below) AND a.kind IN ('communication', 'training')
            AND a.held_on >= \(bind: span.start.iso) AND a.held_on <= \(bind: span.asOf.iso)
            GROUP BY a.unit_id, u.path
            """
        ).all(decoding: ActivityRow.self) {
            activityRows.append(UnitRow(path: r.path, facts: UnitPeriodFacts(peopleReached: r.reached ?? 0, officersTrained: r.trained ?? 0)))
        }
        return Array(units.values) + activityRows
    }
}
