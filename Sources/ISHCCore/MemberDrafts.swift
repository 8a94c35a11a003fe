import Foundation

/// A member as the form, the sync API or an import sends them: text, before checking.
public struct MemberDraft: Sendable, Equatable {
    public var fullName = "", gender = "", birth = "", village = "", phone = "", joinedOn = "", ethnicity = ""
    /// The keys of the flags ticked (`volunteer`, `poor`, …).
    public var flags: Set<String> = []
    /// The person agreed to their data being kept (asked when they are added).
    public var consent = false
    public init() {}
}

public enum MemberField: String, Sendable, CaseIterable {
    case fullName = "full_name"
    case gender, birth, village, phone
    case joinedOn = "joined_on"
    case consent
    case leftOn = "left_on"
    case reason
}

public enum MemberProblem: Sendable, Equatable {
    case nameRequired
    case nameTooLong(max: Int)
    case nameControl
    case gender
    /// Not a year from 1900 to `latest`, nor a date not after today.
    case birth(latest: Int)
    /// A village outside the club's commune.
    case village
    case phone
    case joinedOn
    case consent
    case alreadyLeft
    case leftOn
    case leftBeforeJoined(Day)
    case reasonRequired

    public var field: MemberField {
        switch self {
        case .nameRequired, .nameTooLong, .nameControl: return .fullName
        case .gender: return .gender
        case .birth: return .birth
        case .village: return .village
        case .phone: return .phone
        case .joinedOn: return .joinedOn
        case .consent: return .consent
        case .alreadyLeft, .leftOn, .leftBeforeJoined: return .leftOn
        case .reasonRequired: return .reason
        }
    }
}

/// A checked member, ready to store.
public struct MemberValues: Sendable, Equatable {
    public var fullName: String
    public var gender: Gender
    public var birth: BirthInput
    public var village: String?
    public var phone: String?
    public var joinedOn: Day
    public var ethnicity: String?
    public var flags: Set<String>
}

extension MemberRules {
    public static let maxName = 100

    /// Checks a draft: a name of at most 100 characters without control characters, a gender, a
    /// birth year or date, a village of the club's commune (`villages`) if any, a phone as people
    /// write it if any, a joining day not after today (today when empty), and for a new member
    /// their consent.
    public static func check(_ d: MemberDraft, today: Day, villages: Set<String>, isNew: Bool) -> (
        values: MemberValues?, problems: [MemberProblem]
    ) {
        var problems: [MemberProblem] = []
        let name = VietnameseText.normalize(d.fullName)
        if name.isEmpty {
            problems.append(.nameRequired)
        } else if VietnameseText.tooLong(name, maxName) {
            problems.append(.nameTooLong(max: maxName))
        } else if VietnameseText.hasControl(name) {
            problems.append(.nameControl)
        }
        let gender = Gender(rawValue: d.gender)
        if gender == nil { problems.append(.gender) }
        let birth = BirthInput.parse(d.birth, today: today)
        if birth == nil { problems.append(.birth(latest: today.year)) }
        // The village's id in one spelling; anything else is no village.
        let village = UUID(uuidString: d.village)?.uuidString
        if let village, !villages.contains(village) { problems.append(.village) }
        let phone = VietnameseText.normalize(d.phone)
        if !phone.isEmpty && !isPhone(phone) { problems.append(.phone) }
        let joinedText = VietnameseText.normalize(d.joinedOn)
        let joined = joinedText.isEmpty ? today : Day(vietnamese: joinedText)
        if joined == nil || joined! > today { problems.append(.joinedOn) }
        if isNew && !d.consent { problems.append(.consent) }
        guard problems.isEmpty, let gender, let birth, let joined else { return (nil, problems) }
        let ethnicity = VietnameseText.normalize(d.ethnicity)
        return (
            MemberValues(
                fullName: name, gender: gender, birth: birth, village: village,
                phone: phone.isEmpty ? nil : phone, joinedOn: joined, ethnicity: ethnicity.isEmpty ? nil : ethnicity, flags: d.flags), []
        )
    }

    /// Leaving on a day read in the Vietnamese forms, not after today and not before joining, with
    /// a reason; never twice.
    public static func checkLeave(leftOn: String, reason: String, joined: Day?, alreadyLeft: Bool, today: Day) -> (
        day: Day?, reason: String, problems: [MemberProblem]
    ) {
        var problems: [MemberProblem] = []
        let day = Day(vietnamese: leftOn)
        if alreadyLeft {
            problems.append(.alreadyLeft)
        } else if day == nil || day! > today {
            problems.append(.leftOn)
        } else if let joined, day! < joined {
            problems.append(.leftBeforeJoined(joined))
        }
        let reason = VietnameseText.normalize(reason)
        if reason.isEmpty { problems.append(.reasonRequired) }
        return (problems.isEmpty ? day : nil, reason, problems)
    }
}
