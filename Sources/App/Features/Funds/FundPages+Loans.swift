import ISHCCore
import Plot
import Vapor

/// The loan pages: lending with its schedule, and one loan with its repayments, schedule versions,
/// reschedule and write-off.
extension FundPages {
    static func loanForm(
        _ ctx: PageContext, unit: OrgUnit, members: [Member], input: LoanInput, schedule: [Instalment],
        errors: FormErrors, status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let title = t("loan.new")
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("fund.title"), Paths.funds.link(unit.id!)), (title, "")],
            status: status,
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.newLoan.link(unit.id!), draft: true,
                Form.select(
                    t("loan.member"), name: "member", options: [("", t("activity.choose"))] + members.map { ($0.id!.uuidString, $0.fullName) },
                    selected: input.member, error: errors["member"]),
                Form.field(
                    t("loan.principal"), name: "principal", value: input.principal ?? "", error: errors["principal"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("activity.hint.amount"))),
                Form.select(
                    t("loan.purpose"), name: "purpose", options: FundChoices.purposes.map { ($0, t("loan.purpose.\($0)")) },
                    selected: input.purpose, error: errors["purpose"]),
                Form.field(t("loan.purpose_note"), name: "purpose_note", value: input.purposeNote ?? "", .init(autocomplete: "off")),
                Form.field(
                    t("loan.disbursed_on"), name: "disbursed_on", value: input.disbursedOn ?? "", error: errors["disbursed_on"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                Form.field(
                    t("loan.instalments"), name: "instalments", value: input.instalments ?? "", error: errors["instalments"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("loan.instalments_hint"))),
                Form.select(
                    t("loan.every"), name: "every_months", options: [("1", t("loan.every.1")), ("3", t("loan.every.3")), ("6", t("loan.every.6"))],
                    selected: input.everyMonths, error: errors["every_months"]),
                Form.select(
                    t("loan.method"), name: "method", options: FeeMethod.allCases.map { ($0.rawValue, t("loan.method.\($0.rawValue)")) },
                    selected: input.method, error: errors["method"]),
                Form.field(
                    t("loan.rate"), name: "rate", value: input.rate ?? "", error: errors["rate"],
                    .init(autocomplete: "off", inputmode: "decimal", hint: t("loan.rate_hint"))),
                Form.field(
                    t("loan.grace"), name: "grace", value: input.grace ?? "", error: errors["grace"],
                    .init(autocomplete: "off", inputmode: "numeric", hint: t("loan.grace_hint"))),
                Form.submit(t("loan.disburse"))),
            .p(.a(.class("button secondary"), .href(Paths.funds.link(unit.id!)), .text(t("form.cancel")))))
    }

    /// The loan in plain words and numbers, its schedule, what came back, and the forms.
    static func loan(
        _ ctx: PageContext, unit: OrgUnit, loan: Loan, member: Member, state: LoanState,
        versions: [(version: Int, madeOn: String?, reason: String?, instalments: [Instalment])], entries: [JournalEntry],
        postings: [UUID: [LedgerPosting]], reversed: Set<UUID>, canWrite: Bool, order: RepaymentOrder,
        input: RepaymentInput, errors: FormErrors, notice: String?, status: HTTPResponseStatus
    ) -> Response {
        let t = ctx.t
        let today = ctx.today
        let terms = loan.terms
        let title = t("loan.title", member.fullName)
        let late = LoanRules.arrears(state, on: today)
        let totalFee = state.schedule.reduce(Int64(0)) { $0 + $1.fee }
        let plain = t(
            "loan.plain", VND.format(loan.principal), Day(iso: loan.disbursedOn)?.vietnamese ?? loan.disbursedOn,
            terms.instalments, t("loan.every_plain.\(terms.everyMonths)"),
            VND.format(state.schedule.first(where: { $0.principal > 0 })?.total ?? 0), VND.format(loan.principal + totalFee),
            VND.format(totalFee))
        // Which instalments are covered by what came back, in order.
        var covered = state.paidPrincipal + state.paidFee + state.writtenOff
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("fund.title"), Paths.funds.link(unit.id!)), (title, "")],
            status: status, script: "print.js",
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.class("lead"), .text(plain)),
            .dl(
                .class("facts"),
                .dt(.text(t("loan.purpose"))), .dd(.text(t("loan.purpose.\(loan.purpose)") + (loan.purposeNote.map { ": \($0)" } ?? ""))),
                .dt(.text(t("loan.method"))),
                .dd(
                    .text(
                        t("loan.method.\(loan.method)")
                            + (loan.rateBasisPoints > 0 ? " · " + t("loan.rate_value", rateText(loan.rateBasisPoints)) : ""))),
                .dt(.text(t("loan.paid"))), .dd(.text(t("loan.paid_value", VND.format(state.paidPrincipal), VND.format(state.paidFee)))),
                .dt(.text(t("loan.outstanding"))), .dd(.strong(.text(VND.format(state.outstanding)))),
                .dt(.text(t("loan.status"))),
                .dd(
                    .text(
                        state.outstanding <= 0
                            ? t(state.writtenOff > 0 ? "loan.state.written_off" : "loan.state.repaid")
                            : late.days > 0 ? t("loan.late", late.days, VND.format(late.amount)) : t("loan.on_time")))),
            .if(
                canWrite && state.outstanding > 0,
                .section(
                    .attribute(named: "aria-labelledby", value: "repay-h"),
                    .h2(.id("repay-h"), .text(t("loan.repay"))),
                    .p(.class("hint"), .text(t("loan.repay_hint.\(order.rawValue)", VND.format(state.payable(on: today))))),
                    Form.errorSummary(ctx, errors),
                    Form.post(
                        ctx, action: Paths.loanRepayments.link(loan.id!), draft: true, outbox: .repayment(loan.id!),
                        Form.field(
                            t("loan.amount"), name: "amount", value: input.amount ?? "", error: errors["amount"],
                            .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("activity.hint.amount"))),
                        Form.field(
                            t("loan.paid_on"), name: "paid_on", value: input.paidOn ?? "", error: errors["paid_on"],
                            .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                        Form.submit(t("loan.save_repayment"))))),
            .h2(.text(t("loan.schedule"))),
            .div(
                .class("table-scroll"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                .attribute(named: "aria-label", value: attr(t("loan.schedule"))),
                .table(
                    .class("readings schedule"),
                    .thead(
                        .tr(
                            .th(.text(t("loan.due"))), .th(.text(t("loan.col_principal"))), .th(.text(t("loan.col_fee"))),
                            .th(.text(t("loan.col_state"))))),
                    .tbody(
                        .forEach(state.schedule) { i in
                            let paid = covered >= i.total
                            covered = max(0, covered - i.total)
                            return .tr(
                                .class(!paid && i.due < today ? "high" : ""),
                                .td(.text("\(i.number). \(i.due.vietnamese)")), .td(.text(VND.group(i.principal))), .td(.text(VND.group(i.fee))),
                                .td(.text(paid ? t("loan.paid_mark") : i.due < today ? t("loan.late_mark") : "")))
                        }))),
            .h2(.text(t("loan.movements"))),
            .ul(
                .class("rows"),
                .forEach(entries) { e in
                    let cash = (postings[e.id!] ?? []).filter { $0.account.hasSuffix("_cash") }.reduce(Int64(0)) { $0 + $1.amount }
                    return .li(
                        .id("entry-\(e.id!.uuidString)"),
                        .span(.class("row-title"), .text("\(Day(iso: e.occurredOn)?.vietnamese ?? e.occurredOn) · \(e.description)")),
                        .span(
                            .class("row-meta"),
                            .text(
                                t("fund.kind.\(e.kind)") + " · " + (cash >= 0 ? t("fund.book.in_short") : t("fund.book.out_short"))
                                    + " " + VND.format(abs(cash))
                                    + (reversed.contains(e.id!) ? " · " + t("fund.reversed") : "")
                                    + (e.reason.map { " · \(t("fund.reason")): \($0)" } ?? ""))),
                        .if(canWrite && e.kind == "repayment" && !reversed.contains(e.id!), reverseForm(ctx, e)))
                }),
            .if(
                versions.count > 1,
                .group(
                    versions.dropLast().map { v in
                        .element(
                            named: "details",
                            nodes: [
                                .element(named: "summary", nodes: [.text(t("loan.old_schedule", v.version))]),
                                .ul(
                                    .class("rows"),
                                    .forEach(v.instalments) { i in
                                        .li(
                                            .text(
                                                "\(i.number). \(i.due.vietnamese) · \(t("loan.col_principal")) \(VND.format(i.principal)) · \(t("loan.col_fee")) \(VND.format(i.fee))"
                                            ))
                                    }),
                            ])
                    })),
            .unwrap(versions.last.flatMap { v in v.version > 1 ? v : nil }) { v in
                .p(.class("hint"), .text(t("loan.rescheduled_on", Day(iso: v.madeOn ?? "")?.vietnamese ?? "", v.reason ?? "")))
            },
            .if(
                canWrite && state.outstanding > 0,
                .element(
                    named: "details",
                    nodes: [
                        .attribute(named: "id", value: "reschedule"),
                        .if(
                            ["new_instalments", "every_months", "reschedule_reason"].contains { errors[$0] != nil },
                            .attribute(named: "open", value: "open")),
                        .element(named: "summary", nodes: [.text(t("loan.reschedule"))]),
                        .p(.class("hint"), .text(t("loan.reschedule_hint", VND.format(state.outstanding), VND.format(state.feeDue(on: today))))),
                        Form.post(
                            ctx, action: Paths.loanReschedule.link(loan.id!),
                            Form.field(
                                t("loan.instalments"), name: "new_instalments", value: "", error: errors["new_instalments"],
                                .init(autocomplete: "off", inputmode: "numeric", required: true)),
                            Form.select(
                                t("loan.every"), name: "every_months",
                                options: [("1", t("loan.every.1")), ("3", t("loan.every.3")), ("6", t("loan.every.6"))],
                                selected: "1", error: errors["every_months"]),
                            Form.field(
                                t("fund.reason_label"), name: "reschedule_reason", value: "", error: errors["reschedule_reason"],
                                .init(autocomplete: "off", required: true)),
                            .button(.type(.submit), .class("secondary"), .text(t("loan.reschedule_confirm")))),
                    ])),
            .if(
                canWrite && state.outstanding > 0,
                .element(
                    named: "details",
                    nodes: [
                        .element(named: "summary", nodes: [.text(t("loan.write_off"))]),
                        .p(.class("hint"), .text(t("loan.write_off_hint"))),
                        Form.post(
                            ctx, action: Paths.loanWriteOff.link(loan.id!),
                            Form.field(
                                t("fund.reason_label"), name: "reason", value: "", error: errors["reason"], .init(autocomplete: "off", required: true)
                            ),
                            .button(.type(.submit), .class("danger"), .text(t("loan.write_off_confirm", VND.format(state.outstanding))))),
                    ])),
            .div(
                .class("actions"), ActivityPages.printButton(t),
                .a(.class("button secondary"), .href(Paths.funds.link(unit.id!)), .text(t("fund.back")))))
    }

    static func rateText(_ bp: Int) -> String {
        bp % 100 == 0 ? "\(bp / 100)" : (bp % 10 == 0 ? "\(bp / 100),\(bp % 100 / 10)" : "\(bp / 100),\(String(format: "%02d", bp % 100))")
    }
}
