import Fluent
import ISHCCore
import Vapor

/// Health checks (area 2): at a check day the secretary types each member's blood pressure and
/// weight in one form; each reading can be corrected alone. Health data is sensitive: viewers never
/// see it, and every page that shows it writes `view_sensitive` to the audit log.
enum HealthCheckController {

    static func list(req: Request) async throws -> Response {
        let (user, unit, club) = try await Scope.club(req, write: false, personal: true)
        let today = req.today
        let year = req.chosenYear(today: today)
        let checks = try await HealthCheck.query(on: req.db).filter(\.$club.$id == club.requireID())
            .filter(\.$checkedOn >= "\(year)-01-01").filter(\.$checkedOn <= "\(year)-12-31")
            .with(\.$member).sort(\.$checkedOn, .descending).all()
        try await Audit.record(req, "view_sensitive", "health_checks", club.id!.uuidString, detail: "\(year): \(checks.count)")
        let canAdd = user.role.canWrite && club.isOpen
        return HealthPages.list(req.page, unit: unit, year: year, checks: checks, canAdd: canAdd)
    }

    static func form(req: Request) async throws -> Response {
        let (_, unit, club) = try await Scope.club(req, write: true, personal: true)
        let members = try await MemberStore.activeMembers(of: club, on: req.today, db: req.db)
        var session = HealthCheckSession()
        session.checkedOn = req.today.vietnamese
        return HealthPages.sessionForm(req.page, unit: unit, members: members, session: session, errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (_, unit, club) = try await Scope.club(req, write: true, personal: true)
        let fields = try req.content.decode([String: String].self)
        let today = req.today
        let members = try await MemberStore.activeMembers(of: club, on: Day(vietnamese: fields["checked_on"] ?? "") ?? today, db: req.db)
        let draft = HealthCheckSession.draft(fields, members: members)
        switch try await HealthOperations.recordDay(draft, club: club, members: members, by: req.author, today: today, on: req.db) {
        case .success(let checks):
            let day = Day(vietnamese: draft.checkedOn)!
            return req.redirect(
                to: Paths.healthChecks.link(unit.id!, query: [("nam", String(day.year)), ("done", String(checks.count))]),
                redirectType: .normal)
        case .failure(let failure):
            return HealthPages.sessionForm(
                req.page, unit: unit, members: members, session: HealthCheckSession(draft),
                errors: HealthCheckSession.errors(failure.problems, members: members, req.t), status: .unprocessableEntity)
        }
    }

    static func editForm(req: Request) async throws -> Response {
        let (_, check, unit, _) = try await authoriseCheck(req)
        try await Audit.record(req, "view_sensitive", "health_check", check.id!.uuidString)
        let member = try await check.$member.get(on: req.db)
        var input = HealthCheckInput()
        input.checkedOn = Day(iso: check.checkedOn)?.vietnamese
        input.place = check.place
        input.systolic = check.systolic.map(String.init)
        input.diastolic = check.diastolic.map(String.init)
        input.weight = check.weightTenths.map { HealthReading.formatWeight($0).replacingOccurrences(of: " kg", with: "") }
        input.notes = check.notes
        return HealthPages.editForm(req.page, unit: unit, check: check, member: member, input: input, errors: FormErrors())
    }

    static func update(req: Request) async throws -> Response {
        let (user, check, unit, club) = try await authoriseCheck(req)
        let input = try req.content.decode(HealthCheckInput.self)
        let member = try await check.$member.get(on: req.db)
        let t = req.t
        let today = req.today
        let day = Day(vietnamese: input.checkedOn ?? "")
        var errors = FormErrors()
        if let problem = club.problem(with: day, today: today, t: t) {
            errors["checked_on"] = problem
        } else if let day, day.iso != check.checkedOn,
            try await HealthCheck.query(on: req.db).filter(\.$member.$id == member.requireID()).filter(\.$checkedOn == day.iso).first() != nil
        {
            errors["checked_on"] = t("health.error.already", member.fullName)
        }
        let (reading, problems) = HealthRules.read(systolic: input.systolic ?? "", diastolic: input.diastolic ?? "", weight: input.weight ?? "")
        for p in problems where errors[p.field] == nil { errors[p.field] = t(p.key) }
        if problems.isEmpty && reading.isEmpty { errors["systolic"] = t("health.error.nothing_one") }
        let place = VietnameseText.normalize(input.place ?? "")
        let notes = (input.notes ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if VietnameseText.tooLong(notes, 2000) { errors["notes"] = t("activity.error.too_long", 2000) }
        guard errors.isEmpty, let day else {
            return HealthPages.editForm(
                req.page, unit: unit, check: check, member: member, input: input, errors: errors, status: .unprocessableEntity)
        }
        check.checkedOn = day.iso
        check.place = place.isEmpty ? nil : place
        check.systolic = reading.systolic
        check.diastolic = reading.diastolic
        check.weightTenths = reading.weightTenths
        check.notes = notes.isEmpty ? nil : notes
        check.updatedBy = user.id
        try await req.db.transaction { db in
            try await check.save(on: db)
            try await Audit.record(req, "update", "health_check", check.id!.uuidString, detail: day.iso, on: db)
        }
        return req.redirect(to: Paths.healthChecks.link(unit.id!, query: [("nam", String(day.year)), ("done", "saved")]), redirectType: .normal)
    }

    // MARK: Access

    private static func authoriseCheck(_ req: Request) async throws -> (CurrentUser, HealthCheck, OrgUnit, Club) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("checkID", as: UUID.self),
            let check = try await HealthCheck.find(id, on: req.db),
            let club = try await Club.find(check.$club.id, on: req.db),
            let unit = try await OrgUnit.find(club.$unit.id, on: req.db)
        else { throw AppError.notFound }
        guard Scope.contains(user, unit), user.role.canWrite, user.role.seesPersonalData else { throw AppError.forbidden }
        return (user, check, unit, club)
    }
}
