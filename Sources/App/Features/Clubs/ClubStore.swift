import Fluent
import ISHCCore
import Vapor

/// Reading clubs for the club pages and forms.
enum ClubStore {}

extension ClubStore {
    /// Clubs of the same commune still taking members, for a merge.
    static func mergeTargets(for club: Club, on db: any Database) async throws -> [(club: Club, unit: OrgUnit)] {
        let rows = try await Club.query(on: db).join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
            .filter(\.$commune.$id == club.$commune.id)
            .filter(\.$status ~~ [ClubStatus.active.rawValue, ClubStatus.paused.rawValue])
            .all()
        return try rows.filter { $0.id != club.id }.map { ($0, try $0.joined(OrgUnit.self)) }
            .sorted(byPlace: { $0.unit.name })
    }
}
