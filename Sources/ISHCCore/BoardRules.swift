/// A club's board: chair, vice-chair, secretary and treasurer, each a member, with who held which
/// role when. A term runs from its first day up to (not including) the day it ended.
public enum BoardRole: String, CaseIterable, Codable, Sendable {
    case chair = "club_chair"
    case viceChair = "club_vice_chair"
    case secretary = "club_secretary"
    case treasurer = "club_treasurer"
}

public struct BoardTermFacts: Equatable, Sendable {
    public var role: BoardRole
    public var memberID: String
    public var from: Day
    public var to: Day?
    public init(role: BoardRole, memberID: String, from: Day, to: Day?) {
        self.role = role
        self.memberID = memberID
        self.from = from
        self.to = to
    }

    public func holds(on day: Day) -> Bool { from <= day && (to.map { day < $0 } ?? true) }
}

public enum Board {
    /// Who held each role on `day`.
    public static func holders(on day: Day, terms: [BoardTermFacts]) -> [BoardRole: String] {
        var result: [BoardRole: String] = [:]
        for term in terms.sorted(by: { $0.from < $1.from }) where term.holds(on: day) { result[term.role] = term.memberID }
        return result
    }

    public enum Problem: Equatable, Sendable {
        case inFuture
        case beforeJoined(Day)
        case memberLeft
        /// The role's (or the member's) current term began on or after this day.
        case beforeCurrentTerm(Day)
        case alreadyHolds
    }

    /// Whether `memberID` may take `role` from `day`. Taking it ends the current holder's term on
    /// that day, and any other role the member held.
    public static func check(
        _ role: BoardRole, memberID: String, from day: Day, terms: [BoardTermFacts],
        joined: Day?, left: Day?, today: Day
    ) -> Problem? {
        if day > today { return .inFuture }
        if left != nil { return .memberLeft }
        if let joined, day < joined { return .beforeJoined(joined) }
        let open = terms.filter { $0.to == nil && ($0.role == role || $0.memberID == memberID) }
        if open.contains(where: { $0.role == role && $0.memberID == memberID }) { return .alreadyHolds }
        if let latest = open.map(\.from).max(), day <= latest { return .beforeCurrentTerm(latest) }
        return nil
    }

    /// The open terms that end when `memberID` takes `role`.
    public static func ending(_ role: BoardRole, memberID: String, terms: [BoardTermFacts]) -> [Int] {
        terms.indices.filter { terms[$0].to == nil && (terms[$0].role == role || terms[$0].memberID == memberID) }
    }
}
