import ISHCCore
import Plot
import Vapor

/// A club's health checks by day, the check-day form (one row per member) and one reading's form.
enum HealthPages {
    static func list(_ ctx: PageContext, unit: OrgUnit, year: Int, checks: [HealthCheck], canAdd: Bool) -> Response {
        let t = ctx.t
        let title = t("health.title", year)
        let byDay = Dictionary(grouping: checks, by: \.checkedOn).sorted { $0.key > $1.key }
        let thisYear = ctx.today.year
        let notice: String? = ctx.done.map { $0 == "saved" ? t("health.done.saved") : t("health.done.created", $0) }
        let people = Set(checks.map { $0.$member.id }).count
        let high = checks.filter { $0.reading.isHigh }.count
        return Layout.page(
            ctx, title: title, breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (title, "")], script: "print.js",
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.class("lead"), .text(unit.name)),
            .p(.class("hint"), .text(t("health.sensitive"))),
            .p(.class("print-only"), .text(t("print.printed_on", ctx.today.vietnamese))),
            .div(
                .class("actions"),
                .if(canAdd, .a(.class("button primary"), .href(Paths.newHealthChecks.link(unit.id!)), .text(t("health.add")))),
                ActivityPages.printButton(t)),
            YearNav.render(t, year: year, thisYear: thisYear) { y in Paths.healthChecks.link(unit.id!, query: [("nam", String(y))]) },
            .p(.class("summary"), .text(t("health.summary", byDay.count, people, checks.count, high))),
            byDay.isEmpty
                ? .p(.class("empty"), .text(t("health.none", year)))
                : .group(
                    byDay.map { day, list in
                        let sorted = list.sorted(byPerson: { $0.member.fullName })
                        let place = list.compactMap(\.place).first
                        return .section(
                            .class("check-day"),
                            .h2(.text(t("health.day", Day(iso: day)?.vietnamese ?? day, list.count))),
                            .unwrap(place) { .p(.class("row-meta"), .text($0)) },
                            .div(
                                .class("table-scroll"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                                .attribute(named: "aria-label", value: attr(t("health.day", Day(iso: day)?.vietnamese ?? day, list.count))),
                                .table(
                                    .class("readings"),
                                    .thead(
                                        .tr(
                                            .th(.text(t("member.full_name"))), .th(.text(t("health.bp"))), .th(.text(t("health.weight"))),
                                            .th(.span(.class("visually-hidden"), .text(t("health.edit")))))),
                                    .tbody(
                                        .forEach(sorted) { c in
                                            .tr(
                                                .class(c.reading.isHigh ? "high" : ""),
                                                .td(.text(c.member.fullName)),
                                                .td(.text(bp(c)), .if(c.reading.isHigh, .span(.class("flag"), .text(" " + t("health.high"))))),
                                                .td(.text(c.weightTenths.map(HealthReading.formatWeight) ?? "—")),
                                                .td(
                                                    .a(
                                                        .href(Paths.editHealthCheck.link(c.id!)),
                                                        .attribute(named: "aria-label", value: attr(t("health.edit_who", c.member.fullName))),
                                                        .text(t("health.edit")))))
                                        }))))
                    }))
    }

    static func bp(_ c: HealthCheck) -> String {
        guard let s = c.systolic, let d = c.diastolic else { return "—" }
        return "\(s)/\(d)"
    }

    static func sessionForm(
        _ ctx: PageContext, unit: OrgUnit, members: [Member], session: HealthCheckSession,
        errors: FormErrors, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let title = t("health.add")
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("health.title_short"), Paths.healthChecks.link(unit.id!)), (title, "")],
            status: status,
            .p(.class("lead"), .text(unit.name)),
            .p(.class("hint"), .text(t("health.form_intro"))),
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.newHealthChecks.link(unit.id!), draft: true,
                Form.field(
                    t("health.checked_on"), name: "checked_on", value: session.checkedOn, error: errors["checked_on"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                Form.field(
                    t("health.place"), name: "place", value: session.place, error: errors["place"],
                    .init(autocomplete: "off", hint: t("health.place_hint"))),
                .div(.id("f-readings"), .unwrap(errors["readings"]) { .p(.class("error"), .text($0)) }),
                .if(members.isEmpty, .p(.class("empty"), .text(t("meeting.no_members")))),
                .group(
                    members.map { m in
                        let id = m.id!.uuidString
                        let row = session.rows[id] ?? ("", "", "")
                        let rowError = errors["sys-\(id)"] ?? errors["dia-\(id)"] ?? errors["kg-\(id)"]
                        return .element(
                            named: "fieldset",
                            nodes: [
                                .attribute(named: "class", value: rowError == nil ? "reading" : "reading has-error"),
                                .element(named: "legend", nodes: [.text(m.fullName)]),
                                .unwrap(rowError) { .p(.class("error"), .text($0)) },
                                .div(
                                    .class("reading-fields"),
                                    small(t("health.systolic"), name: "sys-\(id)", value: row.systolic, invalid: errors["sys-\(id)"] != nil),
                                    small(t("health.diastolic"), name: "dia-\(id)", value: row.diastolic, invalid: errors["dia-\(id)"] != nil),
                                    small(
                                        t("health.weight_kg"), name: "kg-\(id)", value: row.weight, invalid: errors["kg-\(id)"] != nil, decimal: true)
                                ),
                            ])
                    }),
                Form.submit(t("health.save"))),
            .p(.a(.class("button secondary"), .href(Paths.healthChecks.link(unit.id!)), .text(t("form.cancel")))))
    }

    private static func small(_ label: String, name: String, value: String, invalid: Bool, decimal: Bool = false) -> BodyNode {
        var attrs: [Attribute<HTML.InputContext>] = [
            .attribute(named: "type", value: "text"), .attribute(named: "id", value: "f-" + name),
            .attribute(named: "name", value: name), .attribute(named: "value", value: attr(value)),
            .attribute(named: "inputmode", value: decimal ? "decimal" : "numeric"), .attribute(named: "autocomplete", value: "off"),
            .attribute(named: "size", value: "5"),
        ]
        if invalid { attrs.append(.attribute(named: "aria-invalid", value: "true")) }
        return .div(.class("small-field"), .label(.for("f-" + name), .text(label)), .selfClosedElement(named: "input", attributes: attrs))
    }

    static func editForm(
        _ ctx: PageContext, unit: OrgUnit, check: HealthCheck, member: Member, input: HealthCheckInput,
        errors: FormErrors, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let title = t("health.edit_title", member.fullName)
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("health.title_short"), Paths.healthChecks.link(unit.id!)), (title, "")],
            status: status,
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.editHealthCheck.link(check.id!), draft: true,
                Form.field(
                    t("health.checked_on"), name: "checked_on", value: input.checkedOn ?? "", error: errors["checked_on"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                Form.field(t("health.place"), name: "place", value: input.place ?? "", error: errors["place"], .init(autocomplete: "off")),
                Form.field(
                    t("health.systolic"), name: "systolic", value: input.systolic ?? "", error: errors["systolic"],
                    .init(autocomplete: "off", inputmode: "numeric", hint: t("health.systolic_hint"))),
                Form.field(
                    t("health.diastolic"), name: "diastolic", value: input.diastolic ?? "", error: errors["diastolic"],
                    .init(autocomplete: "off", inputmode: "numeric")),
                Form.field(
                    t("health.weight_kg"), name: "weight", value: input.weight ?? "", error: errors["weight"],
                    .init(autocomplete: "off", inputmode: "decimal", hint: t("health.weight_hint"))),
                Form.textarea(t("activity.field.notes"), name: "notes", value: input.notes ?? "", error: errors["notes"]),
                Form.submit(t("health.save_one"))),
            .p(.a(.class("button secondary"), .href(Paths.healthChecks.link(unit.id!)), .text(t("form.cancel")))))
    }
}
