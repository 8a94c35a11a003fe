import Foundation
import ISHCCore
import Plot
import Vapor

/// Plans with their targets, the forms that keep them, and a commune's denominators.
enum PlanPages {
    struct TargetForm {
        var input: TargetInput
        var errors: FormErrors
    }

    static func list(
        _ ctx: PageContext, unit: OrgUnit, plans: [CoveringPlan], unitNames: [UUID: String], canEdit: Bool,
        children: [OrgUnit], form: TargetForm?, notice: String?, status: HTTPResponseStatus
    ) -> Response {
        let t = ctx.t
        let title = t("plan.title")
        return Layout.page(
            ctx, title: title, breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (title, "")], status: status,
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.class("lead"), .text(unit.name)),
            .p(.class("hint"), .text(t("plan.intro"))),
            .if(canEdit, .div(.class("actions"), .a(.class("button"), .href(Paths.newPlan.link(unit.id!)), .text(t("plan.add"))))),
            .if(plans.isEmpty, .p(.text(t("plan.none")))),
            .forEach(plans) { cp in
                let own = cp.unit.id == unit.id
                let sorted = sortedTargets(cp, unitNames: unitNames)
                // Below the plan's unit, only its own targets and those broken down to this unit.
                let visible = own ? sorted : sorted.filter { $0.$unit.id == cp.unit.id || $0.$unit.id == unit.id }
                return .section(
                    .id("plan-\(cp.plan.id!)"), .class("plan"),
                    .h2(.text(cp.plan.title)),
                    .dl(
                        .class("facts"),
                        .dt(.text(t("plan.unit"))), .dd(.text(cp.unit.name + (own ? "" : " " + t("plan.from_above")))),
                        .unwrap(cp.plan.source) { s in .group(.dt(.text(t("plan.source"))), .dd(.text(s))) },
                        .dt(.text(t("plan.phases"))),
                        .dd(
                            .text(
                                cp.phases.map { "\($0.name) (\(Day(iso: $0.startsOn)?.vietnamese ?? "") – \(Day(iso: $0.endsOn)?.vietnamese ?? ""))" }
                                    .joined(separator: "; "))),
                        .dt(.text(t("plan.standard"))),
                        .dd(.text(cp.plan.standard.rules.map { t("standard.rule.\($0.rawValue)") }.joined(separator: "; ")))),
                    .div(
                        .class("table-scroll"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                        .attribute(named: "aria-label", value: attr(t("plan.targets"))),
                        .table(
                            .class("grid targets-table"),
                            .caption(.text(t("plan.targets"))),
                            .thead(
                                .tr(
                                    .th(.text(t("plan.phase"))), .th(.text(t("plan.indicator"))), .th(.text(t("plan.for_unit"))),
                                    .th(.text(t("plan.value"))))),
                            .tbody(
                                .forEach(visible) { target in
                                    let def = IndicatorCatalogue.definition(target.indicator)
                                    let phase = cp.phases.first { $0.id == target.$phase.id }?.name ?? ""
                                    var label = def.map { DashboardPages.name(t, $0) } ?? target.indicator
                                    if let n = target.minClubs { label += " " + t("dash.min_clubs", n) }
                                    return .tr(
                                        .td(.text(phase)), .th(.text(label)),
                                        .td(.text(unitNames[target.$unit.id] ?? "")),
                                        .td(
                                            .text(
                                                (def.map { Target(indicator: target.indicator, value: target.value).formatted($0.unit) }
                                                    ?? String(target.value))
                                                    + (target.note.map { " (\($0))" } ?? ""))))
                                }))))
            },
            .if(
                canEdit && plans.contains { $0.unit.id == unit.id },
                targetForm(ctx, unit: unit, plans: plans.filter { $0.unit.id == unit.id }, children: children, form: form)))
    }

    static func fieldset(id: String? = nil, legend: String, _ body: BodyNode...) -> BodyNode {
        var nodes: [BodyNode] = []
        if let id { nodes.append(.id(id)) }
        nodes.append(.element(named: "legend", nodes: [.text(legend)]))
        return .element(named: "fieldset", nodes: nodes + body)
    }

    static func sortedTargets(_ cp: CoveringPlan, unitNames: [UUID: String]) -> [PlanTarget] {
        func key(_ t: PlanTarget) -> (Int, Int, String) {
            let phase = cp.phases.firstIndex { $0.id == t.$phase.id } ?? 0
            return (phase, TargetLine.order(t.indicator), unitNames[t.$unit.id] ?? "")
        }
        return cp.targets.sorted { key($0) < key($1) }
    }

    static func targetForm(_ ctx: PageContext, unit: OrgUnit, plans: [CoveringPlan], children: [OrgUnit], form: TargetForm?) -> BodyNode {
        let t = ctx.t
        let input = form?.input ?? TargetInput()
        let errors = form?.errors ?? FormErrors()
        return Form.details(
            open: form != nil, class: "target-form", summary: t("plan.add_target"),
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.planTargets.link(unit.id!),
                Form.select(
                    t("plan.indicator"), name: "indicator",
                    options: [("", t("plan.choose"))] + IndicatorCatalogue.all.map { ($0.code, DashboardPages.name(t, $0)) },
                    selected: input.indicator, error: errors["indicator"]),
                Form.select(
                    t("plan.phase"), name: "phase",
                    options: plans.flatMap { cp in cp.phases.map { ($0.id!.uuidString, "\($0.name) · \(cp.plan.title)") } },
                    selected: input.phase, error: errors["phase"]),
                Form.select(
                    t("plan.for_unit"), name: "unit",
                    options: [(unit.id!.uuidString, unit.name)] + children.map { ($0.id!.uuidString, $0.name) },
                    selected: input.unit, error: errors["unit"], hint: t("plan.for_unit_hint")),
                Form.field(
                    t("plan.value"), name: "value", value: input.value ?? "", error: errors["value"],
                    .init(autocomplete: "off", inputmode: "decimal", required: true, hint: t("plan.value_hint"))),
                Form.field(
                    t("plan.min_clubs_field"), name: "min_clubs", value: input.min_clubs ?? "", error: errors["min_clubs"],
                    .init(autocomplete: "off", inputmode: "numeric", hint: t("plan.min_clubs_hint"))),
                Form.field(t("plan.note"), name: "note", value: input.note ?? "", .init(autocomplete: "off")),
                Form.submit(t("plan.save_target"))))
    }

    static func planForm(
        _ ctx: PageContext, unit: OrgUnit, input: PlanInput, errors: FormErrors,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let title = t("plan.add")
        let rules = Set(input.rules ?? [])
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("plan.title"), Paths.plans.link(unit.id!)), (title, "")],
            status: status,
            .p(.class("lead"), .text(unit.name)),
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.newPlan.link(unit.id!),
                Form.field(
                    t("plan.field.title"), name: "title", value: input.title ?? "", error: errors["title"],
                    .init(autocomplete: "off", required: true, hint: t("plan.field.title_hint"))),
                Form.field(t("plan.source"), name: "source", value: input.source ?? "", .init(autocomplete: "off", hint: t("plan.source_hint"))),
                fieldset(
                    legend: t("plan.phase_n", 1),
                    Form.field(t("plan.phase_name"), name: "phase1_name", value: input.phase1_name ?? "", .init(autocomplete: "off")),
                    Form.field(
                        t("plan.phase_from"), name: "phase1_from", value: input.phase1_from ?? "", error: errors["phase1_from"],
                        .init(autocomplete: "off", inputmode: "numeric", required: true)),
                    Form.field(
                        t("plan.phase_to"), name: "phase1_to", value: input.phase1_to ?? "",
                        .init(autocomplete: "off", inputmode: "numeric", required: true))),
                fieldset(
                    legend: t("plan.phase_n", 2),
                    .p(.class("hint"), .text(t("plan.phase2_hint"))),
                    Form.field(t("plan.phase_name"), name: "phase2_name", value: input.phase2_name ?? "", .init(autocomplete: "off")),
                    Form.field(
                        t("plan.phase_from"), name: "phase2_from", value: input.phase2_from ?? "", error: errors["phase2_from"],
                        .init(autocomplete: "off", inputmode: "numeric")),
                    Form.field(t("plan.phase_to"), name: "phase2_to", value: input.phase2_to ?? "", .init(autocomplete: "off", inputmode: "numeric"))),
                fieldset(
                    id: "f-rules", legend: t("plan.standard"),
                    .p(.class("hint"), .text(t("plan.standard_hint"))),
                    .unwrap(errors["rules"]) { .p(.class("error"), .text($0)) },
                    .forEach(StandardRules.Rule.allCases) { rule in
                        var input: [Attribute<HTML.InputContext>] = [
                            .attribute(named: "type", value: "checkbox"), .attribute(named: "id", value: "rule-" + rule.rawValue),
                            .attribute(named: "name", value: "rules[]"), .attribute(named: "value", value: rule.rawValue),
                        ]
                        if rules.contains(rule.rawValue) { input.append(.attribute(named: "checked", value: "checked")) }
                        return .div(
                            .class("field check-field"),
                            .label(
                                .for("rule-" + rule.rawValue), .selfClosedElement(named: "input", attributes: input),
                                .span(.text(t("standard.rule.\(rule.rawValue)")))))
                    }),
                Form.field(
                    t("plan.min_clubs_field"), name: "min_clubs", value: input.min_clubs ?? "", error: errors["min_clubs"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("plan.min_clubs_hint"))),
                Form.submit(t("plan.create"))))
    }

    // MARK: Denominators

    static func denominators(
        _ ctx: PageContext, unit: OrgUnit, rows: [Denominator], registeredVillages: Int, canEdit: Bool,
        input: DenominatorInput, errors: FormErrors, notice: String?, status: HTTPResponseStatus
    ) -> Response {
        let t = ctx.t
        let title = t("denom.title")
        return Layout.page(
            ctx, title: title, breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("dash.title"), Paths.dashboard.link(unit.id!)), (title, "")],
            status: status,
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.class("lead"), .text(unit.name)),
            .p(.class("hint"), .text(t("denom.intro", registeredVillages))),
            .if(rows.isEmpty, .p(.text(t("denom.none")))),
            .if(
                !rows.isEmpty,
                .ul(
                    .class("denoms"),
                    .forEach(rows) { r in
                        .li(
                            .p(.strong(.text("\(r.year) · \(t("denom.kind.\(r.kind)")): \(VND.group(Int64(r.value)))"))),
                            .p(.class("hint"), .text(t("denom.source") + ": " + r.source)))
                    })),
            .if(
                canEdit,
                .group(
                    .h2(.text(t("denom.enter"))),
                    Form.errorSummary(ctx, errors),
                    Form.post(
                        ctx, action: Paths.denominators.link(unit.id!),
                        Form.field(
                            t("denom.year"), name: "year", value: input.year ?? "", error: errors["year"],
                            .init(autocomplete: "off", inputmode: "numeric", required: true)),
                        Form.field(
                            t("denom.kind.villages"), name: "villages", value: input.villages ?? "", error: errors["villages"],
                            .init(autocomplete: "off", inputmode: "numeric", hint: t("denom.villages_hint"))),
                        Form.field(
                            t("denom.kind.older_people"), name: "older_people", value: input.older_people ?? "", error: errors["older_people"],
                            .init(autocomplete: "off", inputmode: "numeric", hint: t("denom.older_hint"))),
                        Form.field(
                            t("denom.source"), name: "source", value: input.source ?? "", error: errors["source"],
                            .init(autocomplete: "off", required: true, hint: t("denom.source_hint"))),
                        Form.submit(t("denom.save"))))))
    }
}
