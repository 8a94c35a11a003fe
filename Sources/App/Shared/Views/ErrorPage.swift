import Plot
import Vapor

enum ErrorPage {
    static func render(
        _ ctx: PageContext, status: HTTPResponseStatus, titleKey: String, messageKey: String? = nil,
        message: String? = nil, args: [CustomStringConvertible] = []
    ) -> Response {
        let t = ctx.t
        var text = message ?? messageKey.map { t.callAsFunction($0) } ?? ""
        for (i, a) in args.enumerated() { text = text.replacingOccurrences(of: "{\(i)}", with: a.description) }
        let home = ctx.user != nil ? Paths.unit.link(ctx.user!.unitID) : Paths.login.link()
        return Layout.page(
            ctx, title: t(titleKey), status: status,
            .div(.class("notice notice-error"), .attribute(named: "role", value: "alert"), .p(.text(text))),
            .p(.a(.class("button"), .href(attr(home)), .text(ctx.user != nil ? t("error.go_home") : t("error.go_login")))))
    }
}
