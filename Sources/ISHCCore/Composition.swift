/// Ages, and a club's composition against the standard (Nghệ An plan II.2.a; HelpAge for volunteers).
public enum Gender: String, CaseIterable, Codable, Sendable {
    case female, male, other
}

/// What the composition rules need to know of one member.
public struct MemberFacts: Sendable, Equatable {
    public var gender: Gender
    public var birthYear: Int?
    public var birthDate: Day?
    public var joinedOn: Day?
    public var leftOn: Day?
    public var homeCareVolunteer: Bool

    public init(
        gender: Gender, birthYear: Int?, birthDate: Day? = nil, joinedOn: Day? = nil, leftOn: Day? = nil,
        homeCareVolunteer: Bool = false
    ) {
        self.gender = gender
        self.birthYear = birthYear ?? birthDate?.year
        self.birthDate = birthDate
        self.joinedOn = joinedOn
        self.leftOn = leftOn
        self.homeCareVolunteer = homeCareVolunteer
    }

    /// A member counts on `day` from the day they joined until the day before they left.
    public func isActive(on day: Day) -> Bool {
        if let joined = joinedOn, joined > day { return false }
        if let left = leftOn, left <= day { return false }
        return true
    }
}

public enum Age {
    /// Whole years on `day`. With a full date of birth, the birthday must have passed; with only a
    /// year (older records often have nothing else), the age is counted by year, as such records are.
    public static func years(birthYear: Int?, birthDate: Day?, on day: Day) -> Int? {
        if let b = birthDate {
            var age = day.year - b.year
            if (day.month, day.day) < (b.month, b.day) { age -= 1 }
            return max(0, age)
        }
        guard let year = birthYear else { return nil }
        return max(0, day.year - year)
    }

    /// Older person: aged `threshold` or more (60 by the Law on the Elderly; a setting, as some clubs use 55).
    public static func isOlder(birthYear: Int?, birthDate: Day?, on day: Day, threshold: Int = 60) -> Bool? {
        years(birthYear: birthYear, birthDate: birthDate, on: day).map { $0 >= threshold }
    }
}

/// The composition standard. Shares are whole percentages.
public struct CompositionStandard: Sendable, Equatable {
    public var members: ClosedRange<Int> = 50...70
    public var womenPercent: ClosedRange<Int> = 60...70
    public var olderPercent: ClosedRange<Int> = 60...70
    public var youngerPercent: ClosedRange<Int> = 30...40
    public var minVolunteers = 5
    public var olderAge = 60

    public init() {}
    public static let standard = CompositionStandard()
}

/// The counts behind the composition checks: active members, women, members with a known age,
/// of them aged `olderAge` or more, and home-care volunteers.
public struct CompositionCounts: Sendable, Equatable {
    public var members, women, knownAge, older, volunteers: Int
    public init(members: Int, women: Int, knownAge: Int, older: Int, volunteers: Int) {
        self.members = members
        self.women = women
        self.knownAge = knownAge
        self.older = older
        self.volunteers = volunteers
    }
}

/// One line of the composition check: the measured value, the range, and how far off it is.
public struct CompositionCheck: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case members, women, older, younger, volunteers }
    public enum Verdict: Equatable, Sendable {
        case ok
        /// `count` more people of this kind are needed (women, older, younger, volunteers, members).
        case needMore(Int)
        /// `count` more people *not* of this kind would bring the share into range; for the member
        /// count, the club has `count` members over the range.
        case tooMany(Int)
        /// Nothing to measure yet (no members, or no birth years recorded).
        case unknown
    }

    public let kind: Kind
    /// Count of this kind, and the base it is a share of (active members, or those with a known age).
    public let count: Int
    public let base: Int
    public let verdict: Verdict

    /// The share in whole percent, rounded down, when it is a share.
    public var percent: Int? { base > 0 && kind != .members && kind != .volunteers ? count * 100 / base : nil }
}

public enum Composition {
    /// Checks the members active on `day` against `standard`.
    public static func evaluate(_ members: [MemberFacts], on day: Day, standard: CompositionStandard = .standard) -> [CompositionCheck] {
        evaluate(counts(members, on: day, olderAge: standard.olderAge), standard: standard)
    }

    /// What the checks count, for the members active on `day`.
    public static func counts(_ members: [MemberFacts], on day: Day, olderAge: Int = 60) -> CompositionCounts {
        let active = members.filter { $0.isActive(on: day) }
        let ages = active.compactMap { Age.years(birthYear: $0.birthYear, birthDate: $0.birthDate, on: day) }
        return CompositionCounts(
            members: active.count, women: active.filter { $0.gender == .female }.count,
            knownAge: ages.count, older: ages.filter { $0 >= olderAge }.count,
            volunteers: active.filter(\.homeCareVolunteer).count)
    }

    /// The checks from counts (the database counts many clubs at once).
    public static func evaluate(_ c: CompositionCounts, standard: CompositionStandard = .standard) -> [CompositionCheck] {
        let n = c.members
        var memberVerdict: CompositionCheck.Verdict = .ok
        if n < standard.members.lowerBound { memberVerdict = .needMore(standard.members.lowerBound - n) }
        if n > standard.members.upperBound { memberVerdict = .tooMany(n - standard.members.upperBound) }
        let younger = c.knownAge - c.older
        return [
            CompositionCheck(kind: .members, count: n, base: n, verdict: memberVerdict),
            CompositionCheck(kind: .women, count: c.women, base: n, verdict: share(c.women, of: n, in: standard.womenPercent)),
            CompositionCheck(kind: .older, count: c.older, base: c.knownAge, verdict: share(c.older, of: c.knownAge, in: standard.olderPercent)),
            CompositionCheck(kind: .younger, count: younger, base: c.knownAge, verdict: share(younger, of: c.knownAge, in: standard.youngerPercent)),
            CompositionCheck(
                kind: .volunteers, count: c.volunteers, base: n,
                verdict: c.volunteers >= standard.minVolunteers ? .ok : .needMore(standard.minVolunteers - c.volunteers)),
        ]
    }

    /// Every check is met (an unknown one is not).
    public static func isMet(_ checks: [CompositionCheck]) -> Bool { !checks.isEmpty && checks.allSatisfy { $0.verdict == .ok } }

    /// Whether `count` of `base` lies in `range` percent, and if not, the fewest people to add to
    /// bring it in: people of the kind when the share is low, people not of the kind when it is high.
    static func share(_ count: Int, of base: Int, in range: ClosedRange<Int>) -> CompositionCheck.Verdict {
        guard base > 0 else { return .unknown }
        let low = range.lowerBound
        let high = range.upperBound
        if count * 100 < low * base {
            // (count + x) / (base + x) >= low%  ⇔  x >= (low·base − 100·count) / (100 − low)
            return .needMore(ceilDiv(low * base - 100 * count, 100 - low))
        }
        if count * 100 > high * base {
            // count / (base + y) <= high%  ⇔  y >= (100·count − high·base) / high
            return .tooMany(ceilDiv(100 * count - high * base, high))
        }
        return .ok
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
}

/// Likely duplicates: the same normalised name and birth year in the same commune. They are flagged
/// for a person to look at, never merged.
public enum DuplicateCheck {
    public static func key(name: String, birthYear: Int?, commune: String) -> String {
        "\(commune)|\(VietnameseText.fold(name))|\(birthYear.map(String.init) ?? "?")"
    }

    /// Groups of indices into `people` that share a key; each group has two or more.
    public static func groups(_ people: [(name: String, birthYear: Int?, commune: String)]) -> [[Int]] {
        var byKey: [String: [Int]] = [:]
        for (i, p) in people.enumerated() {
            byKey[key(name: p.name, birthYear: p.birthYear, commune: p.commune), default: []].append(i)
        }
        return byKey.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
