/// Club status over time. Every change has the day it took effect, so the status on any past day
/// can be answered ("active clubs on 30/6/2026").
public enum ClubStatus: String, CaseIterable, Codable, Sendable {
    case active, paused, dissolved, merged

    /// An open club takes members, meetings, money and records: active, or paused for a while.
    public var isOpen: Bool { self == .active || self == .paused }

    /// Which statuses a club may go to from this one. Dissolved and merged are final.
    public var next: [ClubStatus] {
        switch self {
        case .active: return [.paused, .dissolved, .merged]
        case .paused: return [.active, .dissolved, .merged]
        case .dissolved, .merged: return []
        }
    }
}

public struct StatusChange: Equatable, Sendable {
    public var status: ClubStatus
    public var from: Day
    public init(status: ClubStatus, from: Day) {
        self.status = status
        self.from = from
    }
}

public enum ClubHistory {
    /// The status on `day`, or nil before the club was founded.
    public static func status(on day: Day, changes: [StatusChange]) -> ClubStatus? {
        changes.sorted { $0.from < $1.from }.last { $0.from <= day }?.status
    }

    public enum ChangeProblem: Equatable, Sendable {
        case notAllowed(from: ClubStatus, to: ClubStatus)
        case beforeLastChange(Day)
        case inFuture
    }

    /// Whether a change to `status` from `day` may follow `changes`.
    public static func check(_ status: ClubStatus, from day: Day, after changes: [StatusChange], today: Day) -> ChangeProblem? {
        if day > today { return .inFuture }
        guard let last = changes.max(by: { $0.from < $1.from }) else { return nil }
        if !last.status.next.contains(status) { return .notAllowed(from: last.status, to: status) }
        if day <= last.from { return .beforeLastChange(last.from) }
        return nil
    }

    /// The founding cohort of the national programme a founding day falls in.
    public static func cohort(foundedOn day: Day) -> String? {
        switch day.year {
        case 2016...2020: return "2016-2020"
        case 2021...2025: return "2021-2025"
        case 2026...2030: return "2026-2030"
        case 2031...2035: return "2031-2035"
        default: return nil
        }
    }
}
