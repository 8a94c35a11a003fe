import Fluent
import ISHCCore
import Vapor

/// A club's members: added and edited by the club's board or the officers above it; seen by them
/// only (viewers never see personal data), every view written to the audit log.
enum MemberController {

    // MARK: - Handlers

    static func form(req: Request) async throws -> Response {
        let (_, clubUnit, club) = try await Scope.writableClub(req)
        let villages = try await villages(of: club, on: req.db)
        var input = MemberInput()
        input.gender = "female"
        input.ethnicity = "Kinh"
        input.village = club.$village.id?.uuidString
        input.joinedOn = req.today.vietnamese
        return MemberFormPage.render(req.page, clubUnit: clubUnit, villages: villages, input: input, member: nil, errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (_, clubUnit, club) = try await Scope.writableClub(req)
        let input = try req.content.decode(MemberInput.self)
        switch try await MemberOperations.add(input.draft, to: club, by: req.author, today: req.today, on: req.db) {
        case .success(let member):
            return req.redirect(to: Paths.member.link(try member.requireID(), query: [("done", "added")]), redirectType: .normal)
        case .failure(let failure):
            let villages = try await villages(of: club, on: req.db)
            return MemberFormPage.render(
                req.page, clubUnit: clubUnit, villages: villages, input: input, member: nil, errors: MemberInput.errors(failure.problems, req.t),
                status: .unprocessableEntity)
        }
    }

    static func show(req: Request) async throws -> Response {
        let (user, member, club, clubUnit) = try await authoriseMember(req)
        // Health and disadvantage details are on this page: every view is written down.
        try await Audit.record(req, "view_sensitive", "member", member.id?.uuidString)
        var model = try await pageModel(req, user: user, member: member, club: club, clubUnit: clubUnit)
        let done = try? req.query.get(String.self, at: "done")
        model.notice = done.map { req.t("member.done.\($0)") }
        return MemberPage.render(req.page, model)
    }

    /// Everything the member page shows, before any form's errors.
    static func pageModel(_ req: Request, user: CurrentUser, member: Member, club: Club, clubUnit: OrgUnit) async throws -> MemberPage.Model {
        let spells = try await Membership.spells(of: member, on: req.db)
        let choices =
            user.role.canWrite
            ? try await Membership.clubChoices(for: user, near: club, excluding: nil, on: req.db) : []
        return MemberPage.Model(
            member: member, clubUnit: clubUnit, village: try await member.$village.get(on: req.db),
            duplicates: try await likelyDuplicates(of: member, club: club, on: req.db),
            spells: spells.map { (member: $0.member, club: $0.club, visible: Scope.contains(user, $0.club)) },
            isOpenElsewhere: spells.contains { $0.member.leftOn == nil && $0.member.id != member.id },
            moveTargets: choices.filter { $0.club.id != club.id }.map(\.unit),
            rejoinTargets: choices.map(\.unit),
            canWrite: user.role.canWrite, today: req.today,
            healthChecks: try await HealthCheck.query(on: req.db).filter(\.$member.$id == member.requireID())
                .sort(\.$checkedOn, .descending).limit(12).all())
    }

    static func editForm(req: Request) async throws -> Response {
        let (user, member, club, clubUnit) = try await authoriseMember(req)
        guard user.role.canWrite else { throw AppError.forbidden }
        var input = MemberInput()
        input.fullName = member.fullName
        input.gender = member.gender
        input.birth = member.birthDate.flatMap(Day.init(iso:))?.vietnamese ?? member.birthYear.map(String.init)
        input.ethnicity = member.ethnicity
        input.village = member.$village.id?.uuidString
        input.phone = member.phone
        input.joinedOn = member.joinedOn.flatMap(Day.init(iso:))?.vietnamese
        let checked = MemberInput.flags.filter { member[keyPath: $0.path] }.map(\.key)
        input.volunteer = checked.contains("volunteer") ? "on" : nil
        input.poor = checked.contains("poor") ? "on" : nil
        input.nearPoor = checked.contains("near_poor") ? "on" : nil
        input.disability = checked.contains("disability") ? "on" : nil
        input.livesAlone = checked.contains("lives_alone") ? "on" : nil
        input.ethnicMinority = checked.contains("ethnic_minority") ? "on" : nil
        input.singleOlderWoman = checked.contains("single_older_woman") ? "on" : nil
        input.chronicIllness = checked.contains("chronic_illness") ? "on" : nil
        input.healthInsurance = checked.contains("health_insurance") ? "on" : nil
        try await Audit.record(req, "view_sensitive", "member", member.id?.uuidString, detail: "edit form")
        let villages = try await villages(of: club, on: req.db)
        return MemberFormPage.render(req.page, clubUnit: clubUnit, villages: villages, input: input, member: member, errors: FormErrors())
    }

    static func update(req: Request) async throws -> Response {
        let (user, member, club, clubUnit) = try await authoriseMember(req)
        guard user.role.canWrite else { throw AppError.forbidden }
        let input = try req.content.decode(MemberInput.self)
        switch try await MemberOperations.edit(member, input.draft, club: club, by: req.author, today: req.today, on: req.db) {
        case .success:
            return req.redirect(to: Paths.member.link(try member.requireID(), query: [("done", "saved")]), redirectType: .normal)
        case .failure(let failure):
            let villages = try await villages(of: club, on: req.db)
            return MemberFormPage.render(
                req.page, clubUnit: clubUnit, villages: villages, input: input, member: member,
                errors: MemberInput.errors(failure.problems, req.t), status: .unprocessableEntity)
        }
    }

    struct LeaveInput: Content {
        var leftOn: String?
        var reason: String?
        enum CodingKeys: String, CodingKey { case leftOn = "left_on", reason }
    }

    static func leave(req: Request) async throws -> Response {
        let (user, member, club, clubUnit) = try await authoriseMember(req)
        guard user.role.canWrite else { throw AppError.forbidden }
        let input = try req.content.decode(LeaveInput.self)
        let result = try await MemberOperations.leave(
            member, leftOn: input.leftOn ?? "", reason: input.reason ?? "", by: req.author, today: req.today, on: req.db)
        guard case .failure(let failure) = result else {
            return req.redirect(to: Paths.member.link(try member.requireID(), query: [("done", "left")]), redirectType: .normal)
        }
        var model = try await pageModel(req, user: user, member: member, club: club, clubUnit: clubUnit)
        model.errors = MemberInput.errors(failure.problems, req.t)
        model.leaveInput = (input.leftOn ?? "", VietnameseText.normalize(input.reason ?? ""))
        return MemberPage.render(req.page, model, status: .unprocessableEntity)
    }

    /// Moves an active member to another club from a day: the spell here ends, one there begins.
    static func move(req: Request) async throws -> Response {
        let (user, member, club, clubUnit) = try await authoriseMember(req)
        guard user.role.canWrite else { throw AppError.forbidden }
        let input = try req.content.decode(MemberMoveInput.self)
        var model = try await pageModel(req, user: user, member: member, club: club, clubUnit: clubUnit)
        let t = req.t
        var errors = FormErrors()
        let target = model.moveTargets.first { $0.id?.uuidString == input.moveClub }
        if member.leftOn != nil { errors["move_day"] = t("member.error.already_left") }
        if target == nil { errors["move_club"] = t("member.error.move_club") }
        let day = try checkDay(
            input.moveDay, after: member.joinedOn.flatMap(Day.init(iso:)), field: "move_day", today: model.today, into: &errors, t: t)
        guard errors.isEmpty, let target, let day,
            let targetClub = try await Club.query(on: req.db).filter(\.$unit.$id == target.requireID()).first()
        else {
            model.errors = errors
            model.moveInput = input
            return MemberPage.render(req.page, model, status: .unprocessableEntity)
        }
        let next = try await MemberOperations.move(
            member, to: targetClub, on: day, reason: t("member.moved_to", target.name), by: req.author, on: req.db)
        return req.redirect(to: Paths.member.link(try next.requireID(), query: [("done", "moved")]), redirectType: .normal)
    }

    /// A former member joins again (here or in another club): a new spell for the same person.
    static func rejoin(req: Request) async throws -> Response {
        let (user, member, club, clubUnit) = try await authoriseMember(req)
        guard user.role.canWrite else { throw AppError.forbidden }
        let input = try req.content.decode(MemberMoveInput.self)
        var model = try await pageModel(req, user: user, member: member, club: club, clubUnit: clubUnit)
        let t = req.t
        var errors = FormErrors()
        let target = model.rejoinTargets.first { $0.id?.uuidString == input.rejoinClub }
        if member.leftOn == nil || model.isOpenElsewhere {
            errors["rejoin_club"] = t("member.error.still_member")
        } else if target == nil {
            errors["rejoin_club"] = t("member.error.move_club")
        }
        let day = try checkDay(
            input.rejoinDay, after: member.leftOn.flatMap(Day.init(iso:)), field: "rejoin_day", today: model.today, into: &errors, t: t)
        guard errors.isEmpty, let target, let day,
            let targetClub = try await Club.query(on: req.db).filter(\.$unit.$id == target.requireID()).first()
        else {
            model.errors = errors
            model.rejoinInput = input
            return MemberPage.render(req.page, model, status: .unprocessableEntity)
        }
        let next = try await MemberOperations.rejoin(member, from: club, to: targetClub, on: day, by: req.author, on: req.db)
        return req.redirect(to: Paths.member.link(try next.requireID(), query: [("done", "rejoined")]), redirectType: .normal)
    }

    /// A day not in the future and not before `after`.
    private static func checkDay(_ text: String?, after: Day?, field: String, today: Day, into errors: inout FormErrors, t: Texts) throws -> Day? {
        guard let day = Day(vietnamese: text ?? ""), day <= today else {
            errors[field] = t("member.error.move_day")
            return nil
        }
        if let after, day < after {
            errors[field] = t("member.error.move_before", after.vietnamese)
            return nil
        }
        return day
    }

    static func likelyDuplicates(of member: Member, club: Club, on db: any Database) async throws -> [(Member, OrgUnit)] {
        guard let year = member.birthYear else { return [] }
        let others = try await Member.query(on: db)
            .join(Club.self, on: \Member.$club.$id == \Club.$id)
            .filter(Club.self, \.$commune.$id == club.$commune.id)
            .filter(\.$nameKey == member.nameKey).filter(\.$birthYear == year).filter(\.$leftOn == nil)
            .filter(\.$id != member.requireID())
            .all()
        var result: [(Member, OrgUnit)] = []
        for other in others {
            let otherClub = try other.joined(Club.self)
            if let unit = try await OrgUnit.find(otherClub.$unit.id, on: db) { result.append((other, unit)) }
        }
        return result
    }

    static func villages(of club: Club, on db: any Database) async throws -> [OrgUnit] {
        try await UnitQueries.villages(inCommune: club.$commune.id, on: db)
    }

    // MARK: - Access

    /// A member inside the user's subtree; viewers never see members.
    private static func authoriseMember(_ req: Request) async throws -> (CurrentUser, Member, Club, OrgUnit) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("memberID", as: UUID.self),
            let member = try await Member.find(id, on: req.db),
            let club = try await Club.find(member.$club.id, on: req.db),
            let unit = try await OrgUnit.find(club.$unit.id, on: req.db)
        else { throw AppError.notFound }
        guard Scope.contains(user, unit), user.role.seesPersonalData else { throw AppError.forbidden }
        return (user, member, club, unit)
    }
}
