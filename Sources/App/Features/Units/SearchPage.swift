import ISHCCore
import Plot
import Vapor

enum SearchPage {
    static func render(_ ctx: PageContext, query: String, units: [OrgUnit], members: [(Member, OrgUnit)], searched: Bool) -> Response {
        let t = ctx.t
        let limit = UnitQueries.searchLimit
        return Layout.page(
            ctx, title: t("search.title"),
            .form(
                .method(.get), .action(Paths.search.link()), .class("search"), .attribute(named: "role", value: "search"),
                .label(.for("q"), .text(t("search.label"))),
                .div(
                    .class("search-row"),
                    .input(.type(.search), .id("q"), .name("q"), .value(attr(query)), .attribute(named: "autofocus", value: "autofocus")),
                    .button(.type(.submit), .text(t("search.button"))))),
            .if(searched && units.isEmpty && members.isEmpty, .p(.class("empty"), .text(t("search.nothing", query)))),
            .if(
                !units.isEmpty,
                .section(
                    .attribute(named: "aria-labelledby", value: "units-h"),
                    .h2(.id("units-h"), .text(t("search.units", units.count))),
                    .ul(
                        .class("cards"),
                        .forEach(units) { unit in
                            .li(
                                .a(
                                    .class("card"), .href(Paths.unit.link(unit.id!)),
                                    .span(.class("card-title"), .text(unit.name)),
                                    .span(.class("card-meta"), .text(UnitPage.levelName(t, unit)))))
                        }),
                    .if(units.count >= limit, .p(.class("hint"), .text(t("search.more", limit)))))),
            .if(
                !members.isEmpty,
                .section(
                    .attribute(named: "aria-labelledby", value: "members-h"),
                    .h2(.id("members-h"), .text(t("search.members", members.count))),
                    .ul(
                        .class("rows"),
                        .forEach(members) { item in
                            .li(
                                .a(.class("row-title"), .href(Paths.member.link(item.0.id!)), .text(item.0.fullName)),
                                .span(
                                    .class("row-meta"),
                                    .text(
                                        [item.0.birthYear.map { t("member.born", $0) }, item.1.name]
                                            .compactMap { $0 }.joined(separator: " · "))))
                        }),
                    .if(members.count >= limit, .p(.class("hint"), .text(t("search.more", limit)))))))
    }
}
