import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Computes what a report says from the data, and knows whose reports are expected below a unit.
enum ReportStore {
    /// The schedule of a kind of report as the centre set it (or the default).
    static func schedule(_ kind: ReportKind, on db: any Database) async throws -> ReportSchedule {
        try await ReportScheduleRow.query(on: db).filter(\.$kind == kind.rawValue).first()?.schedule ?? .default(kind)
    }

    /// Reports are made by communes, provinces and the nation of today's structure.
    static func reports(_ unit: OrgUnit) -> Bool {
        unit.unitStructure == .current && [.nation, .province, .commune].contains(unit.unitLevel)
    }

    /// Every indicator of the unit for the period (to `end`, or today while it runs), the same for
    /// each unit below (the clubs of a commune, the communes of a province that have clubs, the
    /// provinces), and the targets of the plans that cover it.
    static func compute(_ unit: OrgUnit, start: Day, end: Day, today: Day, on db: any Database) async throws -> ReportSnapshot {
        let plans = try await PlanStore.covering(unit, on: db)
        let (standard, minClubs) = PlanStore.standard(plans)
        let gathered = try await IndicatorStore.gather(under: unit, start: start, end: end, today: today, on: db)
        func figures(_ path: String) -> [String: ReportSnapshot.Figure] {
            gathered.indicators(under: path, standard: standard, minStandardClubs: minClubs).mapValues(ReportSnapshot.Figure.init)
        }
        var rows: [ReportSnapshot.Row] = []
        if unit.unitLevel == .commune {
            rows = gathered.clubs.sorted { $0.name < $1.name }.map { .init(unitID: $0.unitID.uuidString, name: $0.name, figures: figures($0.path)) }
        } else {
            let children = try await UnitQueries.children(of: unit, on: db).filter { $0.unitStructure == .current }
            rows = children.filter { c in unit.unitLevel == .nation || gathered.clubs.contains { $0.path.hasPrefix(c.path) } }
                .map { .init(unitID: $0.id!.uuidString, name: $0.name, figures: figures($0.path)) }
        }
        let lines = try await TargetLine.targetLines(
            for: unit, plans: plans, gathered: gathered, standard: standard,
            minClubs: minClubs, today: today, on: db)
        let targets = lines.map { l in
            ReportSnapshot.TargetRow(
                plan: l.plan.plan.title, planUnit: l.plan.unit.name, phase: l.phase.name, indicator: l.definition.code,
                target: l.target.value, own: l.own || l.definition.unit == .share, figure: .init(l.value))
        }
        return ReportSnapshot(start: gathered.start.iso, asOf: gathered.asOf.iso, figures: figures(unit.path), rows: rows, targets: targets)
    }

    /// The units directly below whose reports the unit's report rests on: the communes of a
    /// province that have a club, the provinces that have one. A commune's clubs do not report.
    static func expectedBelow(_ unit: OrgUnit, on db: any Database) async throws -> [OrgUnit] {
        guard reports(unit), unit.unitLevel != .commune else { return [] }
        let sql = db as! any SQLDatabase
        let column = unit.unitLevel == .province ? "c.commune_id" : "p.id"
        struct Row: Decodable { var id: UUID }
        let ids = try await sql.raw(
            """
            SELECT DISTINCT \(unsafeRaw: column) AS id FROM clubs c JOIN units m ON m.id = c.commune_id
            JOIN units p ON p.id = m.parent_id WHERE \(UnitQueries.within("m.path", unit.path, on: sql))
            """
        ).all(decoding: Row.self).map(\.id)
        guard !ids.isEmpty else { return [] }
        return try await OrgUnit.query(on: db).filter(\.$id ~~ ids).sort(\.$name).all()
    }

    /// The reports of the given units for a period, by unit.
    static func reports(of units: [OrgUnit], kind: ReportKind, year: Int, on db: any Database) async throws -> [UUID: Report] {
        let ids = units.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let list = try await Report.query(on: db).filter(\.$unit.$id ~~ ids).filter(\.$kind == kind.rawValue).filter(\.$year == year).all()
        return Dictionary(list.map { ($0.$unit.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Records a step of a report's life.
    static func record(
        _ report: Report, action: ReportAction?, created: Bool = false, user: CurrentUser, at: Date, comment: String?,
        on db: any Database
    ) async throws {
        let event = ReportEvent()
        event.$report.id = try report.requireID()
        event.action = created ? "create" : (action?.rawValue ?? "save")
        event.status = report.status
        event.userID = user.id
        event.userName = user.fullName
        event.at = at
        event.comment = comment
        try await event.create(on: db)
    }
}
