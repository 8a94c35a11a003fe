import Fluent
import ISHCCore
import Vapor

// What the dashboard pages show.

struct DashboardModel {
    var unit: OrgUnit
    var period: DashboardPeriod
    var today: Day
    var asOf: Day
    var plans: [CoveringPlan]
    var standard: StandardRules
    var minClubs: Int
    var values: [String: IndicatorValue]
    var targets: [TargetLine]
    var ranking: [RankRow]
    var rankBy: String
    var trend: [TrendYear]
    var map: [MapPoint]
    var mapTitle: String
    var warnings: Int?
    var canEnterDenominators: Bool
}

struct WarnedClub {
    var club: IndicatorStore.ClubFacts
    var warnings: [EarlyWarning]
}

struct TargetLine {
    var definition: IndicatorDefinition
    var target: Target
    var phase: PlanPhaseRow
    var plan: CoveringPlan
    /// The target is set for this unit (its own plan, or a breakdown to it).
    var own: Bool
    /// nil for a count set for a unit above: shown with this unit's share of it.
    var progress: TargetProgress?
    var value: IndicatorValue
    var minClubs: Int?
}

extension DashboardModel {
    static let rankable = ["standard_clubs", "active_clubs", "members", "clubs_monthly_all_areas", "clubs_fund_goal", "villages_with_club", "par30"]
}

extension TargetLine {
    /// The targets of the phase in force on the day measured, nearest plan first, each with the
    /// unit's figure. Flow targets (new clubs and the like) count the whole phase.
    static func targetLines(
        for unit: OrgUnit, plans: [CoveringPlan], gathered: IndicatorStore.Gathered, standard: StandardRules,
        minClubs: Int, today: Day, on db: any Database
    ) async throws -> [TargetLine] {
        var lines: [TargetLine] = []
        var phaseGatherings: [UUID: IndicatorStore.Gathered] = [:]
        for cp in plans {
            guard let phaseRow = cp.phase(on: gathered.asOf), let phase = phaseRow.phase, let phaseID = phaseRow.id else { continue }
            let targets = cp.targets.filter { $0.$phase.id == phaseID && ($0.$unit.id == unit.id || $0.$unit.id == cp.unit.id) }
            let ownCodes = Set(targets.filter { $0.$unit.id == unit.id }.map(\.indicator))
            for t in targets.sorted(by: { TargetLine.order($0.indicator) < TargetLine.order($1.indicator) }) {
                guard let def = IndicatorCatalogue.definition(t.indicator) else { continue }
                let own = t.$unit.id == unit.id
                if !own && ownCodes.contains(t.indicator) { continue }
                var source = gathered
                if IndicatorCatalogue.flows.contains(t.indicator) {
                    if phaseGatherings[phaseID] == nil {
                        // Over the whole phase as of the day measured: the same flows as up to that day, and
                        // one period a day after day (kept facts and memo), not a new one each day.
                        phaseGatherings[phaseID] = try await IndicatorStore.gather(
                            under: unit, start: phase.start, end: phase.end, today: gathered.asOf, on: db)
                    }
                    source = phaseGatherings[phaseID]!
                }
                let n = t.minClubs ?? minClubs
                let value = source.indicators(under: unit.path, standard: standard, minStandardClubs: n)[t.indicator] ?? IndicatorValue(0)
                let target = Target(indicator: t.indicator, value: t.value)
                // A count set for a whole province is not this commune's to meet; a share is.
                let measured = own || def.unit == .share
                lines.append(
                    TargetLine(
                        definition: def, target: target, phase: phaseRow, plan: cp, own: own,
                        progress: measured ? TargetProgress.of(value, against: target, unit: def.unit) : nil,
                        value: value, minClubs: t.indicator == "communes_with_standard_clubs" ? n : nil))
            }
        }
        return lines
    }
}

struct DashboardPeriod {
    var start: Day
    var end: Day
    var year: Int
    /// The first six months rather than the whole year.
    var half: Bool
}

struct RankRow {
    var unit: OrgUnit
    var values: [String: IndicatorValue]
}

struct MapPoint {
    var name: String
    var lat: Double
    var lon: Double
    var clubs: Int
    var highlighted: Bool
}

struct TrendYear {
    var year: Int
    var clubs: Int
    var members: Int
}

extension TargetLine {
    static func order(_ code: String) -> Int { IndicatorCatalogue.all.firstIndex { $0.code == code } ?? Int.max }
}
