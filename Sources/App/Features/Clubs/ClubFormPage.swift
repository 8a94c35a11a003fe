import ISHCCore
import Plot
import Vapor

enum ClubFormPage {
    static func render(
        _ ctx: PageContext, commune: OrgUnit, club: OrgUnit?, villages: [OrgUnit], input: ClubInput,
        errors: FormErrors, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let isNew = club == nil
        return Layout.page(
            ctx, title: isNew ? t("club.add_title", commune.name) : t("club.edit_title"), status: status,
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: isNew ? Paths.newClub.link(commune.id!) : Paths.editClub.link(club!.id!),
                Form.field(
                    t("club.name"), name: "name", value: input.name ?? "", error: errors["name"],
                    .init(autocomplete: "off", required: true, hint: t("club.name_hint"), autofocus: isNew)),
                Form.select(
                    t("club.village"), name: "village",
                    options: [("", t("club.village_none"))] + villages.map { ($0.id!.uuidString, $0.name) },
                    selected: input.village ?? "", error: errors["village"]),
                Form.field(
                    t("club.founded_on"), name: "founded_on", value: input.foundedOn ?? "", error: errors["founded_on"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                Form.field(
                    t("club.decision_number"), name: "decision_number", value: input.decisionNumber ?? "",
                    .init(autocomplete: "off", hint: t("club.decision_hint"))),
                Form.select(
                    t("club.funding_source"), name: "funding_source",
                    options: ClubInput.fundingSources.map { ($0, t("club.funding.\($0)")) },
                    selected: input.fundingSource),
                Form.submit(isNew ? t("club.create") : t("club.save"))),
            .p(.a(.class("button secondary"), .href(Paths.unit.link(isNew ? commune.id! : club!.id!)), .text(t("form.cancel")))))
    }
}

/// The club's status with its history, and for officers the form to change it.
enum ClubStatusView {
    static func section(_ ctx: PageContext, _ m: UnitPageModel) -> BodyNode {
        let t = ctx.t
        guard let club = m.club else { return .empty }
        let current = club.clubStatus
        let (errors, input) = m.statusForm ?? (FormErrors(), ClubStatusInput())
        return .section(
            .attribute(named: "aria-labelledby", value: "status-h"),
            .h2(.id("status-h"), .text(t("club.status_history"))),
            .ul(
                .class("rows"),
                .forEach(m.statusHistory) { change in
                    .li(
                        .span(.class("row-title"), .text(t("club.status.\(change.status)"))),
                        .span(
                            .class("row-meta"),
                            .text(
                                [
                                    t("club.status_from", Day(iso: change.fromDate)?.vietnamese ?? change.fromDate),
                                    change.note,
                                ].compactMap { $0 }.joined(separator: " · "))))
                }),
            .if(
                m.canManageClub && !current.next.isEmpty,
                .group(
                    .h3(.text(t("club.change_status"))),
                    Form.errorSummary(ctx, errors),
                    Form.post(
                        ctx, action: Paths.clubStatus.link(m.unit.id!),
                        Form.select(
                            t("club.new_status"), name: "status",
                            options: current.next.map { ($0.rawValue, t("club.status.\($0.rawValue)")) },
                            selected: input.status, error: errors["status"]),
                        Form.field(
                            t("club.status_date"), name: "from_date", value: input.fromDate ?? "", error: errors["from_date"],
                            .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                        .if(
                            !m.mergeTargets.isEmpty,
                            Form.select(
                                t("club.merge_into"), name: "into",
                                options: [("", t("club.merge_into_none"))] + m.mergeTargets.map { ($0.id!.uuidString, $0.name) },
                                selected: input.into ?? "", error: errors["into"], hint: t("club.merge_into_hint"))),
                        Form.field(
                            t("club.status_note"), name: "note", value: input.note ?? "",
                            .init(autocomplete: "off", hint: t("club.status_note_hint"))),
                        .button(.type(.submit), .class("danger"), .text(t("club.change_status_submit"))))
                )))
    }
}

/// The board now, its history, and for those who write the form to give a role to a member.
enum ClubBoardView {
    static func section(_ ctx: PageContext, _ m: UnitPageModel) -> BodyNode {
        let t = ctx.t
        let (errors, input) = m.boardForm ?? (FormErrors(), BoardInput())
        let current = Dictionary(m.boardTerms.filter { $0.toDate == nil }.map { ($0.role, $0) }, uniquingKeysWith: { a, _ in a })
        let past = m.boardTerms.filter { $0.toDate != nil }
        let showNames = m.members != nil
        func name(_ term: BoardTerm) -> String { showNames ? (m.memberNames[term.$member.id] ?? "—") : t("board.hidden_name") }
        return .section(
            .attribute(named: "aria-labelledby", value: "board-h"),
            .h2(.id("board-h"), .text(t("board.title"))),
            .ul(
                .class("rows"),
                .forEach(BoardRole.allCases) { role in
                    let term = current[role.rawValue]
                    return .li(
                        .span(.class("row-title"), .text(t("role.\(role.rawValue)"))),
                        .span(
                            .class("row-meta"),
                            .text(
                                term.map { t("board.since", name($0), Day(iso: $0.fromDate)?.vietnamese ?? "") }
                                    ?? t("board.vacant"))))
                }),
            .if(
                !past.isEmpty && showNames,
                .element(
                    named: "details",
                    nodes: [
                        .element(named: "summary", nodes: [.text(t("board.history", past.count))]),
                        .ul(
                            .class("rows"),
                            .forEach(past) { term in
                                .li(
                                    .span(.class("row-title"), .text("\(t("role.\(term.role)")): \(name(term))")),
                                    .span(
                                        .class("row-meta"),
                                        .text(
                                            t(
                                                "board.term", Day(iso: term.fromDate)?.vietnamese ?? "",
                                                Day(iso: term.toDate ?? "")?.vietnamese ?? ""))))
                            }),
                    ])),
            .if(
                m.canManageBoard && !(m.members ?? []).isEmpty,
                .group(
                    .h3(.text(t("board.change"))),
                    Form.errorSummary(ctx, errors),
                    Form.post(
                        ctx, action: Paths.clubBoard.link(m.unit.id!),
                        Form.select(
                            t("board.role"), name: "role",
                            options: BoardRole.allCases.map { ($0.rawValue, t("role.\($0.rawValue)")) },
                            selected: input.role, error: errors["role"]),
                        Form.select(
                            t("board.member"), name: "member",
                            options: [("", t("board.nobody"))] + (m.members ?? []).map { ($0.id!.uuidString, $0.fullName) },
                            selected: input.member ?? "", error: errors["member"], hint: t("board.member_hint")),
                        Form.field(
                            t("board.from"), name: "board_from", value: input.fromDate ?? "", error: errors["board_from"],
                            .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                        .button(.type(.submit), .text(t("board.submit")))))))
    }
}
