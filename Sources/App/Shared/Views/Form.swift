import ISHCCore
import Plot
import Vapor

/// Form parts that meet the interface rules: label above the field, the error beside it in words,
/// the typed value kept, a summary of errors at the top.
enum Form {
    /// The form token and, for a form that changes data, a one-time key made now, so that sending
    /// the form again (a double tap, a retry after a lost answer) cannot write twice.
    static func csrf<C>(_ ctx: PageContext, once: Bool = true) -> Node<C> {
        .group([
            .selfClosedElement(
                named: "input",
                attributes: [
                    Attribute<C>.attribute(named: "type", value: "hidden"),
                    Attribute<C>.attribute(named: "name", value: CSRFMiddleware.fieldName),
                    Attribute<C>.attribute(named: "value", value: attr(ctx.csrf)),
                ]),
            once && ctx.user != nil
                ? .selfClosedElement(
                    named: "input",
                    attributes: [
                        Attribute<C>.attribute(named: "type", value: "hidden"),
                        Attribute<C>.attribute(named: "name", value: OneTimeKeys.fieldName),
                        Attribute<C>.attribute(named: "value", value: ctx.newOnceKey()),
                    ]) : .empty,
        ])
    }

    static func errorSummary(_ ctx: PageContext, _ errors: FormErrors) -> BodyNode {
        guard !errors.isEmpty else { return .empty }
        return .div(
            .class("error-summary"), .attribute(named: "role", value: "alert"), .id("error-summary"),
            .h2(.text(ctx.t("form.errors_title"))),
            .ul(
                .unwrap(errors.general) { .li(.text($0)) },
                .forEach(errors.fields) { item in .li(.a(.href("#f-\(attr(item.field))"), .text(item.message))) }))
    }

    struct FieldOptions {
        var type = "text"
        var autocomplete: String? = nil
        var inputmode: String? = nil
        var required = false
        var hint: String? = nil
        var autofocus = false
    }

    static func field(
        _ label: String, name: String, value: String = "", error: String? = nil,
        _ options: FieldOptions = FieldOptions()
    ) -> BodyNode {
        let id = "f-\(name)"
        var described: [String] = []
        if options.hint != nil { described.append("\(id)-hint") }
        if error != nil { described.append("\(id)-error") }
        var attrs: [Attribute<HTML.InputContext>] = [
            .attribute(named: "type", value: options.type),
            .attribute(named: "id", value: id),
            .attribute(named: "name", value: attr(name)),
        ]
        if options.type != "password" { attrs.append(.attribute(named: "value", value: attr(value))) }
        if let a = options.autocomplete { attrs.append(.attribute(named: "autocomplete", value: a)) }
        if let m = options.inputmode { attrs.append(.attribute(named: "inputmode", value: m)) }
        if options.required { attrs.append(.attribute(named: "required", value: "required")) }
        if options.autofocus { attrs.append(.attribute(named: "autofocus", value: "autofocus")) }
        if error != nil { attrs.append(.attribute(named: "aria-invalid", value: "true")) }
        if !described.isEmpty { attrs.append(.attribute(named: "aria-describedby", value: described.joined(separator: " "))) }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label)),
            .unwrap(options.hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .unwrap(error) { .p(.class("error"), .id("\(id)-error"), .text($0)) },
            .selfClosedElement(named: "input", attributes: attrs))
    }

    static func select(
        _ label: String, name: String, options: [(value: String, label: String)],
        selected: String?, error: String? = nil, hint: String? = nil
    ) -> BodyNode {
        let id = "f-\(name)"
        var described: [String] = []
        if hint != nil { described.append("\(id)-hint") }
        if error != nil { described.append("\(id)-error") }
        let optionNodes: [Node<HTML.SelectContext>] = options.map { option in
            // An empty value is written as `value` (Plot drops empty attributes by default, and an
            // option without one would send its label).
            var nodes: [Node<HTML.SelectContext>] = [.attribute(Attribute(name: "value", value: attr(option.value), ignoreIfValueIsEmpty: false))]
            if option.value == selected { nodes.append(.attribute(named: "selected", value: "selected")) }
            nodes.append(.text(option.label))
            return .element(named: "option", nodes: nodes)
        }
        var selectNodes: [Node<HTML.SelectContext>] = [
            .attribute(named: "id", value: id), .attribute(named: "name", value: attr(name)),
        ]
        if !described.isEmpty { selectNodes.append(.attribute(named: "aria-describedby", value: described.joined(separator: " "))) }
        if error != nil { selectNodes.append(.attribute(named: "aria-invalid", value: "true")) }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .unwrap(error) { .p(.class("error"), .id("\(id)-error"), .text($0)) },
            .element(named: "select", nodes: selectNodes + optionNodes))
    }

    /// A checkbox with its label beside it, the whole row a 48 px target.
    static func checkbox(_ label: String, name: String, checked: Bool, error: String? = nil, hint: String? = nil) -> BodyNode {
        let id = "f-\(name)"
        var attrs: [Attribute<HTML.InputContext>] = [
            .attribute(named: "type", value: "checkbox"), .attribute(named: "id", value: id),
            .attribute(named: "name", value: attr(name)), .attribute(named: "value", value: "on"),
        ]
        if checked { attrs.append(.attribute(named: "checked", value: "checked")) }
        if error != nil { attrs.append(.attribute(named: "aria-invalid", value: "true")) }
        if error != nil || hint != nil {
            attrs.append(
                .attribute(
                    named: "aria-describedby",
                    value: [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }.joined(separator: " ")))
        }
        return .div(
            .class(error == nil ? "field check-field" : "field check-field has-error"),
            .unwrap(error) { .p(.class("error"), .id("\(id)-error"), .text($0)) },
            .label(.for(id), .selfClosedElement(named: "input", attributes: attrs), .span(.text(label))),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) })
    }

    /// One of a group of checkboxes sharing a name (`attended[]`), each with its own id and value.
    static func option(_ label: String, name: String, value: String, id: String, checked: Bool, meta: String? = nil) -> BodyNode {
        var attrs: [Attribute<HTML.InputContext>] = [
            .attribute(named: "type", value: "checkbox"), .attribute(named: "id", value: attr(id)),
            .attribute(named: "name", value: attr(name)), .attribute(named: "value", value: attr(value)),
        ]
        if checked { attrs.append(.attribute(named: "checked", value: "checked")) }
        return .div(
            .class("field check-field"),
            .label(
                .for(attr(id)), .selfClosedElement(named: "input", attributes: attrs),
                .span(.text(label), .unwrap(meta) { .span(.class("row-meta"), .text($0)) })))
    }

    static func textarea(_ label: String, name: String, value: String, error: String?, hint: String? = nil, rows: Int = 3) -> BodyNode {
        let id = "f-\(name)"
        var attrs: [BodyNode] = [
            .attribute(named: "id", value: id), .attribute(named: "name", value: attr(name)),
            .attribute(named: "rows", value: String(rows)),
        ]
        let described = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        if !described.isEmpty { attrs.append(.attribute(named: "aria-describedby", value: described.joined(separator: " "))) }
        if error != nil { attrs.append(.attribute(named: "aria-invalid", value: "true")) }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .unwrap(error) { .p(.class("error"), .id("\(id)-error"), .text($0)) },
            .element(named: "textarea", nodes: attrs + [.text(value)]))
    }

    /// A disclosure with a plain summary and any body content.
    static func details(open: Bool = false, class cls: String? = nil, summary: String, _ body: BodyNode...) -> BodyNode {
        var nodes: [BodyNode] = []
        if let cls { nodes.append(.class(cls)) }
        if open { nodes.append(.attribute(named: "open", value: "open")) }
        nodes.append(.element(named: "summary", nodes: [.text(summary)]))
        return .element(named: "details", nodes: nodes + body)
    }

    /// A wide table in its own box that scrolls sideways on a phone, so the page itself does not.
    static func scroll(_ label: String, _ table: BodyNode) -> BodyNode {
        .div(
            .class("table-scroll"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
            .attribute(named: "aria-label", value: attr(label)), table)
    }

    static func hidden(_ name: String, _ value: String) -> BodyNode {
        .input(.type(.hidden), .name(attr(name)), .value(attr(value)))
    }

    static func submit(_ text: String) -> BodyNode {
        .button(.type(.submit), .class("primary"), .text(text))
    }

    /// A POST form that sends a file, with its token in the address too: the server checks it
    /// before it reads any of the file.
    static func upload(_ ctx: PageContext, action: String, _ nodes: BodyNode...) -> BodyNode {
        .element(
            named: "form",
            nodes: [
                .attribute(named: "method", value: "post"),
                .attribute(named: "action", value: attr(action + (action.contains("?") ? "&" : "?") + "\(CSRFMiddleware.fieldName)=\(ctx.csrf)")),
                .attribute(named: "enctype", value: "multipart/form-data"),
                .attribute(named: "novalidate", value: "novalidate"),
                Form.csrf(ctx),
            ] + nodes)
    }

    /// A POST form with its token. A long form is a `draft`: the phone keeps what is typed until
    /// the server has saved it (app.js).
    static func post(
        _ ctx: PageContext, action: String, draft: Bool = false, outbox: Outbox? = nil, _ nodes: BodyNode...
    ) -> BodyNode {
        .element(
            named: "form",
            nodes: [
                .attribute(named: "method", value: "post"),
                .attribute(named: "action", value: attr(action)),
                .attribute(named: "novalidate", value: "novalidate"),
                draft ? .attribute(named: "data-draft", value: attr(action)) : .empty,
                outbox.map { $0.attributes() } ?? .empty,
                Form.csrf(ctx),
            ] + nodes)
    }

    /// A form whose write the phone keeps in its outbox when there is no connection and sends to
    /// the API later (`Public/static/outbox.js`): which kind of write, and the API's place for it.
    struct Outbox {
        var kind: String
        var api: String

        static func meeting(_ club: UUID) -> Outbox { .init(kind: "meeting", api: APIPaths.meetings(club)) }
        static func fundEntry(_ club: UUID) -> Outbox { .init(kind: "fund-entry", api: APIPaths.fundEntries(club)) }
        static func member(_ club: UUID) -> Outbox { .init(kind: "member", api: APIPaths.members(club)) }
        static func repayment(_ loan: UUID) -> Outbox { .init(kind: "repayment", api: APIPaths.repayments(loan)) }
        static func careVisit(_ recipient: UUID) -> Outbox { .init(kind: "care-visit", api: APIPaths.careVisits(recipient)) }

        func attributes<C>() -> Node<C> {
            .group([
                .attribute(Attribute<C>.attribute(named: "data-outbox", value: kind)),
                .attribute(Attribute<C>.attribute(named: "data-api", value: attr(api))),
            ])
        }
    }
}

/// Links to the last five years, the one shown marked: used by every list kept by year.
enum YearNav {
    static func render(_ t: Texts, year: Int, thisYear: Int, link: (Int) -> String) -> BodyNode {
        .nav(
            .class("years"), .attribute(named: "aria-label", value: attr(t("activity.years"))),
            .ul(
                .forEach(Array(((thisYear - 4)...thisYear).reversed())) { y in
                    .li(
                        y == year
                            ? .span(.attribute(named: "aria-current", value: "page"), .text(String(y)))
                            : .a(.href(attr(link(y))), .text(String(y))))
                }))
    }

}
