import ISHCCore
import Plot
import Vapor

/// A club page's "meeting the standard" section: each rule of the plan that covers the club (or
/// the default), met or missed this year, in words.
enum StandardView {
    static func section(_ t: Texts, _ m: StandardSummary) -> BodyNode {
        .section(
            .attribute(named: "aria-labelledby", value: "standard-h"),
            .h2(.id("standard-h"), .text(t("standard.title", m.year))),
            .p(
                .class(m.missed.isEmpty ? "notice notice-ok" : "warn"),
                .text(m.missed.isEmpty ? t("standard.met_all", m.rules.rules.count) : t("standard.missed_some", m.missed.count, m.rules.rules.count))),
            .ul(
                .class("rules"),
                .forEach(m.rules.rules) { rule in
                    let ok = m.met.contains(rule)
                    return .li(
                        .class(ok ? "rule met" : "rule missed"),
                        .span(.class("mark"), .attribute(named: "aria-hidden", value: "true"), .text(ok ? "✓" : "✗")),
                        .text(" " + t("standard.rule.\(rule.rawValue)") + ": "),
                        .strong(.text(ok ? t("standard.met") : t("standard.missed"))))
                }),
            .p(.class("hint"), .text(m.planTitle.map { t("standard.by_plan", $0) } ?? t("standard.by_default"))))
    }
}
