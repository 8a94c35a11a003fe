import Fluent
import ISHCCore
import SQLKit
import Vapor

/// What the member and club exports read: plain SQL, thousands of rows at a time.
enum ExportStore {
    /// Each club's open members under `unit`, its women and its older members (born by `olderBornBy`).
    static func clubCounts(under unit: OrgUnit, olderBornBy: Int, on db: any Database) async throws -> [ExportClubCounts] {
        let sql = db as! any SQLDatabase
        return try await sql.raw(
            """
            SELECT m.club_id AS club_id, COUNT(*) AS members,
                   SUM(CASE WHEN m.gender = 'female' THEN 1 ELSE 0 END) AS women,
                   SUM(CASE WHEN m.birth_year <= \(bind: olderBornBy) THEN 1 ELSE 0 END) AS older
            FROM members m JOIN clubs c ON c.id = m.club_id JOIN units u ON u.id = c.unit_id
            WHERE m.left_on IS NULL AND u.path LIKE \(bind: unit.path + "%")
            GROUP BY m.club_id
            """
        ).all(decoding: ExportClubCounts.self)
    }

    /// Every member ever of the clubs under `unit`, with their club's and village's names.
    static func memberRows(under unit: OrgUnit, on db: any Database) async throws -> [ExportMemberRow] {
        let sql = db as! any SQLDatabase
        return try await sql.raw(
            """
            SELECT m.full_name, m.gender, m.birth_year, m.birth_date, m.ethnicity, v.name AS village, m.phone, m.joined_on,
                   m.left_on, m.leave_reason, u.name AS club, m.home_care_volunteer, m.poor_household, m.near_poor_household,
                   m.disability, m.lives_alone, m.ethnic_minority, m.single_older_woman, m.chronic_illness, m.health_insurance
            FROM members m JOIN clubs c ON c.id = m.club_id JOIN units u ON u.id = c.unit_id
            LEFT JOIN units v ON v.id = m.village_id
            WHERE u.path LIKE \(bind: unit.path + "%")
            """
        ).all(decoding: ExportMemberRow.self)
    }
}

/// One member row as the export reads it (plain SQL: thousands of rows at a time).
struct ExportMemberRow: Decodable {
    var full_name: String, gender: String, birth_year: Int?, birth_date: String?, ethnicity: String?, village: String?
    var phone: String?, joined_on: String?, left_on: String?, leave_reason: String?, club: String
    var home_care_volunteer: Bool, poor_household: Bool, near_poor_household: Bool, disability: Bool, lives_alone: Bool
    var ethnic_minority: Bool, single_older_woman: Bool, chronic_illness: Bool, health_insurance: Bool

    func flag(_ key: String) -> Bool {
        switch key {
        case "volunteer": return home_care_volunteer
        case "poor": return poor_household
        case "near_poor": return near_poor_household
        case "disability": return disability
        case "lives_alone": return lives_alone
        case "ethnic_minority": return ethnic_minority
        case "single_older_woman": return single_older_woman
        case "chronic_illness": return chronic_illness
        case "health_insurance": return health_insurance
        default: return false
        }
    }
}

struct ExportClubCounts: Decodable {
    var club_id: UUID
    var members: Int
    var women: Int
    var older: Int
}
