import Plot
import Vapor

/// A form sent again with its one-time key but other content: the first was saved, and this one
/// is not written. Says when the first was saved and links to it, where a change can be made.
enum OnceRefusalPage {
    static func render(_ ctx: PageContext, savedAt: String, link: String) -> Response {
        let t = ctx.t
        return Layout.page(
            ctx, title: t("once.other_content.title"), status: .conflict,
            .div(
                .class("notice notice-error"), .attribute(named: "role", value: "alert"),
                .p(.text(t("once.other_content.message", savedAt)))),
            .p(.a(.class("button"), .href(attr(link)), .text(t("once.other_content.open")))))
    }
}
