import Foundation

/// One member's reading at a health check (area 2): blood pressure in mmHg and weight in tenths
/// of a kilogram (so `52,5` kg is stored exactly as 525).
public struct HealthReading: Sendable, Equatable {
    public var systolic: Int?
    public var diastolic: Int?
    public var weightTenths: Int?
    public init(systolic: Int?, diastolic: Int?, weightTenths: Int?) {
        self.systolic = systolic
        self.diastolic = diastolic
        self.weightTenths = weightTenths
    }

    public var isEmpty: Bool { systolic == nil && diastolic == nil && weightTenths == nil }

    /// `52,5 kg`
    public static func formatWeight(_ tenths: Int) -> String {
        tenths % 10 == 0 ? "\(tenths / 10) kg" : "\(tenths / 10),\(tenths % 10) kg"
    }

    /// High blood pressure as the commune health station flags it: 140/90 or more.
    public var isHigh: Bool {
        (systolic ?? 0) >= 140 || (diastolic ?? 0) >= 90
    }
}

public enum HealthRules {
    public static let systolicRange = 60...260
    public static let diastolicRange = 30...160
    public static let weightRange = 200...2000  // 20-200 kg, in tenths

    /// Reads what a health worker typed: `135`, `85`, `52,5` or `52.5`. Blank fields stay blank;
    /// a row with nothing in it is no reading at all. Problems are translation keys per field.
    public static func read(systolic: String, diastolic: String, weight: String)
        -> (reading: HealthReading, problems: [(field: String, key: String)])
    {
        var problems: [(String, String)] = []
        func int(_ raw: String, _ field: String, _ range: ClosedRange<Int>) -> Int? {
            let t = raw.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty else { return nil }
            guard let n = Int(t), range.contains(n) else {
                problems.append((field, "health.error.\(field)"))
                return nil
            }
            return n
        }
        let s = int(systolic, "systolic", systolicRange)
        let d = int(diastolic, "diastolic", diastolicRange)
        var w: Int?
        let wt = weight.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            .replacingOccurrences(of: "kg", with: "").trimmingCharacters(in: .whitespaces)
        if !wt.isEmpty {
            let parts = wt.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count <= 2, let whole = Int(parts[0]), parts.count == 1 || (parts[1].count == 1 && Int(parts[1]) != nil) {
                // A number too large to count is out of range, never computed.
                let (wholeTenths, overflow) = whole.multipliedReportingOverflow(by: 10)
                let tenths = overflow ? nil : wholeTenths + (parts.count == 2 ? Int(parts[1])! : 0)
                if let tenths, weightRange.contains(tenths) { w = tenths } else { problems.append(("weight", "health.error.weight")) }
            } else {
                problems.append(("weight", "health.error.weight"))
            }
        }
        if (s == nil) != (d == nil) && !problems.contains(where: { $0.0 == "systolic" || $0.0 == "diastolic" }) {
            problems.append(("systolic", "health.error.pair"))
        }
        if let s, let d, s <= d { problems.append(("systolic", "health.error.order")) }
        return (HealthReading(systolic: s, diastolic: d, weightTenths: w), problems)
    }
}

/// Home care (area 3): what a volunteer did on a visit and for how long.
public enum HomeCareRules {
    /// Tasks on a visit (keys `care.task.<value>`).
    public static let tasks = ["personal_care", "housework", "health_watch", "company", "errands", "medicine"]
    public static let maxMinutes = 12 * 60

    /// Minutes from `45`, `1 giờ`, `1,5 giờ`, `1 giờ 30`, `90 phút`.
    public static func minutes(_ raw: String) -> Int? {
        let t = VietnameseText.fold(raw).replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "phut", with: "p")
        let numbers = t.split(whereSeparator: { !($0.isNumber || $0 == ".") }).compactMap { Double($0) }
        guard !numbers.isEmpty, numbers.count <= 2 else { return nil }
        let hours = t.contains("gio") || t.contains("h")
        var total: Double
        if hours {
            total = numbers[0] * 60 + (numbers.count == 2 ? numbers[1] : 0)
        } else {
            guard numbers.count == 1 else { return nil }
            total = numbers[0]
        }
        guard total >= 1, total <= Double(maxMinutes), total == total.rounded() else { return nil }
        return Int(total)
    }

    /// `1 giờ 30 phút`
    public static func describe(minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        if h == 0 { return "\(m) phút" }
        return m == 0 ? "\(h) giờ" : "\(h) giờ \(m) phút"
    }
}

/// A health-check day as the form, the sync API or an import sends it: the day, the place, and
/// each member's row as typed.
public struct HealthDayDraft: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var member: String
        public var systolic: String, diastolic: String, weight: String
        public init(member: String, systolic: String, diastolic: String, weight: String) {
            self.member = member
            self.systolic = systolic
            self.diastolic = diastolic
            self.weight = weight
        }
    }

    public var checkedOn: String
    public var place: String
    /// In the order the form lists the members.
    public var rows: [Row]
    public init(checkedOn: String = "", place: String = "", rows: [Row] = []) {
        self.checkedOn = checkedOn
        self.place = place
        self.rows = rows
    }
}

public enum HealthDayProblem: Sendable, Equatable {
    case day(DayProblem)
    case placeTooLong(max: Int)
    /// A reading out of range or unreadable: the member, the field (`systolic`, `diastolic`,
    /// `weight`) and the translation key `HealthRules.read` gives.
    case reading(member: String, field: String, key: String)
    /// The member's check for that day is recorded already.
    case already(member: String)
    /// No row has anything in it.
    case nothing
}

extension HealthRules {
    public static let maxPlace = 200

    /// Checks a day of checks: the day (not in the future, not before `founded`), the place, each
    /// row (its first problem only), that no one is checked twice on a day (`recorded`: members
    /// whose check for the day is kept already), and that something was typed.
    public static func checkDay(_ d: HealthDayDraft, today: Day, founded: Day?, recorded: Set<String>) -> (
        day: Day?, place: String?, readings: [(member: String, reading: HealthReading)], problems: [HealthDayProblem]
    ) {
        var problems: [HealthDayProblem] = []
        let day = Day(vietnamese: d.checkedOn)
        if let p = DayProblem.of(day, today: today, earliest: founded) { problems.append(.day(p)) }
        let place = VietnameseText.normalize(d.place)
        if VietnameseText.tooLong(place, maxPlace) { problems.append(.placeTooLong(max: maxPlace)) }
        var readings: [(member: String, reading: HealthReading)] = []
        for row in d.rows {
            let (reading, rowProblems) = read(systolic: row.systolic, diastolic: row.diastolic, weight: row.weight)
            if let p = rowProblems.first {
                problems.append(.reading(member: row.member, field: p.field, key: p.key))
            } else if !reading.isEmpty {
                if recorded.contains(row.member) { problems.append(.already(member: row.member)) }
                readings.append((row.member, reading))
            }
        }
        if problems.isEmpty && readings.isEmpty { problems.append(.nothing) }
        return (problems.isEmpty ? day : nil, place.isEmpty ? nil : place, readings, problems)
    }
}

/// A home-care visit as the form, the sync API or an import sends it.
public struct CareVisitDraft: Sendable, Equatable {
    public var visitedOn: String, volunteer: String, tasks: [String], minutes: String, notes: String
    public init(visitedOn: String = "", volunteer: String = "", tasks: [String] = [], minutes: String = "", notes: String = "") {
        self.visitedOn = visitedOn
        self.volunteer = volunteer
        self.tasks = tasks
        self.minutes = minutes
        self.notes = notes
    }
}

public enum CareVisitProblem: Sendable, Equatable {
    case day(DayProblem)
    /// After the person stopped being cared for (that day).
    case afterUntil(Day)
    /// Not one of the club's volunteers; `none` when the club has none.
    case volunteer(none: Bool)
    case tasks
    case minutes(maxHours: Int)
    case notesTooLong(max: Int)

    public var field: String {
        switch self {
        case .day, .afterUntil: return "visited_on"
        case .volunteer: return "volunteer"
        case .tasks: return "tasks"
        case .minutes: return "minutes"
        case .notesTooLong: return "notes"
        }
    }
}

/// A checked visit, ready to store.
public struct CareVisitValues: Sendable, Equatable {
    public var day: Day
    public var volunteer: String
    public var tasks: [String]
    public var minutes: Int
    public var notes: String?
}

extension HomeCareRules {
    public static let maxVisitNotes = 2000

    /// Checks a visit: a day not in the future and within the time the person is cared for
    /// (`since` … `until`), one of `volunteers`, at least one known task, the minutes, and notes of
    /// at most 2,000 characters.
    public static func checkVisit(_ d: CareVisitDraft, today: Day, since: Day?, until: Day?, volunteers: Set<String>) -> (
        values: CareVisitValues?, problems: [CareVisitProblem]
    ) {
        var problems: [CareVisitProblem] = []
        let day = Day(vietnamese: d.visitedOn)
        if let p = DayProblem.of(day, today: today, earliest: since) {
            problems.append(.day(p))
        } else if let until, let day, day > until {
            problems.append(.afterUntil(until))
        }
        let volunteer = volunteers.contains(d.volunteer) ? d.volunteer : nil
        if volunteer == nil { problems.append(.volunteer(none: volunteers.isEmpty)) }
        let tasks = Self.tasks.filter { d.tasks.contains($0) }
        if tasks.isEmpty { problems.append(.tasks) }
        let minutes = Self.minutes(d.minutes)
        if minutes == nil { problems.append(.minutes(maxHours: maxMinutes / 60)) }
        let notes = d.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        if VietnameseText.tooLong(notes, maxVisitNotes) { problems.append(.notesTooLong(max: maxVisitNotes)) }
        guard problems.isEmpty, let day, let volunteer, let minutes else { return (nil, problems) }
        return (CareVisitValues(day: day, volunteer: volunteer, tasks: tasks, minutes: minutes, notes: notes.isEmpty ? nil : notes), [])
    }
}
