import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Reads what the unit page's "Activities" section shows (`ActivitySummary`).
extension ActivitySummary {
    static func load(unit: OrgUnit, club: Club?, user: CurrentUser, today: Day, on db: any Database) async throws -> ActivitySummary {
        var s = ActivitySummary(year: today.year)
        s.isClub = club != nil
        s.seesPersonalData = user.role.seesPersonalData
        let sql = db as! any SQLDatabase
        let from = "\(today.year)-01-01"
        let rows = try await sql.raw(
            """
            SELECT a.kind AS kind, COUNT(*) AS n FROM activities a JOIN units u ON u.id = a.unit_id
            WHERE \(UnitQueries.within("u.scope_path", unit.scopePath, on: sql)) AND a.held_on >= \(bind: from)
            GROUP BY a.kind
            """
        ).all()
        for row in rows {
            if let kind = ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                s.counts[kind] = try row.decode(column: "n", as: Int.self)
            }
        }
        for kind in ActivityKind.allCases where try await ActivityAccess.mayRecord(kind, at: unit, user: user, club: club, on: db) {
            s.canRecord.insert(kind)
        }
        guard let club, let clubID = club.id else { return s }
        s.funds = try await LedgerStore.balances(club: clubID, on: db)
        // Trainings, visits and commendations of units above that name this club.
        let linked = try await sql.raw(
            """
            SELECT a.kind AS kind, a.subtype AS subtype, a.held_on AS held_on, a.follow_up AS follow_up, a.follow_up_done AS done,
                   a.unit_id AS unit_id
            FROM activities a JOIN activity_clubs c ON c.activity_id = a.id
            WHERE c.club_id = \(bind: clubID)
            """
        ).all()
        var trainings: [TrainingFacts] = []
        for row in linked {
            let kind = ActivityKind(rawValue: try row.decode(column: "kind", as: String.self))
            let held = try row.decode(column: "held_on", as: String.self)
            guard let kind, let day = Day(iso: held) else { continue }
            let own = try row.decode(column: "unit_id", as: UUID.self) == unit.id
            if day.year == today.year && !own { s.counts[kind, default: 0] += 1 }
            if kind == .training { trainings.append(TrainingFacts(subtype: try row.decode(column: "subtype", as: String.self), heldOn: day)) }
            if kind == .supervision, try row.decode(column: "follow_up", as: String?.self) != nil,
                try row.decode(column: "done", as: String?.self) == nil
            {
                s.openFollowUps += 1
            }
        }
        s.trainedAtFounding = TrainingRules.initialTraining(trainings)
        s.trainedOnTime = TrainingRules.trainedAtFounding(trainings, founded: club.foundedOn.flatMap(Day.init(iso:)))
        s.refreshed = TrainingRules.refreshed(trainings, year: today.year)
        let monthStart = Day(year: today.year, month: today.month, day: 1)!
        let counts = try await sql.raw(
            """
            SELECT (SELECT COUNT(DISTINCT checked_on) FROM health_checks WHERE club_id = \(bind: clubID) AND checked_on >= \(bind: from)) AS days,
                   (SELECT COUNT(DISTINCT member_id) FROM health_checks WHERE club_id = \(bind: clubID) AND checked_on >= \(bind: from)) AS people,
                   (SELECT COUNT(*) FROM care_recipients WHERE club_id = \(bind: clubID) AND until IS NULL) AS cared,
                   (SELECT COUNT(*) FROM care_visits WHERE club_id = \(bind: clubID) AND visited_on >= \(bind: monthStart.iso)) AS visits
            """
        ).first()
        s.healthDays = try counts?.decode(column: "days", as: Int.self) ?? 0
        s.healthPeople = try counts?.decode(column: "people", as: Int.self) ?? 0
        s.caredFor = try counts?.decode(column: "cared", as: Int.self) ?? 0
        s.visitsThisMonth = try counts?.decode(column: "visits", as: Int.self) ?? 0
        return s
    }
}
