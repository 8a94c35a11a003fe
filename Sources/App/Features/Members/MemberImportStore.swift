import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Writing an imported list's people as members, a few hundred rows per statement.
enum MemberImportStore {}

extension MemberImportStore {
    /// Writes the people as new members of `club`, a few hundred rows per statement (plain SQL:
    /// the model layer is too slow for thousands of rows). Each is a new person.
    static func insert(_ people: [MemberSheet.Person], into club: Club, consentOn: Day, at now: Date, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let villages = Set(try await UnitQueries.villages(inCommune: club.$commune.id, on: db).compactMap(\.id))
        let clubID = try club.requireID()
        let columns =
            [
                "id", "person_id", "club_id", "full_name", "name_key", "gender", "birth_year", "birth_date", "ethnicity",
                "village_id", "phone", "joined_on", "consent_on", "created_at",
            ] + MemberInput.flags.map { Self.flagColumn[$0.key]! }
        for chunk in people.chunked(300) {
            var statement = sql.insert(into: Member.schema).columns(columns)
            for p in chunk {
                let id = UUID()
                let village = p.villageID.flatMap(UUID.init(uuidString:)).flatMap { villages.contains($0) ? $0 : nil }
                var values: [any SQLExpression] = [
                    SQLBind(id), SQLBind(id), SQLBind(clubID), SQLBind(p.fullName), SQLBind(p.nameKey),
                    SQLBind(p.gender.rawValue), SQLBind(p.birthYear), SQLBind(p.birthDate), SQLBind(p.ethnicity), SQLBind(village),
                    SQLBind(p.phone), SQLBind(p.joinedOn), SQLBind(consentOn.iso), SQLBind(now),
                ]
                values += MemberInput.flags.map { SQLBind(p.flags.contains($0.key)) }
                statement = statement.values(values)
            }
            try await statement.run()
        }
    }
}

extension MemberImportStore {
    /// The column of each member flag.
    static let flagColumn: [String: String] = [
        "volunteer": "home_care_volunteer", "poor": "poor_household", "near_poor": "near_poor_household", "disability": "disability",
        "lives_alone": "lives_alone", "ethnic_minority": "ethnic_minority", "single_older_woman": "single_older_woman",
        "chronic_illness": "chronic_illness", "health_insurance": "health_insurance",
    ]
}
