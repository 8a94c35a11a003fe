import Fluent
import ISHCCore
import Vapor

/// The writes of a club's money, one operation each: post a movement, reverse an entry, lend,
/// repay, write off. Each takes checked values and who writes, runs through `LedgerStore.post`
/// (locked, checked against the balances, written, proved balanced, audited) and returns the entry
/// or why it was refused. The HTML forms call these; so will the sync API and the importers.
enum FundOperations {
    enum EntryFailure: Error, Equatable {
        case problems([FundEntryProblem])
        case ledger(LedgerProblem)
    }

    /// Money in or out of a fund: the draft is checked (`FundEntryRules`), then posted.
    static func postEntry(
        _ draft: FundEntryDraft, club: Club, by author: Author, today: Day,
        on db: any Database
    ) async throws -> Result<JournalEntry, EntryFailure> {
        let checked = FundEntryRules.check(draft, today: today, earliest: club.foundedOn.flatMap(Day.init(iso:)))
        guard let values = checked.values else { return .failure(.problems(checked.problems)) }
        let movement = values.movement
        let post = LedgerPost(
            movement, day: values.day, description: values.description, source: values.source,
            audit: .init(action: "create", kind: "journal_entry", detail: "\(movement.kind) \(movement.amount)"))
        return try await LedgerStore.post(club: club.requireID(), by: author, on: db) { _, balances in
            if let problem = Ledger.check(movement, against: balances) { return .failure(.ledger(problem)) }
            return .success(post)
        }
    }

    enum ReversalRefusal: Error, Equatable {
        case alreadyReversed, cannotReverse
    }

    /// Reverses an entry on `today` with the opposite postings; a reversal is never reversed, and
    /// an entry is reversed once.
    static func reverse(
        _ entry: JournalEntry, reason: String, description: String, by author: Author, today: Day,
        on db: any Database
    ) async throws -> Result<JournalEntry, ReversalRefusal> {
        let id = try entry.requireID()
        let loanID = entry.loanID
        return try await LedgerStore.post(club: entry.$club.id, by: author, on: db) { db, balances in
            if try await JournalEntry.query(on: db).filter(\.$reversesID == id).first() != nil { return .failure(.alreadyReversed) }
            let lines = try await LedgerPosting.query(on: db).filter(\.$entry.$id == id).all()
                .compactMap { p in LedgerAccount(rawValue: p.account).map { Posting($0, p.amount) } }
            guard Ledger.canReverse(lines, against: balances) else { return .failure(.cannotReverse) }
            return .success(
                LedgerPost(
                    kind: "reversal", day: today, description: description, postings: Ledger.reversal(of: lines),
                    loanID: loanID, reverses: id, reason: reason,
                    audit: .init(action: "reverse", kind: "journal_entry", target: id.uuidString, detail: reason)))
        }
    }

    enum LendFailure: Error, Equatable {
        /// With the schedule, when the terms could be read.
        case problems([LoanProblem], schedule: [Instalment])
        case ledger(LedgerProblem, schedule: [Instalment])
    }

    /// A loan to one of `members` (the club's members on the day): the draft is checked
    /// (`LoanRules.check`), then lent. `describe` words the entry from the member's name.
    static func lend(
        _ draft: LoanDraft, club: Club, members: [Member], by author: Author, today: Day, describe: (String) -> String,
        on db: any Database
    ) async throws -> Result<Loan, LendFailure> {
        let checked = LoanRules.check(draft, members: Set(members.compactMap { $0.id?.uuidString }), today: today)
        guard let v = checked.values, let member = members.first(where: { $0.id?.uuidString == v.member }) else {
            return .failure(.problems(checked.problems, schedule: checked.schedule))
        }
        let loan = Loan()
        loan.$club.id = try club.requireID()
        loan.$member.id = try member.requireID()
        loan.principal = v.terms.principal
        loan.purpose = v.purpose
        loan.purposeNote = v.purposeNote
        loan.disbursedOn = v.terms.disbursedOn.iso
        loan.instalments = v.terms.instalments
        loan.everyMonths = v.terms.everyMonths
        loan.method = v.terms.method.rawValue
        loan.rateBasisPoints = v.terms.monthlyRateBasisPoints
        loan.grace = v.terms.graceInstalments
        loan.createdBy = author.userID
        switch try await lend(loan, schedule: v.schedule, description: describe(member.fullName), by: author, on: db) {
        case .success: return .success(loan)
        case .failure(let problem): return .failure(.ledger(problem, schedule: v.schedule))
        }
    }

    /// Lends `loan.principal` out of the income fund's cash: the loan, its schedule and the
    /// disbursement are written together, or nothing is.
    static func lend(
        _ loan: Loan, schedule: [Instalment], description: String, by author: Author,
        on db: any Database
    ) async throws -> Result<JournalEntry, LedgerProblem> {
        let principal = loan.principal
        guard let day = Day(iso: loan.disbursedOn) else { throw Abort(.internalServerError, reason: "loan without a day") }
        return try await LedgerStore.post(club: loan.$club.id, by: author, on: db) { db, balances in
            if let problem = Ledger.check(.disbursement(principal), against: balances) { return .failure(problem) }
            try await loan.create(on: db)
            let loanID = try loan.requireID()
            for i in schedule {
                let row = LoanInstalment()
                row.$loan.id = loanID
                row.version = 1
                row.number = i.number
                row.dueOn = i.due.iso
                row.principal = i.principal
                row.fee = i.fee
                try await row.create(on: db)
            }
            return .success(
                LedgerPost(
                    .disbursement(principal), day: day, description: description, loanID: loanID,
                    audit: .init(action: "create", kind: "loan", target: loanID.uuidString, detail: "\(principal)")))
        }
    }

    enum RepaymentRefusal: Error, Equatable {
        case problems([RepaymentDraftProblem])
        case overpayment(most: Int64)
        case notPositive
        case ledger(LedgerProblem)
    }

    /// A repayment, checked (`LoanRules.checkRepayment`) and split between fee and principal by
    /// the club's order against the loan's state read inside the lock. `describe` words the entry
    /// from the split (principal, fee).
    static func repay(
        _ loan: Loan, _ draft: RepaymentDraft, club: Club, by author: Author, today: Day,
        describe: @escaping @Sendable (Int64, Int64) -> String,
        on db: any Database
    ) async throws -> Result<JournalEntry, RepaymentRefusal> {
        let checked = LoanRules.checkRepayment(draft, today: today, lentOn: Day(iso: loan.disbursedOn))
        guard let amount = checked.amount, let day = checked.day else { return .failure(.problems(checked.problems)) }
        let order = club.repaymentOrder
        let feeTo = club.feeFund
        let loanID = try loan.requireID()
        return try await LedgerStore.post(club: club.requireID(), by: author, on: db) { db, balances in
            let state = try await LedgerStore.state(of: loan, on: db)
            switch LoanRules.allocate(amount, to: state, on: day, order: order) {
            case .failure(.overpayment(let most)): return .failure(.overpayment(most: most))
            case .failure(.notPositive): return .failure(.notPositive)
            case .success(let split):
                let movement = Movement.repayment(principal: split.principal, fee: split.fee, feeTo: feeTo)
                if let p = Ledger.check(movement, against: balances, outstanding: state.outstanding) { return .failure(.ledger(p)) }
                return .success(
                    LedgerPost(
                        movement, day: day, description: describe(split.principal, split.fee), loanID: loanID,
                        audit: .init(action: "create", kind: "repayment", detail: "\(split.principal)+\(split.fee)")))
            }
        }
    }

    enum WriteOffRefusal: Error, Equatable {
        case nothingOutstanding
    }

    /// Takes what is still owed off the fund, with a reason. `describe` words the entry from the
    /// amount written off.
    static func writeOff(
        _ loan: Loan, reason: String, today: Day, by author: Author,
        describe: @escaping @Sendable (Int64) -> String,
        on db: any Database
    ) async throws -> Result<JournalEntry, WriteOffRefusal> {
        let loanID = try loan.requireID()
        return try await LedgerStore.post(club: loan.$club.id, by: author, on: db) { db, _ in
            let state = try await LedgerStore.state(of: loan, on: db)
            guard state.outstanding > 0 else { return .failure(.nothingOutstanding) }
            return .success(
                LedgerPost(
                    .writeOff(state.outstanding), day: today, description: describe(state.outstanding), loanID: loanID,
                    reason: reason,
                    audit: .init(action: "write_off", kind: "loan", target: loanID.uuidString, detail: reason)))
        }
    }

    /// A new schedule for what is still owed, from `today`; fees due and unpaid move into its
    /// first instalment. The old schedule is kept, and repayments made before count as its base.
    /// No money moves, but the club's lock keeps it in step with repayments.
    static func reschedule(
        _ loan: Loan, instalments n: Int, everyMonths every: Int, method: FeeMethod, rateBasisPoints: Int,
        reason: String, today: Day, by author: Author, on db: any Database
    ) async throws {
        let loanID = try loan.requireID()
        try await LedgerStore.locked(db, club: loan.$club.id) { db in
            let state = try await LedgerStore.state(of: loan, on: db)
            let rows = try await LoanInstalment.query(on: db).filter(\.$loan.$id == loanID).all()
            let version = (rows.map(\.version).max() ?? 1) + 1
            let current = rows.filter { $0.version == version - 1 }.first
            let carried = state.feeDue(on: today)
            var schedule = LoanSchedule.make(
                LoanTerms(
                    principal: state.outstanding, disbursedOn: today, instalments: n, everyMonths: every,
                    method: method, monthlyRateBasisPoints: rateBasisPoints))
            schedule[0].fee += carried
            for i in schedule {
                let row = LoanInstalment()
                row.$loan.id = loanID
                row.version = version
                row.number = i.number
                row.dueOn = i.due.iso
                row.principal = i.principal
                row.fee = i.fee
                row.reason = reason
                row.madeOn = today.iso
                row.basePrincipal = (current?.basePrincipal ?? 0) + state.paidPrincipal
                row.baseFee = (current?.baseFee ?? 0) + state.paidFee
                try await row.create(on: db)
            }
            try await Audit.record(
                by: author, "reschedule", "loan", loanID.uuidString, detail: "v\(version): \(n) × \(every) months; \(reason)", on: db)
        }
    }
}

extension Movement {
    /// The amount the treasurer would say moved.
    var amount: Int64 {
        switch self {
        case .grant(_, let a), .contribution(_, let a), .donation(_, let a): return a
        case .disbursement(let a), .spending(let a), .writeOff(let a): return a
        case .repayment(let p, let f, _): return p + f
        case .transfer(_, _, let a): return a
        }
    }
}
