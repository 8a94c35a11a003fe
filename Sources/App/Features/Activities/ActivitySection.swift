import Vapor
import Fluent
import SQLKit
import Plot
import ISHCCore

/// The unit page's "Activities" section: this year's count of each kind kept in the subtree,
/// linked to its list; for a club also health checks, home care and its board's trainings.
struct ActivitySummary {
    var year: Int
    var counts: [ActivityKind: Int] = [:]
    var canRecord: Set<ActivityKind> = []
    /// Clubs only.
    var isClub = false
    var seesPersonalData = false
    var healthDays = 0
    var healthPeople = 0
    var caredFor = 0
    var visitsThisMonth = 0
    var trainedAtFounding: Day?
    var trainedOnTime = false
    var refreshed = false
    var openFollowUps = 0
    var funds: Balances?

    static func load(_ req: Request, unit: OrgUnit, club: Club?, user: CurrentUser) async throws -> ActivitySummary {
        let today = Day(req.application.clock.now())
        var s = ActivitySummary(year: today.year)
        s.isClub = club != nil
        s.seesPersonalData = user.role.seesPersonalData
        let sql = req.db as! any SQLDatabase
        let from = "\(today.year)-01-01"
        let rows = try await sql.raw("""
            SELECT a.kind AS kind, COUNT(*) AS n FROM activities a JOIN units u ON u.id = a.unit_id
            WHERE \(UnitQueries.within("u.scope_path", unit.scopePath, on: sql)) AND a.held_on >= \(bind: from)
            GROUP BY a.kind
            """).all()
        for row in rows {
            if let kind = ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                s.counts[kind] = try row.decode(column: "n", as: Int.self)
            }
        }
        for kind in ActivityKind.allCases where try await ActivityAccess.mayRecord(kind, at: unit, user: user, club: club, on: req.db) {
            s.canRecord.insert(kind)
        }
        guard let club, let clubID = club.id else { return s }
        s.funds = try await LedgerStore.balances(club: clubID, on: req.db)
        // Trainings, visits and commendations of units above that name this club.
        let linked = try await sql.raw("""
            SELECT a.kind AS kind, a.subtype AS subtype, a.held_on AS held_on, a.follow_up AS follow_up, a.follow_up_done AS done,
                   a.unit_id AS unit_id
            FROM activities a JOIN activity_clubs c ON c.activity_id = a.id
            WHERE c.club_id = \(bind: clubID)
            """).all()
        var trainings: [TrainingFacts] = []
        for row in linked {
            let kind = ActivityKind(rawValue: try row.decode(column: "kind", as: String.self))
            let held = try row.decode(column: "held_on", as: String.self)
            guard let kind, let day = Day(iso: held) else { continue }
            let own = try row.decode(column: "unit_id", as: UUID.self) == unit.id
            if day.year == today.year && !own { s.counts[kind, default: 0] += 1 }
            if kind == .training { trainings.append(TrainingFacts(subtype: try row.decode(column: "subtype", as: String.self), heldOn: day)) }
            if kind == .supervision, try row.decode(column: "follow_up", as: String?.self) != nil,
               try row.decode(column: "done", as: String?.self) == nil { s.openFollowUps += 1 }
        }
        s.trainedAtFounding = TrainingRules.initialTraining(trainings)
        s.trainedOnTime = TrainingRules.trainedAtFounding(trainings, founded: club.foundedOn.flatMap(Day.init(iso:)))
        s.refreshed = TrainingRules.refreshed(trainings, year: today.year)
        let monthStart = Day(year: today.year, month: today.month, day: 1)!
        let counts = try await sql.raw("""
            SELECT (SELECT COUNT(DISTINCT checked_on) FROM health_checks WHERE club_id = \(bind: clubID) AND checked_on >= \(bind: from)) AS days,
                   (SELECT COUNT(DISTINCT member_id) FROM health_checks WHERE club_id = \(bind: clubID) AND checked_on >= \(bind: from)) AS people,
                   (SELECT COUNT(*) FROM care_recipients WHERE club_id = \(bind: clubID) AND until IS NULL) AS cared,
                   (SELECT COUNT(*) FROM care_visits WHERE club_id = \(bind: clubID) AND visited_on >= \(bind: monthStart.iso)) AS visits
            """).first()
        s.healthDays = try counts?.decode(column: "days", as: Int.self) ?? 0
        s.healthPeople = try counts?.decode(column: "people", as: Int.self) ?? 0
        s.caredFor = try counts?.decode(column: "cared", as: Int.self) ?? 0
        s.visitsThisMonth = try counts?.decode(column: "visits", as: Int.self) ?? 0
        return s
    }
}

enum ActivitySection {
    static func render(_ t: Texts, unit: OrgUnit, _ s: ActivitySummary) -> BodyNode {
        let kinds = s.isClub ? ActivityKind.allCases : ActivityKind.allCases.filter { !$0.clubOnly } + ActivityKind.allCases.filter(\.clubOnly)
        return .section(.attribute(named: "aria-labelledby", value: "activities-h"),
            .h2(.id("activities-h"), .text(t("activity.section_title", s.year))),
            .if(s.isClub, .p(.class(s.trainedOnTime && s.refreshed ? "" : "warn"), .text(boardTraining(t, s)))),
            .if(s.isClub && s.openFollowUps > 0, .p(.class("warn"), .text(t("activity.open_follow_ups_club", s.openFollowUps)))),
            .ul(.class("rows activity-kinds"),
                .unwrap(s.funds) { b in
                    .li(.class("area-1"), .a(.class("row-title"), .href(Paths.funds.link(unit.id!)), .text("₫ " + t("fund.section_link"))),
                        .span(.class("row-meta"), .text(t("fund.section", VND.format(b.incomeFund), VND.format(b.activityFund)))))
                },
                .if(s.isClub && s.seesPersonalData, .group(
                    .li(.class("area-2"), .a(.class("row-title"), .href(Paths.healthChecks.link(unit.id!)), .text("✚ " + t("health.title_short"))),
                        .span(.class("row-meta"), .text(t("health.section_meta", s.healthDays, s.healthPeople)))),
                    .li(.class("area-3"), .a(.class("row-title"), .href(Paths.homeCare.link(unit.id!)), .text("⌂ " + t("care.title"))),
                        .span(.class("row-meta"), .text(t("care.section_meta", s.caredFor, s.visitsThisMonth)))))),
                .if(s.isClub && !s.seesPersonalData, .li(.span(.class("row-meta"),
                    .text(t("health.section_meta", s.healthDays, s.healthPeople) + " · " + t("care.section_meta", s.caredFor, s.visitsThisMonth))))),
                .forEach(kinds) { kind in
                    .li(.a(.class("row-title"), .href(Paths.activities.link(unit.id!, kind.rawValue)), .text(ActivityPages.kindName(t, kind))),
                        .span(.class("row-meta"), .text(t("activity.count_this_year", s.counts[kind] ?? 0))),
                        .if(s.canRecord.contains(kind), .a(.class("row-action"), .href(Paths.newActivity.link(unit.id!, kind.rawValue)),
                                                          .attribute(named: "aria-label", value: attr(t("activity.add", ActivityPages.kindName(t, kind).lowercased()))),
                                                          .text(t("activity.add_short")))))
                }))
    }

    private static func boardTraining(_ t: Texts, _ s: ActivitySummary) -> String {
        let founding = s.trainedAtFounding.map { t("activity.board_trained_on", $0.vietnamese) } ?? t("activity.board_not_trained")
        let refresher = s.refreshed ? t("activity.board_refreshed", s.year) : t("activity.board_not_refreshed", s.year)
        return founding + " " + refresher
    }
}
