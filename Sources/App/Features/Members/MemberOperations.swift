import Fluent
import ISHCCore
import Vapor

/// The writes of a club's member list, one operation each: add, edit, leave, move, rejoin. Each
/// checks its draft in ISHCCore (`MemberRules`), writes with its audit entry in one transaction,
/// and returns the member or the problems. Forms call these; so will the sync API and imports.
enum MemberOperations {
    struct Problems: Error, Equatable {
        var problems: [MemberProblem]
    }

    /// A new member of an open club, with their consent on `today`.
    static func add(_ draft: MemberDraft, to club: Club, by author: Author, today: Day, on db: any Database) async throws -> Result<
        Member, Problems
    > {
        let member = Member(clubID: try club.requireID(), fullName: "", gender: Gender.female.rawValue, birthYear: nil)
        if let problems = try await apply(draft, to: member, club: club, isNew: true, today: today, on: db) { return .failure(problems) }
        member.consentOn = today.iso
        try await db.transaction { db in
            try await member.create(on: db)
            try await Audit.record(by: author, "create", "member", member.id?.uuidString, on: db)
        }
        return .success(member)
    }

    static func edit(_ member: Member, _ draft: MemberDraft, club: Club, by author: Author, today: Day, on db: any Database) async throws
        -> Result<Member, Problems>
    {
        if let problems = try await apply(draft, to: member, club: club, isNew: false, today: today, on: db) { return .failure(problems) }
        try await db.transaction { db in
            try await member.update(on: db)
            try await Audit.record(by: author, "update", "member", member.id?.uuidString, on: db)
        }
        return .success(member)
    }

    /// The member leaves on the day given, for the reason given: the spell and any board role end.
    static func leave(_ member: Member, leftOn: String, reason: String, by author: Author, today: Day, on db: any Database) async throws
        -> Result<Member, Problems>
    {
        let checked = MemberRules.checkLeave(
            leftOn: leftOn, reason: reason, joined: member.joinedOn.flatMap(Day.init(iso:)), alreadyLeft: member.leftOn != nil, today: today)
        guard let day = checked.day else { return .failure(Problems(problems: checked.problems)) }
        try await db.transaction { db in
            try await Membership.end(member, on: day, reason: checked.reason, on: db)
            try await Audit.record(by: author, "leave", "member", member.id?.uuidString, detail: checked.reason, on: db)
        }
        return .success(member)
    }

    /// Moves an active member to `target` from `day` (checked by the caller against the choices it
    /// offered): the spell here ends, one there begins. Returns the new spell.
    static func move(_ member: Member, to target: Club, on day: Day, reason: String, by author: Author, on db: any Database) async throws
        -> Member
    {
        try await db.transaction { db in
            let next = try await Membership.move(member, to: target, on: day, reason: reason, on: db)
            try await Audit.record(by: author, "move", "member", member.id?.uuidString, detail: "→ \(next.id!.uuidString) \(day.iso)", on: db)
            return next
        }
    }

    /// A former member joins again in `target` from `day`: a new spell for the same person, in
    /// the same village when the club is in the same commune.
    static func rejoin(_ member: Member, from club: Club, to target: Club, on day: Day, by author: Author, on db: any Database) async throws
        -> Member
    {
        let next = member.nextSpell(in: try target.requireID(), from: day)
        next.$village.id = target.$commune.id == club.$commune.id ? member.$village.id : nil
        try await db.transaction { db in
            try await next.create(on: db)
            try await Audit.record(by: author, "rejoin", "member", next.id?.uuidString, detail: "after \(member.id!.uuidString)", on: db)
        }
        return next
    }

    /// Checks the draft and, when it holds, sets the member's fields from it.
    private static func apply(_ draft: MemberDraft, to member: Member, club: Club, isNew: Bool, today: Day, on db: any Database)
        async throws -> Problems?
    {
        let villages = try await UnitQueries.villages(inCommune: club.$commune.id, on: db).compactMap { $0.id?.uuidString }
        let checked = MemberRules.check(draft, today: today, villages: Set(villages), isNew: isNew)
        guard let v = checked.values else { return Problems(problems: checked.problems) }
        member.fullName = v.fullName
        member.nameKey = VietnameseText.fold(v.fullName)
        member.gender = v.gender.rawValue
        member.birthYear = v.birth.year
        member.birthDate = v.birth.date?.iso
        member.ethnicity = v.ethnicity
        member.$village.id = v.village.flatMap(UUID.init(uuidString:))
        member.phone = v.phone
        member.joinedOn = v.joinedOn.iso
        for flag in MemberInput.flags { member[keyPath: flag.path] = v.flags.contains(flag.key) }
        return nil
    }
}
