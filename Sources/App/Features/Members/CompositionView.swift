import ISHCCore
import Plot

/// A club's composition against the standard, as of a day: each line with its number in words, a
/// meter, and a plain hint when it is outside the range.
enum CompositionView {
    static func section(_ t: Texts, _ m: UnitPageModel) -> BodyNode {
        let standard = CompositionStandard.standard
        return .section(
            .attribute(named: "aria-labelledby", value: "composition-h"),
            .h2(.id("composition-h"), .text(t("composition.title", m.compositionDay.vietnamese))),
            .ul(.class("checks"), .forEach(m.composition) { line(t, $0, standard) }),
            .form(
                .method(.get), .action(Paths.unit.link(m.unit.id!)), .class("search"),
                .label(.for("ngay"), .text(t("composition.day_label"))),
                .unwrap(m.compositionDayError) { .p(.class("error"), .id("ngay-error"), .text($0)) },
                .div(
                    .class("search-row"),
                    .input(
                        .type(.text), .id("ngay"), .name("ngay"), .value(attr(m.compositionDayInput)),
                        .attribute(named: "inputmode", value: "numeric"), .placeholder("dd/mm/yyyy"),
                        .attribute(named: "aria-describedby", value: m.compositionDayError == nil ? "" : "ngay-error")),
                    .button(.type(.submit), .text(t("composition.day_button"))))))
    }

    private static func line(_ t: Texts, _ c: CompositionCheck, _ s: CompositionStandard) -> Node<HTML.ListContext> {
        let id = "comp-\(c.kind.rawValue)"
        let value: String
        let range: String
        var meter: (value: Int, min: Int, max: Int, low: Int, high: Int)? = nil
        switch c.kind {
        case .members:
            value = t("composition.members.value", c.count)
            range = t("composition.range_count", s.members.lowerBound, s.members.upperBound)
            meter = (c.count, 0, 100, s.members.lowerBound, s.members.upperBound)
        case .volunteers:
            value = t("composition.volunteers.value", c.count)
            range = t("composition.range_min", s.minVolunteers)
        case .women, .older, .younger:
            let bounds = c.kind == .women ? s.womenPercent : c.kind == .older ? s.olderPercent : s.youngerPercent
            value = c.percent.map { t("composition.\(c.kind.rawValue).value", c.count, $0) } ?? t("composition.\(c.kind.rawValue).value_none")
            range = t("composition.range_percent", bounds.lowerBound, bounds.upperBound)
            if let p = c.percent { meter = (p, 0, 100, bounds.lowerBound, bounds.upperBound) }
        }
        let verdict: String
        let ok: Bool
        switch c.verdict {
        case .ok:
            verdict = t("composition.ok")
            ok = true
        case .needMore(let n):
            verdict = t("composition.\(c.kind.rawValue).need_more", n)
            ok = false
        case .tooMany(let n):
            verdict = t("composition.\(c.kind.rawValue).too_many", n)
            ok = false
        case .unknown:
            verdict = t("composition.unknown")
            ok = false
        }
        return .li(
            .class(ok ? "check ok" : "check off"),
            .span(.class("check-label"), .id(id), .text(t("composition.\(c.kind.rawValue)"))),
            .span(.class("check-value"), .text("\(value) · \(range)")),
            .unwrap(meter) { mtr in
                .element(
                    named: "meter",
                    nodes: [
                        .attribute(named: "min", value: String(mtr.min)), .attribute(named: "max", value: String(mtr.max)),
                        .attribute(named: "low", value: String(mtr.low)), .attribute(named: "high", value: String(mtr.high)),
                        .attribute(named: "optimum", value: String((mtr.low + mtr.high) / 2)),
                        .attribute(named: "value", value: String(mtr.value)),
                        .attribute(named: "aria-labelledby", value: id),
                        .text(value),
                    ])
            },
            .span(.class("check-verdict"), .text((ok ? "✓ " : "! ") + verdict)))
    }
}
