import Fluent
import ISHCCore
import Plot
import SQLKit
import Vapor

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

}

enum ActivitySection {
    static func render(_ t: Texts, unit: OrgUnit, _ s: ActivitySummary) -> BodyNode {
        let kinds = s.isClub ? ActivityKind.allCases : ActivityKind.allCases.filter { !$0.clubOnly } + ActivityKind.allCases.filter(\.clubOnly)
        return .section(
            .attribute(named: "aria-labelledby", value: "activities-h"),
            .h2(.id("activities-h"), .text(t("activity.section_title", s.year))),
            .if(s.isClub, .p(.class(s.trainedOnTime && s.refreshed ? "" : "warn"), .text(boardTraining(t, s)))),
            .if(s.isClub && s.openFollowUps > 0, .p(.class("warn"), .text(t("activity.open_follow_ups_club", s.openFollowUps)))),
            .ul(
                .class("rows activity-kinds"),
                .unwrap(s.funds) { b in
                    .li(
                        .class("area-1"), .a(.class("row-title"), .href(Paths.funds.link(unit.id!)), .text("₫ " + t("fund.section_link"))),
                        .span(.class("row-meta"), .text(t("fund.section", VND.format(b.incomeFund), VND.format(b.activityFund)))))
                },
                .if(
                    s.isClub && s.seesPersonalData,
                    .group(
                        .li(
                            .class("area-2"),
                            .a(.class("row-title"), .href(Paths.healthChecks.link(unit.id!)), .text("✚ " + t("health.title_short"))),
                            .span(.class("row-meta"), .text(t("health.section_meta", s.healthDays, s.healthPeople)))),
                        .li(
                            .class("area-3"), .a(.class("row-title"), .href(Paths.homeCare.link(unit.id!)), .text("⌂ " + t("care.title"))),
                            .span(.class("row-meta"), .text(t("care.section_meta", s.caredFor, s.visitsThisMonth)))))),
                .if(
                    s.isClub && !s.seesPersonalData,
                    .li(
                        .span(
                            .class("row-meta"),
                            .text(
                                t("health.section_meta", s.healthDays, s.healthPeople) + " · " + t("care.section_meta", s.caredFor, s.visitsThisMonth)
                            )))),
                .forEach(kinds) { kind in
                    .li(
                        .a(.class("row-title"), .href(Paths.activities.link(unit.id!, kind.rawValue)), .text(ActivityPages.kindName(t, kind))),
                        .span(.class("row-meta"), .text(t("activity.count_this_year", s.counts[kind] ?? 0))),
                        .if(
                            s.canRecord.contains(kind),
                            .a(
                                .class("row-action"), .href(Paths.newActivity.link(unit.id!, kind.rawValue)),
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
