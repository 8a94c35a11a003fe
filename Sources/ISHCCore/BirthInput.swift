import Foundation

/// A birth as people write it: a year alone (`1956`) or a date (`12/03/1956`).
public enum BirthInput: Equatable, Sendable {
    case year(Int)
    case date(Day)

    public var year: Int {
        switch self {
        case .year(let y): return y
        case .date(let d): return d.year
        }
    }

    public var date: Day? {
        if case .date(let d) = self { return d }
        return nil
    }

    /// nil when the text is neither a plausible year nor a date not after `today`.
    public static func parse(_ text: String, today: Day) -> BirthInput? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 4, let y = Int(t) {
            return (1900...today.year).contains(y) ? .year(y) : nil
        }
        guard let d = Day(vietnamese: t), d.year >= 1900, d <= today else { return nil }
        return .date(d)
    }

    /// How it is shown: `1956` or `12/03/1956`.
    public var display: String {
        switch self {
        case .year(let y): return String(y)
        case .date(let d): return d.vietnamese
        }
    }
}
