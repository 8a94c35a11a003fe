import Foundation
import ISHCCore
import Plot
import Vapor

/// A report as an administrative document on A4, as an Excel sheet, and the page of periods and
/// deadlines.
extension ReportPages {
    // MARK: The printed document

    /// The report as an administrative document (Decree 30/2020/NĐ-CP): the issuing body and
    /// the national motto side by side, number and symbol, place and date, title, body,
    /// recipients and signature; A4 in Times New Roman.
    static func document(_ ctx: PageContext, _ m: ReportModel, parent: OrgUnit?) -> Response {
        let t = ctx.t
        let r = m.report
        let s = m.figures
        let issuer = associationName(m.unit)
        let above = parent.map { $0.unitLevel == .nation ? "Trung ương Hội Người cao tuổi Việt Nam" : associationName($0) }
        let day = Day(iso: r.sentOn ?? "") ?? m.today
        let number = r.number.map { "Số: \($0)" } ?? "Số:      /BC-HNCT"
        let recipients = (r.recipients ?? "").components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let asOf = Day(iso: s.asOf)?.vietnamese ?? s.asOf
        let codes = breakdownCodes.filter { c in s.rows.contains { $0.figures[c] != nil } }
        let html = HTML(
            .lang(.vietnamese),
            .head(
                .meta(.charset(.utf8)), .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                headTitle("\(t("report.doc_title")) \(periodName(t, r.reportKind, r.year)) · \(m.unit.name)"),
                .link(.rel(.stylesheet), .href("/static/report.css")),
                .script(.src("/static/print.js"), .attribute(named: "defer", value: "defer"))),
            .body(
                .class("document"),
                .div(
                    .class("screen-only doc-actions"),
                    .a(.href(Paths.report.link(r.id!)), .text(t("report.back"))),
                    .button(.type(.button), .class("print-button"), .attribute(named: "hidden", value: "hidden"), .text(t("print.button")))),
                .element(
                    named: "article",
                    nodes: [
                        .class("page"),
                        .table(
                            .class("doc-head"),
                            .tbody(
                                .tr(
                                    .td(
                                        .class("issuer"),
                                        .unwrap(above) { .p(.class("above"), .text($0.uppercased())) },
                                        .p(.class("name"), .text(issuer.uppercased())),
                                        .p(.class("rule"), .text("")),
                                        .p(.class("number"), .text(number))),
                                    .td(
                                        .class("motto"),
                                        .p(.class("state"), .text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
                                        .p(.class("words"), .text("Độc lập - Tự do - Hạnh phúc")),
                                        .p(.class("date"), .text(AdministrativeDate.line(place: r.place ?? placeName(m.unit), day))))))),
                        .h1(.class("doc-title"), .text("BÁO CÁO")),
                        .p(.class("doc-subject"), .text(t("report.doc_subject", periodName(t, r.reportKind, r.year)))),
                        .if(r.reportStatus != .approved && r.reportStatus != .submitted, .p(.class("draft-mark"), .text(t("report.doc_draft")))),
                        .h2(.text("I. " + t("report.doc.results"))),
                        .p(.text(t("report.doc.figures_intro", asOf))),
                        .table(
                            .class("doc-table"),
                            .thead(.tr(.th(.text("TT")), .th(.text(t("report.indicator"))), .th(.text(t("report.value"))))),
                            .tbody(
                                .forEach(IndicatorCatalogue.all.filter { s.figures[$0.code] != nil }.enumerated()) { i, def in
                                    .tr(
                                        .td(.class("n"), .text(String(i + 1))), .td(.text(def.vi)),
                                        .td(.class("v"), .text(figureText(s.figures[def.code], def.code))))
                                })),
                        paragraphs(r.results ?? ""),
                        .if(!s.targets.isEmpty, .h3(.text(t("report.targets")))),
                        .forEach(byPlan(s)) { group in
                            .group(
                                .p(.class("plan-name"), .text(group.title)),
                                .table(
                                    .class("doc-table"),
                                    .thead(
                                        .tr(
                                            .th(.text(t("report.indicator"))), .th(.text(t("report.goal"))), .th(.text(t("report.value"))),
                                            .th(.text(t("report.assessment"))))),
                                    .tbody(
                                        .forEach(group.rows) { row in
                                            let (goal, words) = targetWords(t, row)
                                            return .tr(
                                                .td(.text(IndicatorCatalogue.definition(row.indicator)?.vi ?? row.indicator)),
                                                .td(.class("v"), .text(goal)),
                                                .td(.class("v"), .text(figureText(row.figure, row.indicator))), .td(.text(words)))
                                        })))
                        },
                        .if(
                            !s.rows.isEmpty,
                            .group(
                                .h3(.text(m.unit.unitLevel == .commune ? t("report.by_club") : t("report.by_unit"))),
                                .table(
                                    .class("doc-table small"),
                                    .thead(.tr(.th(.text(t("report.unit"))), .forEach(codes) { .th(.text(shortName(t, $0))) })),
                                    .tbody(
                                        .forEach(s.rows) { row in
                                            .tr(
                                                .td(.text(rowName(row.name))),
                                                .forEach(codes) { .td(.class("v"), .text(shortText(row.figures[$0], $0))) })
                                        })))),
                        .unwrap(m.restated) { rows in
                            .group(
                                .h3(.text(t("report.restated"))),
                                .table(
                                    .class("doc-table small"),
                                    .thead(.tr(.th(.text(t("report.unit"))), .forEach(codes) { .th(.text(shortName(t, $0))) })),
                                    .tbody(
                                        .forEach(rows) { row in
                                            .tr(
                                                .td(.text(rowName(row.name))),
                                                .forEach(codes) { .td(.class("v"), .text(shortText(row.figures[$0], $0))) })
                                        })))
                        },
                        .h2(.text("II. " + t("report.doc.difficulties"))),
                        paragraphs(r.difficulties ?? t("report.empty")),
                        .h2(.text("III. " + t("report.doc.proposals"))),
                        paragraphs(r.proposals ?? t("report.empty")),
                        .table(
                            .class("doc-foot"),
                            .tbody(
                                .tr(
                                    .td(
                                        .class("recipients"),
                                        .p(.class("label"), .text("Nơi nhận:")),
                                        .forEach(recipients) { .p(.text("- " + $0 + ";")) }),
                                    .td(
                                        .class("signature"),
                                        .p(.class("on-behalf"), .text(m.unit.unitLevel == .nation ? "TM. BAN CHẤP HÀNH" : "TM. BAN THƯỜNG VỤ")),
                                        .p(.class("title"), .text((r.signerTitle ?? "").uppercased())),
                                        .p(.class("sign-space"), .text("")),
                                        .p(.class("signer"), .text(r.signerName ?? "")))))),
                    ])))
        let response = Response(status: .ok)
        response.headers.contentType = .html
        response.body = .init(string: html.render())
        return response
    }

    // MARK: Excel

    static func sheet(_ t: Texts, _ m: ReportModel) -> ([String], [[String]]) {
        let s = m.figures
        let header = [t("report.xlsx.code"), t("report.indicator"), t("report.xlsx.numerator"), t("report.xlsx.denominator"), t("report.value")]
        var rows: [[String]] = [
            [t("report.xlsx.unit"), m.unit.name, "", "", periodName(t, m.report.reportKind, m.report.year)],
            [t("report.xlsx.as_of"), Day(iso: s.asOf)?.vietnamese ?? s.asOf, "", "", statusText(t, m.report)],
        ]
        for def in IndicatorCatalogue.all {
            guard let f = s.figures[def.code] else { continue }
            rows.append([def.code, def.vi, String(f.n), f.d.map(String.init) ?? "", figureText(f, def.code)])
        }
        if !s.targets.isEmpty {
            rows.append(["", "", "", "", ""])
            rows.append([t("report.targets"), "", t("report.goal"), t("report.value"), t("report.assessment")])
            for row in s.targets {
                let (goal, words) = targetWords(t, row)
                rows.append([
                    row.indicator, IndicatorCatalogue.definition(row.indicator)?.vi ?? "", goal, figureText(row.figure, row.indicator), words,
                ])
            }
        }
        for (title, list) in [
            (m.unit.unitLevel == .commune ? t("report.by_club") : t("report.by_unit"), s.rows), (t("report.restated"), m.restated ?? []),
        ]
        where !list.isEmpty {
            rows.append(["", "", "", "", ""])
            rows.append([title, t("report.unit"), t("report.xlsx.numerator"), t("report.xlsx.denominator"), t("report.value")])
            for row in list {
                for code in breakdownCodes {
                    guard let f = row.figures[code] else { continue }
                    rows.append([code, row.name, String(f.n), f.d.map(String.init) ?? "", figureText(f, code)])
                }
            }
        }
        return (header, rows)
    }

    // MARK: Schedule

    static func schedules(
        _ ctx: PageContext, rows: [ReportSchedule], input: [String: String], canEdit: Bool, errors: FormErrors,
        notice: String?, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let title = t("report.schedule.title")
        return Layout.page(
            ctx, title: title, breadcrumbs: [(title, "")], status: status,
            .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            Form.errorSummary(ctx, errors),
            .p(.text(t("report.schedule.lead"))),
            canEdit
                ? Form.post(
                    ctx, action: Paths.reportSchedules.link(),
                    .forEach(rows) { s in
                        PlanPages.fieldset(
                            legend: t("report.kind.\(s.kind.rawValue)"),
                            Form.field(
                                t("report.schedule.end"), name: "\(s.kind.rawValue)_end", value: input["\(s.kind.rawValue)_end"] ?? "",
                                error: errors["\(s.kind.rawValue)_end"], Form.FieldOptions(inputmode: "numeric", hint: t("report.schedule.hint"))),
                            Form.field(
                                t("report.schedule.due"), name: "\(s.kind.rawValue)_due", value: input["\(s.kind.rawValue)_due"] ?? "",
                                error: errors["\(s.kind.rawValue)_due"], Form.FieldOptions(inputmode: "numeric", hint: t("report.schedule.hint"))))
                    },
                    Form.submit(t("report.schedule.save")))
                : .ul(
                    .forEach(rows) { s in
                        .li(
                            .text(
                                t(
                                    "report.schedule.line", t("report.kind.\(s.kind.rawValue)"), "\(s.endDay)/\(s.endMonth)",
                                    "\(s.dueDay)/\(s.dueMonth)")))
                    }))
    }
}
