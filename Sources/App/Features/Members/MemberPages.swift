import ISHCCore
import Plot
import Vapor

enum MemberFormPage {
    static func render(
        _ ctx: PageContext, clubUnit: OrgUnit, villages: [OrgUnit], input: MemberInput, member: Member?,
        errors: FormErrors, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let isNew = member == nil
        let action = isNew ? Paths.newMember.link(clubUnit.id!) : Paths.editMember.link(member!.id!)
        let checked: (KeyPath<MemberInput, String?>) -> Bool = { input[keyPath: $0] == "on" }
        return Layout.page(
            ctx, title: isNew ? t("member.add_title") : t("member.edit_title", member!.fullName), status: status,
            .p(.class("lead"), .text(clubUnit.name)),
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: action, draft: true, outbox: isNew ? .member(clubUnit.id!) : nil,
                Form.field(
                    t("member.full_name"), name: "full_name", value: input.fullName ?? "", error: errors["full_name"],
                    .init(autocomplete: "off", required: true, autofocus: isNew)),
                Form.select(
                    t("member.gender"), name: "gender",
                    options: [("female", t("gender.female")), ("male", t("gender.male")), ("other", t("gender.other"))],
                    selected: input.gender, error: errors["gender"]),
                Form.field(
                    t("member.birth"), name: "birth", value: input.birth ?? "", error: errors["birth"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("member.birth_hint"))),
                Form.field(t("member.ethnicity"), name: "ethnicity", value: input.ethnicity ?? "", .init(autocomplete: "off")),
                Form.select(
                    t("member.village"), name: "village",
                    options: [("", t("member.village_unknown"))] + villages.map { ($0.id!.uuidString, $0.name) },
                    selected: input.village ?? "", error: errors["village"]),
                Form.field(
                    t("member.phone"), name: "phone", value: input.phone ?? "", error: errors["phone"],
                    .init(type: "tel", inputmode: "tel")),
                Form.field(
                    t("member.joined_on"), name: "joined_on", value: input.joinedOn ?? "", error: errors["joined_on"],
                    .init(autocomplete: "off", inputmode: "numeric", hint: t("form.date_hint"))),
                .element(
                    named: "fieldset",
                    nodes: [
                        .element(named: "legend", text: t("member.flags_title")),
                        .p(.class("hint"), .text(t("member.flags_hint"))),
                    ]
                        + MemberInput.flags.map { flag in
                            Form.checkbox(t("member.flag.\(flag.key)"), name: flag.key, checked: checked(flag.input))
                        }),
                .if(
                    isNew,
                    Form.checkbox(
                        t("member.consent"), name: "consent", checked: false, error: errors["consent"],
                        hint: t("member.consent_hint"))),
                Form.submit(isNew ? t("member.add_submit") : t("member.save"))),
            .p(
                .a(
                    .class("button secondary"), .href(isNew ? Paths.unit.link(clubUnit.id!) : Paths.member.link(member!.id!)),
                    .text(t("form.cancel")))))
    }
}

enum MemberPage {
    struct Model {
        var member: Member
        var clubUnit: OrgUnit
        var village: OrgUnit?
        var duplicates: [(Member, OrgUnit)]
        /// The person's spells in clubs, oldest first (this one among them).
        var spells: [(member: Member, club: OrgUnit, visible: Bool)]
        var isOpenElsewhere: Bool
        var moveTargets: [OrgUnit]
        var rejoinTargets: [OrgUnit]
        var canWrite: Bool
        var today: Day
        /// The member's latest health check readings, newest first.
        var healthChecks: [HealthCheck] = []
        var notice: String?
        var errors = FormErrors()
        var leaveInput: (day: String, reason: String)?
        var moveInput: MemberMoveInput?
        var rejoinInput: MemberMoveInput?
    }

    static func render(_ ctx: PageContext, _ m: Model, status: HTTPResponseStatus = .ok) -> Response {
        let t = ctx.t
        let member = m.member
        let clubUnit = m.clubUnit
        let today = m.today
        let errors = m.errors
        let birthDate = member.birthDate.flatMap(Day.init(iso:))
        let birth = birthDate.map { BirthInput.date($0) } ?? member.birthYear.map { BirthInput.year($0) }
        let age = Age.years(birthYear: member.birthYear, birthDate: birthDate, on: today)
        var facts: [(String, String)] = [
            (t("member.club"), clubUnit.name),
            (t("member.gender"), t("gender.\(member.gender)")),
            (t("member.birth"), birth?.display ?? "—"),
        ]
        if let age {
            facts.append(
                (t("member.age"), t("member.age_value", age, age >= CompositionStandard.standard.olderAge ? t("member.older") : t("member.younger"))))
        }
        facts += [
            (t("member.ethnicity"), member.ethnicity ?? "—"),
            (t("member.village"), m.village?.name ?? "—"),
            (t("member.phone"), member.phone ?? "—"),
            (t("member.joined_on"), member.joinedOn.flatMap(Day.init(iso:))?.vietnamese ?? "—"),
        ]
        if let left = member.leftOn.flatMap(Day.init(iso:)) {
            facts.append((t("member.left_on"), t("member.left_value", left.vietnamese, member.leaveReason ?? "")))
        }
        if let consent = member.consentOn.flatMap(Day.init(iso:)) { facts.append((t("member.consent_on"), consent.vietnamese)) }
        let flagged = MemberInput.flags.filter { member[keyPath: $0.path] }.map { t("member.flag.\($0.key)") }
        let active = member.leftOn == nil
        let open = m.spells.first { $0.member.leftOn == nil && $0.member.id != member.id }
        return Layout.page(
            ctx, title: member.fullName,
            breadcrumbs: [(clubUnit.name, Paths.unit.link(clubUnit.id!)), (member.fullName, "")], status: status,
            .unwrap(m.notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .unwrap(open) { o in
                .div(
                    .class("notice"), .attribute(named: "role", value: "status"),
                    .p(
                        .text(t("member.now_in", o.club.name)), .text(" "),
                        .if(o.visible, .a(.href(Paths.member.link(o.member.id!)), .text(t("member.see_current"))))))
            },
            .if(
                !m.duplicates.isEmpty,
                .div(
                    .class("notice"), .attribute(named: "role", value: "status"),
                    .p(.text(t("member.duplicates"))),
                    .ul(.forEach(m.duplicates) { d in .li(.a(.href(Paths.member.link(d.0.id!)), .text("\(d.0.fullName) — \(d.1.name)"))) }))),
            Form.errorSummary(ctx, errors),
            .dl(.class("facts"), .forEach(facts) { f in .group(.dt(.text(f.0)), .dd(.text(f.1))) }),
            .section(
                .attribute(named: "aria-labelledby", value: "sensitive-h"),
                .h2(.id("sensitive-h"), .text(t("member.flags_title"))),
                .p(.class("hint"), .text(t("member.sensitive_note"))),
                flagged.isEmpty ? .p(.text(t("member.no_flags"))) : .ul(.forEach(flagged) { .li(.text($0)) }),
                .h3(.text(t("health.member_title"))),
                m.healthChecks.isEmpty
                    ? .p(.class("empty"), .text(t("health.member_none")))
                    : .ul(
                        .class("rows"),
                        .forEach(m.healthChecks) { c in
                            .li(
                                .span(.class("row-title"), .text(Day(iso: c.checkedOn)?.vietnamese ?? c.checkedOn)),
                                .span(
                                    .class("row-meta"),
                                    .text(
                                        [
                                            t("health.bp") + ": " + HealthPages.bp(c) + (c.reading.isHigh ? " " + t("health.high") : ""),
                                            t("health.weight") + ": " + (c.weightTenths.map(HealthReading.formatWeight) ?? "—"),
                                        ]
                                        .joined(separator: " · "))))
                        })),
            .if(
                m.spells.count > 1,
                .section(
                    .attribute(named: "aria-labelledby", value: "spells-h"),
                    .h2(.id("spells-h"), .text(t("member.spells_title"))),
                    .ul(
                        .class("rows"),
                        .forEach(m.spells) { s in
                            .li(
                                s.visible && s.member.id != member.id
                                    ? .a(.class("row-title"), .href(Paths.member.link(s.member.id!)), .text(s.club.name))
                                    : .span(.class("row-title"), .text(s.club.name)),
                                .span(.class("row-meta"), .text(spellText(t, s.member))))
                        }))),
            .if(
                m.canWrite && active,
                .div(
                    .class("actions"),
                    .a(.class("button primary"), .href(Paths.editMember.link(member.id!)), .text(t("member.edit"))))),
            .if(
                m.canWrite && active && !m.moveTargets.isEmpty,
                .section(
                    .attribute(named: "aria-labelledby", value: "move-h"),
                    .h2(.id("move-h"), .text(t("member.move_title"))),
                    .p(.class("hint"), .text(t("member.move_hint"))),
                    Form.post(
                        ctx, action: Paths.memberMove.link(member.id!),
                        Form.select(
                            t("member.move_club"), name: "move_club",
                            options: [("", t("form.choose"))] + m.moveTargets.map { ($0.id!.uuidString, $0.name) },
                            selected: m.moveInput?.moveClub ?? "", error: errors["move_club"]),
                        Form.field(
                            t("member.move_day"), name: "move_day", value: m.moveInput?.moveDay ?? today.vietnamese, error: errors["move_day"],
                            .init(autocomplete: "off", inputmode: "numeric", hint: t("form.date_hint"))),
                        .button(.type(.submit), .text(t("member.move_submit")))))),
            .if(
                m.canWrite && active,
                .section(
                    .attribute(named: "aria-labelledby", value: "leave-h"),
                    .h2(.id("leave-h"), .text(t("member.leave_title"))),
                    Form.post(
                        ctx, action: Paths.memberLeave.link(member.id!),
                        Form.field(
                            t("member.left_on"), name: "left_on", value: m.leaveInput?.day ?? today.vietnamese, error: errors["left_on"],
                            .init(autocomplete: "off", inputmode: "numeric", hint: t("form.date_hint"))),
                        Form.field(
                            t("member.leave_reason"), name: "reason", value: m.leaveInput?.reason ?? "", error: errors["reason"],
                            .init(autocomplete: "off", hint: t("member.leave_reason_hint"))),
                        .button(.type(.submit), .class("danger"), .text(t("member.leave_submit", member.fullName)))))),
            .if(
                m.canWrite && !active && open == nil && !m.rejoinTargets.isEmpty,
                .section(
                    .attribute(named: "aria-labelledby", value: "rejoin-h"),
                    .h2(.id("rejoin-h"), .text(t("member.rejoin_title"))),
                    Form.post(
                        ctx, action: Paths.memberRejoin.link(member.id!),
                        Form.select(
                            t("member.rejoin_club"), name: "rejoin_club",
                            options: m.rejoinTargets.map { ($0.id!.uuidString, $0.name) },
                            selected: m.rejoinInput?.rejoinClub ?? clubUnit.id!.uuidString, error: errors["rejoin_club"]),
                        Form.field(
                            t("member.rejoin_day"), name: "rejoin_day", value: m.rejoinInput?.rejoinDay ?? today.vietnamese,
                            error: errors["rejoin_day"],
                            .init(autocomplete: "off", inputmode: "numeric", hint: t("form.date_hint"))),
                        .button(.type(.submit), .class("primary"), .text(t("member.rejoin_submit")))))),
            .p(.a(.class("button secondary"), .href(Paths.unit.link(clubUnit.id!)), .text(t("member.back_to_club")))))
    }

    static func spellText(_ t: Texts, _ spell: Member) -> String {
        let from = spell.joinedOn.flatMap(Day.init(iso:))?.vietnamese ?? "?"
        guard let left = spell.leftOn.flatMap(Day.init(iso:)) else { return t("member.spell_open", from) }
        return t("member.spell_closed", from, left.vietnamese, spell.leaveReason ?? "")
    }
}
