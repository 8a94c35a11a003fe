import Fluent
import ISHCCore
import Vapor

/// A person's spells in clubs. Leaving ends the spell and any board role; moving (alone, or with a
/// whole club when it merges) ends one spell and opens the next on the same day, so the person is
/// counted in exactly one club on every day.
enum Membership {
    static func end(_ member: Member, on day: Day, reason: String, on db: any Database) async throws {
        member.leftOn = day.iso
        member.leaveReason = reason
        try await member.update(on: db)
        try await BoardTerm.query(on: db).filter(\.$member.$id == member.requireID()).filter(\.$toDate == nil)
            .set(\.$toDate, to: day.iso).update()
    }

    /// Ends `member`'s spell on `day` and opens one in `club` from that day, details carried over.
    static func move(_ member: Member, to club: Club, on day: Day, reason: String, on db: any Database) async throws -> Member {
        let sameCommune = try await Club.find(member.$club.id, on: db)?.$commune.id == club.$commune.id
        try await end(member, on: day, reason: reason, on: db)
        let next = member.nextSpell(in: try club.requireID(), from: day)
        next.$village.id = sameCommune ? member.$village.id : nil
        try await next.create(on: db)
        return next
    }

    /// All of one person's spells, oldest first.
    static func spells(of member: Member, on db: any Database) async throws -> [(member: Member, club: OrgUnit)] {
        let rows = try await Member.query(on: db).filter(\.$personID == member.personID)
            .join(Club.self, on: \Member.$club.$id == \Club.$id)
            .join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
            .all()
        return try rows.map { ($0, try $0.joined(OrgUnit.self)) }
            .sorted {
                ($0.member.joinedOn ?? "", $0.member.createdAt ?? .distantPast) < ($1.member.joinedOn ?? "", $1.member.createdAt ?? .distantPast)
            }
    }

    /// Clubs taking members (active or paused) inside the user's subtree, the closest first: the
    /// same commune, then the rest in Vietnamese order.
    static func clubChoices(for user: CurrentUser, near club: Club, excluding: UUID?, on db: any Database) async throws -> [(
        club: Club, unit: OrgUnit
    )] {
        let rows = try await Club.query(on: db)
            .join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$path =~ user.unitPath)
            .filter(\.$status ~~ [ClubStatus.active.rawValue, ClubStatus.paused.rawValue])
            .all()
        return try rows.filter { $0.id != excluding }.map { ($0, try $0.joined(OrgUnit.self)) }
            .sorted { a, b in
                let an = a.club.$commune.id == club.$commune.id
                let bn = b.club.$commune.id == club.$commune.id
                return an != bn ? an : VietnameseText.less(a.unit.name, b.unit.name)
            }
    }
}
