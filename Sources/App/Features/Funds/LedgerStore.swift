import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Writing and reading a club's journal. Every write happens in one database transaction that
/// holds the club's write lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the club's row locked), reads
/// the balances inside it, checks the movement against them, writes the entry, and checks that the
/// entry's postings sum to zero before committing.
/// One journal entry to post: what happened, on which day, in which words, its postings, and
/// what the audit log keeps of it (the target is the entry itself unless named).
struct LedgerPost: Sendable {
    struct AuditNote: Sendable {
        var action: String
        var kind: String
        var target: String?
        var detail: String?
    }

    var kind: String
    var day: Day
    var description: String
    var postings: [Posting]
    var source: String?
    var loanID: UUID?
    var reverses: UUID?
    var reason: String?
    /// Nil only for history written by the demo, which no one entered.
    var audit: AuditNote?

    init(
        _ movement: Movement, day: Day, description: String, source: String? = nil, loanID: UUID? = nil, reason: String? = nil,
        audit: AuditNote?
    ) {
        self.init(
            kind: movement.kind, day: day, description: description, postings: Ledger.postings(for: movement),
            source: source, loanID: loanID, reason: reason, audit: audit)
    }

    init(
        kind: String, day: Day, description: String, postings: [Posting], source: String? = nil, loanID: UUID? = nil,
        reverses: UUID? = nil, reason: String? = nil, audit: AuditNote?
    ) {
        self.kind = kind
        self.day = day
        self.description = description
        self.postings = postings
        self.source = source
        self.loanID = loanID
        self.reverses = reverses
        self.reason = reason
        self.audit = audit
    }
}

enum LedgerStore {
    struct Unbalanced: Error {}

    /// Runs `body` in a transaction that no other writer of this club's money can interleave with.
    static func locked<T: Sendable>(_ db: any Database, club: UUID, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if db is any SQLDatabase, (db as! any SQLDatabase).dialect.name == "sqlite" {
            return try await db.withConnection { conn in
                let sql = conn as! any SQLDatabase
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(conn)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
        return try await db.transaction { tx in
            try await (tx as! any SQLDatabase).raw("SELECT id FROM clubs WHERE id = \(bind: club) FOR UPDATE").run()
            return try await body(tx)
        }
    }

    /// The one way money is written. Inside the club's locked transaction, `prepare` reads what it
    /// needs (the balances are given) and returns the entry to post, or a refusal; the entry is
    /// written with its postings, proved to balance in the database's own sum, and audited, all in
    /// that transaction. Other rows the movement needs (a loan and its schedule) are written by
    /// `prepare` in the same transaction.
    static func post<Refusal: Error>(
        club: UUID, by author: Author, on db: any Database,
        _ prepare: @escaping @Sendable (any Database, Balances) async throws -> Result<LedgerPost, Refusal>
    )
        async throws -> Result<JournalEntry, Refusal>
    {
        try await locked(db, club: club) { db in try await postInTransaction(club: club, by: author, on: db, prepare) }
    }

    /// `post` for a caller that already holds the club's transaction (the demo, an import that
    /// writes many clubs' opening books at once).
    static func postInTransaction<Refusal: Error>(
        club: UUID, by author: Author, on db: any Database,
        _ prepare: @Sendable (any Database, Balances) async throws -> Result<LedgerPost, Refusal>
    )
        async throws -> Result<JournalEntry, Refusal>
    {
        let balances = try await balances(club: club, on: db)
        switch try await prepare(db, balances) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let post):
            let entry = JournalEntry()
            entry.$club.id = club
            entry.kind = post.kind
            entry.occurredOn = post.day.iso
            entry.description = post.description
            entry.source = post.source
            entry.loanID = post.loanID
            entry.reversesID = post.reverses
            entry.reason = post.reason
            entry.createdBy = author.userID
            try await write(entry, postings: post.postings, on: db)
            let id = try entry.requireID()
            if let audit = post.audit {
                try await Audit.record(by: author, audit.action, audit.kind, audit.target ?? id.uuidString, detail: audit.detail, on: db)
            }
            return .success(entry)
        }
    }

    /// Writes an entry with its postings, and proves it balances; only `post` calls it.
    @discardableResult
    private static func write(_ entry: JournalEntry, postings: [Posting], on db: any Database) async throws -> JournalEntry {
        guard Ledger.isBalanced(postings) else { throw Unbalanced() }
        try await entry.create(on: db)
        let id = try entry.requireID()
        for p in postings {
            let row = LedgerPosting()
            row.$entry.id = id
            row.clubID = entry.$club.id
            row.account = p.account.rawValue
            row.amount = p.amount
            row.occurredOn = entry.occurredOn
            try await row.create(on: db)
        }
        // The database's own sum, read back inside the same transaction.
        let sum = try await (db as! any SQLDatabase).raw(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS s FROM postings WHERE entry_id = \(bind: id)"
        )
        .first()?.decode(column: "s", as: Int64.self)
        guard sum == 0 else { throw Unbalanced() }
        return entry
    }

    /// A club's balances from its postings (up to and including `through`, when given).
    static func balances(club: UUID, through: Day? = nil, on db: any Database) async throws -> Balances {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT account, CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS s FROM postings
            WHERE club_id = \(bind: club) AND occurred_on <= \(bind: through?.iso ?? "9999-12-31")
            GROUP BY account
            """
        ).all()
        var lines: [Posting] = []
        for row in rows {
            if let account = LedgerAccount(rawValue: try row.decode(column: "account", as: String.self)) {
                let s = try row.decode(column: "s", as: Int64.self)
                if s != 0 { lines.append(Posting(account, s)) }
            }
        }
        return Ledger.balances(lines)
    }

    /// A loan's current schedule (its latest version) and what came back, from the journal.
    static func state(of loan: Loan, on db: any Database) async throws -> LoanState {
        let id = try loan.requireID()
        let rows = try await LoanInstalment.query(on: db).filter(\.$loan.$id == id).all()
        let version = rows.map(\.version).max() ?? 1
        let schedule = rows.filter { $0.version == version }.sorted { $0.number < $1.number }
            .map { Instalment(number: $0.number, due: Day(iso: $0.dueOn)!, principal: $0.principal, fee: $0.fee) }
        let sql = db as! any SQLDatabase
        // Repaid principal: credits to loans outstanding from repayments (and their reversals);
        // fees: what repayments credited to a fund; write-offs likewise.
        let sums = try await sql.raw(
            """
            SELECT e.kind AS kind, r.kind AS rkind, p.account AS account, CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) AS s
            FROM postings p JOIN journal_entries e ON e.id = p.entry_id
            LEFT JOIN journal_entries r ON r.id = e.reverses_id
            WHERE e.loan_id = \(bind: id)
            GROUP BY e.kind, r.kind, p.account
            """
        ).all()
        var paidPrincipal: Int64 = 0
        var paidFee: Int64 = 0
        var writtenOff: Int64 = 0
        for row in sums {
            let kind = try row.decode(column: "kind", as: String.self)
            let original = try row.decode(column: "rkind", as: String?.self)
            let account = try row.decode(column: "account", as: String.self)
            let s = try row.decode(column: "s", as: Int64.self)
            let what = kind == "reversal" ? (original ?? "") : kind
            switch (what, account) {
            case ("repayment", LedgerAccount.loansOutstanding.rawValue): paidPrincipal -= s
            case ("repayment", LedgerAccount.incomeFund.rawValue), ("repayment", LedgerAccount.activityFund.rawValue): paidFee -= s
            case ("write_off", LedgerAccount.loansOutstanding.rawValue): writtenOff -= s
            default: break
            }
        }
        // After a rescheduling the new schedule covers what was outstanding then: what came back
        // before it is its base.
        let current = rows.first { $0.version == version }
        let basePrincipal = current?.basePrincipal ?? 0
        let baseFee = current?.baseFee ?? 0
        return LoanState(schedule: schedule, paidPrincipal: paidPrincipal - basePrincipal, paidFee: paidFee - baseFee, writtenOff: writtenOff)
    }

    /// Every version of a loan's schedule, oldest first, with why and when it was made.
    static func versions(of loan: Loan, on db: any Database) async throws -> [(
        version: Int, madeOn: String?, reason: String?, instalments: [Instalment]
    )] {
        let rows = try await LoanInstalment.query(on: db).filter(\.$loan.$id == loan.requireID()).all()
        return Dictionary(grouping: rows, by: \.version).sorted { $0.key < $1.key }.map { version, list in
            let sorted = list.sorted { $0.number < $1.number }
            return (
                version, sorted.first?.madeOn, sorted.first?.reason,
                sorted.map { Instalment(number: $0.number, due: Day(iso: $0.dueOn)!, principal: $0.principal, fee: $0.fee) }
            )
        }
    }

    /// Entries already reversed, among these.
    static func reversed(_ ids: [UUID], on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try await JournalEntry.query(on: db).filter(\.$reversesID ~~ ids).all().compactMap(\.reversesID))
    }

    struct ClubCheck {
        var club: UUID
        var balances: Balances
        var problems: [String]
    }

    /// The ledger check: every entry balances, every fund equals its cash (plus loans), no cash
    /// or loan account is below zero, and loans outstanding equal the sum over the club's loans.
    static func verify(on db: any Database) async throws -> [ClubCheck] {
        let sql = db as! any SQLDatabase
        let unbalanced = try await sql.raw(
            """
            SELECT e.club_id AS club_id, e.id AS id FROM journal_entries e LEFT JOIN postings p ON p.entry_id = e.id
            GROUP BY e.club_id, e.id HAVING COALESCE(SUM(p.amount), 0) <> 0 OR COUNT(p.id) = 0
            """
        ).all()
        var bad: [UUID: [String]] = [:]
        for row in unbalanced {
            bad[try row.decode(column: "club_id", as: UUID.self), default: []].append(
                "entry \(try row.decode(column: "id", as: UUID.self)) does not balance")
        }
        var result: [ClubCheck] = []
        let clubIDs = try await sql.raw("SELECT DISTINCT club_id FROM postings").all().map { try $0.decode(column: "club_id", as: UUID.self) }
        for club in clubIDs {
            let b = try await balances(club: club, on: db)
            var problems = bad[club] ?? []
            if !b.isConsistent { problems.append("funds do not equal cash plus loans: \(b)") }
            if b.incomeCash < 0 || b.activityCash < 0 || b.loansOutstanding < 0 { problems.append("an account is below zero: \(b)") }
            var outstanding: Int64 = 0
            for loan in try await Loan.query(on: db).filter(\.$club.$id == club).all() {
                outstanding += try await state(of: loan, on: db).outstanding
            }
            if outstanding != b.loansOutstanding {
                problems.append("loans outstanding \(b.loansOutstanding) but the loans add up to \(outstanding)")
            }
            result.append(ClubCheck(club: club, balances: b, problems: problems))
        }
        return result
    }
}

extension LedgerStore {
    /// The cash book of one fund for a year: month by month, opening balance, each line with the
    /// running balance, closing balance.
    static func book(club: UUID, fund: Fund, year: Int, through today: Day, on db: any Database) async throws -> [CashBookMonth] {
        let sql = db as! any SQLDatabase
        let start = "\(year)-01-01"
        let opening =
            try await sql.raw(
                """
                SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS s FROM postings WHERE club_id = \(bind: club) AND account = \(bind: fund.cash.rawValue)
                AND occurred_on < \(bind: start)
                """
            ).first()?.decode(column: "s", as: Int64.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT p.occurred_on AS day, e.description AS description, e.kind AS kind, p.amount AS amount
            FROM postings p JOIN journal_entries e ON e.id = p.entry_id
            WHERE p.club_id = \(bind: club) AND p.account = \(bind: fund.cash.rawValue)
              AND p.occurred_on >= \(bind: start) AND p.occurred_on <= \(bind: "\(year)-12-31")
            ORDER BY p.occurred_on, e.created_at
            """
        ).all()
        var months: [MonthKey: [CashBookLine]] = [:]
        var balance = opening
        for row in rows {
            let day = Day(iso: try row.decode(column: "day", as: String.self))!
            let amount = try row.decode(column: "amount", as: Int64.self)
            balance += amount
            months[MonthKey(day), default: []].append(
                CashBookLine(
                    day: day, description: try row.decode(column: "description", as: String.self),
                    amount: amount, balance: balance,
                    reversal: try row.decode(column: "kind", as: String.self) == "reversal"))
        }
        let last = year == today.year ? MonthKey(today) : MonthKey(year: year, month: 12)
        var result: [CashBookMonth] = []
        var running = opening
        for m in MonthKey.range(MonthKey(year: year, month: 1), last) {
            let lines = months[m] ?? []
            let closing = lines.last?.balance ?? running
            result.append(CashBookMonth(month: m, opening: running, lines: lines, closing: closing))
            running = closing
        }
        return result
    }
}

extension LedgerStore {
    /// Principal repaid to the club since `since` (an ISO day), less repayments reversed.
    static func principalRepaid(club id: UUID, since yearStart: String, on db: any Database) async throws -> Int64 {
        let sql = db as! any SQLDatabase
        return try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(-p.amount), 0) AS BIGINT) AS s FROM postings p JOIN journal_entries e ON e.id = p.entry_id
            WHERE p.club_id = \(bind: id) AND p.account = 'loans_outstanding' AND p.occurred_on >= \(bind: yearStart)
              AND (e.kind = 'repayment' OR (e.kind = 'reversal' AND e.reverses_id IN (SELECT id FROM journal_entries WHERE kind = 'repayment')))
            """
        ).first()?.decode(column: "s", as: Int64.self) ?? 0
    }
}
