import ISHCCore
import Plot
import Vapor

/// The funds' pages: overview with indicators and loans, money in/out, the cash book (the loan
/// pages are in FundPages+Loans.swift).
enum FundPages {
    static let fundGoal = StandardRules.defaultFundGoal

    static func overview(_ ctx: PageContext, _ m: FundOverview, notice: String?) -> Response {
        let t = ctx.t
        let b = m.balances
        let title = t("fund.title")
        let open = m.loans.filter { $0.state.outstanding > 0 }
        let states = open.map(\.state)
        let par = LoanRules.par30(states, on: m.today)
        let arrears = LoanRules.arrearsRate(states, on: m.today)
        let buckets = Dictionary(grouping: open) { LoanRules.Bucket(days: $0.days) }
        let share = m.activeMembers == 0 ? nil : Ratio(Int64(m.borrowersThisYear), Int64(m.activeMembers))
        return Layout.page(
            ctx, title: title, breadcrumbs: [(m.unit.name, Paths.unit.link(m.unit.id!)), (title, "")],
            .unwrap(notice) { .div(.class("notice notice-ok"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.class("lead"), .text(m.unit.name)),
            .h2(.text(t("fund.name.income"))),
            .dl(
                .class("facts"),
                .dt(.text(t("fund.size"))), .dd(.strong(.text(VND.format(b.incomeFund)))),
                .dt(.text(t("fund.cash"))), .dd(.text(VND.format(b.incomeCash))),
                .dt(.text(t("fund.outstanding"))), .dd(.text(VND.format(b.loansOutstanding)))),
            .p(.class("hint"), .text(t("fund.equation"))),
            .p(
                .class(b.incomeFund >= fundGoal ? "" : "warn"),
                .text(
                    b.incomeFund >= fundGoal
                        ? t("fund.goal_met", VND.format(fundGoal)) : t("fund.goal_gap", VND.format(fundGoal - b.incomeFund), VND.format(fundGoal)))),
            .h2(.text(t("fund.name.activity"))),
            .dl(.class("facts"), .dt(.text(t("fund.size"))), .dd(.strong(.text(VND.format(b.activityFund))))),
            .if(
                m.showsNames,
                .div(
                    .class("actions"),
                    .a(
                        .class("button secondary"), .href(Paths.cashBook.link(m.unit.id!, "income")),
                        .text(t("fund.book.link", t("fund.name.income")))),
                    .a(
                        .class("button secondary"), .href(Paths.cashBook.link(m.unit.id!, "activity")),
                        .text(t("fund.book.link", t("fund.name.activity")))))),
            .if(
                m.canWrite && m.showsNames,
                .div(
                    .class("actions"),
                    .a(.class("button primary"), .href(Paths.newLoan.link(m.unit.id!)), .text(t("loan.new"))),
                    .a(.class("button secondary"), .href(Paths.newFundEntry.link(m.unit.id!)), .text(t("fund.new_entry"))))),
            .h2(.text(t("fund.indicators", m.today.year))),
            .dl(
                .class("facts"),
                .dt(.text(t("fund.disbursed"))), .dd(.text(VND.format(m.disbursedThisYear))),
                .dt(.text(t("fund.repaid"))), .dd(.text(VND.format(m.repaidThisYear))),
                .dt(.text(t("fund.borrowers"))), .dd(.text(t("fund.borrowers_value", m.borrowersThisYear, m.activeMembers, share?.percent ?? "—"))),
                .dt(.text(t("fund.par30"))), .dd(.text(par?.percent ?? "—")),
                .dt(.text(t("fund.arrears_rate"))), .dd(.text(arrears?.percent ?? "—"))),
            .element(
                named: "details",
                nodes: [
                    .element(named: "summary", nodes: [.text(t("fund.definitions"))]),
                    .p(.text(t("fund.par30_definition"))),
                    .p(.text(t("fund.arrears_definition"))),
                ]),
            .if(
                m.canSetRules,
                .element(
                    named: "details",
                    nodes: [
                        .element(named: "summary", nodes: [.text(t("fund.rules"))]),
                        Form.post(
                            ctx, action: Paths.fundSettings.link(m.unit.id!),
                            Form.select(
                                t("fund.rules.order"), name: "repayment_order",
                                options: RepaymentOrder.allCases.map { ($0.rawValue, t("fund.rules.order.\($0.rawValue)")) },
                                selected: m.club.repaymentOrder.rawValue),
                            Form.select(
                                t("fund.rules.fee_fund"), name: "fee_fund",
                                options: Fund.allCases.map { ($0.rawValue, t("fund.name.\($0.rawValue)")) },
                                selected: m.club.feeFund.rawValue),
                            .button(.type(.submit), .class("secondary"), .text(t("fund.rules.save")))),
                    ])),
            .h2(.text(t("loan.list", open.count))),
            .p(.text(LoanRules.Bucket.allCases.map { t("loan.bucket.\($0.rawValue)", buckets[$0]?.count ?? 0) }.joined(separator: " · "))),
            .if(
                m.showsNames,
                .ul(
                    .class("rows"),
                    .forEach(m.loans.prefix(200)) { r in
                        .li(
                            .a(
                                .class("row-title"), .href(Paths.loan.link(r.loan.id!)),
                                .text("\(r.member.fullName) · \(VND.format(r.loan.principal))")),
                            .span(.class("row-meta"), .text(loanMeta(t, r))))
                    })),
            .if(m.showsNames, .h2(.text(t("fund.journal")))),
            !m.showsNames
                ? .empty
                : m.entries.isEmpty
                    ? .p(.class("empty"), .text(t("fund.no_entries")))
                    : .ul(
                        .class("rows"),
                        .forEach(m.entries) { e in
                            .li(
                                .id("entry-\(e.id!.uuidString)"),
                                .span(.class("row-title"), .text("\(Day(iso: e.occurredOn)?.vietnamese ?? e.occurredOn) · \(e.description)")),
                                .span(
                                    .class("row-meta"),
                                    .text(
                                        t("fund.kind.\(e.kind)") + (m.reversed.contains(e.id!) ? " · " + t("fund.reversed") : "")
                                            + (e.reason.map { " · \(t("fund.reason")): \($0)" } ?? ""))),
                                .if(
                                    m.canWrite && m.showsNames && e.kind != "reversal" && !m.reversed.contains(e.id!) && e.loanID == nil,
                                    reverseForm(ctx, e)))
                        }))
    }

    static func loanMeta(_ t: Texts, _ r: LoanRow) -> String {
        if r.state.outstanding <= 0 { return t(r.state.writtenOff > 0 ? "loan.state.written_off" : "loan.state.repaid") }
        var parts = [t("loan.outstanding_short", VND.format(r.state.outstanding))]
        parts.append(r.days > 0 ? t("loan.late", r.days, VND.format(r.overdue)) : t("loan.on_time"))
        return parts.joined(separator: " · ")
    }

    static func reverseForm(_ ctx: PageContext, _ e: JournalEntry) -> BodyNode {
        let t = ctx.t
        let id = "reason-\(e.id!.uuidString)"
        return .element(
            named: "details",
            nodes: [
                .attribute(named: "class", value: "reverse"),
                .element(named: "summary", nodes: [.text(t("fund.reverse"))]),
                Form.post(
                    ctx, action: Paths.reverseEntry.link(e.id!),
                    .div(
                        .class("field"), .label(.for(id), .text(t("fund.reason_label"))),
                        .input(
                            .type(.text), .id(id), .name("reason"), .attribute(named: "required", value: "required"),
                            .attribute(named: "autocomplete", value: "off"))),
                    .button(.type(.submit), .class("danger"), .text(t("fund.reverse_confirm")))),
            ])
    }

    static func entryForm(
        _ ctx: PageContext, unit: OrgUnit, input: FundEntryInput, errors: FormErrors,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let title = t("fund.new_entry")
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("fund.title"), Paths.funds.link(unit.id!)), (title, "")],
            status: status,
            .p(.class("hint"), .text(t("fund.entry_intro"))),
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.newFundEntry.link(unit.id!), draft: true, outbox: .fundEntry(unit.id!),
                Form.select(
                    t("fund.kind_label"), name: "kind", options: FundChoices.entryKinds.map { ($0, t("fund.kind.\($0)")) },
                    selected: input.kind, error: errors["kind"]),
                Form.select(
                    t("fund.fund_label"), name: "fund", options: Fund.allCases.map { ($0.rawValue, t("fund.name.\($0.rawValue)")) },
                    selected: input.fund, error: errors["fund"], hint: t("fund.fund_hint")),
                Form.select(
                    t("fund.source_label"), name: "source",
                    options: [("", t("activity.choose"))] + FundChoices.sources.map { ($0, t("fund.source.\($0)")) },
                    selected: input.source, error: errors["source"], hint: t("fund.source_hint")),
                Form.field(
                    t("fund.amount"), name: "amount", value: input.amount ?? "", error: errors["amount"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("activity.hint.amount"))),
                Form.field(
                    t("fund.occurred_on"), name: "occurred_on", value: input.occurredOn ?? "", error: errors["occurred_on"],
                    .init(autocomplete: "off", inputmode: "numeric", required: true, hint: t("form.date_hint"))),
                Form.field(
                    t("fund.description"), name: "description", value: input.description ?? "", error: errors["description"],
                    .init(autocomplete: "off", required: true, hint: t("fund.description_hint"))),
                Form.submit(t("fund.save_entry"))),
            .p(.a(.class("button secondary"), .href(Paths.funds.link(unit.id!)), .text(t("form.cancel")))))
    }

    static func cashBook(_ ctx: PageContext, unit: OrgUnit, fund: Fund, year: Int, months: [CashBookMonth]) -> Response {
        let t = ctx.t
        let title = t("fund.book.title", t("fund.name.\(fund.rawValue)"), year)
        let thisYear = ctx.today.year
        return Layout.page(
            ctx, title: title,
            breadcrumbs: [(unit.name, Paths.unit.link(unit.id!)), (t("fund.title"), Paths.funds.link(unit.id!)), (title, "")],
            script: "print.js",
            .p(.class("lead"), .text(unit.name)),
            .p(.class("print-only"), .text(t("print.printed_on", ctx.today.vietnamese))),
            .div(
                .class("actions"),
                .a(
                    .class("button secondary"), .href(Paths.cashBookXLSX.link(unit.id!, fund.rawValue, query: [("nam", String(year))])),
                    .text(t("fund.book.xlsx"))),
                ActivityPages.printButton(t)),
            YearNav.render(t, year: year, thisYear: thisYear) { y in Paths.cashBook.link(unit.id!, fund.rawValue, query: [("nam", String(y))]) },
            .group(
                months.reversed().map { m in
                    .section(
                        .class("book-month"),
                        .h2(.text(t("fund.book.month", m.month.description))),
                        .ul(
                            .class("rows book"),
                            .li(
                                .class("book-edge"), .span(.class("row-title"), .text(t("fund.book.opening"))),
                                .span(.class("amount"), .text(VND.format(m.opening)))),
                            .forEach(m.lines) { l in
                                .li(
                                    .span(.class("row-title"), .text("\(l.day.vietnamese) · \(l.description)")),
                                    .span(
                                        .class(l.amount >= 0 ? "amount in" : "amount out"),
                                        .text((l.amount >= 0 ? t("fund.book.in_short") : t("fund.book.out_short")) + " " + VND.format(abs(l.amount)))),
                                    .span(.class("row-meta"), .text(t("fund.book.balance_after", VND.format(l.balance)))))
                            },
                            .li(
                                .class("book-edge"), .span(.class("row-title"), .text(t("fund.book.closing"))),
                                .span(.class("amount"), .text(VND.format(m.closing))),
                                .span(.class("row-meta"), .text(t("fund.book.month_totals", VND.format(m.receipts), VND.format(m.payments)))))))
                }))
    }
}
