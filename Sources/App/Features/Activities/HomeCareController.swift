import Fluent
import ISHCCore
import Vapor

/// Home care (area 3): the club's volunteers (members marked as such), the people they care for
/// (members or not), and each visit: day, volunteer, what was done, how long. Names of the people
/// cared for are personal data: viewers see the club page's counts only.
enum HomeCareController {

    // MARK: CareOverview

    static func overview(req: Request) async throws -> Response {
        let (user, unit, club) = try await Scope.club(req, write: false, personal: true)
        let today = req.today
        let asked = (try? req.query.get(String.self, at: "thang")) ?? ""
        let month = monthKey(asked) ?? MonthKey(today)
        let members = try await MemberStore.all(club: club.requireID(), on: req.db)
        let recipients = try await CareRecipient.query(on: req.db).filter(\.$club.$id == club.requireID()).all()
            .sorted(byPerson: { $0.fullName })
        let first = Day(year: month.year, month: month.month, day: 1)!
        let last = Day(year: month.year, month: month.month, day: Day.daysIn(month: month.month, year: month.year))!
        let visits = try await CareVisit.query(on: req.db).filter(\.$club.$id == club.requireID())
            .filter(\.$visitedOn >= first.iso).filter(\.$visitedOn <= last.iso).sort(\.$visitedOn, .descending).all()
        try await Audit.record(req, "view_sensitive", "home_care", club.id!.uuidString, detail: month.description)
        let model = CareOverview(
            unit: unit, club: club,
            volunteers: members.filter { $0.homeCareVolunteer && $0.facts.isActive(on: today) }.sorted(byPerson: { $0.fullName }),
            recipients: recipients, visits: visits, names: names(members, recipients), month: month,
            canWrite: user.role.canWrite && takesRecords(club))
        return HomeCarePages.overview(req.page, model)
    }

    /// `11/2026` or `2026-11`.
    static func monthKey(_ text: String) -> MonthKey? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        let (m, y) = parts[0] > 12 ? (parts[1], parts[0]) : (parts[0], parts[1])
        guard (1...12).contains(m), (2000...2100).contains(y) else { return nil }
        return MonthKey(year: y, month: m)
    }

    private static func names(_ members: [Member], _ recipients: [CareRecipient]) -> [UUID: String] {
        var names = Dictionary(members.map { ($0.id!, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        for r in recipients { names[r.id!] = r.fullName }
        return names
    }

    private static func takesRecords(_ club: Club) -> Bool {
        club.isOpen
    }

    // MARK: People cared for

    static func recipientForm(req: Request) async throws -> Response {
        let (_, unit, club) = try await Scope.club(req, write: true, personal: true)
        var input = CareRecipientInput()
        input.since = req.today.vietnamese
        return try await HomeCarePages.recipientForm(
            req.page, unit: unit, recipient: nil, choices: choices(club, req: req), input: input, errors: FormErrors())
    }

    static func createRecipient(req: Request) async throws -> Response {
        let (user, unit, club) = try await Scope.club(req, write: true, personal: true)
        let recipient = CareRecipient()
        recipient.$club.id = try club.requireID()
        recipient.createdBy = user.id
        return try await saveRecipient(req, recipient, unit: unit, club: club)
    }

    static func recipient(req: Request) async throws -> Response {
        let (user, recipient, unit, club) = try await authoriseRecipient(req, write: false)
        let visits = try await CareVisit.query(on: req.db).filter(\.$recipient.$id == recipient.requireID())
            .sort(\.$visitedOn, .descending).all()
        let members = try await MemberStore.all(club: club.requireID(), on: req.db)
        try await Audit.record(req, "view_sensitive", "care_recipient", recipient.id!.uuidString)
        var input = CareVisitInput()
        input.visitedOn = req.today.vietnamese
        input.volunteer = recipient.volunteerID?.uuidString
        let canWrite = user.role.canWrite && takesRecords(club)
        return try await HomeCarePages.recipient(
            req.page, unit: unit, recipient: recipient, visits: visits,
            names: names(members, [recipient]),
            volunteers: canWrite ? volunteers(club, req: req) : [],
            canWrite: canWrite, input: input, errors: FormErrors(),
            notice: (try? req.query.get(String.self, at: "done")).map { req.t("care.done.\($0)") })
    }

    static func editRecipientForm(req: Request) async throws -> Response {
        let (_, recipient, unit, club) = try await authoriseRecipient(req, write: true)
        var input = CareRecipientInput()
        input.member = recipient.memberID?.uuidString
        input.fullName = recipient.memberID == nil ? recipient.fullName : nil
        input.birthYear = recipient.birthYear.map(String.init)
        input.address = recipient.address
        input.needs = recipient.needs
        input.volunteer = recipient.volunteerID?.uuidString
        input.since = Day(iso: recipient.since)?.vietnamese
        input.until = recipient.until.flatMap(Day.init(iso:))?.vietnamese
        input.untilReason = recipient.untilReason
        return try await HomeCarePages.recipientForm(
            req.page, unit: unit, recipient: recipient, choices: choices(club, req: req, including: recipient),
            input: input, errors: FormErrors())
    }

    static func updateRecipient(req: Request) async throws -> Response {
        let (_, recipient, unit, club) = try await authoriseRecipient(req, write: true)
        return try await saveRecipient(req, recipient, unit: unit, club: club)
    }

    private static func choices(_ club: Club, req: Request, including r: CareRecipient? = nil) async throws -> CareChoices {
        let today = req.today
        let keep = Set([r?.memberID, r?.volunteerID].compactMap { $0 })
        let members = try await MemberStore.activeMembers(of: club, on: today, db: req.db, including: keep)
        return CareChoices(members: members, volunteers: members.filter { $0.homeCareVolunteer || keep.contains($0.id!) })
    }

    private static func volunteers(_ club: Club, req: Request, including: Set<UUID> = []) async throws -> [Member] {
        try await MemberStore.activeMembers(of: club, on: req.today, db: req.db, including: including)
            .filter { $0.homeCareVolunteer || including.contains($0.id!) }
    }

    private static func saveRecipient(_ req: Request, _ r: CareRecipient, unit: OrgUnit, club: Club) async throws -> Response {
        let input = try req.content.decode(CareRecipientInput.self)
        let t = req.t
        let today = req.today
        let choices = try await choices(club, req: req, including: r.id == nil ? nil : r)
        var errors = FormErrors()
        let member = (input.member ?? "").isEmpty ? nil : choices.members.first { $0.id?.uuidString == input.member }
        if !(input.member ?? "").isEmpty && member == nil { errors["member"] = t("activity.error.member") }
        let name = VietnameseText.normalize(input.fullName ?? "")
        if member == nil && name.isEmpty && errors["member"] == nil { errors["member"] = t("care.error.who") }
        if member != nil && !name.isEmpty { errors["full_name"] = t("care.error.both") }
        if VietnameseText.tooLong(name, 120) {
            errors["full_name"] = t("activity.error.too_long", 120)
        } else if VietnameseText.hasControl(name) {
            errors["full_name"] = t("form.error.control")
        }
        var birthYear: Int?
        if let raw = input.birthYear?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let y = Int(raw), (1900...today.year).contains(y) { birthYear = y } else { errors["birth_year"] = t("care.error.birth_year") }
        }
        let address = VietnameseText.normalize(input.address ?? "")
        let needs = (input.needs ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if VietnameseText.tooLong(address, 200) { errors["address"] = t("activity.error.too_long", 200) }
        if VietnameseText.tooLong(needs, 2000) { errors["needs"] = t("activity.error.too_long", 2000) }
        let volunteer = (input.volunteer ?? "").isEmpty ? nil : choices.volunteers.first { $0.id?.uuidString == input.volunteer }
        if !(input.volunteer ?? "").isEmpty && volunteer == nil { errors["volunteer"] = t("care.error.volunteer") }
        let since = Day(vietnamese: input.since ?? "")
        if since == nil { errors["since"] = t("activity.error.day") } else if since! > today { errors["since"] = t("activity.error.future") }
        var until: Day?
        if let raw = input.until, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            until = Day(vietnamese: raw)
            if until == nil {
                errors["until"] = t("activity.error.day")
            } else if until! > today {
                errors["until"] = t("activity.error.future")
            } else if let since, until! < since {
                errors["until"] = t("care.error.until_before")
            }
        }
        let reason = VietnameseText.normalize(input.untilReason ?? "")
        guard errors.isEmpty, let since else {
            return try await HomeCarePages.recipientForm(
                req.page, unit: unit, recipient: r.id == nil ? nil : r, choices: choices,
                input: input, errors: errors, status: .unprocessableEntity)
        }
        let isNew = r.id == nil
        r.memberID = member?.id
        r.fullName = member?.fullName ?? name
        r.birthYear = member?.birthYear ?? birthYear
        r.address = address.isEmpty ? nil : address
        r.needs = needs.isEmpty ? nil : needs
        r.volunteerID = volunteer?.id
        r.since = since.iso
        r.until = until?.iso
        r.untilReason = until == nil || reason.isEmpty ? nil : reason
        try await req.db.transaction { db in
            try await r.save(on: db)
            try await Audit.record(req, isNew ? "create" : "update", "care_recipient", r.id!.uuidString, on: db)
        }
        return req.redirect(to: Paths.careRecipient.link(r.id!, query: [("done", isNew ? "created" : "saved")]), redirectType: .normal)
    }

    // MARK: Visits

    static func createVisit(req: Request) async throws -> Response {
        let (user, recipient, unit, club) = try await authoriseRecipient(req, write: true)
        let visit = CareVisit()
        visit.$recipient.id = try recipient.requireID()
        visit.$club.id = try club.requireID()
        visit.createdBy = user.id
        return try await saveVisit(req, visit, recipient: recipient, unit: unit, club: club)
    }

    static func editVisitForm(req: Request) async throws -> Response {
        let (_, visit, recipient, unit, club) = try await authoriseVisit(req)
        var input = CareVisitInput()
        input.visitedOn = Day(iso: visit.visitedOn)?.vietnamese
        input.volunteer = visit.$volunteer.id.uuidString
        input.tasks = visit.taskList
        input.minutes = String(visit.minutes)
        input.notes = visit.notes
        return try await HomeCarePages.visitForm(
            req.page, unit: unit, recipient: recipient, visit: visit,
            volunteers: volunteers(club, req: req, including: [visit.$volunteer.id]),
            input: input, errors: FormErrors())
    }

    static func updateVisit(req: Request) async throws -> Response {
        let (user, visit, recipient, unit, club) = try await authoriseVisit(req)
        visit.updatedBy = user.id
        return try await saveVisit(req, visit, recipient: recipient, unit: unit, club: club)
    }

    private static func saveVisit(_ req: Request, _ visit: CareVisit, recipient: CareRecipient, unit: OrgUnit, club: Club) async throws -> Response {
        let input = try req.content.decode(CareVisitInput.self)
        let t = req.t
        let today = req.today
        let isNew = visit.id == nil
        let volunteers = try await volunteers(club, req: req, including: isNew ? [] : [visit.$volunteer.id])
        let result = try await HomeCareOperations.recordVisit(
            input.draft, visit: visit, recipient: recipient, volunteers: volunteers, by: req.author, today: today, on: req.db)
        if case .failure(let failure) = result {
            let errors = CareVisitInput.errors(failure.problems, t)
            if isNew {
                let members = try await MemberStore.all(club: club.requireID(), on: req.db)
                let visits = try await CareVisit.query(on: req.db).filter(\.$recipient.$id == recipient.requireID())
                    .sort(\.$visitedOn, .descending).all()
                return try await HomeCarePages.recipient(
                    req.page, unit: unit, recipient: recipient, visits: visits, names: names(members, [recipient]),
                    volunteers: volunteers, canWrite: true, input: input, errors: errors, notice: nil,
                    status: .unprocessableEntity)
            }
            return try await HomeCarePages.visitForm(
                req.page, unit: unit, recipient: recipient, visit: visit, volunteers: volunteers,
                input: input, errors: errors, status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.careRecipient.link(recipient.id!, query: [("done", isNew ? "visit" : "visit_saved")]), redirectType: .normal)
    }

    // MARK: Access

    private static func authoriseRecipient(_ req: Request, write: Bool, parameter id: UUID? = nil) async throws -> (
        CurrentUser, CareRecipient, OrgUnit, Club
    ) {
        let user = try req.requireUser()
        guard let id = id ?? req.parameters.get("recipientID", as: UUID.self),
            let recipient = try await CareRecipient.find(id, on: req.db),
            let club = try await Club.find(recipient.$club.id, on: req.db),
            let unit = try await OrgUnit.find(club.$unit.id, on: req.db)
        else { throw AppError.notFound }
        guard Scope.contains(user, unit), user.role.seesPersonalData else { throw AppError.forbidden }
        if write {
            guard user.role.canWrite else { throw AppError.forbidden }
            guard takesRecords(club) else { throw AppError.badRequest(req.t("member.error.club_closed", req.t("club.status.\(club.status)"))) }
        }
        return (user, recipient, unit, club)
    }

    private static func authoriseVisit(_ req: Request) async throws -> (CurrentUser, CareVisit, CareRecipient, OrgUnit, Club) {
        guard let id = req.parameters.get("visitID", as: UUID.self),
            let visit = try await CareVisit.find(id, on: req.db)
        else { throw AppError.notFound }
        let (user, recipient, unit, club) = try await authoriseRecipient(req, write: true, parameter: visit.$recipient.id)
        return (user, visit, recipient, unit, club)
    }
}
