import Fluent
import ISHCCore
import Vapor

// Who may record which activity where.

enum ActivityAccess {
    /// Whether the user may record this kind at this unit.
    /// `club` is the unit's club when the caller has it already.
    static func mayRecord(
        _ kind: ActivityKind, at unit: OrgUnit, user: CurrentUser, club known: Club? = nil,
        on db: any Database
    ) async throws -> Bool {
        guard user.role.canWrite, unit.unitStructure == .current, kind.allowed(at: unit.unitLevel) else { return false }
        if kind.officersOnly && !user.role.keepsUnits { return false }
        if unit.unitLevel == .club {
            let club = known?.$unit.id == unit.id ? known : try await Club.query(on: db).filter(\.$unit.$id == unit.requireID()).first()
            guard let club else { return false }
            return club.isOpen
        }
        return true
    }
}
