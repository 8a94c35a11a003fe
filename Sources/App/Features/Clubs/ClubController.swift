import Fluent
import ISHCCore
import Vapor

/// Clubs: founded under a commune by its officers (or those above), their identity edited, and their
/// status changed with the day it took effect.
enum ClubController {

    static func form(req: Request) async throws -> Response {
        let (_, commune) = try await authoriseCommune(req)
        let villages = try await villages(of: commune, on: req.db)
        let input = ClubInput(
            village: villages.first?.id?.uuidString, foundedOn: req.today.vietnamese,
            fundingSource: ClubInput.fundingSources[0])
        return ClubFormPage.render(req.page, commune: commune, club: nil, villages: villages, input: input, errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (user, commune) = try await authoriseCommune(req)
        let input = try req.content.decode(ClubInput.self)
        let villages = try await villages(of: commune, on: req.db)
        let (parsed, errors) = try await parse(input, commune: commune, villages: villages, excluding: nil, on: req)
        guard errors.isEmpty, let parsed else {
            return ClubFormPage.render(
                req.page, commune: commune, club: nil, villages: villages, input: input, errors: errors, status: .unprocessableEntity)
        }
        let id = UUID()
        let parent = parsed.village ?? commune
        let unit = OrgUnit(
            id: id, structure: .current, level: .club, code: nil, name: parsed.name, kind: nil,
            parentID: try parent.requireID(), path: UnitPath.child(of: parent.path, segment: UnitPath.segment("k", id: id)))
        unit.validFrom = parsed.founded.iso
        let club = Club()
        club.$unit.id = id
        club.$commune.id = try commune.requireID()
        club.$village.id = parsed.village?.id
        club.foundedOn = parsed.founded.iso
        club.decisionNumber = parsed.decision
        club.cohort = ClubHistory.cohort(foundedOn: parsed.founded)
        club.fundingSource = parsed.funding
        club.status = ClubStatus.active.rawValue
        try await req.db.transaction { db in
            try await unit.create(on: db)
            try await club.create(on: db)
            let change = ClubStatusChange()
            change.$club.id = try club.requireID()
            change.status = ClubStatus.active.rawValue
            change.fromDate = parsed.founded.iso
            change.note = parsed.decision
            change.createdBy = user.id
            try await change.create(on: db)
            try await Audit.record(req, "create", "club", club.id?.uuidString, detail: parsed.name, on: db)
        }
        return req.redirect(to: Paths.unit.link(id, query: [("done", "club_created")]), redirectType: .normal)
    }

    static func editForm(req: Request) async throws -> Response {
        let (_, unit, club, commune) = try await authoriseClub(req)
        let villages = try await villages(of: commune, on: req.db)
        let input = ClubInput(
            name: unit.name, village: club.$village.id?.uuidString,
            foundedOn: club.foundedOn.flatMap(Day.init(iso:))?.vietnamese,
            decisionNumber: club.decisionNumber, fundingSource: club.fundingSource)
        return ClubFormPage.render(req.page, commune: commune, club: unit, villages: villages, input: input, errors: FormErrors())
    }

    /// Identity changes. Moving the club to another village moves its place in the tree.
    static func update(req: Request) async throws -> Response {
        let (_, unit, club, commune) = try await authoriseClub(req)
        let input = try req.content.decode(ClubInput.self)
        let villages = try await villages(of: commune, on: req.db)
        let (parsed, errors) = try await parse(input, commune: commune, villages: villages, excluding: unit.id, on: req)
        guard errors.isEmpty, let parsed else {
            return ClubFormPage.render(
                req.page, commune: commune, club: unit, villages: villages, input: input, errors: errors, status: .unprocessableEntity)
        }
        let parent = parsed.village ?? commune
        let oldPath = unit.path
        let newPath = UnitPath.child(of: parent.path, segment: String(oldPath.split(separator: "/").last!))
        unit.name = parsed.name
        unit.nameKey = VietnameseText.fold(parsed.name)
        unit.$parent.id = try parent.requireID()
        unit.path = newPath
        unit.scopePath = newPath
        club.$village.id = parsed.village?.id
        club.foundedOn = parsed.founded.iso
        club.decisionNumber = parsed.decision
        club.cohort = ClubHistory.cohort(foundedOn: parsed.founded)
        club.fundingSource = parsed.funding
        try await req.db.transaction { db in
            try await unit.update(on: db)
            try await club.update(on: db)
            try await Audit.record(
                req, "update", "club", club.id?.uuidString, detail: oldPath == newPath ? nil : "moved \(oldPath) → \(newPath)", on: db)
        }
        return req.redirect(to: Paths.unit.link(try unit.requireID(), query: [("done", "club_saved")]), redirectType: .normal)
    }

    static func changeStatus(req: Request) async throws -> Response {
        let (user, unit, club, _) = try await authoriseClub(req)
        let input = try req.content.decode(ClubStatusInput.self)
        let t = req.t
        let today = req.today
        let history = try await ClubStatusChange.query(on: req.db).filter(\.$club.$id == club.requireID()).all()
        var errors = FormErrors()
        let status = ClubStatus(rawValue: input.status ?? "")
        let day = Day(vietnamese: input.fromDate ?? "")
        if status == nil { errors["status"] = t("club.error.status") }
        if day == nil { errors["from_date"] = t("club.error.date") }
        if let status, let day {
            switch ClubHistory.check(status, from: day, after: history.compactMap(\.change), today: today) {
            case .none: break
            case .notAllowed(let from, _): errors["status"] = t("club.error.not_allowed", t("club.status.\(from.rawValue)"))
            case .beforeLastChange(let last): errors["from_date"] = t("club.error.before_last", last.vietnamese)
            case .inFuture: errors["from_date"] = t("club.error.future")
            }
        }
        // A merge names the club of the same commune that takes the members.
        var target: (club: Club, unit: OrgUnit)?
        if status == .merged {
            target = try await ClubStore.mergeTargets(for: club, on: req.db).first { $0.unit.id?.uuidString == input.into }
            if target == nil { errors["into"] = t("club.error.merge_into") }
        }
        guard errors.isEmpty, let status, let day else {
            // Back to the club page with the errors and what was typed.
            req.storage[StatusFormKey.self] = (errors, input)
            return try await UnitController.show(req: req).withStatus(.unprocessableEntity)
        }
        club.status = status.rawValue
        let change = ClubStatusChange()
        change.$club.id = try club.requireID()
        change.status = status.rawValue
        change.fromDate = day.iso
        change.note = VietnameseText.normalize(input.note ?? "").isEmpty ? nil : VietnameseText.normalize(input.note!)
        change.createdBy = user.id
        if let target {
            club.mergedIntoID = try target.club.requireID()
            if change.note == nil { change.note = t("club.merged_into", target.unit.name) }
        }
        let members = try await Member.query(on: req.db).filter(\.$club.$id == club.requireID()).filter(\.$leftOn == nil).all()
        let taker = target
        try await req.db.transaction { db in
            try await change.create(on: db)
            try await club.update(on: db)
            if let target = taker {
                // The members go on in the club that takes them, from the same day.
                for member in members {
                    _ = try await Membership.move(member, to: target.club, on: day, reason: t("club.merged_into", target.unit.name), on: db)
                }
            } else if status == .dissolved {
                for member in members { try await Membership.end(member, on: day, reason: t("club.dissolved_reason"), on: db) }
            }
            try await Audit.record(
                req, "status", "club", club.id?.uuidString,
                detail: "\(status.rawValue) \(day.iso)\(taker.map { " → \($0.unit.name)" } ?? "")", on: db)
        }
        return req.redirect(to: Paths.unit.link(try unit.requireID(), query: [("done", "club_status")]), redirectType: .normal)
    }

    struct StatusFormKey: StorageKey { typealias Value = (FormErrors, ClubStatusInput) }

    // MARK: - Rules

    struct Parsed {
        var name: String
        var village: OrgUnit?
        var founded: Day
        var decision: String?
        var funding: String
    }

    private static func parse(_ input: ClubInput, commune: OrgUnit, villages: [OrgUnit], excluding: UUID?, on req: Request) async throws -> (
        Parsed?, FormErrors
    ) {
        let t = req.t
        var errors = FormErrors()
        let name = VietnameseText.normalize(input.name ?? "")
        if name.isEmpty {
            errors["name"] = t("club.error.name")
        } else if VietnameseText.tooLong(name, 150) {
            errors["name"] = t("club.error.name_long")
        } else if VietnameseText.hasControl(name) {
            errors["name"] = t("form.error.control")
        } else {
            let clash = try await Club.query(on: req.db).join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
                .filter(\.$commune.$id == commune.requireID()).filter(OrgUnit.self, \.$nameKey == VietnameseText.fold(name)).all()
                .filter { $0.$unit.id != excluding }
            if !clash.isEmpty { errors["name"] = t("club.error.duplicate", name) }
        }
        let villageID = UUID(uuidString: input.village ?? "")
        let village = villages.first { $0.id == villageID }
        if villageID != nil && village == nil { errors["village"] = t("member.error.village") }
        let today = req.today
        let founded = Day(vietnamese: input.foundedOn ?? "")
        if founded == nil || founded! > today || founded!.year < 2000 { errors["founded_on"] = t("club.error.founded_on") }
        let funding = ClubInput.fundingSources.contains(input.fundingSource ?? "") ? input.fundingSource! : "other"
        let decision = VietnameseText.normalize(input.decisionNumber ?? "")
        guard errors.isEmpty, let founded else { return (nil, errors) }
        return (Parsed(name: name, village: village, founded: founded, decision: decision.isEmpty ? nil : decision, funding: funding), errors)
    }

    static func villages(of commune: OrgUnit, on db: any Database) async throws -> [OrgUnit] {
        try await UnitQueries.villages(inCommune: commune.requireID(), on: db)
    }

    /// Officers (and administrators) whose subtree holds the commune found clubs in it.
    private static func authoriseCommune(_ req: Request) async throws -> (CurrentUser, OrgUnit) {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current, unit.unitLevel == .commune else { throw AppError.notFound }
        guard user.role.keepsUnits else { throw AppError.forbidden }
        return (user, unit)
    }

    /// Officers above a club edit it and change its status; its board does not decide those.
    private static func authoriseClub(_ req: Request) async throws -> (CurrentUser, OrgUnit, Club, OrgUnit) {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitLevel == .club,
            let club = try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first(),
            let commune = try await OrgUnit.find(club.$commune.id, on: req.db)
        else { throw AppError.notFound }
        guard user.role.keepsUnits else { throw AppError.forbidden }
        return (user, unit, club, commune)
    }
}

extension Response {
    func withStatus(_ status: HTTPResponseStatus) -> Response {
        self.status = status
        return self
    }
}
