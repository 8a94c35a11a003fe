import Fluent
import ISHCCore
import Vapor

/// Activities kept by a club (mutual help, rights, events) or by a unit (trainings, supervision,
/// communication, commendations): recorded, listed by year, seen, edited (audited), printed.
enum ActivityController {

    // MARK: Handlers

    static func list(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        let kind = try kindParameter(req)
        let today = req.today
        let year = req.chosenYear(today: today)
        let records = try await records(kind, under: unit, year: year, on: req.db)
        let canAdd = try await ActivityAccess.mayRecord(kind, at: unit, user: user, on: req.db)
        return ActivityPages.list(
            req.page, unit: unit, kind: kind, year: year, records: records, canAdd: canAdd,
            showsNames: user.role.seesPersonalData)
    }

    static func form(req: Request) async throws -> Response {
        let (_, place, kind) = try await authoriseNew(req)
        var input = ActivityInput()
        input.heldOn = req.today.vietnamese
        let full = try await choices(req, kind: kind, place: place, day: req.today, including: [])
        return ActivityPages.form(req.page, kind: kind, place: full, activity: nil, input: input, errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (user, place, kind) = try await authoriseNew(req)
        let activity = Activity()
        activity.kind = kind.rawValue
        activity.$unit.id = try place.unit.requireID()
        activity.createdBy = user.id
        return try await save(req, activity: activity, kind: kind, place: place)
    }

    static func show(req: Request) async throws -> Response {
        let (user, activity, place, canEdit) = try await authorise(req)
        let id = try activity.requireID()
        let participants =
            user.role.seesPersonalData
            ? try await ActivityMember.query(on: req.db).filter(\.$activity.$id == id).with(\.$member).all().map(\.member)
                .sorted(byPerson: { $0.fullName })
            : []
        let beneficiary = user.role.seesPersonalData ? try await activity.memberID.asyncMap { try await Member.find($0, on: req.db) } ?? nil : nil
        let clubs = try await linkedClubs(of: id, on: req.db).filter { Scope.contains(user, $0.unit) }
        let done = try? req.query.get(String.self, at: "done")
        return ActivityPages.show(
            req.page, activity: activity, place: place, participants: participants, beneficiary: beneficiary,
            clubs: clubs, showsNames: user.role.seesPersonalData, canEdit: canEdit,
            notice: done.map { req.t("activity.done.\($0)") })
    }

    static func editForm(req: Request) async throws -> Response {
        let (_, activity, place, canEdit) = try await authorise(req)
        guard canEdit else { throw AppError.forbidden }
        let kind = activity.activityKind
        let id = try activity.requireID()
        let ticked = try await ActivityMember.query(on: req.db).filter(\.$activity.$id == id).all().map { $0.$member.id }
        let day = Day(iso: activity.heldOn) ?? req.today
        let full = try await choices(
            req, kind: kind, place: place, day: day,
            including: Set(ticked + [activity.memberID].compactMap { $0 }))
        let clubIDs = try await ActivityClub.query(on: req.db).filter(\.$activity.$id == id).all().map { $0.$club.id.uuidString }
        var input = ActivityInput()
        input.heldOn = day.vietnamese
        input.subtype = activity.subtype
        input.area = activity.area.map(String.init)
        if kind == .event { input.eventType = "\(activity.area ?? 0):\(activity.subtype)" }
        input.title = activity.title
        input.beneficiary = activity.memberID?.uuidString
        input.personName = activity.personName
        input.amount = activity.amount.map(VND.group)
        input.provider = activity.provider
        input.participants = ticked.map(\.uuidString)
        input.others = activity.othersCount == 0 ? "" : String(activity.othersCount)
        input.people = kind == .training ? String(activity.peopleCount) : nil
        input.attendees = activity.attendees
        input.clubs = clubIDs
        input.club = clubIDs.first
        input.checklist = activity.checklistItems
        input.findings = activity.findings
        input.followUp = activity.followUp
        input.followUpDue = activity.followUpDue.flatMap(Day.init(iso:))?.vietnamese
        input.followUpDone = activity.followUpDone.flatMap(Day.init(iso:))?.vietnamese
        input.reached = activity.reached.map(String.init)
        input.reference = activity.reference
        input.notes = activity.notes
        return ActivityPages.form(req.page, kind: kind, place: full, activity: activity, input: input, errors: FormErrors())
    }

    static func update(req: Request) async throws -> Response {
        let (user, activity, place, canEdit) = try await authorise(req)
        guard canEdit else { throw AppError.forbidden }
        activity.updatedBy = user.id
        return try await save(req, activity: activity, kind: activity.activityKind, place: place)
    }

    // MARK: Saving

    private static func save(_ req: Request, activity: Activity, kind: ActivityKind, place: ActivityPlace) async throws -> Response {
        let input = try req.content.decode(ActivityInput.self)
        let draft = input.draft
        let today = req.today
        let isNew = activity.id == nil
        let previous =
            isNew
            ? []
            : try await ActivityMember.query(on: req.db).filter(\.$activity.$id == activity.requireID()).all()
                .map { $0.$member.id }
        let day = Day(vietnamese: draft.heldOn) ?? today
        let full = try await choices(
            req, kind: kind, place: place, day: day,
            including: Set(previous + [activity.memberID].compactMap { $0 }))
        let result = try await ActivityOperations.record(
            kind, draft, activity: activity, club: place.club, members: full.members, clubs: full.clubs.compactMap { $0.club.id },
            by: req.author, today: today, on: req.db)
        if case .failure(let failure) = result {
            var errors = FormErrors()
            for p in failure.problems where errors[formField(kind, p.field)] == nil {
                errors[formField(kind, p.field)] = req.t.first(p.key, args: p.args)
            }
            return ActivityPages.form(
                req.page, kind: kind, place: full, activity: isNew ? nil : activity, input: input,
                errors: errors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: Paths.activity.link(try activity.requireID(), query: [("done", isNew ? "created" : "saved")]),
            redirectType: .normal)
    }

    /// The form field an error belongs to (an event's area and type share one select).
    static func formField(_ kind: ActivityKind, _ field: ActivityField) -> String {
        if kind == .event && (field == .area || field == .subtype) { return "event_type" }
        return field.rawValue
    }

    // MARK: Reading

    /// Records of a kind kept in the unit's subtree in a year, newest first; for a club also the
    /// trainings, visits and commendations of units above that name it.
    static func records(_ kind: ActivityKind, under unit: OrgUnit, year: Int, on db: any Database) async throws -> [ActivityRecord] {
        let from = "\(year)-01-01"
        let to = "\(year)-12-31"
        var found = try await Activity.query(on: db)
            .join(OrgUnit.self, on: \Activity.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$scopePath =~ unit.scopePath)
            .filter(\.$kind == kind.rawValue)
            .filter(\.$heldOn >= from).filter(\.$heldOn <= to)
            .sort(\.$heldOn, .descending)
            .limit(ActivityRecord.listLimit)
            .all()
        if !kind.clubOnly && unit.unitLevel == .club,
            let clubID = try await Club.query(on: db).filter(\.$unit.$id == unit.requireID()).first()?.id
        {
            let linked = try await ActivityClub.query(on: db).filter(\.$club.$id == clubID).all().map { $0.$activity.id }
            let known = Set(found.compactMap(\.id))
            let extra = try await Activity.query(on: db).filter(\.$id ~~ linked.filter { !known.contains($0) })
                .filter(\.$kind == kind.rawValue).filter(\.$heldOn >= from).filter(\.$heldOn <= to).all()
            found = (found + extra).sorted { $0.heldOn > $1.heldOn }
        }
        let unitIDs = Set(found.map { $0.$unit.id })
        let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).filter(\.$id ~~ unitIDs).all().map { ($0.id!, $0) })
        let links = found.isEmpty ? [] : try await ActivityClub.query(on: db).filter(\.$activity.$id ~~ found.compactMap(\.id)).all()
        let clubUnits = try await clubUnitNames(Set(links.map { $0.$club.id }), on: db)
        let byActivity = Dictionary(grouping: links) { $0.$activity.id }
        return found.compactMap { a in
            guard let u = units[a.$unit.id] else { return nil }
            let names = kind.clubOnly ? [] : (byActivity[a.id!] ?? []).compactMap { clubUnits[$0.$club.id] }
            return ActivityRecord(activity: a, unit: u, clubNames: names.sorted(byPlace: { $0 }))
        }
    }

    private static func clubUnitNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let clubs = try await Club.query(on: db).filter(\.$id ~~ ids).all()
        let units = try await OrgUnit.query(on: db).filter(\.$id ~~ clubs.map { $0.$unit.id }).all()
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        return Dictionary(uniqueKeysWithValues: clubs.compactMap { c in names[c.$unit.id].map { (c.id!, $0) } })
    }

    static func linkedClubs(of id: UUID, on db: any Database) async throws -> [(club: Club, unit: OrgUnit)] {
        let links = try await ActivityClub.query(on: db).filter(\.$activity.$id == id).with(\.$club).all()
        var result: [(Club, OrgUnit)] = []
        for link in links {
            if let unit = try await OrgUnit.find(link.club.$unit.id, on: db) { result.append((link.club, unit)) }
        }
        return result.sorted(byPlace: { $0.1.name })
    }

    /// Members the form may tick (the club's, on the day) and clubs it may name (active or paused
    /// clubs in the unit's subtree).
    static func choices(_ req: Request, kind: ActivityKind, place: ActivityPlace, day: Day, including: Set<UUID>) async throws -> ActivityPlace {
        var place = place
        let fields = Set(kind.fields)
        if let club = place.club, !fields.isDisjoint(with: [.participants, .beneficiary]) {
            place.members = try await MemberStore.activeMembers(of: club, on: day, db: req.db, including: including)
        }
        if !fields.isDisjoint(with: [.clubs, .club]) {
            let clubs = try await Club.query(on: req.db).join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
                .filter(OrgUnit.self, \.$scopePath =~ place.unit.scopePath)
                .filter(\.$status ~~ [ClubStatus.active.rawValue, ClubStatus.paused.rawValue]).all()
            let units = try await OrgUnit.query(on: req.db).filter(\.$id ~~ clubs.map { $0.$unit.id }).all()
            let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
            place.clubs = clubs.compactMap { c in byID[c.$unit.id].map { (c, $0) } }.sorted(byPlace: { $0.1.name })
        }
        return place
    }

    // MARK: Access

    static func kindParameter(_ req: Request) throws -> ActivityKind {
        guard let raw = req.parameters.get("kind"), let kind = ActivityKind(rawValue: raw) else { throw AppError.notFound }
        return kind
    }

    private static func authoriseNew(_ req: Request) async throws -> (CurrentUser, ActivityPlace, ActivityKind) {
        let (user, unit) = try await Scope.unit(req)
        let kind = try kindParameter(req)
        guard try await ActivityAccess.mayRecord(kind, at: unit, user: user, on: req.db) else {
            if user.role.canWrite && !kind.allowed(at: unit.unitLevel) { throw AppError.notFound }
            throw AppError.forbidden
        }
        let club = unit.unitLevel == .club ? try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first() : nil
        return (user, ActivityPlace(unit: unit, club: club), kind)
    }

    /// An activity the user may see: kept in their subtree, or naming a club in it. Editing needs
    /// the keeping unit in their subtree and a role that records this kind.
    private static func authorise(_ req: Request) async throws -> (CurrentUser, Activity, ActivityPlace, Bool) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("activityID", as: UUID.self),
            let activity = try await Activity.find(id, on: req.db),
            let unit = try await OrgUnit.find(activity.$unit.id, on: req.db)
        else { throw AppError.notFound }
        var visible = Scope.contains(user, unit)
        if !visible {
            visible = try await linkedClubs(of: id, on: req.db).contains { Scope.contains(user, $0.unit) }
        }
        guard visible else { throw AppError.forbidden }
        let club = unit.unitLevel == .club ? try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first() : nil
        let kind = activity.activityKind
        let canEdit =
            Scope.contains(user, unit) && user.role.canWrite
            && (!kind.officersOnly || user.role.keepsUnits)
        return (user, activity, ActivityPlace(unit: unit, club: club), canEdit)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let w): return try await transform(w)
        case .none: return nil
        }
    }
}
