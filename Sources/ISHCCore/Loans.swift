import Foundation

/// Revolving loans to members: the schedule made at disbursement, how a repayment is split
/// between fee and principal, and how late a loan is.
public enum FeeMethod: String, CaseIterable, Sendable, Codable {
    /// No fee or interest.
    case none
    /// A fee on the original amount each period (lãi/phí tính trên số tiền vay ban đầu).
    case flat
    /// Interest on what is still owed each period (lãi tính trên dư nợ giảm dần).
    case declining
}

public enum RepaymentOrder: String, CaseIterable, Sendable, Codable {
    /// Fee or interest first, then principal (the default).
    case feeFirst = "fee_first"
    case principalFirst = "principal_first"
}

public struct LoanTerms: Sendable, Equatable {
    public var principal: Int64
    public var disbursedOn: Day
    /// Number of instalments.
    public var instalments: Int
    /// Months between instalments: 1 monthly (the default), 3 quarterly.
    public var everyMonths: Int
    public var method: FeeMethod
    /// Fee or interest per month, in hundredths of a percent (50 = 0,5 % a month).
    public var monthlyRateBasisPoints: Int
    /// First instalments that carry no principal (fee only, if any).
    public var graceInstalments: Int

    public init(
        principal: Int64, disbursedOn: Day, instalments: Int, everyMonths: Int = 1, method: FeeMethod = .none,
        monthlyRateBasisPoints: Int = 0, graceInstalments: Int = 0
    ) {
        self.principal = principal
        self.disbursedOn = disbursedOn
        self.instalments = instalments
        self.everyMonths = everyMonths
        self.method = method
        self.monthlyRateBasisPoints = monthlyRateBasisPoints
        self.graceInstalments = graceInstalments
    }

    public static let maxInstalments = 120
    public static let maxRateBasisPoints = 500  // 5 % a month is already far above any club's rule

    /// Problems as translation keys.
    public var problems: [LoanTermsProblem] {
        var p: [LoanTermsProblem] = []
        if principal <= 0 || principal > Ledger.maxAmount { p.append(.principal) }
        if !(1...Self.maxInstalments).contains(instalments) { p.append(.instalments) }
        if ![1, 2, 3, 6, 12].contains(everyMonths) { p.append(.frequency) }
        if !(0...Self.maxRateBasisPoints).contains(monthlyRateBasisPoints) || (method != .none && monthlyRateBasisPoints == 0) {
            p.append(.rate)
        }
        if graceInstalments < 0 || graceInstalments >= instalments { p.append(.grace) }
        return p
    }
}

/// What is wrong with a loan's terms.
public enum LoanTermsProblem: String, Sendable, Equatable, CaseIterable {
    /// Zero, negative, or above `Ledger.maxAmount`.
    case principal
    /// Not 1 to `LoanTerms.maxInstalments`.
    case instalments
    /// Not every 1, 2, 3, 6 or 12 months.
    case frequency
    /// Above `LoanTerms.maxRateBasisPoints`, or none for a method that charges.
    case rate
    /// As many grace instalments as instalments, or fewer than none.
    case grace
}

public struct Instalment: Sendable, Equatable {
    public var number: Int
    public var due: Day
    public var principal: Int64
    public var fee: Int64
    public var total: Int64 { principal + fee }
    public init(number: Int, due: Day, principal: Int64, fee: Int64) {
        self.number = number
        self.due = due
        self.principal = principal
        self.fee = fee
    }
}

public enum LoanSchedule {
    /// The instalments: principal shared equally over the instalments after the grace period
    /// (the first ones take the odd đồng, so the shares sum to the principal exactly), each with
    /// its fee or interest rounded to the đồng.
    public static func make(_ t: LoanTerms) -> [Instalment] {
        guard t.problems.isEmpty else { return [] }
        let paying = t.instalments - t.graceInstalments
        let base = t.principal / Int64(paying)
        let extra = Int(t.principal % Int64(paying))
        var owed = t.principal
        var result: [Instalment] = []
        for n in 1...t.instalments {
            let k = n - t.graceInstalments  // 1-based among the paying instalments
            let principal: Int64 = k <= 0 ? 0 : base + (k <= extra ? 1 : 0)
            let rate = Int64(t.monthlyRateBasisPoints * t.everyMonths)
            let fee: Int64
            switch t.method {
            case .none: fee = 0
            case .flat: fee = roundedShare(t.principal, rate)
            case .declining: fee = roundedShare(owed, rate)
            }
            result.append(Instalment(number: n, due: t.disbursedOn.adding(months: n * t.everyMonths), principal: principal, fee: fee))
            owed -= principal
        }
        return result
    }

    /// `amount × basisPoints / 10 000`, rounded half up, without overflow for any amount we allow.
    static func roundedShare(_ amount: Int64, _ basisPoints: Int64) -> Int64 {
        let product = amount.multipliedFullWidth(by: basisPoints)
        let (q, r) = Int64(10_000).dividingFullWidth(product)
        return r * 2 >= 10_000 ? q + 1 : q
    }
}

/// Where a loan stands: its current schedule and what has come back.
public struct LoanState: Sendable, Equatable {
    public var schedule: [Instalment]
    public var paidPrincipal: Int64
    public var paidFee: Int64
    public var writtenOff: Int64

    public init(schedule: [Instalment], paidPrincipal: Int64 = 0, paidFee: Int64 = 0, writtenOff: Int64 = 0) {
        self.schedule = schedule
        self.paidPrincipal = paidPrincipal
        self.paidFee = paidFee
        self.writtenOff = writtenOff
    }

    public var principal: Int64 { schedule.reduce(0) { $0 + $1.principal } }
    public var outstanding: Int64 { principal - paidPrincipal - writtenOff }

    /// Fees of instalments due on or before `day`, not yet paid. Fees of later instalments are
    /// never owed before their day (a loan repaid early owes no future fee).
    public func feeDue(on day: Day) -> Int64 {
        max(0, schedule.filter { $0.due <= day }.reduce(0) { $0 + $1.fee } - paidFee)
    }

    /// The most a member may pay on `day`.
    public func payable(on day: Day) -> Int64 { outstanding + feeDue(on: day) }
}

public enum RepaymentProblem: Error, Sendable, Equatable {
    case notPositive
    /// More than is owed; the most that may be paid.
    case overpayment(Int64)
}

public enum LoanRules {
    /// Splits a payment into fee and principal. Never loses or makes a đồng: the two parts sum to
    /// the amount paid; refuses anything above what is owed.
    public static func allocate(
        _ amount: Int64, to state: LoanState, on day: Day,
        order: RepaymentOrder = .feeFirst
    ) -> Result<(principal: Int64, fee: Int64), RepaymentProblem> {
        guard amount > 0 else { return .failure(.notPositive) }
        let feeDue = state.feeDue(on: day)
        let limit = state.outstanding + feeDue
        guard amount <= limit else { return .failure(.overpayment(limit)) }
        switch order {
        case .feeFirst:
            let fee = min(amount, feeDue)
            return .success((amount - fee, fee))
        case .principalFirst:
            let principal = min(amount, state.outstanding)
            return .success((principal, amount - principal))
        }
    }

    /// How late the loan is on `day`: days since the oldest instalment not covered by what was
    /// paid (an instalment is late the day after it falls due), and the amount overdue.
    public static func arrears(_ state: LoanState, on day: Day) -> (days: Int, amount: Int64) {
        guard state.outstanding > 0 else { return (0, 0) }
        let paid = state.paidPrincipal + state.paidFee + state.writtenOff
        var cumulative: Int64 = 0
        var oldest: Day?
        for i in state.schedule where i.due < day {
            cumulative += i.total
            if oldest == nil && cumulative > paid { oldest = i.due }
        }
        guard let oldest else { return (0, 0) }
        return (oldest.days(to: day), cumulative - paid)
    }

    public enum Bucket: String, CaseIterable, Sendable {
        case current, d1to30 = "1-30", d31to60 = "31-60", d61to90 = "61-90", over90 = "90+"
        public init(days: Int) {
            switch days {
            case ...0: self = .current
            case 1...30: self = .d1to30
            case 31...60: self = .d31to60
            case 61...90: self = .d61to90
            default: self = .over90
            }
        }
    }

    /// Portfolio at risk over 30 days (CGAP): the principal outstanding of loans with an
    /// instalment more than 30 days late, over all principal outstanding. Nil when nothing is out.
    public static func par30(_ loans: [LoanState], on day: Day) -> Ratio? {
        let total = loans.reduce(Int64(0)) { $0 + $1.outstanding }
        guard total > 0 else { return nil }
        let atRisk = loans.filter { arrears($0, on: day).days > 30 }.reduce(Int64(0)) { $0 + $1.outstanding }
        return Ratio(atRisk, total)
    }

    /// Arrears rate: the amount overdue over the principal outstanding.
    public static func arrearsRate(_ loans: [LoanState], on day: Day) -> Ratio? {
        let total = loans.reduce(Int64(0)) { $0 + $1.outstanding }
        guard total > 0 else { return nil }
        return Ratio(loans.reduce(Int64(0)) { $0 + arrears($1, on: day).amount }, total)
    }
}

/// A share kept as two whole numbers, shown as a percentage with one decimal.
public struct Ratio: Sendable, Hashable {
    public var numerator: Int64
    public var denominator: Int64
    public init(_ n: Int64, _ d: Int64) {
        numerator = n
        denominator = d
    }

    /// `12,5 %`
    public var percent: String {
        guard denominator != 0 else { return "—" }
        // Tenths of a percent, rounded half up, counted in full width so that no share overflows.
        let negative = (numerator < 0) != (denominator < 0)
        let n = numerator.magnitude
        let d = denominator.magnitude
        let product = n.multipliedFullWidth(by: 1000)
        guard product.high < d else { return negative ? "-∞ %" : "∞ %" }
        let (q, r) = d.dividingFullWidth(product)
        let tenths = r >= d - r ? q + 1 : q
        return "\(negative && tenths > 0 ? "-" : "")\(tenths / 10),\(tenths % 10) %"
    }
}

extension Day {
    /// The same day `months` later; the month's last day when it is shorter (31/1 + 1 → 28/2).
    /// Outside the calendar this system counts (1800-2200), the first or last day of it: loan
    /// terms are bounded far inside it, so this only keeps a wrong number from stopping the server.
    public func adding(months: Int) -> Day {
        let first = 1800 * 12
        let last = 2200 * 12 + 11
        let (shifted, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        if overflow || shifted > last { return Day(year: 2200, month: 12, day: 31)! }
        if shifted < first { return Day(year: 1800, month: 1, day: 1)! }
        let y = shifted / 12
        let m = shifted % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.daysIn(month: m, year: y)))!
    }
}
