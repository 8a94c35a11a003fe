import Foundation
import ISHCCore
import Plot
import Vapor

/// One report on the screen: its figures against the targets, the breakdown by unit, the
/// narrative and its form, the decision form, and the steps it went through.
extension ReportPages {
    // MARK: One report

    static func report(
        _ ctx: PageContext, _ m: ReportModel, input: ReportNarrativeInput, errors: FormErrors,
        status: HTTPResponseStatus
    ) -> Response {
        let t = ctx.t
        let r = m.report
        let title = t("report.doc_title") + " " + periodName(t, r.reportKind, r.year)
        let done = ctx.done.map { t("report.done.\($0)") }
        let timeliness = Timeliness.of(sentOn: r.firstSentOn.flatMap { Day(iso: $0) }, due: m.schedule.due(r.year), today: m.today)
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [
                (m.unit.name, Paths.unit.link(m.unit.id!)), (t("report.title"), Paths.reports.link(m.unit.id!)),
                (periodName(t, r.reportKind, r.year), ""),
            ], status: status,
            .p(.class("lead"), .text(m.unit.name)),
            .unwrap(done) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            Form.errorSummary(ctx, errors),
            .div(
                .class("report-status status-\(r.status)"),
                .p(.strong(.text(statusText(t, r)))),
                .if(
                    m.unit.unitStructure == .current,
                    .p(.text(t("report.due", m.schedule.due(r.year).vietnamese) + " · " + timelinessText(t, timeliness)))),
                .unwrap(r.missingNote) { .p(.text(t("report.missing_note", $0))) }),
            .div(
                .class("actions"),
                .a(.class("button secondary"), .href(Paths.reportPrint.link(r.id!)), .text(t("report.print"))),
                .a(.class("button secondary"), .href(Paths.reportXLSX.link(r.id!)), .text(t("report.xlsx")))),
            .if(m.unit.unitStructure == .legacy, .p(.class("notice"), .text(t("report.legacy_unit")))),
            .if(m.canDecide, decisionForm(ctx, m, errors)),
            .if(m.canWrite, narrativeForm(ctx, m, input, errors)),
            .if(!m.canWrite, narrative(t, r)),
            figures(t, m),
            targets(t, m.figures),
            breakdown(t, m.unit.unitLevel == .commune ? t("report.by_club") : t("report.by_unit"), m.figures.rows, id: "rows"),
            .unwrap(m.restated) { breakdown(t, t("report.restated"), $0, id: "restated", hint: t("report.restated_hint")) },
            .if(
                !m.below.isEmpty,
                .section(
                    .attribute(named: "aria-labelledby", value: "below-h"),
                    .h2(.id("below-h"), .text(t("report.below"))), belowList(t, m.below))),
            events(t, m.events))
    }

    static func narrative(_ t: Texts, _ r: Report) -> BodyNode {
        .section(
            .attribute(named: "aria-labelledby", value: "text-h"),
            .h2(.id("text-h"), .text(t("report.narrative"))),
            .forEach([("results", r.results), ("difficulties", r.difficulties), ("proposals", r.proposals)]) { key, text in
                .group(.h3(.text(t("report.field.\(key)"))), paragraphs(text ?? t("report.empty")))
            })
    }

    static func paragraphs(_ text: String) -> BodyNode {
        .group(.forEach(text.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { .p(.text($0)) })
    }

    static func narrativeForm(_ ctx: PageContext, _ m: ReportModel, _ input: ReportNarrativeInput, _ errors: FormErrors) -> BodyNode {
        let t = ctx.t
        return .section(
            .attribute(named: "aria-labelledby", value: "text-h"),
            .h2(.id("text-h"), .text(t("report.narrative"))),
            .p(.class("hint"), .text(t("report.narrative_hint"))),
            Form.post(
                ctx, action: Paths.report.link(m.report.id!), draft: true,
                Form.textarea(
                    t("report.field.results"), name: "results", value: input.results ?? "", error: errors["results"],
                    hint: t("report.field.results_hint"), rows: 6),
                Form.textarea(
                    t("report.field.difficulties"), name: "difficulties", value: input.difficulties ?? "", error: errors["difficulties"], rows: 4),
                Form.textarea(t("report.field.proposals"), name: "proposals", value: input.proposals ?? "", error: errors["proposals"], rows: 4),
                Form.field(
                    t("report.field.number"), name: "number", value: input.number ?? "", error: errors["number"],
                    Form.FieldOptions(hint: t("report.field.number_hint"))),
                Form.field(t("report.field.place"), name: "place", value: input.place ?? "", error: errors["place"]),
                Form.textarea(
                    t("report.field.recipients"), name: "recipients", value: input.recipients ?? "", error: errors["recipients"],
                    hint: t("report.field.recipients_hint"), rows: 3),
                Form.field(t("report.field.signer_title"), name: "signer_title", value: input.signer_title ?? "", error: errors["signer_title"]),
                Form.field(t("report.field.signer_name"), name: "signer_name", value: input.signer_name ?? "", error: errors["signer_name"]),
                .div(
                    .class("actions"),
                    .button(.type(.submit), .class("secondary"), .text(t("report.save"))),
                    .button(.type(.submit), .class("primary"), .name("gui"), .value("1"), .text(t("report.send"))))))
    }

    static func decisionForm(_ ctx: PageContext, _ m: ReportModel, _ errors: FormErrors) -> BodyNode {
        let t = ctx.t
        return .section(
            .class("decision"), .attribute(named: "aria-labelledby", value: "decide-h"),
            .h2(.id("decide-h"), .text(t("report.decide"))),
            Form.post(
                ctx, action: Paths.reportDecision.link(m.report.id!),
                .if(
                    !m.missing.isEmpty,
                    .group(
                        .p(.text(t("report.missing_list", m.missing.map(\.name).joined(separator: ", ")))),
                        Form.textarea(
                            t("report.field.missing_note"), name: "missing_note", value: "", error: errors["missing_note"],
                            hint: t("report.field.missing_note_hint"), rows: 3))),
                Form.textarea(
                    t("report.field.comment"), name: "comment", value: "", error: errors["comment"],
                    hint: t("report.field.comment_hint"), rows: 3),
                .div(
                    .class("actions"),
                    .button(.type(.submit), .class("primary"), .name("decision"), .value("approve"), .text(t("report.approve"))),
                    .button(.type(.submit), .class("secondary"), .name("decision"), .value("return"), .text(t("report.give_back"))))))
    }

    static func figures(_ t: Texts, _ m: ReportModel) -> BodyNode {
        let s = m.figures
        let asOf = Day(iso: s.asOf)?.vietnamese ?? s.asOf
        let compare = m.recomputed
        return .section(
            .attribute(named: "aria-labelledby", value: "fig-h"),
            .h2(.id("fig-h"), .text(t("report.figures"))),
            .p(
                .class("hint"),
                .text(
                    m.report.reportStatus.frozen || m.unit.unitStructure == .legacy
                        ? t("report.frozen", asOf) : t("report.live", asOf))),
            .if(compare != nil, .p(.class("hint"), .text(t("report.compare_hint", asOf)))),
            .ul(
                .class("report-figures"),
                .forEach(IndicatorCatalogue.all.filter { s.figures[$0.code] != nil }) { def in
                    let reported = s.figures[def.code]
                    let now = compare?.figures[def.code]
                    let differs = compare != nil && now != reported
                    return .li(
                        .class(differs ? "differs" : ""),
                        .p(.class("fig-name"), .text(DashboardPages.name(t, def))),
                        .p(.text((compare == nil ? "" : t("report.as_reported") + ": ")), .strong(.text(figureText(reported, def.code)))),
                        .unwrap(now) { n in
                            .p(.text(t("report.recomputed") + ": " + figureText(n, def.code) + (differs ? " " + t("report.changed") : "")))
                        })
                }))
    }

    static func targetWords(_ t: Texts, _ row: ReportSnapshot.TargetRow) -> (String, String) {
        guard let def = IndicatorCatalogue.definition(row.indicator) else { return ("—", "") }
        let goal = Target(indicator: row.indicator, value: row.target).formatted(def.unit)
        guard row.own else { return (goal, t("report.target_above", row.planUnit)) }
        let p = TargetProgress.of(row.figure.value, against: Target(indicator: row.indicator, value: row.target), unit: def.unit)
        if !p.measurable { return (goal, t("dash.not_measurable")) }
        if p.met { return (goal, t("dash.met")) }
        if def.unit == .share { return (goal, t("dash.gap_share", VND.group(p.gap), def.noun, goal)) }
        if def.unit == .dong { return (goal, t("dash.gap", VND.format(p.gap), "").trimmingCharacters(in: .whitespaces)) }
        return (goal, t("dash.gap", VND.group(p.gap), def.noun))
    }

    /// The targets by plan and phase, in the order the plans were found (nearest first).
    static func byPlan(_ s: ReportSnapshot) -> [(title: String, rows: [ReportSnapshot.TargetRow])] {
        var order: [String] = []
        var groups: [String: [ReportSnapshot.TargetRow]] = [:]
        for row in s.targets {
            let key = "\(row.plan) (\(row.planUnit), \(row.phase))"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        return order.map { ($0, groups[$0]!) }
    }

    static func targets(_ t: Texts, _ s: ReportSnapshot) -> BodyNode {
        .section(
            .attribute(named: "aria-labelledby", value: "tg-h"),
            .h2(.id("tg-h"), .text(t("report.targets"))),
            .if(s.targets.isEmpty, .p(.class("hint"), .text(t("dash.no_plan")))),
            .forEach(byPlan(s)) { group in
                .group(
                    .h3(.text(group.title)),
                    .ul(
                        .class("report-figures"),
                        .forEach(group.rows) { row in
                            let (goal, words) = targetWords(t, row)
                            return .li(
                                .p(
                                    .class("fig-name"),
                                    .text(IndicatorCatalogue.definition(row.indicator).map { DashboardPages.name(t, $0) } ?? row.indicator)),
                                .p(
                                    .text(t("report.goal") + ": " + goal + " · " + t("report.value") + ": "),
                                    .strong(.text(figureText(row.figure, row.indicator)))),
                                .p(.text(words)))
                        }))
            })
    }

    static func breakdown(_ t: Texts, _ title: String, _ rows: [ReportSnapshot.Row], id: String, hint: String? = nil) -> BodyNode {
        guard !rows.isEmpty else { return .empty }
        let codes = breakdownCodes.filter { c in rows.contains { $0.figures[c] != nil } }
        return .section(
            .attribute(named: "aria-labelledby", value: "\(id)-h"),
            .h2(.id("\(id)-h"), .text(title)),
            .unwrap(hint) { .p(.class("hint"), .text($0)) },
            Form.scroll(
                title,
                .table(
                    .class("grid"),
                    .thead(.tr(.th(.text(t("report.unit"))), .forEach(codes) { .th(.text(shortName(t, $0))) })),
                    .tbody(
                        .forEach(rows) { row in
                            .tr(.th(.text(rowName(row.name))), .forEach(codes) { .td(.text(shortText(row.figures[$0], $0))) })
                        }))))
    }

    static func events(_ t: Texts, _ events: [ReportEvent]) -> BodyNode {
        let f = DateFormatter()
        f.timeZone = Day.vietnam
        f.dateFormat = "dd/MM/yyyy HH:mm"
        return .section(
            .attribute(named: "aria-labelledby", value: "ev-h"),
            .h2(.id("ev-h"), .text(t("report.steps"))),
            .ol(
                .class("report-steps"),
                .forEach(events) { e in
                    .li(
                        .p(.strong(.text(t("report.step.\(e.action)"))), .text(" · " + f.string(from: e.at) + " · " + e.userName)),
                        .unwrap(e.comment) { .p(.class("comment"), .text($0)) })
                }))
    }
}
