import Fluent
import ISHCCore
import SQLKit
import Vapor

/// What the dashboard reads besides the gathered indicators: the five-year trend and the map.
enum DashboardStore {}

extension DashboardStore {
    /// Active clubs and members at the end of each of the last five years (today for this one):
    /// from the server's memo when there is one, else summed in the database from the facts kept
    /// per club (a year with clubs not yet kept, or changed since, is gathered first, which keeps them).
    static func trend(under unit: OrgUnit, today: Day, on db: any Database) async throws -> [TrendYear] {
        let sql = db as! any SQLDatabase
        struct Row: Decodable {
            var clubs: Int64?
            var members: Int64?
            var stale: Int64?
        }
        var years: [TrendYear] = []
        // With the server's memo the years come from its communes (only changed ones gathered again).
        if FactsMemo.current != nil && unit.unitStructure == .current && [.nation, .province, .commune].contains(unit.unitLevel) {
            for year in (today.year - 4)...today.year {
                let g = try await IndicatorStore.gather(
                    under: unit, start: Day(year: year, month: 1, day: 1)!,
                    end: Day(year: year, month: 12, day: 31)!, today: today, clubsOnly: true, on: db)
                let clubs = g.clubs(under: unit.path)
                years.append(
                    TrendYear(
                        year: year, clubs: clubs.reduce(0) { $0 + ($1.facts.active ? 1 : 0) },
                        members: clubs.reduce(0) { $0 + $1.facts.members }))
            }
            return years
        }
        for year in (today.year - 4)...today.year {
            let start = Day(year: year, month: 1, day: 1)!
            let end = Day(year: year, month: 12, day: 31)!
            let query: SQLQueryString = """
                SELECT CAST(SUM(CASE WHEN f.active = 1 THEN 1 ELSE 0 END) AS BIGINT) AS clubs, CAST(SUM(COALESCE(f.members, 0)) AS BIGINT) AS members,
                  CAST(SUM(CASE WHEN f.club_id IS NULL OR f.version <> c.facts_version OR f.as_of <> \(bind: min(end, today).iso) THEN 1 ELSE 0 END) AS BIGINT) AS stale
                FROM clubs c JOIN units u ON u.id = c.unit_id
                LEFT JOIN club_facts f ON f.club_id = c.id AND f.period_start = \(bind: start.iso) AND f.period_end = \(bind: end.iso)
                WHERE \(UnitQueries.within("u.path", unit.path, on: sql))
                """
            var row = try await sql.raw(query).first(decoding: Row.self)
            if (row?.stale ?? 0) > 0 {
                _ = try await IndicatorStore.gather(under: unit, start: start, end: end, today: today, on: db)
                row = try await sql.raw(query).first(decoding: Row.self)
            }
            years.append(TrendYear(year: year, clubs: Int(row?.clubs ?? 0), members: Int(row?.members ?? 0)))
        }
        return years
    }
}

extension DashboardStore {
    /// The communes of the province (all communes for the nation) with their open clubs.
    static func map(for unit: OrgUnit, on db: any Database) async throws -> ([MapPoint], String) {
        let sql = db as! any SQLDatabase
        var scope = unit
        if unit.unitLevel == .commune, let province = try await UnitQueries.ancestors(of: unit, on: db).first(where: { $0.unitLevel == .province }) {
            scope = province
        }
        // The nation has 3,321 communes: one line each, read as one value.
        let lines = try await SQLLines.read(
            """
            SELECT CAST(u.id AS TEXT) || '|' || COALESCE(CAST(u.lat AS TEXT), '') || '|' || COALESCE(CAST(u.lon AS TEXT), '') || '|'
              || CAST((SELECT COUNT(*) FROM clubs c WHERE c.commune_id = u.id AND c.status IN ('active', 'paused')) AS TEXT) || '|'
              || \(SQLLines.oneLine("u.name", on: sql)) AS line
            FROM units u WHERE \(UnitQueries.within("u.path", scope.path, on: sql)) AND u.level = 'commune' AND u.structure = \(bind: UnitStructure.current.rawValue)
            """, on: sql)
        let points = lines.compactMap { line -> MapPoint? in
            let f = line.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false)
            guard f.count == 5, let lat = Double(f[1]), let lon = Double(f[2]) else { return nil }
            return MapPoint(
                name: String(f[4]), lat: lat, lon: lon, clubs: Int(f[3]) ?? 0,
                highlighted: UUID(uuidString: String(f[0])) == unit.id)
        }
        return (points, scope.name)
    }
}
