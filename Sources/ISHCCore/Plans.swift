import Foundation

/// Plans set targets per indicator and phase (the replication plans' targets for each phase); a dashboard sets each computed figure
/// against its target. Early warnings pick out the clubs an officer should visit.

/// A plan's phase: its name and its first and last day.
public struct PlanPhase: Sendable, Equatable {
    public var name: String
    public var start: Day
    public var end: Day
    public init(name: String, start: Day, end: Day) {
        self.name = name
        self.start = start
        self.end = end
    }

    public func contains(_ day: Day) -> Bool { day >= start && day <= end }

    /// The phase that covers `day`, or else the next one to come; nil once the plan has ended.
    public static func current(_ phases: [PlanPhase], on day: Day) -> PlanPhase? {
        let sorted = phases.sorted { $0.start < $1.start }
        return sorted.first { $0.contains(day) } ?? sorted.first { $0.start > day }
    }
}

/// A target: at least `value` of an indicator by the end of a phase. For a count or an amount
/// `value` is the number itself; for a share it is in hundredths of a percent (5000 = 50 %);
/// for an average in hundredths (150 = 1,5).
public struct Target: Sendable, Equatable {
    public var indicator: String
    public var value: Int64
    public init(indicator: String, value: Int64) {
        self.indicator = indicator
        self.value = value
    }

    /// The largest count or amount a target may name: a thousand times the nation's fund, far
    /// above any plan, and small enough that progress is counted without overflow.
    public static let maxValue: Int64 = 1_000_000_000_000_000

    /// "50 %", "250", "50.000.000 đ".
    public func formatted(_ unit: IndicatorUnit) -> String {
        switch unit {
        case .share: return Target.percent(basisPoints: value)
        case .count: return VND.group(value)
        case .dong: return VND.format(value)
        case .average: return value % 100 == 0 ? "\(value / 100)" : "\(value / 100),\(String(format: "%02d", value % 100))"
        }
    }

    /// 5000 → "50 %", 6250 → "62,5 %".
    public static func percent(basisPoints: Int64) -> String {
        let whole = basisPoints / 100
        let rest = basisPoints % 100
        if rest == 0 { return "\(whole)\u{00A0}%" }
        let decimals = rest % 10 == 0 ? "\(rest / 10)" : String(format: "%02d", rest)
        return "\(whole),\(decimals)\u{00A0}%"
    }

    /// "1,5" → 150: a number with up to two decimals (decimal comma), in hundredths.
    public static func parseHundredths(_ text: String) -> Int64? {
        let s = text.trimmingCharacters(in: .whitespaces)
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole < 1_000_000 else { return nil }
        guard parts.count == 2 else { return whole * 100 }
        let f = String(parts[1])
        guard (1...2).contains(f.count), let v = Int64(f) else { return nil }
        return whole * 100 + (f.count == 1 ? v * 10 : v)
    }

    /// "50", "62,5", "50 %" → basis points; nil when it is not a percentage from 0 to 100.
    public static func parsePercent(_ text: String) -> Int64? {
        var s = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{00A0}", with: " ")
        if s.hasSuffix("%") { s = String(s.dropLast()).trimmingCharacters(in: .whitespaces) }
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole <= 100 else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let f = String(parts[1])
            guard (1...2).contains(f.count), let v = Int64(f) else { return nil }
            frac = f.count == 1 ? v * 10 : v
        }
        let bp = whole * 100 + frac
        return bp <= 10_000 ? bp : nil
    }
}

/// Where a figure stands against its target.
public struct TargetProgress: Sendable, Equatable {
    public var actual: IndicatorValue
    public var target: Target
    /// How far along, 0 to 100, for the bar.
    public var percentDone: Int
    /// How many more (clubs, members, đồng…) are needed; 0 when the target is met.
    public var gap: Int64
    /// A share whose denominator is zero cannot be measured yet.
    public var measurable: Bool
    public var met: Bool { measurable && gap == 0 }

    public static func of(_ actual: IndicatorValue, against target: Target, unit: IndicatorUnit) -> TargetProgress {
        switch unit {
        case .count, .dong:
            let gap = max(0, target.value - actual.numerator)
            let done = target.value <= 0 ? 100 : Int(min(100, actual.numerator * 100 / target.value))
            return TargetProgress(actual: actual, target: target, percentDone: done, gap: gap, measurable: true)
        case .share, .average:
            guard let d = actual.denominator, d > 0 else {
                return TargetProgress(actual: actual, target: target, percentDone: 0, gap: 0, measurable: false)
            }
            // The numerator needed: the smallest n with n / d ≥ value / scale.
            let scale: Int64 = unit == .share ? 10_000 : 100
            let needed = (target.value * d + scale - 1) / scale
            let gap = max(0, needed - actual.numerator)
            let done = needed <= 0 ? 100 : Int(min(100, actual.numerator * 100 / needed))
            return TargetProgress(actual: actual, target: target, percentDone: done, gap: gap, measurable: true)
        }
    }
}

/// What an officer is warned of about a club.
public enum EarlyWarning: Sendable, Equatable, Hashable {
    /// No meeting in the last two months (the last one, if any).
    case noRecentMeeting(last: Day?)
    /// Portfolio at risk over 30 days above 10 %.
    case highPAR30(Ratio)
    /// Fewer than 50 members.
    case fewMembers(Int)
    /// The board has had no refresher training this year.
    case boardNotRefreshed
    /// The income-generation fund is smaller than at the start of the year.
    case fundShrank(from: Int64, to: Int64)

    public var code: String {
        switch self {
        case .noRecentMeeting: return "no_meeting"
        case .highPAR30: return "par30"
        case .fewMembers: return "few_members"
        case .boardNotRefreshed: return "board_not_refreshed"
        case .fundShrank: return "fund_shrank"
        }
    }
}

/// A club's facts for the warnings, on `today`.
public struct WarningFacts: Sendable, Equatable {
    public var foundedOn: Day?
    public var lastMeeting: Day?
    public var members: Int
    public var outstanding: Int64
    public var atRisk30: Int64
    public var refreshedThisYear: Bool
    public var fundAtYearStart: Int64
    public var fundNow: Int64
    public init(
        foundedOn: Day?, lastMeeting: Day?, members: Int, outstanding: Int64, atRisk30: Int64,
        refreshedThisYear: Bool, fundAtYearStart: Int64, fundNow: Int64
    ) {
        self.foundedOn = foundedOn
        self.lastMeeting = lastMeeting
        self.members = members
        self.outstanding = outstanding
        self.atRisk30 = atRisk30
        self.refreshedThisYear = refreshedThisYear
        self.fundAtYearStart = fundAtYearStart
        self.fundNow = fundNow
    }
}

public enum EarlyWarnings {
    public static let minMembers = 50
    /// PAR30 above this share (in basis points) is a warning.
    public static let par30Limit: Int64 = 1_000

    public static func check(_ f: WarningFacts, today: Day) -> [EarlyWarning] {
        var out: [EarlyWarning] = []
        // Two whole months over with no meeting (the month under way is not missed yet); a club
        // founded since has not had two months to meet in.
        if MonthlyMeetings.monthsMissedInARow(lastMeeting: f.lastMeeting, founded: f.foundedOn, today: today) >= 2 {
            out.append(.noRecentMeeting(last: f.lastMeeting))
        }
        if f.outstanding > 0 && f.atRisk30 * 10_000 > par30Limit * f.outstanding { out.append(.highPAR30(Ratio(f.atRisk30, f.outstanding))) }
        if f.members < minMembers { out.append(.fewMembers(f.members)) }
        if !f.refreshedThisYear { out.append(.boardNotRefreshed) }
        if f.fundNow < f.fundAtYearStart { out.append(.fundShrank(from: f.fundAtYearStart, to: f.fundNow)) }
        return out
    }
}
