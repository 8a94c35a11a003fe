import Vapor
import ISHCCore

// What the fund and loan pages show and what their forms send.

enum FundChoices {
    static let entryKinds = ["grant", "contribution", "donation", "spending", "transfer"]
}

extension FundChoices {
    static let sources = ["state", "donor", "elderly_fund", "other"]
}

extension FundChoices {
    static let purposes = ["livestock", "crops", "trade", "other"]
}

struct CashBookMonth {
    var month: MonthKey
    var opening: Int64
    var lines: [CashBookLine]
    var closing: Int64
    var receipts: Int64 { lines.filter { $0.amount > 0 }.reduce(0) { $0 + $1.amount } }
    var payments: Int64 { lines.filter { $0.amount < 0 }.reduce(0) { $0 - $1.amount } }
}

struct LoanInput: Content {
    var member: String?, principal: String?, purpose: String?, purposeNote: String?, disbursedOn: String?
    var instalments: String?, everyMonths: String?, method: String?, rate: String?, grace: String?
    enum CodingKeys: String, CodingKey {
        case member, principal, purpose, purposeNote = "purpose_note", disbursedOn = "disbursed_on", instalments
        case everyMonths = "every_months", method, rate, grace
    }
}

struct RepaymentInput: Content {
    var amount: String?, paidOn: String?, reason: String?
    enum CodingKeys: String, CodingKey { case amount, paidOn = "paid_on", reason }
}

struct LoanRow {
    var loan: Loan
    var member: Member
    var state: LoanState
    var days: Int
    var overdue: Int64
}

struct FundEntryInput: Content {
    var kind: String?, fund: String?, amount: String?, occurredOn: String?, description: String?, source: String?
    enum CodingKeys: String, CodingKey { case kind, fund, amount, occurredOn = "occurred_on", description, source }
}

struct FundOverview {
    var unit: OrgUnit
    var club: Club
    var balances: Balances
    var loans: [LoanRow]
    var entries: [JournalEntry]
    var reversed: Set<UUID>
    var canWrite: Bool
    var showsNames: Bool
    var today: Day
    var activeMembers: Int
    var borrowersThisYear: Int
    var disbursedThisYear: Int64
    var repaidThisYear: Int64
    var canSetRules: Bool
}

struct CashBookLine {
    var day: Day
    var description: String
    var amount: Int64
    var balance: Int64
    var reversal: Bool
}
