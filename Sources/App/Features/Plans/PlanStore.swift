import Fluent
import ISHCCore
import Vapor

/// The plans that cover a unit: its own and those of the units above it, nearest first.
struct CoveringPlan {
    var plan: Plan
    var unit: OrgUnit
    var phases: [PlanPhaseRow]
    var targets: [PlanTarget]

    /// The phase in force on `day` (or the next one; none once the plan has ended).
    func phase(on day: Day) -> PlanPhaseRow? {
        let known = phases.compactMap { row in row.phase.map { (row, $0) } }
        guard let chosen = PlanPhase.current(known.map(\.1), on: day) else { return nil }
        return known.first { $0.1 == chosen }?.0
    }
}

enum PlanStore {
    /// `ancestors` are the unit's, all of them, when the caller has them already.
    static func covering(_ unit: OrgUnit, ancestors known: [OrgUnit]? = nil, on db: any Database) async throws -> [CoveringPlan] {
        var chain = known ?? []
        if known == nil { chain = try await UnitQueries.ancestors(of: unit, on: db) }
        chain.append(unit)
        let ids = chain.compactMap(\.id)
        let plans = try await Plan.query(on: db).filter(\.$unit.$id ~~ ids).all()
        guard !plans.isEmpty else { return [] }
        let planIDs = plans.compactMap(\.id)
        let phases = try await PlanPhaseRow.query(on: db).filter(\.$plan.$id ~~ planIDs).all()
        let targets = try await PlanTarget.query(on: db).filter(\.$plan.$id ~~ planIDs).all()
        let depth = Dictionary(chain.enumerated().map { ($0.element.id!, $0.offset) }, uniquingKeysWith: { a, _ in a })
        return plans.compactMap { plan -> CoveringPlan? in
            guard let owner = chain.first(where: { $0.id == plan.$unit.id }) else { return nil }
            return CoveringPlan(
                plan: plan, unit: owner,
                phases: phases.filter { $0.$plan.id == plan.id }.sorted { $0.startsOn < $1.startsOn },
                targets: targets.filter { $0.$plan.id == plan.id })
        }
        .sorted { (depth[$0.unit.id!] ?? 0, $0.plan.createdAt ?? .distantPast) > (depth[$1.unit.id!] ?? 0, $1.plan.createdAt ?? .distantPast) }
    }

    /// Saves a plan with its phases (whole years), and returns the phases in order.
    @discardableResult
    static func create(_ plan: Plan, phases: [(name: String, from: Int, to: Int)], on db: any Database) async throws -> [PlanPhaseRow] {
        try await plan.create(on: db)
        var rows: [PlanPhaseRow] = []
        for (name, from, to) in phases {
            let row = PlanPhaseRow()
            row.$plan.id = try plan.requireID()
            row.name = name
            row.startsOn = "\(from)-01-01"
            row.endsOn = "\(to)-12-31"
            try await row.create(on: db)
            rows.append(row)
        }
        return rows
    }

    /// The standard ("đạt chuẩn") and N of the nearest plan, or the default.
    static func standard(_ plans: [CoveringPlan]) -> (rules: StandardRules, minClubs: Int) {
        guard let p = plans.first else { return (.default, 1) }
        return (p.plan.standard, max(1, p.plan.minStandardClubs))
    }
}
