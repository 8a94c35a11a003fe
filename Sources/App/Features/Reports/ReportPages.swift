import Foundation
import ISHCCore
import Plot
import Vapor

/// Reports: a unit's list with who sent on time, one report with its figures, narrative and
/// steps, the club's view of its line, the printed administrative document and the Excel sheet.
enum ReportPages {
    /// The columns of the table by unit below, in the document and on the page.
    static let breakdownCodes = [
        "active_clubs", "new_clubs", "members", "women_share", "older_share", "standard_clubs",
        "clubs_monthly_all_areas", "clubs_fund_goal", "borrowers_share", "par30",
    ]

    // MARK: Names

    static let placePrefixes = ["Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ", "Huyện ", "Quận ", "Thị xã "]

    /// "Xã Quế Phong" → "Quế Phong", the place written before the date.
    static func placeName(_ unit: OrgUnit) -> String {
        if unit.unitLevel == .nation { return "Hà Nội" }
        for p in placePrefixes where unit.name.hasPrefix(p) { return String(unit.name.dropFirst(p.count)) }
        return unit.name
    }

    /// "Hội Người cao tuổi xã Quế Phong"; the centre for the nation.
    static func associationName(_ unit: OrgUnit) -> String {
        if unit.unitLevel == .nation { return "Trung ương Hội Người cao tuổi Việt Nam" }
        guard let first = unit.name.first else { return "Hội Người cao tuổi" }
        return "Hội Người cao tuổi " + first.lowercased() + unit.name.dropFirst()
    }

    static func periodName(_ t: Texts, _ kind: ReportKind, _ year: Int) -> String {
        kind == .half ? t("report.period.half", year) : t("report.period.year", year)
    }

    /// "Năm 2026", "6 tháng đầu năm 2026": the period as a heading.
    static func periodTitle(_ t: Texts, _ kind: ReportKind, _ year: Int) -> String {
        let name = periodName(t, kind, year)
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// A club's name without the words every club's name starts with, for narrow columns.
    static func rowName(_ name: String) -> String {
        let common = "CLB Liên thế hệ tự giúp nhau "
        return name.hasPrefix(common) ? String(name.dropFirst(common.count)) : name
    }

    static func statusText(_ t: Texts, _ r: Report) -> String {
        switch r.reportStatus {
        case .draft: return t("report.status.draft")
        case .submitted: return t("report.status.submitted", Day(iso: r.sentOn ?? "")?.vietnamese ?? "")
        case .returned: return t("report.status.returned")
        case .approved: return t("report.status.approved", Day(iso: r.approvedOn ?? "")?.vietnamese ?? "")
        }
    }

    static func timelinessText(_ t: Texts, _ x: Timeliness) -> String {
        switch x {
        case .onTime(let d): return t("report.time.on_time", d.vietnamese)
        case .late(let d, let days): return t("report.time.late", d.vietnamese, days)
        case .pending: return t("report.time.pending")
        case .overdue(let days): return t("report.time.overdue", days)
        }
    }

    static func figureText(_ f: ReportSnapshot.Figure?, _ code: String) -> String {
        guard let f, let def = IndicatorCatalogue.definition(code) else { return "—" }
        return DashboardPages.value(f.value, def.unit)
    }

    /// A share or average without its parts, for narrow columns.
    static func shortText(_ f: ReportSnapshot.Figure?, _ code: String) -> String {
        guard let f, let def = IndicatorCatalogue.definition(code) else { return "—" }
        switch def.unit {
        case .share, .average: return DashboardPages.value(f.value, def.unit).components(separatedBy: " (").first ?? "—"
        default: return DashboardPages.value(f.value, def.unit)
        }
    }

    static func shortName(_ t: Texts, _ code: String) -> String { t.first("report.col.\(code)") }

    // MARK: A unit's reports

    static func list(
        _ ctx: PageContext, unit: OrgUnit, kind: ReportKind, year: Int, today: Day, own: [Report], current: Report?,
        due: Day?, canCreate: Bool, below: [BelowLine]
    ) -> Response {
        let t = ctx.t
        let id = unit.id!
        let title = t("report.title")
        let counts = Dictionary(grouping: below, by: { $0.timeliness.code }).mapValues(\.count)
        let approved = below.filter { $0.report?.reportStatus == .approved }.count
        func link(_ y: Int, _ k: ReportKind) -> String { Paths.reports.link(id, query: [("nam", String(y)), ("ky", k.rawValue)]) }
        return Layout.page(
            ctx, title: title, breadcrumbs: [(unit.name, Paths.unit.link(id)), (title, "")],
            .p(.class("lead"), .text(unit.name)),
            .if(unit.unitStructure == .legacy, .p(.class("notice"), .text(t("report.legacy_unit")))),
            .if(
                ReportStore.reports(unit),
                .group(
                    YearNav.render(t, year: year, thisYear: today.year) { link($0, kind) },
                    .nav(
                        .class("years"), .attribute(named: "aria-label", value: attr(t("report.kind.choose"))),
                        .ul(
                            .forEach(ReportKind.allCases) { k in
                                .li(
                                    k == kind
                                        ? .span(.attribute(named: "aria-current", value: "page"), .text(t("report.kind.\(k.rawValue)")))
                                        : .a(.href(attr(link(year, k))), .text(t("report.kind.\(k.rawValue)"))))
                            })),
                    .section(
                        .attribute(named: "aria-labelledby", value: "own-h"),
                        .h2(.id("own-h"), .text(periodTitle(t, kind, year))),
                        .unwrap(due) { .p(.text(t("report.due", $0.vietnamese))) },
                        .unwrap(
                            current,
                            { r in
                                .div(
                                    .class("report-status"),
                                    .p(.strong(.text(statusText(t, r)))),
                                    .a(.class("button"), .href(Paths.report.link(r.id!)), .text(t("report.open"))))
                            },
                            else: canCreate
                                ? Form.post(
                                    ctx, action: Paths.reports.link(id),
                                    Form.hidden("kind", kind.rawValue), Form.hidden("year", String(year)),
                                    .p(.text(t("report.none_yet"))),
                                    Form.submit(t("report.create")))
                                : .p(.class("hint"), .text(t("report.none_yet")))))
                )),
            .if(
                !below.isEmpty,
                .section(
                    .attribute(named: "aria-labelledby", value: "below-h"),
                    .h2(.id("below-h"), .text(t("report.below"))),
                    .p(
                        .text(
                            t(
                                "report.below_summary", below.count, counts["on_time"] ?? 0, counts["late"] ?? 0,
                                (counts["pending"] ?? 0) + (counts["overdue"] ?? 0), approved))),
                    belowList(t, below))),
            .section(
                .attribute(named: "aria-labelledby", value: "all-h"),
                .h2(.id("all-h"), .text(t("report.all"))),
                own.isEmpty
                    ? .p(.class("hint"), .text(t("report.none")))
                    : .ul(
                        .class("plain-list"),
                        .forEach(own) { r in
                            .li(
                                .a(.class("row-title"), .href(Paths.report.link(r.id!)), .text(periodTitle(t, r.reportKind, r.year))),
                                .text(" · " + statusText(t, r)))
                        })),
            .if(ctx.user?.unitLevel == .nation, .p(.a(.href(Paths.reportSchedules.link()), .text(t("report.schedule.link"))))))
    }

    static func belowList(_ t: Texts, _ below: [BelowLine]) -> BodyNode {
        .ul(
            .class("report-below"),
            .forEach(below) { line in
                .li(
                    .class("time-\(line.timeliness.code)"),
                    .p(
                        .class("row-name"),
                        line.visible && line.report != nil
                            ? .a(.href(Paths.report.link(line.report!.id!)), .text(line.unit.name)) : .text(line.unit.name)),
                    .p(.text(line.report.map { statusText(t, $0) } ?? t("report.status.none"))),
                    .p(.class("time"), .text(timelinessText(t, line.timeliness))))
            })
    }

    // MARK: A club's line

    struct ClubLine {
        var report: Report
        var figures: [String: ReportSnapshot.Figure]
    }

    static func clubView(_ ctx: PageContext, unit: OrgUnit, commune: OrgUnit?, lines: [ClubLine]) -> Response {
        let t = ctx.t
        let title = t("report.club_title")
        return Layout.page(
            ctx, title: title, breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (title, "")],
            .p(.class("lead"), .text(t("report.club_lead", commune?.name ?? ""))),
            lines.isEmpty
                ? .p(.class("hint"), .text(t("report.club_none")))
                : .ul(
                    .class("report-club"),
                    .forEach(lines) { line in
                        .li(
                            .h2(.text(periodTitle(t, line.report.reportKind, line.report.year))),
                            .p(.strong(.text(statusText(t, line.report)))),
                            .p(.class("hint"), .text(line.report.reportStatus.frozen ? t("report.club_frozen") : t("report.club_live"))),
                            .dl(
                                .class("facts"),
                                .forEach([
                                    "members", "women_share", "older_share", "clubs_meeting_monthly", "clubs_all_areas",
                                    "standard_clubs", "fund_total", "borrowers_share", "par30", "health_checks", "care_visits",
                                ]) { code in
                                    .group(
                                        .dt(.text(DashboardPages.name(t, IndicatorCatalogue.definition(code)!))),
                                        .dd(
                                            .text(
                                                code == "clubs_meeting_monthly" || code == "clubs_all_areas" || code == "standard_clubs"
                                                    ? ((line.figures[code]?.n ?? 0) > 0 ? t("report.yes") : t("report.no"))
                                                    : figureText(line.figures[code], code))))
                                }))
                    }))
    }
}
