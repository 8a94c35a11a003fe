import Foundation
import ISHCCore
import Plot
import Vapor

/// The dashboard and the early-warning list. Charts are server-drawn SVG with the numbers also in
/// text, so they read without JavaScript and aloud.
enum DashboardPages {
    static func name(_ t: Texts, _ d: IndicatorDefinition) -> String { t.lang == .vi ? d.vi : d.en }

    /// "12" or "37,5 % (3/8)" or "—" when a share cannot be measured.
    static func value(_ v: IndicatorValue, _ unit: IndicatorUnit) -> String {
        switch unit {
        case .count: return VND.group(v.numerator)
        case .dong: return VND.format(v.numerator)
        case .share:
            guard let r = v.ratio else { return "—" }
            return "\(r.percent) (\(VND.group(v.numerator))/\(VND.group(v.denominator ?? 0)))"
        case .average:
            guard let d = v.denominator, d > 0 else { return "—" }
            let hundredths = (v.numerator * 200 + d) / (2 * d)
            return "\(hundredths / 100),\(String(format: "%02d", hundredths % 100)) (\(VND.group(v.numerator))/\(VND.group(d)))"
        }
    }

    static func periodLink(_ unitID: UUID, year: Int, half: Bool, extra: [(String, String)] = []) -> String {
        Paths.dashboard.link(unitID, query: [("nam", String(year))] + (half ? [("ky", "6t")] : []) + extra)
    }

    static func dashboard(_ ctx: PageContext, _ m: DashboardModel) -> Response {
        let t = ctx.t
        let id = m.unit.id!
        let title = t("dash.title")
        let periodName = m.period.half ? t("dash.period.half", m.period.year) : t("dash.period.year", m.period.year)
        return Layout.page(
            ctx, title: title, breadcrumbs: [(m.unit.name, Paths.unit.link(id)), (title, "")], script: "print.js",
            .p(.class("lead"), .text(m.unit.name + " · " + periodName)),
            .p(.class("hint"), .text(t("dash.as_of", m.asOf.vietnamese))),
            YearNav.render(t, year: m.period.year, thisYear: m.today.year) { periodLink(id, year: $0, half: m.period.half) },
            .nav(
                .class("years"), .attribute(named: "aria-label", value: attr(t("dash.period.choose"))),
                .ul(
                    .li(
                        m.period.half
                            ? .a(.href(attr(periodLink(id, year: m.period.year, half: false))), .text(t("dash.period.whole")))
                            : .span(.attribute(named: "aria-current", value: "page"), .text(t("dash.period.whole")))),
                    .li(
                        m.period.half
                            ? .span(.attribute(named: "aria-current", value: "page"), .text(t("dash.period.first_half")))
                            : .a(.href(attr(periodLink(id, year: m.period.year, half: true))), .text(t("dash.period.first_half")))))),
            .div(
                .class("actions"),
                .unwrap(m.warnings) { n in
                    .a(.class(n > 0 ? "button" : "button secondary"), .href(Paths.warnings.link(id)), .text(t("dash.warnings_link", n)))
                },
                .a(.class("button secondary"), .href(Paths.plans.link(id)), .text(t("plan.link"))),
                .a(
                    .class("button secondary"),
                    .href(Paths.reports.link(id, query: [("nam", String(m.period.year))] + (m.period.half ? [("ky", "6t")] : []))),
                    .text(t("report.link"))),
                .if(m.unit.unitLevel == .commune, .a(.class("button secondary"), .href(Paths.denominators.link(id)), .text(t("denom.link")))),
                ActivityPages.printButton(t)),
            targets(t, m),
            indicators(t, m),
            trend(t, m),
            ranking(t, m),
            map(t, m))
    }

    // MARK: Targets

    static func targets(_ t: Texts, _ m: DashboardModel) -> BodyNode {
        let groups = Dictionary(grouping: m.targets) { $0.plan.plan.id! }
        let order = m.plans.compactMap { $0.plan.id }.filter { groups[$0] != nil }
        return .section(
            .attribute(named: "aria-labelledby", value: "targets-h"),
            .h2(.id("targets-h"), .text(t("dash.targets"))),
            .if(order.isEmpty, .p(.class("hint"), .text(t("dash.no_plan")))),
            .forEach(order) { planID in
                let lines = groups[planID]!
                let cp = lines[0].plan
                let phase = lines[0].phase
                return .div(
                    .class("plan"),
                    .h3(.text(cp.plan.title)),
                    .p(.class("hint"), .text(t("dash.plan_meta", cp.unit.name, phase.name))),
                    .ul(.class("targets"), .forEach(lines) { line in targetLine(t, line, unit: m.unit) }))
            })
    }

    static func targetLine(_ t: Texts, _ line: TargetLine, unit: OrgUnit) -> Node<HTML.ListContext> {
        let def = line.definition
        var label = name(t, def)
        if let n = line.minClubs { label += " " + t("dash.min_clubs", n) }
        let goal = line.target.formatted(def.unit)
        guard let p = line.progress else {
            // A count set for the unit above: this unit's part of it.
            return .li(
                .class("target"),
                .p(.class("target-name"), .text(label)),
                .p(.text(t("dash.target_above", goal, line.plan.unit.name, value(line.value, def.unit)))))
        }
        let words: String
        if !p.measurable {
            words = t("dash.not_measurable")
        } else if p.met {
            words = t("dash.met")
        } else if def.unit == .share {
            words = t("dash.gap_share", VND.group(p.gap), def.noun, goal)
        } else if def.unit == .dong {
            words = t("dash.gap", VND.format(p.gap), "").trimmingCharacters(in: .whitespaces)
        } else {
            words = t("dash.gap", VND.group(p.gap), def.noun)
        }
        return .li(
            .class(p.met ? "target met" : "target"),
            .p(.class("target-name"), .text(label)),
            .element(
                named: "progress",
                nodes: [
                    .attribute(named: "max", value: "100"), .attribute(named: "value", value: String(p.percentDone)),
                    .attribute(named: "aria-label", value: attr(label)), .text("\(p.percentDone) %"),
                ]),
            .p(
                .class("target-figures"),
                .strong(.text(value(line.value, def.unit))), .text(" · " + t("dash.goal", goal)),
                .text(line.own ? "" : " · " + t("dash.from_above", line.plan.unit.name))),
            .p(.class(p.met ? "target-gap ok" : "target-gap"), .text(words)))
    }

    // MARK: Indicators

    static func indicators(_ t: Texts, _ m: DashboardModel) -> BodyNode {
        .section(
            .attribute(named: "aria-labelledby", value: "ind-h"),
            .h2(.id("ind-h"), .text(t("dash.indicators"))),
            .p(
                .class("hint"),
                .text(t("dash.standard_is", m.standard.rules.map { t("standard.rule.\($0.rawValue)") }.joined(separator: "; "), m.minClubs))),
            .ul(
                .class("indicators"),
                .forEach(IndicatorCatalogue.all) { def in
                    let v = m.values[def.code] ?? IndicatorValue(0)
                    return .li(
                        .element(
                            named: "details",
                            nodes: [
                                .element(
                                    named: "summary",
                                    nodes: [
                                        .span(.class("ind-name"), .text(name(t, def))), .text(" "),
                                        .strong(.class("ind-value"), .text(value(v, def.unit))),
                                    ]),
                                .p(.text(def.definition)),
                                .p(.class("hint"), .text(t("dash.formula", def.formula, def.code))),
                            ]))
                }))
    }

    // MARK: Trend

    static func trend(_ t: Texts, _ m: DashboardModel) -> BodyNode {
        let top = max(1, m.trend.map(\.clubs).max() ?? 1)
        let w = 320
        let h = 160
        let barW = 44
        let gap = (320 - 5 * 44) / 6
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(w) \(h + 40)\" role=\"img\" aria-labelledby=\"trend-h\" focusable=\"false\">"
        for (i, y) in m.trend.enumerated() {
            let x = gap + i * (barW + gap)
            let bh = y.clubs * h / top
            svg += "<rect x=\"\(x)\" y=\"\(h - bh + 16)\" width=\"\(barW)\" height=\"\(bh)\" class=\"bar\"/>"
            svg += "<text x=\"\(x + barW / 2)\" y=\"\(h - bh + 12)\" text-anchor=\"middle\" class=\"bar-value\">\(y.clubs)</text>"
            svg += "<text x=\"\(x + barW / 2)\" y=\"\(h + 34)\" text-anchor=\"middle\">\(y.year)</text>"
        }
        svg += "</svg>"
        return .section(
            .attribute(named: "aria-labelledby", value: "trend-h"),
            .h2(.id("trend-h"), .text(t("dash.trend"))),
            .raw(svg),
            .div(
                .class("table-scroll"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                .attribute(named: "aria-label", value: attr(t("dash.trend"))),
                .table(
                    .class("grid"),
                    .thead(.tr(.th(.text(t("dash.year"))), .th(.text(t("dash.clubs_open"))), .th(.text(t("dash.members"))))),
                    .tbody(
                        .forEach(m.trend) { y in
                            .tr(
                                .th(.text(y.year == m.today.year ? t("dash.year_now", y.year) : String(y.year))),
                                .td(.text(VND.group(Int64(y.clubs)))), .td(.text(VND.group(Int64(y.members)))))
                        }))))
    }

    // MARK: Ranking

    static func ranking(_ t: Texts, _ m: DashboardModel) -> BodyNode {
        guard !m.ranking.isEmpty else { return .empty }
        // Units with a club are ranked; those without are listed after, folded.
        let ranked = m.ranking.filter { ($0.values["active_clubs"]?.numerator ?? 0) > 0 }
        let without = m.ranking.filter { ($0.values["active_clubs"]?.numerator ?? 0) == 0 }.sorted(byPlace: { $0.unit.name })
        let columns = ["active_clubs", "members", "standard_clubs", "clubs_monthly_all_areas", "villages_with_club", "par30"]
        let id = m.unit.id!
        return .section(
            .attribute(named: "aria-labelledby", value: "rank-h"),
            .h2(.id("rank-h"), .text(t("dash.ranking"))),
            .p(.class("hint"), .text(t("dash.ranked_by", name(t, IndicatorCatalogue.definition(m.rankBy)!)))),
            .nav(
                .class("years"), .attribute(named: "aria-label", value: attr(t("dash.rank_choose"))),
                .ul(
                    .forEach(DashboardModel.rankable) { code in
                        let label = name(t, IndicatorCatalogue.definition(code)!)
                        return .li(
                            code == m.rankBy
                                ? .span(.attribute(named: "aria-current", value: "page"), .text(label))
                                : .a(
                                    .href(attr(periodLink(id, year: m.period.year, half: m.period.half, extra: [("xep", code)]) + "#rank-h")),
                                    .text(label)))
                    })),
            .div(
                .class("table-scroll"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                .attribute(named: "aria-label", value: attr(t("dash.ranking"))),
                .table(
                    .class("grid ranking"),
                    .thead(
                        .tr(
                            .th(.text("#")), .th(.text(t("dash.unit"))),
                            .forEach(columns) { .th(.text(name(t, IndicatorCatalogue.definition($0)!))) })),
                    .tbody(
                        .forEach(Array(ranked.enumerated())) { i, row in
                            .tr(
                                .td(.text(String(i + 1))),
                                .th(.a(.href(attr(periodLink(row.unit.id!, year: m.period.year, half: m.period.half))), .text(row.unit.name))),
                                .forEach(columns) { code in
                                    let v = row.values[code] ?? IndicatorValue(0)
                                    let def = IndicatorCatalogue.definition(code)!
                                    return .td(
                                        .text(def.unit == .share ? (v.ratio?.percent ?? "—") : value(v, def.unit).components(separatedBy: " (")[0]))
                                })
                        }))),
            .if(
                !without.isEmpty,
                Form.details(
                    summary: t("dash.without_club", without.count),
                    .ul(
                        .class("inline-list"),
                        .forEach(without) { row in
                            .li(.a(.href(attr(periodLink(row.unit.id!, year: m.period.year, half: m.period.half))), .text(row.unit.name)))
                        }))))
    }

    // MARK: Map

    static func map(_ t: Texts, _ m: DashboardModel) -> BodyNode {
        guard !m.map.isEmpty else { return .empty }
        let lats = m.map.map(\.lat)
        let lons = m.map.map(\.lon)
        let minLat = lats.min()!
        let maxLat = lats.max()!
        let minLon = lons.min()!
        let maxLon = lons.max()!
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max(0.01, (maxLon - minLon) * k)
        let spanY = max(0.01, maxLat - minLat)
        let w = 320.0
        let pad = 8.0
        let scale = (w - 2 * pad) / spanX
        let h = min(560, spanY * scale + 2 * pad)
        let s = min(scale, (h - 2 * pad) / spanY)
        let r = m.map.count > 600 ? 1.3 : 3.2
        // One decimal, without Foundation's formatter (thousands of points on the national map).
        func f(_ x: Double) -> String {
            let tenths = Int((abs(x) * 10).rounded())
            return (x < 0 && tenths > 0 ? "-" : "") + String(tenths / 10) + "." + String(tenths % 10)
        }
        var svg = "<svg class=\"map\" viewBox=\"0 0 \(f(w)) \(f(h))\" role=\"img\" aria-labelledby=\"map-h map-summary\" focusable=\"false\">"
        // Communes without a club first, so those with one are drawn on top.
        for p in m.map.sorted(by: { ($0.clubs > 0 ? 1 : 0, $0.highlighted ? 1 : 0) < ($1.clubs > 0 ? 1 : 0, $1.highlighted ? 1 : 0) }) {
            let x = pad + (p.lon - minLon) * k * s
            let y = pad + (maxLat - p.lat) * s
            let cls = (p.clubs > 0 ? "has-club" : "no-club") + (p.highlighted ? " here" : "")
            // On the national map (thousands of points) only communes with a club carry their name.
            let title = m.map.count <= 600 || p.clubs > 0 ? "<title>\(attr(p.name)): \(p.clubs)</title>" : ""
            svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(p.highlighted ? f(r * 2) : f(r))\" class=\"\(cls)\">\(title)</circle>"
        }
        svg += "</svg>"
        let with = m.map.filter { $0.clubs > 0 }.count
        let clubs = m.map.reduce(0) { $0 + $1.clubs }
        return .section(
            .attribute(named: "aria-labelledby", value: "map-h"),
            .h2(.id("map-h"), .text(t("dash.map", m.mapTitle))),
            .p(.id("map-summary"), .text(t("dash.map_summary", VND.group(Int64(with)), VND.group(Int64(m.map.count)), VND.group(Int64(clubs))))),
            .raw(svg),
            .ul(
                .class("legend"),
                .li(.span(.class("dot has-club"), .attribute(named: "aria-hidden", value: "true")), .text(t("dash.map_has"))),
                .li(.span(.class("dot no-club"), .attribute(named: "aria-hidden", value: "true")), .text(t("dash.map_none"))),
                .if(
                    m.map.contains { $0.highlighted },
                    .li(.span(.class("dot here"), .attribute(named: "aria-hidden", value: "true")), .text(t("dash.map_here"))))),
            Form.details(
                summary: t("dash.map_list", VND.group(Int64(with))),
                .ul(
                    .forEach(m.map.filter { $0.clubs > 0 }.sorted(byPlace: { $0.name })) { p in
                        .li(.text(t("dash.map_line", p.name, p.clubs)))
                    })))
    }

    // MARK: Warnings

    static func warningText(_ t: Texts, _ w: EarlyWarning) -> String {
        switch w {
        case .noRecentMeeting(let last): return last.map { t("warn.no_meeting_since", $0.vietnamese) } ?? t("warn.no_meeting_ever")
        case .highPAR30(let r): return t("warn.par30", r.percent)
        case .fewMembers(let n): return t("warn.few_members", n, EarlyWarnings.minMembers)
        case .boardNotRefreshed: return t("warn.board_not_refreshed")
        case .fundShrank(let from, let to): return t("warn.fund_shrank", VND.format(from), VND.format(to))
        }
    }

    static let warningKinds = ["no_meeting", "par30", "few_members", "board_not_refreshed", "fund_shrank"]

    static func warnings(
        _ ctx: PageContext, unit: OrgUnit, today: Day, list: [WarnedClub], counts: [String: Int], kind: String,
        communes: [String: String]
    ) -> Response {
        let t = ctx.t
        let id = unit.id!
        let title = t("warn.title")
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(id)), (t("dash.title"), Paths.dashboard.link(id)), (title, "")],
            .p(.class("lead"), .text(unit.name)),
            .p(.class("hint"), .text(t("warn.intro", today.vietnamese))),
            .nav(
                .class("years"), .attribute(named: "aria-label", value: attr(t("warn.filter"))),
                .ul(
                    .li(
                        kind.isEmpty
                            ? .span(.attribute(named: "aria-current", value: "page"), .text(t("warn.all")))
                            : .a(.href(Paths.warnings.link(id)), .text(t("warn.all")))),
                    .forEach(warningKinds) { k in
                        let label = t("warn.kind.\(k)", counts[k] ?? 0)
                        return .li(
                            k == kind
                                ? .span(.attribute(named: "aria-current", value: "page"), .text(label))
                                : .a(.href(attr(Paths.warnings.link(id, query: [("loai", k)]))), .text(label)))
                    })),
            .if(list.isEmpty, .p(.class("notice notice-ok"), .text(t("warn.none")))),
            .ul(
                .class("warnings"),
                .forEach(list) { w in
                    .li(
                        .a(.href(Paths.unit.link(w.club.unitID)), .text(w.club.name)),
                        .unwrap(communes[w.club.facts.communeID]) { .p(.class("place"), .text($0)) },
                        .ul(.forEach(w.warnings) { .li(.text(warningText(t, $0))) }))
                }))
    }
}
