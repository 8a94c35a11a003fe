import Plot
import Vapor

enum LoginPage {
    static func render(
        _ ctx: PageContext, status: HTTPResponseStatus = .ok, username: String, next: String?,
        error: String? = nil, notice: String? = nil, resume: ResumeForm? = nil
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
                .unwrap(resume) { .group(Form.hidden(ResumeForm.actionField, $0.action), Form.hidden(ResumeForm.fieldsField, $0.encodedFields)) },
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

/// After logging in again: the form that was sent when the session had ended, offered to send as
/// it was (the script sends it by itself; without it, one tap).
enum ResumePage {
    static func render(_ ctx: PageContext, _ resume: ResumeForm, skip: String) -> Response {
        let t = ctx.t
        return Layout.page(
            ctx, title: t("login.resume.title"),
            .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(t("login.resume.message")))),
            Form.post(
                ctx, action: resume.action, .id("resume-form"),
                .forEach(resume.fields) { Form.hidden($0.name, $0.value) },
                Form.submit(t("login.resume.send"))),
            .p(.a(.href(attr(skip)), .text(t("login.resume.skip")))))
    }
}
