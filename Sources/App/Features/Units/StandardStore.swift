import Fluent
import ISHCCore
import Vapor

/// A club's "meeting the standard" this year: each rule of the plan that covers it (or the
/// default), met or missed.
struct StandardSummary {
    var year: Int
    var rules: StandardRules
    var met: [StandardRules.Rule]
    var missed: [StandardRules.Rule]
    var planTitle: String?
}

extension StandardSummary {
    static func load(clubUnit: OrgUnit, ancestors: [OrgUnit]? = nil, today: Day, on db: any Database) async throws -> StandardSummary {
        let plans = try await PlanStore.covering(clubUnit, ancestors: ancestors, on: db)
        let (rules, _) = PlanStore.standard(plans)
        let g = try await IndicatorStore.gather(
            under: clubUnit, start: Day(year: today.year, month: 1, day: 1)!,
            end: Day(year: today.year, month: 12, day: 31)!, today: today, clubsOnly: true, on: db)
        let facts = g.clubs.first { $0.unitID == clubUnit.id }?.facts
        let (met, missed) = facts.map { rules.evaluate($0) } ?? ([], rules.rules)
        return StandardSummary(year: today.year, rules: rules, met: met, missed: missed, planTitle: plans.first?.plan.title)
    }
}
