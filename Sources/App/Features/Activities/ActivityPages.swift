import ISHCCore
import Plot
import Vapor

/// An activity's form (its fields come from `ActivityKind.fields`), its page, and a unit's list of
/// one kind for a year. Every page prints on A4 (the print style hides the site's header and buttons).
enum ActivityPages {
    static func kindName(_ t: Texts, _ kind: ActivityKind) -> String { t("activity.kind.\(kind.rawValue)") }

    private static func label(_ t: Texts, _ kind: ActivityKind, _ field: ActivityField) -> String {
        t.first("activity.\(kind.rawValue).\(field.rawValue)", "activity.field.\(field.rawValue)")
    }

    // MARK: Form

    static func form(
        _ ctx: PageContext, kind: ActivityKind, place: ActivityPlace, activity: Activity?,
        input: ActivityInput, errors: FormErrors, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let isNew = activity == nil
        let action = isNew ? Paths.newActivity.link(place.unit.id!, kind.rawValue) : Paths.editActivity.link(activity!.id!)
        let title = isNew ? t("activity.new_title", kindName(t, kind)) : t("activity.edit_title", kindName(t, kind))
        let listLink = Paths.activities.link(place.unit.id!, kind.rawValue)
        var nodes: [BodyNode] = [
            .attribute(named: "method", value: "post"), .attribute(named: "action", value: attr(action)),
            .attribute(named: "novalidate", value: "novalidate"), Form.csrf(ctx),
        ]
        for field in kind.fields { nodes.append(fieldNode(t, kind, field, place: place, input: input, errors: errors, areas: ctx.areas)) }
        nodes.append(Form.submit(t("activity.save")))
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(place.unit.name, Paths.unit.link(place.unit.id!)), (kindName(t, kind), listLink), (title, "")],
            status: status,
            .p(.class("lead"), .text(place.unit.name)),
            .p(.class("hint"), .text(t("activity.\(kind.rawValue).intro"))),
            Form.errorSummary(ctx, errors),
            .element(named: "form", nodes: nodes),
            .p(.a(.class("button secondary"), .href(isNew ? listLink : Paths.activity.link(activity!.id!)), .text(t("form.cancel")))))
    }

    private static func fieldNode(
        _ t: Texts, _ kind: ActivityKind, _ field: ActivityField, place: ActivityPlace,
        input: ActivityInput, errors: FormErrors, areas: [ActivityArea]
    ) -> BodyNode {
        let name = field.rawValue
        let l = label(t, kind, field)
        let error = errors[name]
        func text(_ value: String?, hint: String? = nil, numeric: Bool = false, required: Bool = false) -> BodyNode {
            Form.field(
                l, name: name, value: value ?? "", error: error,
                .init(autocomplete: "off", inputmode: numeric ? "numeric" : nil, required: required, hint: hint))
        }
        switch field {
        case .heldOn: return text(input.heldOn, hint: t("form.date_hint"), numeric: true, required: true)
        case .followUpDue, .followUpDone:
            return text(
                field == .followUpDue ? input.followUpDue : input.followUpDone,
                hint: t("activity.hint.\(name)"), numeric: true)
        case .subtype:
            let options = [("", t("activity.choose"))] + kind.subtypes().map { ($0, t("activity.subtype.\($0)")) }
            return Form.select(l, name: name, options: options, selected: input.subtype, error: error)
        case .area:
            // An event's area and its type are one choice: "7 · Văn nghệ".
            var options: [(value: String, label: String)] = [("", t("activity.choose"))]
            for area in areas where kind.areas.contains(area.code) {
                for sub in kind.subtypes(area: area.code) {
                    options.append(("\(area.code):\(sub)", "\(area.icon) \(area.code). \(t("activity.subtype.\(sub)"))"))
                }
            }
            return Form.select(
                t("activity.field.event_type"), name: "event_type", options: options, selected: input.eventType,
                error: errors["event_type"], hint: t("activity.hint.event_type"))
        case .title, .provider, .reference:
            return text(
                field == .title ? input.title : field == .provider ? input.provider : input.reference,
                hint: t.first("activity.\(kind.rawValue).\(name)_hint", "activity.hint.none").nilIfEmpty)
        case .personName: return text(input.personName, hint: t.first("activity.\(kind.rawValue).person_name_hint", "activity.hint.none").nilIfEmpty)
        case .amount: return text(input.amount, hint: t.first("activity.\(kind.rawValue).amount_hint", "activity.hint.amount"), numeric: true)
        case .others, .people, .reached:
            let value = field == .others ? input.others : field == .people ? input.people : input.reached
            return text(value, numeric: true, required: field != .others)
        case .beneficiary:
            let options = [("", t("activity.not_member"))] + place.members.map { ($0.id!.uuidString, $0.fullName) }
            return .group(
                Form.select(l, name: name, options: options, selected: input.beneficiary, error: error),
                Form.field(
                    t("activity.field.person_name"), name: "person_name", value: input.personName ?? "",
                    .init(autocomplete: "off", hint: t("activity.hint.person_name"))))
        case .participants:
            let ticked = Set(input.participants ?? [])
            var group: [BodyNode] = [
                .attribute(named: "id", value: "f-participants"),
                .attribute(named: "class", value: error == nil ? "attendance" : "attendance has-error"),
                .element(named: "legend", nodes: [.text(l)]),
            ]
            if let error { group.append(.p(.class("error"), .text(error))) }
            if place.members.isEmpty { group.append(.p(.class("empty"), .text(t("meeting.no_members")))) }
            for m in place.members {
                let id = m.id!.uuidString
                group.append(Form.option(m.fullName, name: "participants[]", value: id, id: "p-" + id, checked: ticked.contains(id)))
            }
            return .element(named: "fieldset", nodes: group)
        case .clubs:
            let chosen = Set(input.clubs ?? [])
            var group: [BodyNode] = [
                .attribute(named: "id", value: "f-clubs"),
                .element(named: "legend", nodes: [.text(l)]),
                .p(.class("hint"), .text(t("activity.hint.clubs"))),
            ]
            if let error { group.append(.p(.class("error"), .text(error))) }
            if place.clubs.isEmpty { group.append(.p(.class("empty"), .text(t("activity.no_clubs")))) }
            for c in place.clubs {
                let id = c.club.id!.uuidString
                group.append(Form.option(c.unit.name, name: "clubs[]", value: id, id: "c-" + id, checked: chosen.contains(id)))
            }
            return .element(named: "fieldset", nodes: group)
        case .club:
            let options =
                [("", kind == .supervision ? t("activity.choose") : t("activity.no_club"))]
                + place.clubs.map { ($0.club.id!.uuidString, $0.unit.name) }
            return Form.select(l, name: name, options: options, selected: input.club, error: error)
        case .checklist:
            let chosen = Set(input.checklist ?? [])
            return .element(
                named: "fieldset",
                nodes: [
                    .attribute(named: "id", value: "f-checklist"),
                    .element(named: "legend", nodes: [.text(l)]),
                    .p(.class("hint"), .text(t("activity.hint.checklist"))),
                    .group(
                        ActivityKind.checklist.map { item in
                            Form.option(
                                t("activity.check.\(item)"), name: "checklist[]", value: item, id: "k-" + item, checked: chosen.contains(item))
                        }),
                ])
        case .attendees, .findings, .followUp, .notes:
            let value =
                field == .attendees ? input.attendees : field == .findings ? input.findings : field == .followUp ? input.followUp : input.notes
            return Form.textarea(
                l, name: name, value: value ?? "", error: error,
                hint: t.first("activity.\(kind.rawValue).\(name)_hint", "activity.hint.none").nilIfEmpty)
        }
    }

    // MARK: One record

    static func show(
        _ ctx: PageContext, activity a: Activity, place: ActivityPlace, participants: [Member],
        beneficiary: Member?, clubs: [(club: Club, unit: OrgUnit)], showsNames: Bool, canEdit: Bool,
        notice: String?
    ) -> Response {
        let t = ctx.t
        let kind = a.activityKind
        let day = Day(iso: a.heldOn)?.vietnamese ?? a.heldOn
        let title = "\(kindName(t, kind)) · \(day)"
        var facts: [(String, String)] = [(label(t, kind, .heldOn), day), (t("activity.field.subtype"), t("activity.subtype.\(a.subtype)"))]
        if let area = a.area, let info = ctx.areas.first(where: { $0.code == area }) {
            facts.append((t("meeting.area"), "\(info.icon) \(info.code). \(info.name(t.lang))"))
        }
        for field in kind.fields {
            switch field {
            case .title: if let v = a.title { facts.append((label(t, kind, .title), v)) }
            case .reference: if let v = a.reference { facts.append((label(t, kind, .reference), v)) }
            case .beneficiary:
                let who = showsNames ? (beneficiary?.fullName ?? a.personName ?? "—") : t("activity.hidden_name")
                facts.append(
                    (
                        label(t, kind, .beneficiary),
                        who + (beneficiary == nil && a.personName != nil && showsNames ? " (\(t("activity.not_member_short")))" : "")
                    ))
            case .personName: if let v = a.personName { facts.append((label(t, kind, .personName), showsNames ? v : t("activity.hidden_name"))) }
            case .amount: if let v = a.amount { facts.append((label(t, kind, .amount), VND.format(v))) }
            case .provider: if let v = a.provider { facts.append((label(t, kind, .provider), v)) }
            case .participants:
                facts.append(
                    (t("activity.people_taking_part"), t("activity.people_count", a.peopleCount, a.peopleCount - a.othersCount, a.othersCount)))
            case .people: facts.append((label(t, kind, .people), String(a.peopleCount)))
            case .reached: if let v = a.reached { facts.append((label(t, kind, .reached), VND.group(Int64(v)))) }
            case .followUpDue: if let v = a.followUpDue.flatMap(Day.init(iso:)) { facts.append((label(t, kind, .followUpDue), v.vietnamese)) }
            case .followUpDone:
                if a.followUp != nil {
                    let state =
                        a.followUpDone.flatMap(Day.init(iso:)).map { t("activity.follow_up_done_on", $0.vietnamese) }
                        ?? t("activity.follow_up_open_state")
                    facts.append((t("activity.follow_up_state"), state))
                }
            default: break
            }
        }
        let checked = Set(a.checklistItems)
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [
                (place.unit.name, Paths.unit.link(place.unit.id!)),
                (kindName(t, kind), Paths.activities.link(place.unit.id!, kind.rawValue)), (title, ""),
            ],
            script: "print.js",
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.class("lead"), .text(place.unit.name)),
            .dl(.class("facts"), .forEach(facts) { item in .group(.dt(.text(item.0)), .dd(.text(item.1))) }),
            .if(
                !clubs.isEmpty,
                .group(
                    .h2(.text(label(t, kind, kind == .training ? .clubs : .club))),
                    .ul(.class("rows"), .forEach(clubs) { c in .li(.a(.href(Paths.unit.link(c.unit.id!)), .text(c.unit.name))) }))),
            .if(
                kind == .supervision,
                .group(
                    .h2(.text(label(t, kind, .checklist))),
                    .ul(
                        .class("checklist"),
                        .forEach(ActivityKind.checklist) { item in
                            .li(
                                .class(checked.contains(item) ? "yes" : "no"),
                                .span(.attribute(named: "aria-hidden", value: "true"), .text(checked.contains(item) ? "✓ " : "✗ ")),
                                .span(
                                    .class("visually-hidden"), .text(checked.contains(item) ? t("activity.check_met") : t("activity.check_missed"))),
                                .text(t("activity.check.\(item)")))
                        }))),
            .unwrap(a.findings) { .group(.h2(.text(label(t, kind, .findings))), .p(.class("notes"), .text($0))) },
            .unwrap(a.followUp) { .group(.h2(.text(label(t, kind, .followUp))), .p(.class("notes"), .text($0))) },
            .if(
                showsNames && !participants.isEmpty,
                .group(
                    .h2(.text(label(t, kind, .participants))),
                    .ul(.class("rows"), .forEach(participants) { .li(.text($0.fullName)) }))),
            .unwrap(showsNames ? a.attendees : nil) { .group(.h2(.text(label(t, kind, .attendees))), .p(.class("notes"), .text($0))) },
            .unwrap(a.notes) { .group(.h2(.text(label(t, kind, .notes))), .p(.class("notes"), .text($0))) },
            .div(
                .class("actions"),
                .if(canEdit, .a(.class("button primary"), .href(Paths.editActivity.link(a.id!)), .text(t("activity.edit")))),
                printButton(t),
                .a(.class("button secondary"), .href(Paths.activities.link(place.unit.id!, kind.rawValue)), .text(t("activity.back_to_list")))))
    }

    /// The print button works with the page's script; without it the hint says how to print.
    static func printButton(_ t: Texts) -> BodyNode {
        .group(
            .button(.type(.button), .class("secondary print-button"), .attribute(named: "hidden", value: "hidden"), .text(t("print.button"))),
            .element(named: "noscript", nodes: [.p(.class("hint"), .text(t("print.hint")))]))
    }

    // MARK: List

    static func list(
        _ ctx: PageContext, unit: OrgUnit, kind: ActivityKind, year: Int, records: [ActivityRecord],
        canAdd: Bool, showsNames: Bool
    ) -> Response {
        let t = ctx.t
        let title = "\(kindName(t, kind)) · \(t("activity.year", year))"
        let thisYear = ctx.today.year
        let totalPeople = records.reduce(0) { $0 + $1.activity.peopleCount }
        let totalAmount = records.reduce(Int64(0)) { $0 + ($1.activity.amount ?? 0) }
        let totalReached = records.reduce(0) { $0 + ($1.activity.reached ?? 0) }
        let showsUnit = unit.unitLevel != .club || !kind.clubOnly
        var summary = [t("activity.total_records", records.count)]
        if [.rights, .event, .training].contains(kind) { summary.append(t("activity.total_people", totalPeople)) }
        if [.mutualHelp, .event].contains(kind) { summary.append(t("activity.total_amount", VND.format(totalAmount))) }
        if kind == .communication { summary.append(t("activity.total_reached", VND.group(Int64(totalReached)))) }
        if kind == .supervision {
            let open = records.filter { $0.activity.followUp != nil && $0.activity.followUpDone == nil }.count
            summary.append(t("activity.open_follow_ups", open))
        }
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (title, "")], script: "print.js",
            .p(.class("lead"), .text(unit.name)),
            .p(.class("print-only"), .text(t("print.printed_on", ctx.today.vietnamese))),
            .div(
                .class("actions"),
                .if(
                    canAdd,
                    .a(
                        .class("button primary"), .href(Paths.newActivity.link(unit.id!, kind.rawValue)),
                        .text(t("activity.add", kindName(t, kind).lowercased())))),
                printButton(t)),
            YearNav.render(t, year: year, thisYear: thisYear) { y in Paths.activities.link(unit.id!, kind.rawValue, query: [("nam", String(y))]) },
            .p(.class("summary"), .text(summary.joined(separator: " · "))),
            .if(records.count >= ActivityRecord.listLimit, .p(.class("hint"), .text(t("activity.list_limited", ActivityRecord.listLimit)))),
            records.isEmpty
                ? .p(.class("empty"), .text(t("activity.none", kindName(t, kind).lowercased(), year)))
                : .ul(
                    .class("rows activity-list"),
                    .forEach(records) { r in
                        row(t, r, kind: kind, showsUnit: showsUnit && r.unit.id != unit.id, showsNames: showsNames, areas: ctx.areas)
                    }))
    }

    private static func row(
        _ t: Texts, _ r: ActivityRecord, kind: ActivityKind, showsUnit: Bool, showsNames: Bool,
        areas: [ActivityArea]
    ) -> Node<HTML.ListContext> {
        let a = r.activity
        let day = Day(iso: a.heldOn)?.vietnamese ?? a.heldOn
        var meta = [t("activity.subtype.\(a.subtype)")]
        switch kind {
        case .mutualHelp:
            if showsNames, let name = a.personName { meta.append(name) }
            if let v = a.amount { meta.append(VND.format(v)) }
        case .rights, .event, .training:
            meta.append(t("activity.people_short", a.peopleCount))
            if let v = a.amount, v > 0 { meta.append(VND.format(v)) }
        case .communication: meta.append(t("activity.reached_short", VND.group(Int64(a.reached ?? 0))))
        case .supervision:
            meta.append(t("activity.checks_met", a.checklistItems.count, ActivityKind.checklist.count))
            if a.followUp != nil { meta.append(a.followUpDone == nil ? t("activity.follow_up_open") : t("activity.follow_up_closed")) }
        case .commendation: if showsNames, let name = a.personName { meta.append(name) }
        }
        if !r.clubNames.isEmpty { meta.append(r.clubNames.prefix(3).joined(separator: ", ") + (r.clubNames.count > 3 ? " …" : "")) }
        if showsUnit { meta.append(r.unit.name) }
        let heading = [day, a.title ?? a.reference ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
        let area = a.area.flatMap { code in areas.first { $0.code == code } }
        return .li(
            .class(area.map { "area-\($0.code)" } ?? ""),
            .a(.class("row-title"), .href(Paths.activity.link(a.id!)), .text(heading)),
            .span(.class("row-meta"), .text(meta.joined(separator: " · "))))
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
