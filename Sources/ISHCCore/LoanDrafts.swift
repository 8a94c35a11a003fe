import Foundation

/// A loan as the form, the sync API or an import sends it: text, before checking.
public struct LoanDraft: Sendable, Equatable {
    public var member = "", principal = "", purpose = "", purposeNote = "", disbursedOn = ""
    public var instalments = "", everyMonths = "", method = "", rate = ""
    /// "0" when the form sends none; an empty field is no number.
    public var grace = "0"
    public init() {}
}

public enum LoanProblem: Sendable, Equatable {
    /// Not one of the club's members on the day.
    case member
    /// Missing, not a number, zero or negative.
    case principal
    case principalTooLarge(max: Int64)
    case purpose
    case day(DayProblem)
    /// The rate is not a percentage with at most two decimals.
    case rateUnreadable
    case terms(LoanTermsProblem)

    /// The loan form's field.
    public var field: String {
        switch self {
        case .member: return "member"
        case .principal, .principalTooLarge: return "principal"
        case .purpose: return "purpose"
        case .day: return "disbursed_on"
        case .rateUnreadable: return "rate"
        case .terms(let t):
            switch t {
            case .principal: return "principal"
            case .instalments: return "instalments"
            case .frequency: return "every_months"
            case .rate: return "rate"
            case .grace: return "grace"
            }
        }
    }
}

/// A checked loan, ready to lend.
public struct LoanValues: Sendable, Equatable {
    public var member: String
    public var terms: LoanTerms
    public var purpose: String
    public var purposeNote: String?
    public var schedule: [Instalment]
}

extension LoanRules {
    public static let purposes = ["livestock", "crops", "trade", "other"]
    public static let maxPurposeNote = 200

    /// `0,5` → 50 hundredths of a percent.
    public static func rateBasisPoints(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")
            .replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return 0 }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0].isEmpty ? "0" : String(parts[0])), whole >= 0 else { return nil }
        var frac = 0
        if parts.count == 2 {
            let f = String(parts[1])
            guard f.count <= 2, let v = Int(f.isEmpty ? "0" : f) else { return nil }
            frac = f.count == 1 ? v * 10 : v
        }
        // A rate too large to count is refused like any other bad rate, never computed.
        let (hundredths, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow, hundredths <= Int(Int32.max) else { return nil }
        return hundredths + frac
    }

    /// Checks a draft: one of `members`, an amount up to `Ledger.maxAmount`, a purpose, a day not
    /// after today, a rate, and terms `LoanTerms` accepts. The schedule is made whenever the terms
    /// can be read, so a form sent back with problems still shows it.
    public static func check(_ d: LoanDraft, members: Set<String>, today: Day) -> (
        values: LoanValues?, problems: [LoanProblem], schedule: [Instalment]
    ) {
        var problems: [LoanProblem] = []
        let member = members.contains(d.member) ? d.member : nil
        if member == nil { problems.append(.member) }
        let principal = VND.parse(d.principal)
        if principal == nil || principal! <= 0 {
            problems.append(.principal)
        } else if principal! > Ledger.maxAmount {
            problems.append(.principalTooLarge(max: Ledger.maxAmount))
        }
        let purpose = purposes.contains(d.purpose) ? d.purpose : nil
        if purpose == nil { problems.append(.purpose) }
        let day = Day(vietnamese: d.disbursedOn)
        if let p = DayProblem.of(day, today: today, earliest: nil) { problems.append(.day(p)) }
        let n = Int(d.instalments)
        let every = Int(d.everyMonths) ?? 1
        let method = FeeMethod(rawValue: d.method) ?? .none
        let rate = rateBasisPoints(d.rate)
        if rate == nil { problems.append(.rateUnreadable) }
        let grace = Int(d.grace) ?? -1
        var schedule: [Instalment] = []
        var terms: LoanTerms?
        if let principal, principal > 0, principal <= Ledger.maxAmount, let day, let n, let rate {
            let t = LoanTerms(
                principal: principal, disbursedOn: day, instalments: n, everyMonths: every, method: method,
                monthlyRateBasisPoints: method == .none ? 0 : rate, graceInstalments: grace)
            problems += t.problems.filter { $0 != .principal }.map { .terms($0) }
            schedule = LoanSchedule.make(t)
            terms = t
        } else if n == nil {
            problems.append(.terms(.instalments))
        }
        let note = VietnameseText.normalize(d.purposeNote)
        guard problems.isEmpty, let member, let purpose, let terms else { return (nil, problems, schedule) }
        return (
            LoanValues(
                member: member, terms: terms, purpose: purpose, purposeNote: note.isEmpty ? nil : String(note.prefix(maxPurposeNote)),
                schedule: schedule), [], schedule
        )
    }
}

/// A repayment as the loan page, the sync API or an import sends it.
public struct RepaymentDraft: Sendable, Equatable {
    public var amount: String
    public var paidOn: String
    public init(amount: String = "", paidOn: String = "") {
        self.amount = amount
        self.paidOn = paidOn
    }
}

public enum RepaymentDraftProblem: Sendable, Equatable {
    /// Missing, not a number, zero or negative.
    case amount
    /// Unreadable, in the future, or before the loan was lent (`beforeEarliest`).
    case day(DayProblem)

    public var field: String {
        switch self {
        case .amount: return "amount"
        case .day: return "paid_on"
        }
    }
}

extension LoanRules {
    /// An amount in đồng and a day read in the Vietnamese forms, not after today and not before
    /// the loan was lent. How it splits between fee and principal is decided against the loan's
    /// state when it is posted.
    public static func checkRepayment(_ d: RepaymentDraft, today: Day, lentOn: Day?) -> (
        amount: Int64?, day: Day?, problems: [RepaymentDraftProblem]
    ) {
        var problems: [RepaymentDraftProblem] = []
        let amount = VND.parse(d.amount)
        if amount == nil || amount! <= 0 { problems.append(.amount) }
        let day = Day(vietnamese: d.paidOn)
        if let p = DayProblem.of(day, today: today, earliest: lentOn) { problems.append(.day(p)) }
        guard problems.isEmpty else { return (nil, nil, problems) }
        return (amount, day, [])
    }
}
