import Fluent
import Foundation
import ISHCCore

/// A club's identity. The club is also a unit (level `club`) so that its board's access and the
/// roll-up follow the same tree as everything else.
final class Club: Model, @unchecked Sendable {
    static let schema = "clubs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Parent(key: "commune_id") var commune: OrgUnit
    @OptionalParent(key: "village_id") var village: OrgUnit?
    @OptionalField(key: "founded_on") var foundedOn: String?
    @OptionalField(key: "decision_number") var decisionNumber: String?
    @OptionalField(key: "cohort") var cohort: String?
    @OptionalField(key: "funding_source") var fundingSource: String?
    @Field(key: "status") var status: String
    /// The status as its type; a value outside `ClubStatus` is a broken row and stops here loudly.
    var clubStatus: ClubStatus {
        guard let s = ClubStatus(rawValue: status) else { preconditionFailure("club \(id?.uuidString ?? "?") has an unknown status '\(status)'") }
        return s
    }
    /// Active or paused: the club takes members, meetings, money and records.
    var isOpen: Bool { clubStatus.isOpen }
    @OptionalField(key: "merged_into_id") var mergedIntoID: UUID?
    /// The club's loan rules: how repayments are split (`fee_first` when unset), and which fund
    /// fees and interest go to (`income` when unset).
    @OptionalField(key: "repayment_order") var repaymentOrderRaw: String?
    @OptionalField(key: "fee_fund") var feeFundRaw: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class Member: Model, @unchecked Sendable {
    static let schema = "members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @Field(key: "full_name") var fullName: String
    @Field(key: "name_key") var nameKey: String
    @Field(key: "gender") var gender: String
    @OptionalField(key: "birth_year") var birthYear: Int?
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "ethnicity") var ethnicity: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "joined_on") var joinedOn: String?
    @OptionalField(key: "left_on") var leftOn: String?
    @Field(key: "home_care_volunteer") var homeCareVolunteer: Bool
    @Field(key: "poor_household") var poorHousehold: Bool
    @Field(key: "near_poor_household") var nearPoorHousehold: Bool
    @Field(key: "disability") var disability: Bool
    @Field(key: "lives_alone") var livesAlone: Bool
    @Field(key: "health_insurance") var healthInsurance: Bool
    @OptionalField(key: "consent_on") var consentOn: String?
    @OptionalParent(key: "village_id") var village: OrgUnit?
    @OptionalField(key: "leave_reason") var leaveReason: String?
    @Field(key: "ethnic_minority") var ethnicMinority: Bool
    @Field(key: "single_older_woman") var singleOlderWoman: Bool
    @Field(key: "chronic_illness") var chronicIllness: Bool
    /// The same for all of one person's spells in clubs; at most one spell is open at a time.
    @Field(key: "person_id") var personID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(clubID: UUID, fullName: String, gender: String, birthYear: Int?, personID: UUID? = nil) {
        let id = UUID()
        self.id = id
        self.personID = personID ?? id
        self.$club.id = clubID
        self.fullName = VietnameseText.normalize(fullName)
        self.nameKey = VietnameseText.fold(fullName)
        self.gender = gender
        self.birthYear = birthYear
        self.homeCareVolunteer = false
        self.poorHousehold = false
        self.nearPoorHousehold = false
        self.disability = false
        self.livesAlone = false
        self.healthInsurance = false
        self.ethnicMinority = false
        self.singleOlderWoman = false
        self.chronicIllness = false
    }
}

extension Member {
    /// A new spell for the same person in `clubID` from `day`: their details carried over.
    func nextSpell(in clubID: UUID, from day: Day) -> Member {
        let next = Member(clubID: clubID, fullName: fullName, gender: gender, birthYear: birthYear, personID: personID)
        next.birthDate = birthDate
        next.ethnicity = ethnicity
        next.phone = phone
        next.joinedOn = day.iso
        next.homeCareVolunteer = homeCareVolunteer
        next.poorHousehold = poorHousehold
        next.nearPoorHousehold = nearPoorHousehold
        next.disability = disability
        next.livesAlone = livesAlone
        next.healthInsurance = healthInsurance
        next.ethnicMinority = ethnicMinority
        next.singleOlderWoman = singleOlderWoman
        next.chronicIllness = chronicIllness
        next.consentOn = consentOn
        return next
    }

    /// What the composition rules read of a member.
    var facts: MemberFacts {
        MemberFacts(
            gender: Gender(rawValue: gender) ?? .other, birthYear: birthYear,
            birthDate: birthDate.flatMap(Day.init(iso:)), joinedOn: joinedOn.flatMap(Day.init(iso:)),
            leftOn: leftOn.flatMap(Day.init(iso:)), homeCareVolunteer: homeCareVolunteer)
    }
}

final class ClubStatusChange: Model, @unchecked Sendable {
    static let schema = "club_status_changes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @Field(key: "status") var status: String
    @Field(key: "from_date") var fromDate: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var change: StatusChange? {
        guard let s = ClubStatus(rawValue: status), let d = Day(iso: fromDate) else { return nil }
        return StatusChange(status: s, from: d)
    }
}

/// Who held a board role in a club, from a day up to (not including) the day the term ended.
final class BoardTerm: Model, @unchecked Sendable {
    static let schema = "board_terms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @Parent(key: "member_id") var member: Member
    @Field(key: "role") var role: String
    @Field(key: "from_date") var fromDate: String
    @OptionalField(key: "to_date") var toDate: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var facts: BoardTermFacts? {
        guard let role = BoardRole(rawValue: role), let from = Day(iso: fromDate) else { return nil }
        return BoardTermFacts(role: role, memberID: $member.id.uuidString, from: from, to: toDate.flatMap(Day.init(iso:)))
    }
}

/// An uploaded member list, read and checked, waiting for the user to confirm it.
final class MemberImport: Model, @unchecked Sendable {
    static let schema = "member_imports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @Parent(key: "user_id") var user: User
    @Field(key: "file_name") var fileName: String
    /// The reading of the file (`MemberSheet.Result`) as JSON.
    @Field(key: "payload") var payload: String
    @Field(key: "row_count") var rowCount: Int
    @OptionalField(key: "applied_at") var appliedAt: Date?
    @OptionalField(key: "applied_count") var appliedCount: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

extension Club {
    var repaymentOrder: RepaymentOrder { repaymentOrderRaw.flatMap(RepaymentOrder.init(rawValue:)) ?? .feeFirst }
    var feeFund: Fund { feeFundRaw.flatMap(Fund.init(rawValue:)) ?? .income }
}

extension Club {
    /// What is wrong with a day typed for something this club did: not a real day, not yet come,
    /// or before the club was founded. Nil when the day will do.
    func problem(with day: Day?, today: Day, t: Texts) -> String? {
        DayProblem.of(day, today: today, earliest: foundedOn.flatMap(Day.init(iso:))).map { DayProblem.text($0, t) }
    }
}
