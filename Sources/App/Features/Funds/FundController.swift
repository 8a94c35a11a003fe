import Fluent
import ISHCCore
import SQLKit
import Vapor

/// A club's two funds: balances and indicators, money in and out, the cash LedgerStore.book month by month
/// (page, print, .xlsx), loans (disbursement with its schedule, repayments, write-off) and
/// reversals. Money is never edited.
enum FundController {

    // MARK: FundOverview

    static func overview(req: Request) async throws -> Response {
        let (user, unit, club) = try await Scope.club(req, write: false, personal: false)
        let today = req.today
        let id = try club.requireID()
        let balances = try await LedgerStore.balances(club: id, on: req.db)
        var rows: [LoanRow] = []
        for loan in try await Loan.query(on: req.db).filter(\.$club.$id == id).with(\.$member).sort(\.$disbursedOn, .descending).all() {
            let state = try await LedgerStore.state(of: loan, on: req.db)
            let late = LoanRules.arrears(state, on: today)
            rows.append(LoanRow(loan: loan, member: loan.member, state: state, days: late.days, overdue: late.amount))
        }
        let entries = try await JournalEntry.query(on: req.db).filter(\.$club.$id == id)
            .sort(\.$occurredOn, .descending).sort(\.$createdAt, .descending).limit(30).all()
        let members = try await MemberStore.all(club: id, on: req.db).filter { $0.facts.isActive(on: today) }.count
        let yearStart = "\(today.year)-01-01"
        let thisYear = rows.filter { $0.loan.disbursedOn >= yearStart }
        let repaid = try await LedgerStore.principalRepaid(club: id, since: yearStart, on: req.db)
        let model = FundOverview(
            unit: unit, club: club, balances: balances, loans: rows, entries: entries,
            reversed: try await LedgerStore.reversed(entries.compactMap(\.id), on: req.db),
            canWrite: user.role.canWrite && club.isOpen, showsNames: user.role.seesPersonalData, today: today,
            activeMembers: members, borrowersThisYear: Set(thisYear.map { $0.member.personID }).count,
            disbursedThisYear: thisYear.reduce(0) { $0 + $1.loan.principal }, repaidThisYear: repaid,
            canSetRules: user.role.canWrite && club.isOpen
                && user.role.setsLoanRules)
        let done = try? req.query.get(String.self, at: "done")
        return FundPages.overview(req.page, model, notice: done.map { req.t("fund.done.\($0)") })
    }

    // MARK: Money in and out

    static func entryForm(req: Request) async throws -> Response {
        let (_, unit, _) = try await Scope.club(req, write: true, personal: true)
        var input = FundEntryInput()
        input.occurredOn = req.today.vietnamese
        input.kind = (try? req.query.get(String.self, at: "loai")).flatMap { FundChoices.entryKinds.contains($0) ? $0 : nil } ?? "contribution"
        input.fund = "income"
        return FundPages.entryForm(req.page, unit: unit, input: input, errors: FormErrors())
    }

    static func createEntry(req: Request) async throws -> Response {
        let (_, unit, club) = try await Scope.club(req, write: true, personal: true)
        let input = try req.content.decode(FundEntryInput.self)
        switch try await FundOperations.postEntry(input.draft, club: club, by: req.author, today: req.today, on: req.db) {
        case .success:
            return req.redirect(to: Paths.funds.link(unit.id!, query: [("done", "entry")]), redirectType: .normal)
        case .failure(let failure):
            return FundPages.entryForm(
                req.page, unit: unit, input: input, errors: FundEntryInput.errors(failure, req.t),
                status: .unprocessableEntity)
        }
    }

    // MARK: Reversal

    static func reverse(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("entryID", as: UUID.self),
            let entry = try await JournalEntry.find(id, on: req.db),
            let club = try await Club.find(entry.$club.id, on: req.db),
            let unit = try await OrgUnit.find(club.$unit.id, on: req.db)
        else { throw AppError.notFound }
        guard Scope.contains(user, unit), user.role.canWrite, user.role.seesPersonalData else { throw AppError.forbidden }
        let input = try req.content.decode(RepaymentInput.self)
        let reason = VietnameseText.normalize(input.reason ?? "")
        let back = entry.loanID.map { Paths.loan.link($0) } ?? Paths.funds.link(unit.id!)
        guard !reason.isEmpty else {
            return req.redirect(to: back + "?loi=ly_do#entry-\(id.uuidString)", redirectType: .normal)
        }
        guard entry.kind != "reversal" else { throw AppError.badRequest(req.t("fund.error.reverse_reversal")) }
        // A rescheduled loan's new schedule counts from what was repaid before it.
        if let loanID = entry.loanID,
            let made = try await LoanInstalment.query(on: req.db).filter(\.$loan.$id == loanID).filter(\.$version > 1).all().compactMap(\.madeOn)
                .max(),
            entry.occurredOn <= made
        {
            throw AppError.badRequest(req.t("loan.error.reverse_before_reschedule"))
        }
        let result = try await FundOperations.reverse(
            entry, reason: reason, description: req.t("fund.reversal_of", entry.description),
            by: req.author, today: req.today, on: req.db)
        if case .failure(let refusal) = result {
            throw AppError.badRequest(req.t(refusal == .alreadyReversed ? "fund.error.already_reversed" : "fund.error.cannot_reverse"))
        }
        return req.redirect(to: back + (back.contains("?") ? "&" : "?") + "done=reversed", redirectType: .normal)
    }

    // MARK: The club's loan rules

    struct SettingsInput: Content {
        var repaymentOrder: String?, feeFund: String?
        enum CodingKeys: String, CodingKey { case repaymentOrder = "repayment_order", feeFund = "fee_fund" }
    }

    /// How repayments are split and where fees go: set by the club's chair or treasurer, or an officer.
    static func settings(req: Request) async throws -> Response {
        let (user, unit, club) = try await Scope.club(req, write: true, personal: true)
        guard user.role.setsLoanRules else {
            throw AppError.forbidden
        }
        let input = try req.content.decode(SettingsInput.self)
        guard let order = RepaymentOrder(rawValue: input.repaymentOrder ?? ""), let fund = Fund(rawValue: input.feeFund ?? "") else {
            throw AppError.badRequest(req.t("fund.error.settings"))
        }
        club.repaymentOrderRaw = order.rawValue
        club.feeFundRaw = fund.rawValue
        try await req.db.transaction { db in
            try await club.save(on: db)
            try await Audit.record(req, "update", "club_loan_rules", club.id!.uuidString, detail: "\(order.rawValue) \(fund.rawValue)", on: db)
        }
        return req.redirect(to: Paths.funds.link(unit.id!, query: [("done", "settings")]), redirectType: .normal)
    }

    // MARK: Cash LedgerStore.book

    static func cashBook(req: Request) async throws -> Response {
        let (_, unit, club, fund, year) = try await bookParameters(req)
        let months = try await LedgerStore.book(club: club.requireID(), fund: fund, year: year, through: req.today, on: req.db)
        return FundPages.cashBook(req.page, unit: unit, fund: fund, year: year, months: months)
    }

    static func cashBookXLSX(req: Request) async throws -> Response {
        let (_, unit, club, fund, year) = try await bookParameters(req)
        let t = req.t
        let months = try await LedgerStore.book(club: club.requireID(), fund: fund, year: year, through: req.today, on: req.db)
        var rows: [[String]] = []
        for m in months {
            rows.append([t("fund.book.month", m.month.description), t("fund.book.opening"), "", "", String(m.opening)])
            for l in m.lines {
                rows.append([
                    l.day.vietnamese, l.description, l.amount > 0 ? String(l.amount) : "", l.amount < 0 ? String(-l.amount) : "", String(l.balance),
                ])
            }
            rows.append(["", t("fund.book.closing"), String(m.receipts), String(m.payments), String(m.closing)])
        }
        let header = [t("fund.book.day"), t("fund.book.description"), t("fund.book.in"), t("fund.book.out"), t("fund.book.balance")]
        try await Audit.record(req, "export", "cash_book", club.id!.uuidString, detail: "\(fund.rawValue) \(year)")
        return try ExportController.xlsx(
            sheet: t("fund.book.sheet"), header: header, rows: rows,
            fileName: ExportController.fileName(unit, "xlsx", prefix: "so-quy-\(fund.rawValue)-\(year)"),
            numericColumns: [2, 3, 4])
    }

    private static func bookParameters(_ req: Request) async throws -> (CurrentUser, OrgUnit, Club, Fund, Int) {
        let (user, unit, club) = try await Scope.club(req, write: false, personal: false)
        guard let fund = req.parameters.get("fund").flatMap(Fund.init(rawValue:)) else { throw AppError.notFound }
        // The LedgerStore.book's lines name members (who borrowed, who repaid).
        guard user.role.seesPersonalData else { throw AppError.forbidden }
        let today = req.today
        let year = req.chosenYear(today: today)
        return (user, unit, club, fund, year)
    }

    // MARK: Access

}
