import Foundation

/// Money in or out of a club's funds as a form, the sync API or an import sends it: text, before
/// checking. Checked by `FundEntryRules.check` into a `FundEntryValues` or typed problems.
public struct FundEntryDraft: Sendable, Equatable {
    public var kind = "", fund = "", amount = "", occurredOn = "", description = "", source = ""
    public init(
        kind: String = "", fund: String = "", amount: String = "", occurredOn: String = "", description: String = "",
        source: String = ""
    ) {
        self.kind = kind
        self.fund = fund
        self.amount = amount
        self.occurredOn = occurredOn
        self.description = description
        self.source = source
    }
}

public enum FundEntryField: String, Sendable, CaseIterable {
    case kind, fund, amount
    case occurredOn = "occurred_on"
    case description, source
}

public enum FundEntryProblem: Sendable, Equatable {
    /// Not one of `FundEntryRules.kinds`.
    case kind
    /// A grant, contribution, donation or transfer names no fund.
    case fund
    /// Missing, not a number, zero or negative.
    case amount
    case amountTooLarge(max: Int64)
    case day(DayProblem)
    case descriptionRequired
    case descriptionTooLong(max: Int)
    /// A grant without a known source.
    case source

    public var field: FundEntryField {
        switch self {
        case .kind: return .kind
        case .fund: return .fund
        case .amount, .amountTooLarge: return .amount
        case .day: return .occurredOn
        case .descriptionRequired, .descriptionTooLong: return .description
        case .source: return .source
        }
    }
}

/// A checked entry, ready to post.
public struct FundEntryValues: Sendable, Equatable {
    public var movement: Movement
    public var day: Day
    public var description: String
    public var source: String?
}

public enum FundEntryRules {
    public static let kinds = ["grant", "contribution", "donation", "spending", "transfer"]
    public static let sources = ["state", "donor", "elderly_fund", "other"]
    public static let maxDescription = 200

    /// Checks a draft: the kind, the fund it goes to (spending is always the activity fund; a
    /// transfer goes from the fund named to the other), the amount in đồng up to
    /// `Ledger.maxAmount`, the day (read in the Vietnamese forms, not in the future, not before
    /// `earliest`), a description of at most 200 characters, and a grant's source.
    public static func check(_ d: FundEntryDraft, today: Day, earliest: Day?) -> (values: FundEntryValues?, problems: [FundEntryProblem]) {
        var problems: [FundEntryProblem] = []
        let kind = d.kind
        if !kinds.contains(kind) { problems.append(.kind) }
        let fund = Fund(rawValue: d.fund)
        if fund == nil && kind != "spending" { problems.append(.fund) }
        let amount = VND.parse(d.amount)
        if amount == nil || amount! <= 0 {
            problems.append(.amount)
        } else if amount! > Ledger.maxAmount {
            problems.append(.amountTooLarge(max: Ledger.maxAmount))
        }
        let day = Day(vietnamese: d.occurredOn)
        if let p = DayProblem.of(day, today: today, earliest: earliest) { problems.append(.day(p)) }
        let description = VietnameseText.normalize(d.description)
        if description.isEmpty { problems.append(.descriptionRequired) }
        if VietnameseText.tooLong(description, maxDescription) { problems.append(.descriptionTooLong(max: maxDescription)) }
        let source = kind == "grant" && sources.contains(d.source) ? d.source : nil
        if kind == "grant" && source == nil { problems.append(.source) }
        guard problems.isEmpty, let amount, let day else { return (nil, problems) }
        let movement: Movement
        switch kind {
        case "grant": movement = .grant(fund!, amount)
        case "contribution": movement = .contribution(fund!, amount)
        case "donation": movement = .donation(fund!, amount)
        case "spending": movement = .spending(amount)
        default: movement = .transfer(from: fund!, to: fund == .income ? .activity : .income, amount: amount)
        }
        return (FundEntryValues(movement: movement, day: day, description: description, source: source), [])
    }
}
