import Foundation

/// The new tasks a meeting may take up (plan 2026–2030): digital skills, the green transition,
/// starting a small business. One list for the form, the facts and the generator.
public enum MeetingTopics {
    public static let all = ["digital_literacy", "green_transition", "startups"]
}

/// Monthly meetings (sinh hoạt định kỳ): which areas they covered, who may change them, and
/// coverage over a period.
public struct MonthKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }
    public init(_ day: Day) {
        self.year = day.year
        self.month = day.month
    }

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
        while m <= to {
            months.append(m)
            m = m.next
        }
        return months
    }
}

public struct MeetingFacts: Sendable, Equatable {
    public var id: String
    public var heldOn: Day
    public var areas: Set<Int>
    public init(id: String, heldOn: Day, areas: Set<Int>) {
        self.id = id
        self.heldOn = heldOn
        self.areas = areas
    }
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

/// When a club has missed its monthly meeting (the replication plans' standard: "sinh hoạt định kỳ hằng tháng"): a
/// month counts as missed only once it is over. The month under way counts for the club once it
/// has met in it, and not against it before; on the period's last day its month is still under
/// way. Indicators, the standard, the early warning, the club page's grid and the reports all
/// read it from here.
public enum MonthlyMeetings {
    /// The state of one month of a club's record, as of a day.
    public enum MonthState: String, Sendable, Equatable {
        /// A meeting was held in the month.
        case met
        /// The month is over with no meeting (and the club existed then).
        case missed
        /// The month is under way and the club has not met yet: not missed, not yet met.
        case open
        /// Before the club was founded, or still to come.
        case notDue
    }

    /// The first day of the first month that is not over: today's month while the period runs
    /// (its last day included), the day after the period once it is over.
    public static func openFrom(periodEnd: Day, today: Day) -> Day {
        today > periodEnd ? periodEnd.next : Day(year: today.year, month: today.month, day: 1)!
    }

    /// The months from `from` up to the day before `before` (both as months), none when `from` is not earlier.
    public static func monthCount(from: Day, before: Day) -> Int {
        guard from < before else { return 0 }
        let last = before.previous
        return (last.year - from.year) * 12 + (last.month - from.month) + 1
    }

    /// Months met and months due in a period as of a day, from what the records say: the months
    /// over (since the period's start, or the club's founding month) with a meeting, and whether
    /// the club has met in the month under way.
    public static func tally(overMonthsMet: Int, metInOpenMonth: Bool, periodStart: Day, founded: Day?, openFrom: Day)
        -> (met: Int, due: Int)
    {
        let due = monthCount(from: max(periodStart, founded ?? periodStart), before: openFrom)
        let open = metInOpenMonth ? 1 : 0
        return (overMonthsMet + open, due + open)
    }

    /// The same from the days of the club's meetings.
    public static func tally(_ meetings: [Day], periodStart: Day, periodEnd: Day, founded: Day?, today: Day) -> (met: Int, due: Int) {
        let open = openFrom(periodEnd: periodEnd, today: today)
        let asOf = min(periodEnd, today)
        var over = Set<MonthKey>()
        var inOpen = false
        for day in meetings where day >= periodStart && day <= asOf {
            if day < open { over.insert(MonthKey(day)) } else { inOpen = true }
        }
        return tally(overMonthsMet: over.count, metInOpenMonth: inOpen, periodStart: periodStart, founded: founded, openFrom: open)
    }

    /// Each month's state for a grid of months, as of `today`.
    public static func states(_ months: [MonthKey], met: Set<MonthKey>, founded: Day?, today: Day) -> [MonthKey: MonthState] {
        let now = MonthKey(today)
        let foundedMonth = founded.map(MonthKey.init)
        var out: [MonthKey: MonthState] = [:]
        for m in months {
            if met.contains(m) {
                out[m] = .met
            } else if m > now || foundedMonth.map({ m < $0 }) == true {
                out[m] = .notDue
            } else if m == now {
                out[m] = .open
            } else {
                out[m] = .missed
            }
        }
        return out
    }

    /// The whole months that are over with no meeting since the club last met (or since it was
    /// founded): the month under way is not counted, nor is the month of the last meeting.
    public static func monthsMissedInARow(lastMeeting: Day?, founded: Day?, today: Day) -> Int {
        let now = MonthKey(today)
        let start: MonthKey
        if let last = lastMeeting { start = MonthKey(last).next } else if let founded { start = MonthKey(founded) } else { return Int.max }
        guard start < now else { return 0 }
        return (now.year - start.year) * 12 + (now.month - start.month)
    }
}

/// A monthly meeting as the form, the sync API or an import sends it: text, before checking.
public struct MeetingDraft: Sendable, Equatable {
    public var heldOn: String
    public var attended: [String]
    public var areas: [String]
    public var topics: [String]
    public var otherTopic: String
    public var notes: String

    public init(
        heldOn: String = "", attended: [String] = [], areas: [String] = [], topics: [String] = [], otherTopic: String = "",
        notes: String = ""
    ) {
        self.heldOn = heldOn
        self.attended = attended
        self.areas = areas
        self.topics = topics
        self.otherTopic = otherTopic
        self.notes = notes
    }
}

public enum MeetingField: String, Sendable, CaseIterable {
    case heldOn = "held_on"
    case attendance, areas
    case otherTopic = "other_topic"
    case notes
}

public enum MeetingProblem: Sendable, Equatable {
    case day(DayProblem)
    /// The club has another meeting on that day.
    case sameDay(Day)
    /// No one of the club's members ticked.
    case nobody
    /// None of the eight areas chosen.
    case noArea
    case tooLong(MeetingField, max: Int)

    public var field: MeetingField {
        switch self {
        case .day, .sameDay: return .heldOn
        case .nobody: return .attendance
        case .noArea: return .areas
        case .tooLong(let field, _): return field
        }
    }
}

/// A checked meeting, ready to store.
public struct MeetingValues: Sendable, Equatable {
    public var day: Day
    /// Member ids, of those who could attend.
    public var attended: Set<String>
    public var areas: Set<Int>
    /// Known topics, in `MeetingTopics.all` order.
    public var topics: [String]
    public var otherTopic: String?
    public var notes: String?
}

extension MeetingRules {
    public static let maxOtherTopic = 200
    public static let maxNotes = 4000

    /// Checks a draft: a day read in the Vietnamese forms, not in the future, not before the club
    /// was founded, and not the day of another of its meetings (`otherDays`); at least one of
    /// `members` ticked; at least one of the areas `areaCodes`; known topics kept, others dropped;
    /// the other topic at most 200 characters and the notes at most 4,000.
    public static func check(
        _ d: MeetingDraft, today: Day, founded: Day?, otherDays: Set<Day>, members: Set<String>, areaCodes: Set<Int>
    ) -> (values: MeetingValues?, problems: [MeetingProblem]) {
        var problems: [MeetingProblem] = []
        let day = Day(vietnamese: d.heldOn)
        if let p = DayProblem.of(day, today: today, earliest: founded) {
            problems.append(.day(p))
        } else if let day, otherDays.contains(day) {
            problems.append(.sameDay(day))
        }
        let attended = Set(d.attended).intersection(members)
        if attended.isEmpty { problems.append(.nobody) }
        let areas = Set(d.areas.compactMap { Int($0) }).intersection(areaCodes)
        if areas.isEmpty { problems.append(.noArea) }
        let topics = MeetingTopics.all.filter { d.topics.contains($0) }
        let other = VietnameseText.normalize(d.otherTopic)
        let notes = d.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        if VietnameseText.tooLong(other, maxOtherTopic) { problems.append(.tooLong(.otherTopic, max: maxOtherTopic)) }
        if VietnameseText.tooLong(notes, maxNotes) { problems.append(.tooLong(.notes, max: maxNotes)) }
        guard problems.isEmpty, let day else { return (nil, problems) }
        return (
            MeetingValues(
                day: day, attended: attended, areas: areas, topics: topics, otherTopic: other.isEmpty ? nil : other,
                notes: notes.isEmpty ? nil : notes), []
        )
    }
}
