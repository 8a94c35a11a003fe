import ISHCCore
import Plot
import Vapor

typealias BodyNode = Node<HTML.BodyContext>

enum Layout {
    /// A whole page: skip link, header with the main places, breadcrumbs, the page's own content,
    /// and a footer with the language switch.
    static func page(
        _ ctx: PageContext, title: String, breadcrumbs: [(String, String)] = [],
        status: HTTPResponseStatus = .ok, script: String? = nil, _ content: BodyNode...
    ) -> Response {
        let t = ctx.t
        let html = HTML(
            .lang(ctx.t.lang == .vi ? .vietnamese : .english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Drafts kept on the phone are kept per user (app.js).
                .unwrap(ctx.user) { .meta(.name("ishc-user"), .content($0.id.uuidString)) },
                // What the phone's outbox needs to send a write made offline (outbox.js): the
                // form token of this session, and the pages to keep for the club's board.
                .unwrap(ctx.user) { _ in .meta(.name("ishc-csrf"), .content(attr(ctx.csrf))) },
                .unwrap(ctx.user.map(OfflinePages.ahead(for:))) { pages in
                    .if(!pages.isEmpty, .meta(.name("ishc-offline"), .content(pages.joined(separator: " "))))
                },
                .link(.rel(.manifest), .href("/manifest.json")),
                .meta(.name("theme-color"), .content("#0b5d3b")),
                headTitle("\(title) · \(t("app.short_name"))"),
                .link(.rel(.stylesheet), .href("/static/app.css")),
                .link(.rel(.icon), .href("/static/icon.svg"), .attribute(named: "type", value: "image/svg+xml")),
                // A page's own small script, deferred: the page works without it.
                .script(.src("/static/app.js"), .attribute(named: "defer", value: "defer")),
                .script(.src("/static/outbox.js"), .attribute(named: "defer", value: "defer")),
                .unwrap(script) { .script(.src("/static/\($0)"), .attribute(named: "defer", value: "defer")) }
            ),
            .body(
                .a(.class("skip"), .href("#main"), .text(t("nav.skip"))),
                header(ctx),
                .if(!breadcrumbs.isEmpty, crumbs(ctx, breadcrumbs)),
                .main(
                    .id("main"), .h1(.text(title)),
                    .unwrap(ctx.again) { time in
                        .p(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .text(t("once.saved_before", time)))
                    },
                    .group(content)),
                footer(ctx)
            )
        )
        let response = Response(status: status)
        response.headers.contentType = .html
        response.body = .init(string: html.render())
        return response
    }

    private static func header(_ ctx: PageContext) -> BodyNode {
        let t = ctx.t
        return .header(
            .class("top"),
            .a(.class("brand"), .href(Paths.home.link()), .text(t("app.short_name"))),
            .unwrap(ctx.user) { user in
                .nav(
                    .attribute(named: "aria-label", value: attr(t("nav.main"))),
                    .ul(
                        .class("menu"),
                        .li(.a(.href(Paths.unit.link(user.unitID)), .text(t("nav.my_unit")))),
                        .li(.a(.href(Paths.search.link()), .text(t("nav.search")))),
                        .if(user.role.managesUsers, .li(.a(.href(Paths.users.link()), .text(t("nav.users"))))),
                        .li(.a(.href(Paths.account.link()), .text(t("nav.account")))),
                        .li(
                            .form(
                                .method(.post), .action(Paths.logout.link()),
                                Form.csrf(ctx, once: false),
                                .button(.class("link"), .type(.submit), .text(t("nav.logout")))))
                    ))
            })
    }

    private static func crumbs(_ ctx: PageContext, _ items: [(String, String)]) -> BodyNode {
        .nav(
            .class("crumbs"), .attribute(named: "aria-label", value: attr(ctx.t("nav.breadcrumbs"))),
            .ol(
                .forEach(items.enumerated()) { index, item in
                    index == items.count - 1
                        ? .li(.span(.attribute(named: "aria-current", value: "page"), .text(item.0)))
                        : .li(.a(.href(attr(item.1)), .text(item.0)))
                }))
    }

    private static func footer(_ ctx: PageContext) -> BodyNode {
        let t = ctx.t
        return .footer(
            .class("foot"),
            .unwrap(ctx.user) { user in
                .p(.text(t("footer.signed_in_as", user.fullName, t("role.\(user.role.rawValue)"), user.unitName)))
            },
            .form(
                .method(.post), .action(Paths.language.link()), .class("lang"),
                Form.csrf(ctx, once: false),
                .input(.type(.hidden), .name("next"), .value(attr(ctx.path))),
                .span(.id("lang-label"), .text(t("footer.language"))),
                .button(
                    .type(.submit), .name("lang"), .value("vi"), .attribute(named: "lang", value: "vi"),
                    .attribute(named: "aria-pressed", value: ctx.t.lang == .vi ? "true" : "false"), .text("Tiếng Việt")),
                .button(
                    .type(.submit), .name("lang"), .value("en"), .attribute(named: "lang", value: "en"),
                    .attribute(named: "aria-pressed", value: ctx.t.lang == .en ? "true" : "false"), .text("English"))))
    }
}
