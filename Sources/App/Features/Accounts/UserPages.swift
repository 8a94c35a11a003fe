import ISHCCore
import Plot
import Vapor

enum UserListPage {
    static func render(_ ctx: PageContext, items: [(user: User, unit: OrgUnit)], query: String) -> Response {
        let t = ctx.t
        let me = ctx.user!
        return Layout.page(
            ctx, title: t("user.list_title"),
            .div(
                .class("actions"),
                .a(.class("button primary"), .href(Paths.newUser.link(query: [("unit", me.unitID.uuidString)])), .text(t("user.add")))),
            .form(
                .method(.get), .action(Paths.users.link()), .class("search"), .attribute(named: "role", value: "search"),
                .label(.for("q"), .text(t("user.search"))),
                .div(
                    .class("search-row"),
                    .input(.type(.search), .id("q"), .name("q"), .value(attr(query))),
                    .button(.type(.submit), .text(t("search.button"))))),
            .if(items.isEmpty, .p(.class("empty"), .text(query.isEmpty ? t("user.none") : t("search.nothing", query)))),
            .ul(
                .class("cards"),
                .forEach(items) { item in
                    .li(
                        .a(
                            .class("card"), .href(Paths.user.link(item.user.id!)),
                            .span(.class("card-title"), .text(item.user.fullName)),
                            .span(
                                .class("card-meta"),
                                .text(
                                    [
                                        t("role.\(item.user.role)"), item.unit.name, item.user.username,
                                        item.user.active ? nil : t("user.inactive"),
                                    ].compactMap { $0 }.joined(separator: " · ")))))
                }))
    }
}

enum NewUserPage {
    static func render(
        _ ctx: PageContext, choices: [(id: UUID, label: String)], roles: [Role], input: NewUserInput,
        errors: FormErrors, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        return Layout.page(
            ctx, title: t("user.add_title"), status: status,
            .p(.class("lead"), .text(t("user.add_lead"))),
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.newUser.link(),
                Form.field(
                    t("user.full_name"), name: "full_name", value: input.fullName ?? "", error: errors["full_name"],
                    .init(autocomplete: "off", required: true, autofocus: true)),
                Form.select(
                    t("user.unit"), name: "unit", options: choices.map { (value: $0.id.uuidString, label: $0.label) },
                    selected: input.unit?.uuidString),
                Form.select(
                    t("user.role"), name: "role", options: roles.map { (value: $0.rawValue, label: t("role.\($0.rawValue)")) },
                    selected: input.role, error: errors["role"], hint: t("user.role_hint")),
                Form.field(
                    t("user.username"), name: "username", value: input.username ?? "", error: errors["username"],
                    .init(autocomplete: "off", required: true, hint: t("user.username_hint"))),
                Form.field(
                    t("user.phone"), name: "phone", value: input.phone ?? "",
                    .init(type: "tel", inputmode: "tel")),
                Form.field(
                    t("user.initial_password"), name: "password", error: errors["password"],
                    .init(
                        type: "password", autocomplete: "new-password", required: true,
                        hint: t("user.initial_password_hint", PasswordPolicy.minCharacters))),
                Form.field(
                    t("user.initial_password_confirm"), name: "password_confirm", error: errors["password_confirm"],
                    .init(type: "password", autocomplete: "new-password", required: true)),
                Form.submit(t("user.create"))),
            .p(.a(.class("button secondary"), .href(Paths.users.link()), .text(t("form.cancel")))))
    }
}

enum UserPage {
    static func render(
        _ ctx: PageContext, user: User, unit: OrgUnit, canManage: Bool, notice: String?, errors: FormErrors,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let facts: [(String, String)] = [
            (t("user.username"), user.username),
            (t("user.role"), t("role.\(user.role)")),
            (t("user.unit"), unit.name),
            (t("user.phone"), user.phone ?? "—"),
            (t("user.state"), user.active ? t("user.active") : t("user.inactive")),
        ]
        return Layout.page(
            ctx, title: user.fullName, status: status,
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .dl(.class("facts"), .forEach(facts) { f in .group(.dt(.text(f.0)), .dd(.text(f.1))) }),
            .p(.a(.href(Paths.unit.link(unit.id!)), .text(t("user.see_unit", unit.name)))),
            .if(
                canManage,
                .group(
                    .section(
                        .attribute(named: "aria-labelledby", value: "reset-h"),
                        .h2(.id("reset-h"), .text(t("user.reset_title"))),
                        .p(.text(t("user.reset_lead"))),
                        Form.errorSummary(ctx, errors),
                        Form.post(
                            ctx, action: Paths.resetPassword.link(user.id!),
                            Form.field(
                                t("password.new"), name: "password", error: errors["password"],
                                .init(type: "password", autocomplete: "new-password", required: true)),
                            Form.field(
                                t("password.confirm"), name: "password_confirm", error: errors["password_confirm"],
                                .init(type: "password", autocomplete: "new-password", required: true)),
                            Form.submit(t("user.reset_submit")))),
                    .section(
                        .attribute(named: "aria-labelledby", value: "active-h"),
                        .h2(.id("active-h"), .text(user.active ? t("user.deactivate_title") : t("user.activate_title"))),
                        Form.post(
                            ctx, action: Paths.userActive.link(user.id!),
                            Form.hidden("active", user.active ? "0" : "1"),
                            .button(
                                .type(.submit), .class(user.active ? "danger" : "primary"),
                                .text(user.active ? t("user.deactivate", user.fullName) : t("user.activate", user.fullName)))))
                )))
    }
}

enum AccountPage {
    static func render(_ ctx: PageContext, user: User, notice: String?) -> Response {
        let t = ctx.t
        let me = ctx.user!
        let facts: [(String, String)] = [
            (t("user.full_name"), user.fullName),
            (t("user.username"), user.username),
            (t("user.role"), t("role.\(user.role)")),
            (t("user.unit"), me.unitName),
        ]
        return Layout.page(
            ctx, title: t("account.title"),
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .dl(.class("facts"), .forEach(facts) { f in .group(.dt(.text(f.0)), .dd(.text(f.1))) }),
            .p(.a(.class("button primary"), .href(Paths.changePassword.link()), .text(t("account.change_password")))))
    }
}

enum ChangePasswordPage {
    static func render(_ ctx: PageContext, forced: Bool, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let t = ctx.t
        return Layout.page(
            ctx, title: t("account.change_password"), status: status,
            .if(forced, .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(t("account.must_change"))))),
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.changePassword.link(),
                Form.field(
                    t("password.current"), name: "current", error: errors["current"],
                    .init(type: "password", autocomplete: "current-password", required: true, autofocus: true)),
                Form.field(
                    t("password.new"), name: "password", error: errors["password"],
                    .init(
                        type: "password", autocomplete: "new-password", required: true,
                        hint: t("password.rule", PasswordPolicy.minCharacters))),
                Form.field(
                    t("password.confirm"), name: "password_confirm", error: errors["password_confirm"],
                    .init(type: "password", autocomplete: "new-password", required: true)),
                Form.submit(t("account.save_password"))))
    }
}
