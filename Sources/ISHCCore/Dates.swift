import Foundation

/// A calendar day without a time zone, stored as `yyyy-mm-dd` and shown as `dd/mm/yyyy`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1800...2200).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2025-07-01`
    public init?(iso: String) {
        let parts = iso.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2] else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `01/07/2025`, `1/7/2025`, `01-07-2025` or `01.07.2025`, day first as Vietnamese write it.
    public init?(vietnamese text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces)
            .split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
            .map { Int($0) }
        guard parts.count == 3, let d = parts[0], let m = parts[1], let y = parts[2] else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init(_ date: Date, timeZone: TimeZone = Day.vietnam) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day], from: date)
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// 2026-11-24. Written digit by digit: days are written millions of times (generation, kept
    /// facts), and Foundation's formatter goes through `vfprintf`.
    public var iso: String { Day.digits(year, 4) + "-" + Day.digits(month, 2) + "-" + Day.digits(day, 2) }
    /// 24/11/2026.
    public var vietnamese: String { Day.digits(day, 2) + "/" + Day.digits(month, 2) + "/" + Day.digits(year, 4) }

    /// `n` with leading zeros to `width` digits (more digits if it has them; a sign before them).
    static func digits(_ n: Int, _ width: Int) -> String {
        let s = String(n.magnitude)
        let padded = s.count < width ? String(repeating: "0", count: width - s.count) + s : s
        return n < 0 ? "-" + padded : padded
    }
    public var description: String { iso }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The day before this one.
    public var previous: Day {
        if day > 1 { return Day(year: year, month: month, day: day - 1)! }
        if month > 1 { return Day(year: year, month: month - 1, day: Day.daysIn(month: month - 1, year: year))! }
        return Day(year: year - 1, month: 12, day: 31)!
    }

    /// The day after this one.
    public var next: Day {
        if day < Day.daysIn(month: month, year: year) { return Day(year: year, month: month, day: day + 1)! }
        if month < 12 { return Day(year: year, month: month + 1, day: 1)! }
        return Day(year: year + 1, month: 1, day: 1)!
    }

    /// The day `days` days later (or earlier, when negative).
    public func adding(days: Int) -> Day {
        var d = self
        if days >= 0 { for _ in 0..<days { d = d.next } } else { for _ in 0..<(-days) { d = d.previous } }
        return d
    }

    /// Whole days from this day to `other` (negative when `other` is earlier).
    public func days(to other: Day) -> Int {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let a = utc.date(from: DateComponents(year: year, month: month, day: day))!
        let b = utc.date(from: DateComponents(year: other.year, month: other.month, day: other.day))!
        return Int((b.timeIntervalSince(a) / 86_400).rounded())
    }

    /// The day the 2025 administrative structure took effect (34 provinces, no districts).
    public static let reform2025 = Day(year: 2025, month: 7, day: 1)!
}

/// Time comes from a clock that tests can set.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// What is wrong with the day something happened on a club's books.
public enum DayProblem: Sendable, Equatable {
    /// Missing or not a date.
    case unreadable
    case future
    /// Before the first day allowed: the club's founding, the day a loan was lent.
    case beforeEarliest(Day)

    /// The day's problem, if any: it must be read, not after today, not before `earliest`.
    public static func of(_ day: Day?, today: Day, earliest: Day?) -> DayProblem? {
        guard let day else { return .unreadable }
        if day > today { return .future }
        if let earliest, day < earliest { return .beforeEarliest(earliest) }
        return nil
    }
}
