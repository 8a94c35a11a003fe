import Foundation

/// The periodic reports that go from the communes to the province and the centre: the first six
/// months and the whole year, each with a deadline.
public enum ReportKind: String, CaseIterable, Codable, Sendable {
    case half = "6t"
    case year = "nam"
}

/// When a kind of report closes its figures and when it is due. Periods start on 1 January; the
/// figures run to the period's end or to the day the report is sent, whichever comes first.
public struct ReportSchedule: Sendable, Equatable {
    public var kind: ReportKind
    public var endMonth: Int
    public var endDay: Int
    public var dueMonth: Int
    public var dueDay: Int

    public init(kind: ReportKind, endMonth: Int, endDay: Int, dueMonth: Int, dueDay: Int) {
        self.kind = kind
        self.endMonth = endMonth
        self.endDay = endDay
        self.dueMonth = dueMonth
        self.dueDay = dueDay
    }

    /// Six months due by 5 June; the year due by 15 November (Kon Tum plan, part IV).
    public static let defaults: [ReportSchedule] = [
        ReportSchedule(kind: .half, endMonth: 6, endDay: 30, dueMonth: 6, dueDay: 5),
        ReportSchedule(kind: .year, endMonth: 12, endDay: 31, dueMonth: 11, dueDay: 15),
    ]

    public static func `default`(_ kind: ReportKind) -> ReportSchedule { defaults.first { $0.kind == kind }! }

    public func start(_ year: Int) -> Day { Day(year: year, month: 1, day: 1)! }
    public func end(_ year: Int) -> Day { Day(year: year, month: endMonth, day: min(endDay, Day.daysIn(month: endMonth, year: year)))! }
    public func due(_ year: Int) -> Day { Day(year: year, month: dueMonth, day: min(dueDay, Day.daysIn(month: dueMonth, year: year)))! }

    /// "30/6" → (6, 30); nil when it is not a day of the year (29/2 is refused: it is not in every year).
    public static func parseDayOfYear(_ text: String) -> (month: Int, day: Int)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 2, let d = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m),
            (1...Day.daysIn(month: m, year: 2001)).contains(d)
        else { return nil }
        return (m, d)
    }
}

public enum ReportStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, returned, approved

    /// Figures are frozen once sent: what the level above reads is what it approves.
    public var frozen: Bool { self == .submitted || self == .approved }
    /// The unit may still write its narrative.
    public var editable: Bool { self == .draft || self == .returned }
}

public enum ReportAction: String, CaseIterable, Sendable {
    case save, submit, approve
    case giveBack = "return"
}

/// Draft → submitted → approved, or returned with a comment → submitted again.
public enum ReportWorkflow {
    public static func next(_ status: ReportStatus, _ action: ReportAction) -> ReportStatus? {
        switch (status, action) {
        case (.draft, .save), (.returned, .save): return status
        case (.draft, .submit), (.returned, .submit): return .submitted
        case (.submitted, .approve): return .approved
        case (.submitted, .giveBack): return .returned
        default: return nil
        }
    }

    /// The units below whose reports are expected and not approved, in the order given.
    public static func missing(expected: [String], approved: Set<String>) -> [String] {
        expected.filter { !approved.contains($0) }
    }
}

/// Sent on time, late, not yet sent (before or after the deadline).
public enum Timeliness: Equatable, Sendable {
    case onTime(Day)
    case late(Day, days: Int)
    case pending
    case overdue(days: Int)

    public static func of(sentOn: Day?, due: Day, today: Day) -> Timeliness {
        if let sent = sentOn {
            return sent <= due ? .onTime(sent) : .late(sent, days: due.days(to: sent))
        }
        return today <= due ? .pending : .overdue(days: due.days(to: today))
    }

    public var code: String {
        switch self {
        case .onTime: return "on_time"
        case .late: return "late"
        case .pending: return "pending"
        case .overdue: return "overdue"
        }
    }
}

/// What a report says, kept as it was when the report was sent: every indicator of the unit,
/// the same for each unit below, and progress against the plan's targets.
public struct ReportSnapshot: Codable, Equatable, Sendable {
    public struct Figure: Codable, Equatable, Sendable {
        public var n: Int64
        public var d: Int64?
        public init(n: Int64, d: Int64? = nil) {
            self.n = n
            self.d = d
        }
        public init(_ v: IndicatorValue) {
            n = v.numerator
            d = v.denominator
        }
        public var value: IndicatorValue { IndicatorValue(n, of: d) }
        public static func + (a: Figure, b: Figure) -> Figure {
            Figure(n: a.n + b.n, d: (a.d == nil && b.d == nil) ? nil : (a.d ?? 0) + (b.d ?? 0))
        }
    }

    public struct Row: Codable, Equatable, Sendable {
        public var unitID: String
        public var name: String
        public var figures: [String: Figure]
        public init(unitID: String, name: String, figures: [String: Figure]) {
            self.unitID = unitID
            self.name = name
            self.figures = figures
        }
    }

    public struct TargetRow: Codable, Equatable, Sendable {
        public var plan: String
        public var planUnit: String
        public var phase: String
        public var indicator: String
        public var target: Int64
        /// Set for this unit (its own plan or a breakdown to it), not only for a unit above.
        public var own: Bool
        public var figure: Figure
        public init(plan: String, planUnit: String, phase: String, indicator: String, target: Int64, own: Bool, figure: Figure) {
            self.plan = plan
            self.planUnit = planUnit
            self.phase = phase
            self.indicator = indicator
            self.target = target
            self.own = own
            self.figure = figure
        }
    }

    public var start: String
    public var asOf: String
    public var figures: [String: Figure]
    public var rows: [Row]
    public var targets: [TargetRow]

    public init(start: String, asOf: String, figures: [String: Figure], rows: [Row], targets: [TargetRow]) {
        self.start = start
        self.asOf = asOf
        self.figures = figures
        self.rows = rows
        self.targets = targets
    }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func decode(_ text: String?) -> ReportSnapshot? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(ReportSnapshot.self, from: Data(text.utf8))
    }

    /// The rows restated to other units: each row goes to the unit `successor` names for it
    /// (today's unit its land went into) and the rows of one unit are added up, counts and both
    /// parts of every share. Rows without a successor are kept apart under their own name.
    public static func restate(_ rows: [Row], successor: (String) -> (id: String, name: String)?) -> [Row] {
        var order: [String] = []
        var merged: [String: Row] = [:]
        for row in rows {
            let target = successor(row.unitID) ?? (row.unitID, row.name)
            if var existing = merged[target.id] {
                for (code, f) in row.figures { existing.figures[code] = existing.figures[code].map { $0 + f } ?? f }
                merged[target.id] = existing
            } else {
                order.append(target.id)
                merged[target.id] = Row(unitID: target.id, name: target.name, figures: row.figures)
            }
        }
        return order.map { merged[$0]! }
    }
}

/// The place-and-date line of an administrative document: "Quế Phong, ngày 04 tháng 6 năm 2026".
/// Days below 10 and the months January and February take a leading zero (Decree 30/2020/NĐ-CP).
public enum AdministrativeDate {
    public static func line(place: String, _ day: Day) -> String {
        let d = day.day < 10 ? String(format: "%02d", day.day) : String(day.day)
        let m = day.month < 3 ? String(format: "%02d", day.month) : String(day.month)
        return "\(place), ngày \(d) tháng \(m) năm \(day.year)"
    }
}
