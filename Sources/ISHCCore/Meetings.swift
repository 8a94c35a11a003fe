/// Monthly meetings (sinh hoạt định kỳ): which areas they covered, who may change them, and
/// coverage over a period.
public struct MonthKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public init(year: Int, month: Int) { self.year = year; self.month = month }
    public init(_ day: Day) { self.year = day.year; self.month = day.month }

    public static func < (a: MonthKey, b: MonthKey) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public var previous: MonthKey { month == 1 ? MonthKey(year: year - 1, month: 12) : MonthKey(year: year, month: month - 1) }
    public var next: MonthKey { month == 12 ? MonthKey(year: year + 1, month: 1) : MonthKey(year: year, month: month + 1) }
    /// `11/2026`
    public var description: String { "\(month)/\(year)" }

    /// The `count` months ending with this one, oldest first.
    public func lastMonths(_ count: Int) -> [MonthKey] {
        var months = [self]
        while months.count < count { months.insert(months[0].previous, at: 0) }
        return months
    }

    /// Every month from `from` to `to`, both included.
    public static func range(_ from: MonthKey, _ to: MonthKey) -> [MonthKey] {
        var months: [MonthKey] = []
        var m = from
        while m <= to { months.append(m); m = m.next }
        return months
    }
}

public struct MeetingFacts: Sendable, Equatable {
    public var id: String
    public var heldOn: Day
    public var areas: Set<Int>
    public init(id: String, heldOn: Day, areas: Set<Int>) { self.id = id; self.heldOn = heldOn; self.areas = areas }
}

public enum MeetingRules {
    /// The club's latest meeting (by day; the last one recorded wins a tie).
    public static func latest(_ meetings: [MeetingFacts]) -> MeetingFacts? {
        meetings.enumerated().max { ($0.element.heldOn, $0.offset) < ($1.element.heldOn, $1.offset) }?.element
    }

    /// The club's board edits only its latest meeting; officers (and administrators) edit any.
    public static func canEdit(_ meetingID: String, in meetings: [MeetingFacts], role: Role) -> Bool {
        guard role.canWrite else { return false }
        if role.isOfficer || role == .administrator { return true }
        return latest(meetings)?.id == meetingID
    }

    /// For each month of the period, the areas some meeting covered.
    public static func coverage(_ meetings: [MeetingFacts], months: [MonthKey]) -> [MonthKey: Set<Int>] {
        let wanted = Set(months)
        var result: [MonthKey: Set<Int>] = Dictionary(uniqueKeysWithValues: months.map { ($0, []) })
        for m in meetings where wanted.contains(MonthKey(m.heldOn)) {
            result[MonthKey(m.heldOn), default: []].formUnion(m.areas)
        }
        return result
    }

    /// True when the club met in every month of the period.
    public static func metEveryMonth(_ meetings: [MeetingFacts], months: [MonthKey]) -> Bool {
        let met = Set(meetings.map { MonthKey($0.heldOn) })
        return months.allSatisfy(met.contains)
    }

    /// The months of the period with no meeting.
    public static func missedMonths(_ meetings: [MeetingFacts], months: [MonthKey]) -> [MonthKey] {
        let met = Set(meetings.map { MonthKey($0.heldOn) })
        return months.filter { !met.contains($0) }
    }
}
