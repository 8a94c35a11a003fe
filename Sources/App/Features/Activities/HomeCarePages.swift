import ISHCCore
import Plot
import Vapor

/// A club's home care: volunteers, people cared for, the month's visits (printable as the visit
/// log), one person's page with the visit form, and the forms for a person and a visit.
enum HomeCarePages {
    static func overview(_ ctx: PageContext, _ m: CareOverview) -> Response {
        let t = ctx.t
        let title = t("care.title")
        let current = m.recipients.filter { $0.until == nil }
        let ended = m.recipients.filter { $0.until != nil }
        let minutes = m.visits.reduce(0) { $0 + $1.minutes }
        let byVolunteer = Dictionary(grouping: m.visits) { $0.$volunteer.id }
        let byRecipient = Dictionary(grouping: m.visits) { $0.$recipient.id }
        return Layout.page(
            ctx, title: title, breadcrumbs: [(m.unit.name, Paths.unit.link(m.unit.id!)), (title, "")], script: "print.js",
            .p(.class("lead"), .text(m.unit.name)),
            .div(
                .class("actions"),
                .if(m.canWrite, .a(.class("button primary"), .href(Paths.newCareRecipient.link(m.unit.id!)), .text(t("care.add_recipient")))),
                ActivityPages.printButton(t)),
            .section(
                .attribute(named: "aria-labelledby", value: "cared-h"),
                .h2(.id("cared-h"), .text(t("care.recipients", current.count))),
                current.isEmpty
                    ? .p(.class("empty"), .text(t("care.no_recipients")))
                    : .ul(
                        .class("rows"),
                        .forEach(current) { r in
                            let n = byRecipient[r.id!]?.count ?? 0
                            return .li(
                                .a(.class("row-title"), .href(Paths.careRecipient.link(r.id!)), .text(r.fullName)),
                                .span(
                                    .class("row-meta"),
                                    .text(
                                        [
                                            r.memberID == nil ? t("activity.not_member_short") : t("care.is_member"),
                                            r.volunteerID.flatMap { m.names[$0] }.map { t("care.by", $0) } ?? t("care.no_volunteer"),
                                            t("care.visits_in_month", n),
                                        ].joined(separator: " · "))))
                        })),
            .section(
                .attribute(named: "aria-labelledby", value: "vol-h"),
                .h2(.id("vol-h"), .text(t("care.volunteers", m.volunteers.count))),
                .p(.class("hint"), .text(t("care.volunteers_hint"))),
                .ul(
                    .class("rows"),
                    .forEach(m.volunteers) { v in
                        let visits = byVolunteer[v.id!] ?? []
                        return .li(
                            .span(.class("row-title"), .text(v.fullName)),
                            .span(
                                .class("row-meta"),
                                .text(t("care.volunteer_month", visits.count, HomeCareRules.describe(minutes: visits.reduce(0) { $0 + $1.minutes }))))
                        )
                    })),
            .section(
                .attribute(named: "aria-labelledby", value: "log-h"),
                .h2(.id("log-h"), .text(t("care.log", m.month.description))),
                .element(
                    named: "form",
                    nodes: [
                        .attribute(named: "method", value: "get"), .attribute(named: "action", value: attr(Paths.homeCare.link(m.unit.id!))),
                        .attribute(named: "class", value: "inline-form"),
                        Form.field(
                            t("care.month"), name: "thang", value: m.month.description,
                            .init(autocomplete: "off", inputmode: "numeric", hint: t("care.month_hint"))),
                        .button(.type(.submit), .class("secondary"), .text(t("care.show_month"))),
                    ]),
                .p(.class("summary"), .text(t("care.log_summary", m.visits.count, HomeCareRules.describe(minutes: minutes)))),
                m.visits.isEmpty ? .p(.class("empty"), .text(t("care.no_visits"))) : visitTable(t, m.visits, names: m.names, showRecipient: true)),
            .if(
                !ended.isEmpty,
                .element(
                    named: "details",
                    nodes: [
                        .element(named: "summary", nodes: [.text(t("care.ended", ended.count))]),
                        .ul(
                            .class("rows"),
                            .forEach(ended) { r in
                                .li(
                                    .a(.class("row-title"), .href(Paths.careRecipient.link(r.id!)), .text(r.fullName)),
                                    .span(
                                        .class("row-meta"),
                                        .text(t("care.ended_on", r.until.flatMap(Day.init(iso:))?.vietnamese ?? "", r.untilReason ?? ""))))
                            }),
                    ])))
    }

    /// Visits as rows (a table would be five narrow columns on a phone): day and who, then what
    /// was done and for how long.
    static func visitTable(_ t: Texts, _ visits: [CareVisit], names: [UUID: String], showRecipient: Bool, canEdit: Bool = true) -> BodyNode {
        .ul(
            .class("rows visits"), .attribute(named: "aria-label", value: attr(t("care.visits_table"))),
            .forEach(visits) { v in
                let day = Day(iso: v.visitedOn)?.vietnamese ?? v.visitedOn
                let who = showRecipient ? (names[v.$recipient.id] ?? "") : ""
                let heading = [day, who].filter { !$0.isEmpty }.joined(separator: " · ")
                let meta = [
                    t("care.visit_by", names[v.$volunteer.id] ?? ""), v.taskList.map { t("care.task.\($0)") }.joined(separator: ", "),
                    HomeCareRules.describe(minutes: v.minutes),
                ].joined(separator: " · ")
                return .li(
                    .span(.class("row-title"), .text(heading)), .span(.class("row-meta"), .text(meta)),
                    .if(
                        canEdit,
                        .a(
                            .class("row-action"), .href(Paths.editCareVisit.link(v.id!)),
                            .attribute(named: "aria-label", value: attr(t("care.edit_visit_of", heading))), .text(t("care.edit_visit")))))
            })
    }

    static func recipient(
        _ ctx: PageContext, unit: OrgUnit, recipient r: CareRecipient, visits: [CareVisit], names: [UUID: String],
        volunteers: [Member], canWrite: Bool, input: CareVisitInput, errors: FormErrors,
        notice: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = ctx.t
        let total = visits.reduce(0) { $0 + $1.minutes }
        var facts: [(String, String)] = [(t("care.kind"), r.memberID == nil ? t("activity.not_member_short") : t("care.is_member"))]
        if let y = r.birthYear { facts.append((t("care.birth_year"), String(y))) }
        if let a = r.address { facts.append((t("care.address"), a)) }
        if let n = r.needs { facts.append((t("care.needs"), n)) }
        facts.append((t("care.volunteer"), r.volunteerID.flatMap { names[$0] } ?? t("care.no_volunteer")))
        facts.append((t("care.since"), Day(iso: r.since)?.vietnamese ?? r.since))
        if let u = r.until.flatMap(Day.init(iso:)) { facts.append((t("care.until"), u.vietnamese + (r.untilReason.map { " (\($0))" } ?? ""))) }
        facts.append((t("care.total"), t("care.total_value", visits.count, HomeCareRules.describe(minutes: total))))
        return Layout.page(
            ctx, title: r.fullName,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("care.title"), Paths.homeCare.link(unit.id!)), (r.fullName, "")],
            status: status, script: "print.js",
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .dl(.class("facts"), .forEach(facts) { item in .group(.dt(.text(item.0)), .dd(.text(item.1))) }),
            .div(
                .class("actions"),
                .if(canWrite, .a(.class("button secondary"), .href(Paths.editCareRecipient.link(r.id!)), .text(t("care.edit_recipient")))),
                ActivityPages.printButton(t)),
            .if(
                canWrite && r.until == nil,
                .section(
                    .class("visit-form"), .attribute(named: "aria-labelledby", value: "visit-h"),
                    .h2(.id("visit-h"), .text(t("care.add_visit"))),
                    Form.errorSummary(ctx, errors),
                    visitFields(
                        ctx, action: Paths.newCareVisit.link(r.id!), outbox: .careVisit(r.id!), volunteers: volunteers, input: input,
                        errors: errors))),
            .h2(.text(t("care.visits", visits.count))),
            visits.isEmpty
                ? .p(.class("empty"), .text(t("care.no_visits"))) : visitTable(t, visits, names: names, showRecipient: false, canEdit: canWrite))
    }

    private static func visitFields(
        _ ctx: PageContext, action: String, outbox: Form.Outbox? = nil, volunteers: [Member], input: CareVisitInput,
        errors: FormErrors
    ) -> BodyNode {
        let t = ctx.t
        let chosen = Set(input.tasks ?? [])
        let options = [("", t("activity.choose"))] + volunteers.map { ($0.id!.uuidString, $0.fullName) }
        return Form.post(
            ctx, action: action, draft: true, outbox: outbox,
            Form.field(
                t("care.visited_on"), name: "visited_on", value: input.visitedOn ?? "", error: errors["visited_on"],
                .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
            Form.select(
                t("care.volunteer"), name: "volunteer", options: options, selected: input.volunteer, error: errors["volunteer"],
                hint: volunteers.isEmpty ? t("care.volunteers_hint") : nil),
            .element(
                named: "fieldset",
                nodes: [
                    .attribute(named: "id", value: "f-tasks"),
                    .attribute(named: "class", value: errors["tasks"] == nil ? "tasks" : "tasks has-error"),
                    .element(named: "legend", nodes: [.text(t("care.tasks"))]),
                    .unwrap(errors["tasks"]) { .p(.class("error"), .text($0)) },
                    .group(
                        HomeCareRules.tasks.map { task in
                            Form.option(t("care.task.\(task)"), name: "tasks[]", value: task, id: "task-" + task, checked: chosen.contains(task))
                        }),
                ]),
            Form.field(
                t("care.minutes"), name: "minutes", value: input.minutes ?? "", error: errors["minutes"],
                .init(autocomplete: "off", required: true, hint: t("care.minutes_hint"))),
            Form.textarea(t("activity.field.notes"), name: "notes", value: input.notes ?? "", error: errors["notes"]),
            Form.submit(t("care.save_visit")))
    }

    static func visitForm(
        _ ctx: PageContext, unit: OrgUnit, recipient r: CareRecipient, visit: CareVisit, volunteers: [Member],
        input: CareVisitInput, errors: FormErrors, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = ctx.t
        let title = t("care.edit_visit_title", r.fullName)
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (r.fullName, Paths.careRecipient.link(r.id!)), (title, "")],
            status: status,
            Form.errorSummary(ctx, errors),
            visitFields(ctx, action: Paths.editCareVisit.link(visit.id!), volunteers: volunteers, input: input, errors: errors),
            .p(.a(.class("button secondary"), .href(Paths.careRecipient.link(r.id!)), .text(t("form.cancel")))))
    }

    static func recipientForm(
        _ ctx: PageContext, unit: OrgUnit, recipient: CareRecipient?, choices: CareChoices,
        input: CareRecipientInput, errors: FormErrors, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let t = ctx.t
        let isNew = recipient == nil
        let title = isNew ? t("care.add_recipient") : t("care.edit_recipient_title", recipient!.fullName)
        let action = isNew ? Paths.newCareRecipient.link(unit.id!) : Paths.editCareRecipient.link(recipient!.id!)
        let memberOptions = [("", t("activity.not_member"))] + choices.members.map { ($0.id!.uuidString, $0.fullName) }
        let volunteerOptions = [("", t("care.no_volunteer"))] + choices.volunteers.map { ($0.id!.uuidString, $0.fullName) }
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("care.title"), Paths.homeCare.link(unit.id!)), (title, "")],
            status: status,
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: action, draft: true,
                Form.select(
                    t("care.member"), name: "member", options: memberOptions, selected: input.member, error: errors["member"],
                    hint: t("care.member_hint")),
                Form.field(
                    t("care.full_name"), name: "full_name", value: input.fullName ?? "", error: errors["full_name"],
                    .init(autocomplete: "off", hint: t("care.full_name_hint"))),
                Form.field(
                    t("care.birth_year"), name: "birth_year", value: input.birthYear ?? "", error: errors["birth_year"],
                    .init(autocomplete: "off", inputmode: "numeric")),
                Form.field(t("care.address"), name: "address", value: input.address ?? "", error: errors["address"], .init(autocomplete: "off")),
                Form.textarea(t("care.needs"), name: "needs", value: input.needs ?? "", error: errors["needs"], hint: t("care.needs_hint")),
                Form.select(
                    t("care.volunteer"), name: "volunteer", options: volunteerOptions, selected: input.volunteer, error: errors["volunteer"],
                    hint: t("care.volunteers_hint")),
                Form.field(
                    t("care.since"), name: "since", value: input.since ?? "", error: errors["since"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                .if(
                    !isNew,
                    .group(
                        Form.field(
                            t("care.until"), name: "until", value: input.until ?? "", error: errors["until"],
                            .init(autocomplete: "off", inputmode: "numeric", hint: t("care.until_hint"))),
                        Form.field(
                            t("care.until_reason"), name: "until_reason", value: input.untilReason ?? "", error: errors["until_reason"],
                            .init(autocomplete: "off")))),
                Form.submit(t("care.save_recipient"))),
            .p(
                .a(
                    .class("button secondary"), .href(isNew ? Paths.homeCare.link(unit.id!) : Paths.careRecipient.link(recipient!.id!)),
                    .text(t("form.cancel")))))
    }
}
