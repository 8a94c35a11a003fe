import Fluent
import ISHCCore
import SQLKit
import Vapor

/// A unit's dashboard: the plan's targets with progress and gaps, every indicator of the period,
/// a trend by year, the units below ranked, and a map of communes; and the early-warning list.
enum DashboardController {

    static func period(_ req: Request, today: Day) -> DashboardPeriod {
        let year = req.chosenYear(today: today)
        let half = (try? req.query.get(String.self, at: "ky")) == "6t"
        return DashboardPeriod(
            start: Day(year: year, month: 1, day: 1)!,
            end: half ? Day(year: year, month: 6, day: 30)! : Day(year: year, month: 12, day: 31)!,
            year: year, half: half)
    }

    static func show(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current, [.nation, .province, .commune].contains(unit.unitLevel) else { throw Abort(.notFound) }
        let today = req.today
        let period = period(req, today: today)
        let plans = try await PlanStore.covering(unit, on: req.db)
        let (standard, minClubs) = PlanStore.standard(plans)
        let gathered = try await IndicatorStore.gather(under: unit, start: period.start, end: period.end, today: today, on: req.db)
        let values = gathered.indicators(under: unit.path, standard: standard, minStandardClubs: minClubs)

        let lines = try await TargetLine.targetLines(
            for: unit, plans: plans, gathered: gathered, standard: standard, minClubs: minClubs, today: today, on: req.db)

        // The units below, ranked.
        let rankBy = (try? req.query.get(String.self, at: "xep")).flatMap { DashboardModel.rankable.contains($0) ? $0 : nil } ?? "standard_clubs"
        let children = try await UnitQueries.children(of: unit, on: req.db)
            .filter { $0.unitStructure == .current && Scope.contains(user, $0) && [.province, .commune].contains($0.unitLevel) }
        var ranking = children.map { RankRow(unit: $0, values: gathered.indicators(under: $0.path, standard: standard, minStandardClubs: minClubs)) }
        ranking.sort { a, b in
            let x = sortKey(a.values[rankBy])
            let y = sortKey(b.values[rankBy])
            if rankBy == "par30" { return x != y ? x < y : a.unit.name < b.unit.name }
            return x != y ? x > y : a.unit.name < b.unit.name
        }

        let warningCount: Int? =
            period.year == today.year && !period.half
            ? warningsFrom(gathered, under: unit.path, today: today).count : nil
        let (mapPoints, mapTitle) = try await DashboardStore.map(for: unit, on: req.db)
        let trendYears = try await DashboardStore.trend(under: unit, today: today, on: req.db)
        let model = DashboardModel(
            unit: unit, period: period, today: today, asOf: gathered.asOf, plans: plans, standard: standard, minClubs: minClubs,
            values: values, targets: lines, ranking: ranking, rankBy: rankBy,
            trend: trendYears,
            map: mapPoints, mapTitle: mapTitle, warnings: warningCount,
            canEnterDenominators: user.role.canWrite && user.role.keepsUnits)
        return DashboardPages.dashboard(req.page, model)
    }

    /// Shares compare by their ratio (in millionths), counts by their number; unmeasured last.
    static func sortKey(_ v: IndicatorValue?) -> Int64 {
        guard let v else { return -1 }
        guard let d = v.denominator else { return v.numerator }
        return d > 0 ? v.numerator * 1_000_000 / d : -1
    }

    // MARK: Early warnings

    static func warningsFrom(_ g: IndicatorStore.Gathered, under path: String, today: Day) -> [WarnedClub] {
        g.clubs.filter { $0.path.hasPrefix(path) && $0.facts.active }.compactMap { c in
            let f = c.facts
            let w = EarlyWarnings.check(
                WarningFacts(
                    foundedOn: f.foundedOn, lastMeeting: c.lastMeeting, members: f.members,
                    outstanding: f.outstanding, atRisk30: f.atRisk30,
                    refreshedThisYear: f.boardRefreshedThisYear,
                    fundAtYearStart: c.fundAtYearStart, fundNow: f.incomeFund), today: today)
            return w.isEmpty ? nil : WarnedClub(club: c, warnings: w)
        }
    }

    /// Officers' list of clubs to look at, today.
    static func warnings(req: Request) async throws -> Response {
        let (_, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current, [.nation, .province, .commune].contains(unit.unitLevel) else { throw Abort(.notFound) }
        let today = req.today
        let gathered = try await IndicatorStore.gather(
            under: unit, start: Day(year: today.year, month: 1, day: 1)!,
            end: Day(year: today.year, month: 12, day: 31)!, today: today, on: req.db)
        let kind = (try? req.query.get(String.self, at: "loai")) ?? ""
        var list = warningsFrom(gathered, under: unit.path, today: today)
        let counts = Dictionary(grouping: list.flatMap { $0.warnings.map(\.code) }, by: { $0 }).mapValues(\.count)
        if !kind.isEmpty { list = list.filter { $0.warnings.contains { $0.code == kind } } }
        // The clubs with the most warnings first, then by place.
        list.sort { ($0.warnings.count, $1.club.path) > ($1.warnings.count, $0.club.path) }
        let communeIDs = Set(list.compactMap { UUID(uuidString: $0.club.facts.communeID) })
        let communes = try await OrgUnit.query(on: req.db).filter(\.$id ~~ Array(communeIDs)).all()
        return DashboardPages.warnings(
            req.page, unit: unit, today: today, list: list, counts: counts, kind: kind,
            communes: Dictionary(communes.map { ($0.id!.uuidString, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    // MARK: Trend and map

}
