import Vapor
import Plot
import ISHCCore

enum MemberFormPage {
    static func render(_ req: Request, clubUnit: OrgUnit, villages: [OrgUnit], input: MemberController.Input, member: Member?,
                       errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let ctx = PageContext(req)
        let t = ctx.t
        let isNew = member == nil
        let action = isNew ? Paths.newMember.link(clubUnit.id!) : Paths.editMember.link(member!.id!)
        let checked: (KeyPath<MemberController.Input, String?>) -> Bool = { input[keyPath: $0] == "on" }
        return Layout.page(ctx, title: isNew ? t("member.add_title") : t("member.edit_title", member!.fullName), status: status,
            .p(.class("lead"), .text(clubUnit.name)),
            Form.errorSummary(ctx, errors),
            Form.post(ctx, action: action,
                Form.field(t("member.full_name"), name: "full_name", value: input.fullName ?? "", error: errors["full_name"],
                           .init(autocomplete: "off", required: true, autofocus: isNew)),
                Form.select(t("member.gender"), name: "gender",
                            options: [("female", t("gender.female")), ("male", t("gender.male")), ("other", t("gender.other"))],
                            selected: input.gender, error: errors["gender"]),
                Form.field(t("member.birth"), name: "birth", value: input.birth ?? "", error: errors["birth"],
                           .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("member.birth_hint"))),
                Form.field(t("member.ethnicity"), name: "ethnicity", value: input.ethnicity ?? "", .init(autocomplete: "off")),
                Form.select(t("member.village"), name: "village",
                            options: [("", t("member.village_unknown"))] + villages.map { ($0.id!.uuidString, $0.name) },
                            selected: input.village ?? "", error: errors["village"]),
                Form.field(t("member.phone"), name: "phone", value: input.phone ?? "", error: errors["phone"],
                           .init(type: "tel", inputmode: "tel")),
                Form.field(t("member.joined_on"), name: "joined_on", value: input.joinedOn ?? "", error: errors["joined_on"],
                           .init(autocomplete: "off", inputmode: "numeric", hint: t("form.date_hint"))),
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", text: t("member.flags_title")),
                    .p(.class("hint"), .text(t("member.flags_hint"))),
                ] + MemberController.flags.map { flag in
                    Form.checkbox(t("member.flag.\(flag.key)"), name: flag.key, checked: checked(flag.input))
                }),
                .if(isNew, Form.checkbox(t("member.consent"), name: "consent", checked: false, error: errors["consent"],
                                         hint: t("member.consent_hint"))),
                Form.submit(isNew ? t("member.add_submit") : t("member.save"))),
            .p(.a(.class("button secondary"), .href(isNew ? Paths.unit.link(clubUnit.id!) : Paths.member.link(member!.id!)),
                  .text(t("form.cancel")))))
    }
}

enum MemberPage {
    static func render(_ req: Request, member: Member, clubUnit: OrgUnit, village: OrgUnit?, duplicates: [(Member, OrgUnit)],
                       canWrite: Bool, today: Day, notice: String?, errors: FormErrors,
                       leaveInput: (day: String, reason: String)? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let ctx = PageContext(req)
        let t = ctx.t
        let birthDate = member.birthDate.flatMap(Day.init(iso:))
        let birth = birthDate.map { BirthInput.date($0) } ?? member.birthYear.map { BirthInput.year($0) }
        let age = Age.years(birthYear: member.birthYear, birthDate: birthDate, on: today)
        var facts: [(String, String)] = [
            (t("member.gender"), t("gender.\(member.gender)")),
            (t("member.birth"), birth?.display ?? "—"),
        ]
        if let age { facts.append((t("member.age"), t("member.age_value", age, age >= CompositionStandard.standard.olderAge ? t("member.older") : t("member.younger")))) }
        facts += [
            (t("member.ethnicity"), member.ethnicity ?? "—"),
            (t("member.village"), village?.name ?? "—"),
            (t("member.phone"), member.phone ?? "—"),
            (t("member.joined_on"), member.joinedOn.flatMap(Day.init(iso:))?.vietnamese ?? "—"),
        ]
        if let left = member.leftOn.flatMap(Day.init(iso:)) {
            facts.append((t("member.left_on"), t("member.left_value", left.vietnamese, member.leaveReason ?? "")))
        }
        if let consent = member.consentOn.flatMap(Day.init(iso:)) { facts.append((t("member.consent_on"), consent.vietnamese)) }
        let flagged = MemberController.flags.filter { member[keyPath: $0.path] }.map { t("member.flag.\($0.key)") }
        return Layout.page(ctx, title: member.fullName,
                           breadcrumbs: [(clubUnit.name, Paths.unit.link(clubUnit.id!)), (member.fullName, "")], status: status,
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .if(!duplicates.isEmpty, .div(.class("notice"), .attribute(named: "role", value: "status"),
                .p(.text(t("member.duplicates"))),
                .ul(.forEach(duplicates) { d in .li(.a(.href(Paths.member.link(d.0.id!)), .text("\(d.0.fullName) — \(d.1.name)"))) }))),
            .dl(.class("facts"), .forEach(facts) { f in .group(.dt(.text(f.0)), .dd(.text(f.1))) }),
            .section(.attribute(named: "aria-labelledby", value: "sensitive-h"),
                .h2(.id("sensitive-h"), .text(t("member.flags_title"))),
                .p(.class("hint"), .text(t("member.sensitive_note"))),
                flagged.isEmpty ? .p(.text(t("member.no_flags"))) : .ul(.forEach(flagged) { .li(.text($0)) })),
            .if(canWrite, .div(.class("actions"),
                .a(.class("button primary"), .href(Paths.editMember.link(member.id!)), .text(t("member.edit"))))),
            .if(canWrite && member.leftOn == nil, .section(.attribute(named: "aria-labelledby", value: "leave-h"),
                .h2(.id("leave-h"), .text(t("member.leave_title"))),
                Form.errorSummary(ctx, errors),
                Form.post(ctx, action: Paths.memberLeave.link(member.id!),
                    Form.field(t("member.left_on"), name: "left_on", value: leaveInput?.day ?? today.vietnamese, error: errors["left_on"],
                               .init(autocomplete: "off", inputmode: "numeric", hint: t("form.date_hint"))),
                    Form.field(t("member.leave_reason"), name: "reason", value: leaveInput?.reason ?? "", error: errors["reason"],
                               .init(autocomplete: "off", hint: t("member.leave_reason_hint"))),
                    .button(.type(.submit), .class("danger"), .text(t("member.leave_submit", member.fullName)))))),
            .p(.a(.class("button secondary"), .href(Paths.unit.link(clubUnit.id!)), .text(t("member.back_to_club")))))
    }
}
