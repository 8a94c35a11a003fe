import ISHCCore
import Plot
import Vapor

enum UnitPage {
    static func render(_ ctx: PageContext, _ m: UnitPageModel) -> Response {
        let t = ctx.t
        let unit = m.unit
        let crumbs = m.ancestors.map { ($0.name, Paths.unit.link($0.id!)) } + [(unit.name, "")]
        return Layout.page(
            ctx, title: unit.name, breadcrumbs: crumbs.count > 1 ? crumbs : [],
            .unwrap(m.notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            identity(t, m),
            actions(t, m),
            .unwrap(m.club) { club(t, $0, mergedInto: m.mergedInto) },
            .if(
                m.club != nil,
                MeetingPages.grid(
                    t, areas: ctx.areas, months: m.meetingMonths, coverage: m.meetingCoverage, states: m.meetingStates,
                    recent: m.recentMeetings, clubUnit: m.unit, canRecord: m.canRecordMeeting)),
            .unwrap(m.standard) { StandardView.section(t, $0) },
            .unwrap(m.activities) { ActivitySection.render(t, unit: m.unit, $0) },
            .if(m.club != nil, CompositionView.section(t, m)),
            .if(m.club != nil, ClubBoardView.section(ctx, m)),
            .if(m.members != nil, members(t, m)),
            .if(!m.formerMembers.isEmpty, formerMembers(t, m)),
            .if(m.club != nil, ClubStatusView.section(ctx, m)),
            .if(
                m.canExport || m.canExportClubs,
                .section(
                    .attribute(named: "aria-labelledby", value: "export-h"),
                    .h2(.id("export-h"), .text(t("export.title"))),
                    .div(
                        .class("actions"),
                        .if(
                            m.canExport,
                            .group(
                                .a(.class("button secondary"), .href(Paths.membersXLSX.link(m.unit.id!)), .text(t("export.xlsx"))),
                                .a(.class("button secondary"), .href(Paths.membersCSV.link(m.unit.id!)), .text(t("export.csv"))))),
                        .if(
                            m.canExportClubs,
                            .group(
                                .a(.class("button secondary"), .href(Paths.clubsXLSX.link(m.unit.id!)), .text(t("export.clubs_xlsx"))),
                                .a(.class("button secondary"), .href(Paths.clubsCSV.link(m.unit.id!)), .text(t("export.clubs_csv")))))))),
            children(t, m),
            history(t, m),
            .if(m.showLegacyLink, .p(.a(.class("button secondary"), .href(Paths.legacyProvinces.link()), .text(t("unit.legacy_link"))))))
    }

    static func levelName(_ t: Texts, _ unit: OrgUnit) -> String {
        if let kind = unit.kind, !kind.isEmpty { return kind }
        return t("level.\(unit.level)")
    }

    private static func identity(_ t: Texts, _ m: UnitPageModel) -> BodyNode {
        let unit = m.unit
        var facts: [(String, String)] = [(t("unit.level"), levelName(t, unit))]
        if let code = unit.code, unit.unitLevel != .nation { facts.append((t("unit.code"), code)) }
        if unit.unitStructure == .legacy {
            facts.append((t("unit.validity"), t("unit.valid_until", Day(iso: unit.validTo ?? "")?.vietnamese ?? "30/06/2025")))
        } else if unit.code != nil, let from = unit.validFrom.flatMap(Day.init(iso:)) {
            facts.append((t("unit.validity"), t("unit.valid_from", from.vietnamese)))
        }
        let c = m.totals
        var totals: [String] = []
        if unit.unitLevel == .nation || unit.unitLevel == .province { totals.append(t("count.communes", VND.group(Int64(c.communes)))) }
        if unit.unitStructure == .legacy && unit.unitLevel != .commune {
            totals.append(t("count.legacy_communes", VND.group(Int64(c.legacyCommunes))))
        }
        if unit.unitStructure == .current && unit.unitLevel != .club {
            if unit.unitLevel != .village { totals.append(t("count.villages", VND.group(Int64(c.villages)))) }
            totals.append(t("count.clubs", VND.group(Int64(c.clubs))))
        }
        if unit.unitStructure == .current { totals.append(t("count.members", VND.group(Int64(c.members)))) }
        return .section(
            .class("identity"),
            .dl(.class("facts"), .forEach(facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) }),
            .if(!totals.isEmpty, .p(.class("totals"), .text(totals.joined(separator: " · ")))),
            .if(unit.unitStructure == .legacy, .p(.class("notice"), .text(t("unit.legacy_notice")))))
    }

    private static func actions(_ t: Texts, _ m: UnitPageModel) -> BodyNode {
        let dashboard = m.unit.unitStructure == .current && [.nation, .province, .commune].contains(m.unit.unitLevel)
        // Reports: a unit's own, a club's line in its commune's, an old unit's as they were approved.
        let reports = dashboard || m.unit.unitStructure == .legacy || m.unit.unitLevel == .club
        guard reports || m.canAddVillage || m.canAddUser || m.canAddClub || m.canManageClub || m.canAddMember || m.canImport else { return .empty }
        return .div(
            .class("actions"),
            .if(dashboard, .a(.class("button primary"), .href(Paths.dashboard.link(m.unit.id!)), .text(t("unit.dashboard")))),
            .if(
                reports,
                .a(
                    .class("button secondary"), .href(Paths.reports.link(m.unit.id!)),
                    .text(t(m.unit.unitLevel == .club ? "report.club_title" : "report.link")))),
            .if(m.canAddMember, .a(.class("button primary"), .href(Paths.newMember.link(m.unit.id!)), .text(t("member.add")))),
            .if(m.canImport, .a(.class("button secondary"), .href(Paths.memberImport.link(m.unit.id!)), .text(t("import.link")))),
            .if(m.canAddClub, .a(.class("button primary"), .href(Paths.newClub.link(m.unit.id!)), .text(t("club.add")))),
            .if(m.canManageClub, .a(.class("button secondary"), .href(Paths.editClub.link(m.unit.id!)), .text(t("club.edit")))),
            .if(m.canAddVillage, .a(.class("button secondary"), .href(Paths.newVillage.link(m.unit.id!)), .text(t("village.add")))),
            .if(
                m.canAddUser,
                .a(.class("button secondary"), .href(Paths.newUser.link(query: [("unit", m.unit.id!.uuidString)])), .text(t("user.add_here")))))
    }

    private static func children(_ t: Texts, _ m: UnitPageModel) -> BodyNode {
        guard m.allChildrenCount > 0 else {
            return m.unit.unitLevel == .club ? .empty : .p(.class("empty"), .text(t("unit.no_children")))
        }
        let heading = t("unit.children.\(m.unit.structure).\(m.unit.level)")
        return .section(
            .attribute(named: "aria-labelledby", value: "children-h"),
            .h2(.id("children-h"), .text("\(heading) (\(VND.group(Int64(m.allChildrenCount))))")),
            .if(m.allChildrenCount > 12, searchForm(t, m, label: t("unit.search_children"))),
            .if(m.children.isEmpty, .p(.class("empty"), .text(t("search.nothing", m.query)))),
            .ul(
                .class("cards"),
                .forEach(m.children) { child in
                    .li(
                        .a(
                            .class("card"), .href(Paths.unit.link(child.id!)),
                            .span(.class("card-title"), .text(child.name)),
                            .span(.class("card-meta"), .text(childMeta(t, child, m.counts[child.path] ?? SubtreeCounts())))))
                }))
    }

    private static func childMeta(_ t: Texts, _ child: OrgUnit, _ c: SubtreeCounts) -> String {
        var parts: [String] = []
        if let code = child.code { parts.append(t("unit.code_short", code)) }
        switch (child.unitStructure, child.unitLevel) {
        case (.current, .province):
            parts.append(t("count.communes", VND.group(Int64(c.communes))))
            parts.append(t("count.clubs", VND.group(Int64(c.clubs))))
        case (.current, .commune):
            parts.append(t("count.villages", VND.group(Int64(c.villages))))
            parts.append(t("count.clubs", VND.group(Int64(c.clubs))))
        case (.current, .village):
            parts.append(t("count.clubs", VND.group(Int64(c.clubs))))
        case (.legacy, .province), (.legacy, .district):
            parts.append(t("count.legacy_communes", VND.group(Int64(c.legacyCommunes))))
        default:
            break
        }
        if child.unitStructure == .current && child.unitLevel != .nation {
            parts.append(t("count.members", VND.group(Int64(c.members))))
        }
        return parts.joined(separator: " · ")
    }

    private static func searchForm(_ t: Texts, _ m: UnitPageModel, label: String) -> BodyNode {
        .form(
            .method(.get), .action(Paths.unit.link(m.unit.id!)), .class("search"),
            .attribute(named: "role", value: "search"),
            .label(.for("q"), .text(label)),
            .div(
                .class("search-row"),
                .input(.type(.search), .id("q"), .name("q"), .value(attr(m.query))),
                .button(.type(.submit), .text(t("search.button")))))
    }

    private static func club(_ t: Texts, _ club: Club, mergedInto: OrgUnit?) -> BodyNode {
        var facts: [(String, String)] = []
        if let d = club.foundedOn.flatMap(Day.init(iso:)) { facts.append((t("club.founded_on"), d.vietnamese)) }
        if let n = club.decisionNumber { facts.append((t("club.decision_number"), n)) }
        if let c = club.cohort { facts.append((t("club.cohort"), c)) }
        if let f = club.fundingSource { facts.append((t("club.funding_source"), t("club.funding.\(f)"))) }
        facts.append((t("club.status"), t("club.status.\(club.status)")))
        return .section(
            .attribute(named: "aria-labelledby", value: "club-h"),
            .h2(.id("club-h"), .text(t("club.identity"))),
            .dl(
                .class("facts"), .forEach(facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) },
                .unwrap(mergedInto) { into in
                    .group(
                        .dt(.text(t("club.merged_into_label"))),
                        .dd(.a(.href(Paths.unit.link(into.id!)), .text(into.name))))
                }))
    }

    private static func members(_ t: Texts, _ m: UnitPageModel) -> BodyNode {
        let members = m.members ?? []
        var roles: [UUID: BoardRole] = [:]
        for term in m.boardTerms where term.toDate == nil { roles[term.$member.id] = BoardRole(rawValue: term.role) }
        return .section(
            .attribute(named: "aria-labelledby", value: "members-h"),
            .h2(.id("members-h"), .text(t("member.list_title", VND.group(Int64(m.totals.members))))),
            .if(m.totals.members > 12, searchForm(t, m, label: t("member.search"))),
            .if(members.isEmpty && !m.query.isEmpty, .p(.class("empty"), .text(t("search.nothing", m.query)))),
            .ul(
                .class("rows"),
                .forEach(members) { member in
                    .li(
                        .a(.class("row-title"), .href(Paths.member.link(member.id!)), .text(member.fullName)),
                        .span(.class("row-meta"), .text(memberMeta(t, member, roles: roles))))
                }))
    }

    private static func formerMembers(_ t: Texts, _ m: UnitPageModel) -> BodyNode {
        .section(
            .attribute(named: "aria-labelledby", value: "former-h"),
            .element(
                named: "details",
                nodes: [
                    .element(
                        named: "summary", nodes: [.h2(.id("former-h"), .text(t("member.former_title", VND.group(Int64(m.formerMembers.count)))))]),
                    .ul(
                        .class("rows"),
                        .forEach(m.formerMembers) { member in
                            .li(
                                .a(.class("row-title"), .href(Paths.member.link(member.id!)), .text(member.fullName)),
                                .span(.class("row-meta"), .text(MemberPage.spellText(t, member))))
                        }),
                ]))
    }

    private static func memberMeta(_ t: Texts, _ member: Member, roles: [UUID: BoardRole]) -> String {
        var parts = [t("gender.\(member.gender)")]
        if let y = member.birthYear { parts.append(t("member.born", y)) }
        if let r = roles[member.id!] { parts.append(t("role.\(r.rawValue)")) }
        if member.homeCareVolunteer { parts.append(t("member.volunteer")) }
        return parts.joined(separator: " · ")
    }

    private static func history(_ t: Texts, _ m: UnitPageModel) -> BodyNode {
        let unit = m.unit
        if !m.successors.isEmpty {
            return .section(
                .attribute(named: "aria-labelledby", value: "history-h"),
                .h2(.id("history-h"), .text(t("history.now_part_of"))),
                .ul(
                    .class("rows"),
                    .forEach(m.successors) { s in
                        .li(
                            s.visible ? .a(.href(Paths.unit.link(s.unit.id!)), .text(s.unit.name)) : .span(.text(s.unit.name)),
                            .if(m.successors.count > 1 && s.primary, .span(.class("row-meta"), .text(t("history.primary")))))
                    }))
        }
        if !m.predecessors.isEmpty {
            let heading = unit.unitLevel == .province ? t("history.formed_from_provinces") : t("history.formed_from")
            return .section(
                .attribute(named: "aria-labelledby", value: "history-h"),
                .h2(.id("history-h"), .text(heading)),
                .ul(
                    .class("rows"),
                    .forEach(m.predecessors) { p in
                        .li(
                            p.visible ? .a(.href(Paths.unit.link(p.unit.id!)), .text(p.unit.name)) : .span(.text(p.unit.name)),
                            .if(!p.place.isEmpty, .span(.class("row-meta"), .text(p.place))))
                    }))
        }
        return .empty
    }
}

enum LegacyProvincesPage {
    static func render(_ ctx: PageContext, provinces: [OrgUnit]) -> Response {
        let t = ctx.t
        return Layout.page(
            ctx, title: t("legacy.title"),
            .p(.class("lead"), .text(t("legacy.lead"))),
            .if(provinces.isEmpty, .p(.class("empty"), .text(t("unit.no_children")))),
            .ul(
                .class("cards"),
                .forEach(provinces) { p in
                    .li(
                        .a(
                            .class("card"), .href(Paths.unit.link(p.id!)),
                            .span(.class("card-title"), .text(p.name)),
                            .span(.class("card-meta"), .text(t("unit.code_short", p.code ?? "")))))
                }))
    }
}
