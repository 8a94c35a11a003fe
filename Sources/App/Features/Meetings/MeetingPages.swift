import ISHCCore
import Plot
import Vapor

/// The guided meeting form (day → who came → areas → topics → notes), a meeting's page, and the
/// club page's twelve-month grid.
enum MeetingPages {
    static func form(
        _ ctx: PageContext, clubUnit: OrgUnit, meeting: Meeting?, members: [Member], input: MeetingInput,
        errors: FormErrors, status: HTTPResponseStatus = .ok, focus: String? = nil
    ) -> Response {
        let t = ctx.t
        let isNew = meeting == nil
        let action = isNew ? Paths.newMeeting.link(clubUnit.id!) : Paths.editMeeting.link(meeting!.id!)
        let attended = Set(input.attended ?? [])
        let areas = Set(input.areas ?? [])
        let topics = Set(input.topics ?? [])
        let title = isNew ? t("meeting.new_title") : t("meeting.edit_title", Day(iso: meeting!.heldOn)?.vietnamese ?? "")
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(clubUnit.name, Paths.unit.link(clubUnit.id!)), (title, "")], status: status, script: "meeting.js",
            .p(.class("lead"), .text(clubUnit.name)),
            Form.errorSummary(ctx, errors),
            .element(
                named: "form",
                nodes: [
                    .attribute(named: "method", value: "post"), .attribute(named: "action", value: attr(action)),
                    .attribute(named: "novalidate", value: "novalidate"), .attribute(named: "class", value: "meeting-form"),
                    .attribute(named: "data-draft", value: attr(action)),
                    isNew ? Form.Outbox.meeting(clubUnit.id!).attributes() : .empty,
                    Form.csrf(ctx),
                    .h2(.text(t("meeting.step.day"))),
                    Form.field(
                        t("meeting.held_on"), name: "held_on", value: input.heldOn ?? "", error: errors["held_on"],
                        .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                    attendance(t, members: members, attended: attended, error: errors["attendance"]),
                    areaChoices(t, areas: ctx.areas, chosen: areas, error: errors["areas"]),
                    .element(
                        named: "fieldset",
                        nodes: [
                            .element(named: "legend", nodes: [.text(t("meeting.step.topics"))]),
                            .group(topicOptions(t, chosen: topics)),
                        ]),
                    Form.field(
                        t("meeting.other_topic"), name: "other_topic", value: input.otherTopic ?? "", error: errors["other_topic"],
                        .init(autocomplete: "off")),
                    .div(
                        .class(errors["notes"] == nil ? "field" : "field has-error"),
                        .label(.for("f-notes"), .text(t("meeting.step.notes"))),
                        .unwrap(errors["notes"]) { .p(.class("error"), .text($0)) },
                        .element(
                            named: "textarea",
                            nodes: [
                                .attribute(named: "id", value: "f-notes"), .attribute(named: "name", value: "notes"),
                                .attribute(named: "rows", value: "4"), .text(input.notes ?? ""),
                            ])),
                    Form.submit(t("meeting.save")),
                ]),
            .p(.a(.class("button secondary"), .href(Paths.unit.link(clubUnit.id!)), .text(t("form.cancel")))))
    }

    private static func attendance(_ t: Texts, members: [Member], attended: Set<String>, error: String?) -> BodyNode {
        // The count and the all/none buttons sit above the group, which holds only the ticks.
        var nodes: [BodyNode] = [
            .attribute(named: "id", value: "f-attendance"),
            .attribute(named: "class", value: error == nil ? "attendance" : "attendance has-error"),
            .element(named: "legend", nodes: [.attribute(named: "class", value: "visually-hidden"), .text(t("meeting.attendees"))]),
        ]
        if let error { nodes.append(.p(.class("error"), .text(error))) }
        if members.isEmpty { nodes.append(.p(.class("empty"), .text(t("meeting.no_members")))) }
        for m in members {
            let id = m.id!.uuidString
            nodes.append(Form.option(m.fullName, name: "attended[]", value: id, id: "m-" + id, checked: attended.contains(id)))
        }
        return .div(
            .class("attendance-step"),
            .h2(.text(t("meeting.step.who"))),
            .p(
                .class("attend-count"), .attribute(named: "aria-live", value: "polite"),
                .span(.class("attend-n"), .text(String(attended.count))), .text(" / \(members.count) " + t("meeting.people"))),
            .div(
                .class("actions"),
                .button(.type(.submit), .name("pick"), .value("all"), .class("secondary pick-all"), .text(t("meeting.pick_all"))),
                .button(.type(.submit), .name("pick"), .value("none"), .class("secondary pick-none"), .text(t("meeting.pick_none")))),
            .element(named: "fieldset", nodes: nodes))
    }

    private static func areaChoices(_ t: Texts, areas: [ActivityArea], chosen: Set<String>, error: String?) -> BodyNode {
        var nodes: [BodyNode] = [
            .attribute(named: "id", value: "f-areas"),
            .attribute(named: "class", value: error == nil ? "areas" : "areas has-error"),
            .element(named: "legend", nodes: [.text(t("meeting.step.areas"))]),
        ]
        if let error { nodes.append(.p(.class("error"), .text(error))) }
        for area in areas {
            let code = String(area.code)
            var input: [Attribute<HTML.InputContext>] = [
                .attribute(named: "type", value: "checkbox"), .attribute(named: "id", value: "a-" + code),
                .attribute(named: "name", value: "areas[]"), .attribute(named: "value", value: code),
            ]
            if chosen.contains(code) { input.append(.attribute(named: "checked", value: "checked")) }
            let label: BodyNode = .label(
                .for("a-" + code), .selfClosedElement(named: "input", attributes: input),
                .span(.class("area-icon"), .attribute(named: "aria-hidden", value: "true"), .text(area.icon)),
                .span(.text(code + ". " + area.name(t.lang))))
            nodes.append(.div(.class("field check-field area area-" + code), label))
        }
        return .element(named: "fieldset", nodes: nodes)
    }

    private static func topicOptions(_ t: Texts, chosen: Set<String>) -> [BodyNode] {
        MeetingTopics.all.map { key -> BodyNode in
            Form.option(t("meeting.topic.\(key)"), name: "topics[]", value: key, id: "t-\(key)", checked: chosen.contains(key))
        }
    }

    static func show(
        _ ctx: PageContext, clubUnit: OrgUnit, meeting: Meeting, attendees: [Member]?, areas: Set<Int>,
        canEdit: Bool, notice: String?
    ) -> Response {
        let t = ctx.t
        let day = Day(iso: meeting.heldOn)?.vietnamese ?? meeting.heldOn
        let title = t("meeting.title", day)
        let topics = meeting.topicList.map { t("meeting.topic.\($0)") } + [meeting.otherTopic].compactMap { $0 }
        return Layout.page(
            ctx, title: title, breadcrumbs: [(clubUnit.name, Paths.unit.link(clubUnit.id!)), (title, "")],
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .dl(
                .class("facts"),
                .dt(.text(t("meeting.held_on"))), .dd(.text(day)),
                .dt(.text(t("meeting.attendees"))), .dd(.text(t("meeting.attendee_count", meeting.attendeeCount))),
                .dt(.text(t("meeting.topics"))), .dd(.text(topics.isEmpty ? "—" : topics.joined(separator: "; ")))),
            .h2(.text(t("meeting.areas_title"))),
            .ul(
                .class("rows"),
                .forEach(ctx.areas.filter { areas.contains($0.code) }) { area in
                    .li(
                        .class("area area-\(area.code)"),
                        .span(.class("area-icon"), .attribute(named: "aria-hidden", value: "true"), .text(area.icon)),
                        .text(" \(area.code). \(area.name(t.lang))"))
                }),
            .unwrap(meeting.notes) { .group(.h2(.text(t("meeting.step.notes"))), .p(.class("notes"), .text($0))) },
            .unwrap(attendees) { list in
                .group(
                    .h2(.text(t("meeting.attendees"))),
                    .ul(.class("rows"), .forEach(list) { .li(.text($0.fullName)) }))
            },
            .if(canEdit, .p(.a(.class("button primary"), .href(Paths.editMeeting.link(meeting.id!)), .text(t("meeting.edit"))))),
            .p(.a(.class("button secondary"), .href(Paths.unit.link(clubUnit.id!)), .text(t("member.back_to_club")))))
    }

    /// The last twelve months: a column per month, a row per area, met or not.
    static func grid(
        _ t: Texts, areas: [ActivityArea], months: [MonthKey], coverage: [MonthKey: Set<Int>],
        states: [MonthKey: MonthlyMeetings.MonthState], recent: [Meeting], clubUnit: OrgUnit, canRecord: Bool
    ) -> BodyNode {
        // Only months that are over count as missed; the month under way is "not yet".
        let missed = months.filter { states[$0] == .missed }
        let open = months.filter { states[$0] == .open }
        func short(_ m: MonthKey) -> String { "\(m.month)/\(String(m.year).suffix(2))" }
        return .section(
            .attribute(named: "aria-labelledby", value: "meetings-h"),
            .h2(.id("meetings-h"), .text(t("meeting.grid_title"))),
            .if(canRecord, .p(.a(.class("button primary"), .href(Paths.newMeeting.link(clubUnit.id!)), .text(t("meeting.record"))))),
            .p(
                .text(
                    missed.isEmpty ? t("meeting.none_missed") : t("meeting.missed", missed.count, missed.map(\.description).joined(separator: ", ")))),
            .forEach(open) { m in .p(.class("hint"), .text(t("meeting.open_month", m.description))) },
            .p(.class("hint"), .text(t("meeting.grid_caption"))),
            .div(
                .class("table-scroll"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                .attribute(named: "aria-label", value: t("meeting.grid_title")),
                .table(
                    .class("grid"),
                    .caption(.class("visually-hidden"), .text(t("meeting.grid_title"))),
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text(t("meeting.area"))),
                            .forEach(months) { m in .th(.attribute(named: "scope", value: "col"), .text(short(m))) })),
                    .tbody(
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(t("meeting.met"))),
                            .forEach(months) { m in metCell(states[m] ?? .notDue, t) }),
                        .forEach(areas) { area in
                            areaRow(area, t, months: months, coverage: coverage)
                        }))),
            .if(
                !recent.isEmpty,
                .ul(
                    .class("rows"),
                    .forEach(recent.prefix(6)) { m in
                        .li(
                            .a(
                                .class("row-title"), .href(Paths.meeting.link(m.id!)),
                                .text(t("meeting.title", Day(iso: m.heldOn)?.vietnamese ?? m.heldOn))),
                            .span(.class("row-meta"), .text(t("meeting.attendee_count", m.attendeeCount))))
                    })))
    }

    private static func areaRow(_ area: ActivityArea, _ t: Texts, months: [MonthKey], coverage: [MonthKey: Set<Int>]) -> Node<HTML.TableContext> {
        let name = area.name(t.lang)
        let header: Node<HTML.TableRowContext> = .th(
            .attribute(named: "scope", value: "row"),
            .span(.attribute(named: "aria-hidden", value: "true"), .text("\(area.icon) ")),
            .text("\(area.code). \(name)"))
        let cells: [Node<HTML.TableRowContext>] = months.map { cell(coverage[$0]?.contains(area.code) ?? false, t) }
        return .tr(.class("area-\(area.code)"), .group([header] + cells))
    }

    /// The "met" row: a meeting, a month missed, the month under way, or a month not due.
    private static func metCell(_ state: MonthlyMeetings.MonthState, _ t: Texts) -> Node<HTML.TableRowContext> {
        switch state {
        case .met: return cell(true, t)
        case .missed: return cell(false, t)
        case .open, .notDue:
            return .td(
                .class(state == .open ? "open" : "none"), .span(.attribute(named: "aria-hidden", value: "true"), .text(state == .open ? "…" : "")),
                .span(.class("visually-hidden"), .text(t(state == .open ? "meeting.cell_open" : "meeting.cell_not_due"))))
        }
    }

    private static func cell(_ yes: Bool, _ t: Texts) -> Node<HTML.TableRowContext> {
        .td(
            .class(yes ? "yes" : "no"), .span(.attribute(named: "aria-hidden", value: "true"), .text(yes ? "●" : "·")),
            .span(.class("visually-hidden"), .text(yes ? t("meeting.cell_yes") : t("meeting.cell_no"))))
    }
}
