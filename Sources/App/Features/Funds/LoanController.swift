import Fluent
import ISHCCore
import Vapor

/// Loans to members: disbursed with their schedule, repaid (fee first or principal first, as the
/// club chose), written off with a reason. Every movement goes through the club's journal.
enum LoanController {
    static func form(req: Request) async throws -> Response {
        let (_, unit, club) = try await Scope.club(req, write: true, personal: true)
        var input = LoanInput()
        input.disbursedOn = req.today.vietnamese
        input.instalments = "12"
        input.everyMonths = "1"
        input.method = "flat"
        input.rate = "0,5"
        input.grace = "0"
        input.purpose = "livestock"
        let members = try await MemberStore.activeMembers(of: club, on: req.today, db: req.db)
        return FundPages.loanForm(req.page, unit: unit, members: members, input: input, schedule: [], errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (_, unit, club) = try await Scope.club(req, write: true, personal: true)
        let input = try req.content.decode(LoanInput.self)
        let t = req.t
        let day = Day(vietnamese: input.disbursedOn ?? "") ?? req.today
        let members = try await MemberStore.activeMembers(of: club, on: day, db: req.db)
        let result = try await FundOperations.lend(
            input.draft, club: club, members: members, by: req.author, today: req.today, describe: { t("loan.disbursement_of", $0) },
            on: req.db)
        switch result {
        case .success(let loan):
            return req.redirect(to: Paths.loan.link(try loan.requireID(), query: [("done", "disbursed")]), redirectType: .normal)
        case .failure(let failure):
            let schedule: [Instalment]
            switch failure {
            case .problems(_, let made), .ledger(_, let made): schedule = made
            }
            return FundPages.loanForm(
                req.page, unit: unit, members: members, input: input, schedule: schedule, errors: LoanInput.errors(failure, t),
                status: .unprocessableEntity)
        }
    }

    static func show(req: Request) async throws -> Response {
        let (user, loan, unit, club) = try await authorise(req)
        return try await page(
            req, user: user, loan: loan, unit: unit, club: club, input: RepaymentInput(), errors: FormErrors(),
            notice: (try? req.query.get(String.self, at: "done")).map { req.t("fund.done.\($0)") })
    }

    static func page(
        _ req: Request, user: CurrentUser, loan: Loan, unit: OrgUnit, club: Club, input: RepaymentInput,
        errors: FormErrors, notice: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let state = try await LedgerStore.state(of: loan, on: req.db)
        let member = try await loan.$member.get(on: req.db)
        let entries = try await JournalEntry.query(on: req.db).filter(\.$loanID == loan.requireID())
            .sort(\.$occurredOn).sort(\.$createdAt).all()
        let reversed = try await LedgerStore.reversed(entries.compactMap(\.id), on: req.db)
        var input = input
        if input.paidOn == nil { input.paidOn = req.today.vietnamese }
        let sql = try await LedgerPosting.query(on: req.db).filter(\.$entry.$id ~~ entries.compactMap(\.id)).all()
        let amounts = Dictionary(grouping: sql, by: { $0.$entry.id })
        return FundPages.loan(
            req.page, unit: unit, loan: loan, member: member, state: state,
            versions: try await LedgerStore.versions(of: loan, on: req.db), entries: entries, postings: amounts,
            reversed: reversed, canWrite: user.role.canWrite && club.isOpen,
            order: club.repaymentOrder, input: input, errors: errors, notice: notice, status: status)
    }

    static func repay(req: Request) async throws -> Response {
        let (user, loan, unit, club) = try await authorise(req, write: true)
        let input = try req.content.decode(RepaymentInput.self)
        let t = req.t
        let name = try await loan.$member.get(on: req.db).fullName
        let result = try await FundOperations.repay(
            loan, input.draft, club: club, by: req.author, today: req.today,
            describe: { principal, fee in t("loan.repayment_of", name, VND.format(principal), VND.format(fee)) }, on: req.db)
        guard case .failure(let refusal) = result else {
            return req.redirect(to: Paths.loan.link(try loan.requireID(), query: [("done", "repaid")]), redirectType: .normal)
        }
        return try await page(
            req, user: user, loan: loan, unit: unit, club: club, input: input, errors: RepaymentInput.errors(refusal, t), notice: nil,
            status: .unprocessableEntity)
    }

    static func writeOff(req: Request) async throws -> Response {
        let (user, loan, unit, club) = try await authorise(req, write: true)
        guard user.role.setsLoanRules else {
            throw AppError.forbidden
        }
        let input = try req.content.decode(RepaymentInput.self)
        let reason = VietnameseText.normalize(input.reason ?? "")
        var errors = FormErrors()
        if reason.isEmpty { errors["reason"] = req.t("loan.error.reason") }
        guard errors.isEmpty else {
            return try await page(
                req, user: user, loan: loan, unit: unit, club: club, input: input, errors: errors, notice: nil, status: .unprocessableEntity)
        }
        let texts = req.t
        let result = try await FundOperations.writeOff(
            loan, reason: reason, today: req.today, by: req.author,
            describe: { amount in
                texts("loan.write_off_of", VND.format(amount))
            }, on: req.db)
        if case .failure = result { throw AppError.badRequest(req.t("loan.error.nothing_outstanding")) }
        return req.redirect(to: Paths.loan.link(try loan.requireID(), query: [("done", "written_off")]), redirectType: .normal)
    }

    struct RescheduleInput: Content {
        var instalments: String?, everyMonths: String?, reason: String?
        enum CodingKeys: String, CodingKey { case instalments = "new_instalments", everyMonths = "every_months", reason = "reschedule_reason" }
    }

    /// A new schedule for what is still owed, from today; fees due and unpaid move into its first
    /// instalment. The old schedule is kept, and repayments made before count as its base.
    static func reschedule(req: Request) async throws -> Response {
        let (user, loan, unit, club) = try await authorise(req, write: true)
        let input = try req.content.decode(RescheduleInput.self)
        let t = req.t
        let today = req.today
        var errors = FormErrors()
        let n = Int(input.instalments ?? "") ?? 0
        let every = Int(input.everyMonths ?? "") ?? 1
        let reason = VietnameseText.normalize(input.reason ?? "")
        if reason.isEmpty { errors["reschedule_reason"] = t("loan.error.reason") }
        let loanID = try loan.requireID()
        let before = try await LedgerStore.state(of: loan, on: req.db)
        if before.outstanding <= 0 { errors.general = t("loan.error.nothing_outstanding") }
        let terms = LoanTerms(
            principal: max(before.outstanding, 1), disbursedOn: today, instalments: n, everyMonths: every,
            method: loan.terms.method, monthlyRateBasisPoints: loan.rateBasisPoints, graceInstalments: 0)
        for problem in terms.problems { errors[problem == .frequency ? "every_months" : "new_instalments"] = problem.text(t) }
        guard errors.isEmpty else {
            var repay = RepaymentInput()
            repay.reason = input.reason
            return try await page(
                req, user: user, loan: loan, unit: unit, club: club, input: repay, errors: errors, notice: nil,
                status: .unprocessableEntity)
        }
        try await FundOperations.reschedule(
            loan, instalments: n, everyMonths: every, method: terms.method,
            rateBasisPoints: terms.monthlyRateBasisPoints, reason: reason, today: today,
            by: req.author, on: req.db)
        return req.redirect(to: Paths.loan.link(loanID, query: [("done", "rescheduled")]), redirectType: .normal)
    }

    /// A loan of a club in the user's subtree; loans name members, so viewers never see them.
    private static func authorise(_ req: Request, write: Bool = false) async throws -> (CurrentUser, Loan, OrgUnit, Club) {
        try await Scope.owned(Loan.self, req, parameter: "loanID", write: write, personal: true)
    }
}
