import Foundation

/// How a list's cells are read: gender, marks, years, days, births, village names.
extension MemberSheet {
    public static func parseGender(_ text: String) -> Gender? {
        switch VietnameseText.fold(text).trimmingCharacters(in: CharacterSet(charactersIn: ". ")) {
        case "nu", "f", "female", "nu gioi", "ba": return .female
        case "nam", "m", "male", "nam gioi", "ong": return .male
        case "khac", "other": return .other
        default: return nil
        }
    }

    /// The line of column numbers official forms put under the header: `(1) (2) (3)` or `1 2 3`.
    static func isColumnNumbering(_ cells: [String]) -> Bool {
        let filled = cells.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let numbers = filled.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "()"))) }
        return filled.count >= 3 && numbers.count == filled.count && numbers == Array(numbers[0]..<(numbers[0] + numbers.count))
    }

    static func isMark(_ text: String) -> Bool { parseFlag(text) == true && Int(text) == nil }

    /// x, có, 1, ✓ are yes; blank, không, 0 are no; anything else is not understood.
    public static func parseFlag(_ text: String) -> Bool? {
        switch VietnameseText.fold(text) {
        case "x", "co", "1", "yes", "y", "v", "\u{2713}", "\u{2714}", "true", "c": return true
        case "", "khong", "0", "no", "n", "false", "k", "-": return false
        default: return nil
        }
    }

    /// A year written alone (`1956`, or `1956.0` from a number cell).
    static func parseYear(_ text: String) -> Int? {
        var t = text
        if t.hasSuffix(".0") { t.removeLast(2) }
        guard t.count == 4, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(t)
    }

    /// A day written `dd/mm/yyyy`, `d/m/yy`, `dd-mm-yyyy`, `dd.mm.yyyy`, ISO `yyyy-mm-dd`, or the day
    /// number Excel stores for a date cell. A two-digit year is the most recent one that fits: for a
    /// birth, at least 15 years ago.
    public static func parseDay(_ text: String, today: Day, birth: Bool) -> Day? {
        var t = text.trimmingCharacters(in: .whitespaces)
        // Excel's day number (1 = 1/1/1900, with its famous phantom 29/2/1900).
        if let serial = Double(t), t.allSatisfy({ $0.isNumber || $0 == "." }), serial >= 3_000, serial < 80_000 {
            let days = Int(serial.rounded(.down))
            let date = Date(timeIntervalSince1970: TimeInterval((days - 25_569) * 86_400))
            return Day(date, timeZone: TimeZone(secondsFromGMT: 0)!)
        }
        if let space = t.firstIndex(of: " ") { t = String(t[..<space]) }  // "12/03/1956 00:00:00"
        let parts = t.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        // ASCII digits, at most four: `Int` of anything else is nil or does not fit.
        guard parts.count == 3, parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        if parts[0].count == 4 { return Day(year: Int(parts[0])!, month: Int(parts[1])!, day: Int(parts[2])!) }
        guard let d = Int(parts[0]), let m = Int(parts[1]), var y = Int(parts[2]) else { return nil }
        if parts[2].count == 2 {
            let recent = 2000 + y
            y = recent <= today.year - (birth ? 15 : 0) ? recent : 1900 + y
        } else if parts[2].count != 4 {
            return nil
        }
        return Day(year: y, month: m, day: d)
    }

    /// A birth as a year, a day, or a month and year (`3/1956`, kept as the year).
    public static func parseBirth(_ text: String, today: Day) -> BirthInput? {
        if let y = parseYear(text) { return (1900...today.year).contains(y) ? .year(y) : nil }
        if let d = parseDay(text, today: today, birth: true) { return d.year >= 1900 && d <= today ? .date(d) : nil }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        if parts.count == 2, let m = Int(parts[0]), (1...12).contains(m), parts[1].count == 4, let y = Int(parts[1]), (1900...today.year).contains(y)
        {
            return .year(y)
        }
        return nil
    }

    /// A village name without its kind: `Thôn 3`, `thon 3` and `3` are one village.
    public static func villageKey(_ name: String) -> String {
        var key = VietnameseText.fold(name)
        for prefix in ["thon ", "xom ", "ban ", "to dan pho ", "to ", "khoi ", "ap ", "lang "] where key.hasPrefix(prefix) {
            key = String(key.dropFirst(prefix.count))
            break
        }
        return key
    }
}

public enum MemberRules {
    /// A phone number as people write it: 9 to 15 digits (E.164 allows 15), with spaces, dots or
    /// dashes between them and perhaps a leading `+`; ASCII digits only.
    public static func isPhone(_ text: String) -> Bool {
        let digits = text.filter { $0.isASCII && $0.isNumber }.count
        guard (9...15).contains(digits), let first = text.first, first == "+" || (first.isASCII && first.isNumber) else { return false }
        return text.dropFirst().allSatisfy { ($0.isASCII && $0.isNumber) || " .-".contains($0) }
    }
}
