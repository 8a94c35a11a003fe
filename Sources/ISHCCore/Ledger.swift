import Foundation

/// A club's two funds as a double-entry ledger (Decision 1336: the income-generation fund and the activity fund). Amounts are whole đồng; a posting
/// is positive for a debit and negative for a credit, and every entry's postings sum to zero.
///
/// The accounts: cash of the income-generation fund, principal lent out (both assets of that
/// fund), cash of the activity fund, and the two funds themselves. So the income-generation fund
/// always equals its cash plus the principal outstanding, and the activity fund its cash.
public enum LedgerAccount: String, CaseIterable, Sendable, Codable {
    case incomeCash = "income_cash"
    case loansOutstanding = "loans_outstanding"
    case activityCash = "activity_cash"
    case incomeFund = "income_fund"
    case activityFund = "activity_fund"

    public var isAsset: Bool { [.incomeCash, .loansOutstanding, .activityCash].contains(self) }
}

public enum Fund: String, CaseIterable, Sendable, Codable {
    /// Quỹ tăng thu nhập: the revolving loan fund.
    case income
    /// Quỹ hoạt động: meetings, events, small spending.
    case activity

    public var cash: LedgerAccount { self == .income ? .incomeCash : .activityCash }
    public var capital: LedgerAccount { self == .income ? .incomeFund : .activityFund }
}

public struct Posting: Sendable, Equatable, Hashable {
    public var account: LedgerAccount
    /// Debit when positive, credit when negative; never zero.
    public var amount: Int64
    public init(_ account: LedgerAccount, _ amount: Int64) {
        self.account = account
        self.amount = amount
    }
}

/// What happened, as the treasurer would name it.
public enum Movement: Sendable, Equatable {
    /// One-time support: the state, a donor, the commune's Elderly Care Fund.
    case grant(Fund, Int64)
    /// Members' monthly contributions.
    case contribution(Fund, Int64)
    /// Donations and fund-raising.
    case donation(Fund, Int64)
    /// Money lent to a member out of the income-generation fund's cash.
    case disbursement(Int64)
    /// A member's repayment: principal back to the fund's cash; fee or interest into `feeTo`.
    case repayment(principal: Int64, fee: Int64, feeTo: Fund)
    /// Spending from the activity fund.
    case spending(Int64)
    /// Moving money from one fund to the other.
    case transfer(from: Fund, to: Fund, amount: Int64)
    /// Principal that will not come back, taken off the fund.
    case writeOff(Int64)

    public var kind: String {
        switch self {
        case .grant: return "grant"
        case .contribution: return "contribution"
        case .donation: return "donation"
        case .disbursement: return "disbursement"
        case .repayment: return "repayment"
        case .spending: return "spending"
        case .transfer: return "transfer"
        case .writeOff: return "write_off"
        }
    }
}

public enum LedgerProblem: Error, Sendable, Equatable {
    case notPositive
    case tooLarge
    case notEnoughCash(fund: Fund, available: Int64)
    case moreThanOutstanding(Int64)
    case sameFund
    case unbalanced
}

public enum Ledger {
    /// The largest single movement: ten thousand million đồng, far above any club's fund.
    public static let maxAmount: Int64 = 10_000_000_000

    /// The postings of a movement. They always sum to zero.
    public static func postings(for movement: Movement) -> [Posting] {
        let lines: [Posting]
        switch movement {
        case .grant(let fund, let a), .contribution(let fund, let a), .donation(let fund, let a):
            lines = [Posting(fund.cash, a), Posting(fund.capital, -a)]
        case .disbursement(let a):
            lines = [Posting(.loansOutstanding, a), Posting(.incomeCash, -a)]
        case .repayment(let principal, let fee, let feeTo):
            lines = [
                Posting(.incomeCash, principal), Posting(.loansOutstanding, -principal),
                Posting(feeTo.cash, fee), Posting(feeTo.capital, -fee),
            ]
        case .spending(let a):
            lines = [Posting(.activityFund, a), Posting(.activityCash, -a)]
        case .transfer(let from, let to, let a):
            lines = [Posting(from.capital, a), Posting(from.cash, -a), Posting(to.cash, a), Posting(to.capital, -a)]
        case .writeOff(let a):
            lines = [Posting(.incomeFund, a), Posting(.loansOutstanding, -a)]
        }
        return merge(lines)
    }

    /// Lines on the same account added together; zero lines dropped.
    static func merge(_ lines: [Posting]) -> [Posting] {
        var order: [LedgerAccount] = []
        var sums: [LedgerAccount: Int64] = [:]
        for l in lines {
            if sums[l.account] == nil { order.append(l.account) }
            sums[l.account, default: 0] += l.amount
        }
        return order.compactMap { a in sums[a].flatMap { $0 == 0 ? nil : Posting(a, $0) } }
    }

    /// The entry that undoes another: every line with the opposite sign.
    public static func reversal(of postings: [Posting]) -> [Posting] {
        postings.map { Posting($0.account, -$0.amount) }
    }

    public static func isBalanced(_ postings: [Posting]) -> Bool {
        !postings.isEmpty && postings.allSatisfy { $0.amount != 0 } && postings.reduce(Int64(0)) { $0 + $1.amount } == 0
    }

    /// Balances as a treasurer reads them: assets as debits, funds as credits, both positive.
    public static func balances<S: Sequence>(_ postings: S) -> Balances where S.Element == Posting {
        var b = Balances()
        for p in postings {
            switch p.account {
            case .incomeCash: b.incomeCash += p.amount
            case .loansOutstanding: b.loansOutstanding += p.amount
            case .activityCash: b.activityCash += p.amount
            case .incomeFund: b.incomeFund -= p.amount
            case .activityFund: b.activityFund -= p.amount
            }
        }
        return b
    }

    /// Whether the movement may be posted on top of these balances: amounts positive and
    /// bounded, no fund spending cash it does not hold, no more principal repaid or written off
    /// than is outstanding (`outstanding` is the loan's, when the movement concerns a loan).
    public static func check(_ movement: Movement, against b: Balances, outstanding: Int64? = nil) -> LedgerProblem? {
        func amountProblem(_ a: Int64) -> LedgerProblem? {
            if a <= 0 { return .notPositive }
            if a > maxAmount { return .tooLarge }
            return nil
        }
        switch movement {
        case .grant(_, let a), .contribution(_, let a), .donation(_, let a):
            return amountProblem(a)
        case .disbursement(let a):
            if let p = amountProblem(a) { return p }
            return a > b.incomeCash ? .notEnoughCash(fund: .income, available: b.incomeCash) : nil
        case .repayment(let principal, let fee, _):
            if principal < 0 || fee < 0 || principal + fee <= 0 { return .notPositive }
            if principal + fee > maxAmount { return .tooLarge }
            let limit = outstanding ?? b.loansOutstanding
            return principal > limit ? .moreThanOutstanding(limit) : nil
        case .spending(let a):
            if let p = amountProblem(a) { return p }
            return a > b.activityCash ? .notEnoughCash(fund: .activity, available: b.activityCash) : nil
        case .transfer(let from, let to, let a):
            if from == to { return .sameFund }
            if let p = amountProblem(a) { return p }
            let available = from == .income ? b.incomeCash : b.activityCash
            return a > available ? .notEnoughCash(fund: from, available: available) : nil
        case .writeOff(let a):
            if let p = amountProblem(a) { return p }
            let limit = outstanding ?? b.loansOutstanding
            return a > limit ? .moreThanOutstanding(limit) : nil
        }
    }

    /// Whether undoing these postings would leave a cash or loan account below zero.
    public static func canReverse(_ postings: [Posting], against b: Balances) -> Bool {
        var after = b
        after.apply(reversal(of: postings))
        return after.incomeCash >= 0 && after.activityCash >= 0 && after.loansOutstanding >= 0
    }
}

public struct Balances: Sendable, Equatable {
    public var incomeCash: Int64 = 0
    public var loansOutstanding: Int64 = 0
    public var activityCash: Int64 = 0
    public var incomeFund: Int64 = 0
    public var activityFund: Int64 = 0
    public init() {}

    public mutating func apply(_ postings: [Posting]) {
        let d = Ledger.balances(postings)
        incomeCash += d.incomeCash
        loansOutstanding += d.loansOutstanding
        activityCash += d.activityCash
        incomeFund += d.incomeFund
        activityFund += d.activityFund
    }

    /// The fund equals cash on hand plus principal outstanding; the activity fund its cash.
    public var isConsistent: Bool {
        incomeFund == incomeCash + loansOutstanding && activityFund == activityCash
    }

    public func size(of fund: Fund) -> Int64 { fund == .income ? incomeFund : activityFund }
    public func cash(of fund: Fund) -> Int64 { fund == .income ? incomeCash : activityCash }
}
