import Plot
import Vapor

enum LoginPage {
    static func render(
        _ ctx: PageContext, status: HTTPResponseStatus = .ok, username: String, next: String?,
        error: String? = nil, notice: String? = nil
    ) -> Response {
        let t = ctx.t
        var errors = FormErrors()
        errors.general = error
        return Layout.page(
            ctx, title: t("login.title"), status: status,
            .p(.class("lead"), .text(t("login.lead"))),
            .unwrap(notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.login.link(),
                .unwrap(next) { Form.hidden("next", $0) },
                Form.field(
                    t("login.username"), name: "username", value: username,
                    .init(autocomplete: "username", required: true, autofocus: username.isEmpty)),
                Form.field(
                    t("login.password"), name: "password",
                    .init(type: "password", autocomplete: "current-password", required: true, autofocus: !username.isEmpty)),
                Form.submit(t("login.submit"))),
            .p(.class("hint"), .text(t("login.forgot"))))
    }
}
