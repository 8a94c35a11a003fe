import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Reading a club's members for its pages. Fluent decodes a model by reflecting over its
/// properties for every row, which for a club of a hundred members costs more than the rest of
/// the page; this reads the same columns by name and fills the models directly.
enum MemberStore {
    private static let columns = """
        id, club_id, full_name, name_key, gender, birth_year, birth_date, ethnicity, phone, joined_on, left_on,
        home_care_volunteer, poor_household, near_poor_household, disability, lives_alone, health_insurance,
        consent_on, village_id, leave_reason, ethnic_minority, single_older_woman, chronic_illness, person_id
        """

    /// Every spell in the club, current and former, as saved models (they may be changed and saved).
    static func all(club: UUID, on db: any Database) async throws -> [Member] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("SELECT \(unsafeRaw: columns) FROM members WHERE club_id = \(bind: club)").all()
        return try rows.map(member)
    }

    private static func member(_ row: any SQLRow) throws -> Member {
        let m = Member()
        m.id = try row.decode(column: "id", as: UUID.self)
        m.$id.exists = true
        m.$club.id = try row.decode(column: "club_id", as: UUID.self)
        m.fullName = try row.decode(column: "full_name", as: String.self)
        m.nameKey = try row.decode(column: "name_key", as: String.self)
        m.gender = try row.decode(column: "gender", as: String.self)
        m.birthYear = try row.decode(column: "birth_year", as: Int?.self)
        m.birthDate = try row.decode(column: "birth_date", as: String?.self)
        m.ethnicity = try row.decode(column: "ethnicity", as: String?.self)
        m.phone = try row.decode(column: "phone", as: String?.self)
        m.joinedOn = try row.decode(column: "joined_on", as: String?.self)
        m.leftOn = try row.decode(column: "left_on", as: String?.self)
        m.homeCareVolunteer = try row.decode(column: "home_care_volunteer", as: Bool.self)
        m.poorHousehold = try row.decode(column: "poor_household", as: Bool.self)
        m.nearPoorHousehold = try row.decode(column: "near_poor_household", as: Bool.self)
        m.disability = try row.decode(column: "disability", as: Bool.self)
        m.livesAlone = try row.decode(column: "lives_alone", as: Bool.self)
        m.healthInsurance = try row.decode(column: "health_insurance", as: Bool.self)
        m.consentOn = try row.decode(column: "consent_on", as: String?.self)
        m.$village.id = try row.decode(column: "village_id", as: UUID?.self)
        m.leaveReason = try row.decode(column: "leave_reason", as: String?.self)
        m.ethnicMinority = try row.decode(column: "ethnic_minority", as: Bool.self)
        m.singleOlderWoman = try row.decode(column: "single_older_woman", as: Bool.self)
        m.chronicIllness = try row.decode(column: "chronic_illness", as: Bool.self)
        m.personID = try row.decode(column: "person_id", as: UUID.self)
        return m
    }
}

extension MemberStore {
    /// Members of the club on `day` in list order, and anyone already ticked (so an edit keeps them).
    static func activeMembers(of club: Club, on day: Day, db: any Database, including: Set<UUID> = []) async throws -> [Member] {
        try await MemberStore.all(club: club.requireID(), on: db)
            .filter { $0.facts.isActive(on: day) || including.contains($0.id!) }
            .sorted(byPerson: { $0.fullName })
    }
}
