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
        let member = Member(clubID: try club.requireID(), fullName: "", gender: "female", birthYear: nil)
        let errors = try await apply(input, to: member, club: club, isNew: true, on: req)
        guard errors.isEmpty else {
            let villages = try await villages(of: club, on: req.db)
            return MemberFormPage.render(
                req.page, clubUnit: clubUnit, villages: villages, input: input, member: nil, errors: errors, status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            try await member.create(on: db)
            try await Audit.record(req, "create", "member", member.id?.uuidString, on: db)
        }
        return req.redirect(to: Paths.member.link(try member.requireID(), query: [("done", "added")]), redirectType: .normal)
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
        let errors = try await apply(input, to: member, club: club, isNew: false, on: req)
        guard errors.isEmpty else {
            let villages = try await villages(of: club, on: req.db)
            return MemberFormPage.render(
                req.page, clubUnit: clubUnit, villages: villages, input: input, member: member, errors: errors, status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            try await member.update(on: db)
            try await Audit.record(req, "update", "member", member.id?.uuidString, on: db)
        }
        return req.redirect(to: Paths.member.link(try member.requireID(), query: [("done", "saved")]), redirectType: .normal)
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
        let t = req.t
        let today = req.today
        var errors = FormErrors()
        let day = Day(vietnamese: input.leftOn ?? "")
        let joined = member.joinedOn.flatMap(Day.init(iso:))
        if member.leftOn != nil {
            errors["left_on"] = t("member.error.already_left")
        } else if day == nil || day! > today {
            errors["left_on"] = t("member.error.left_on")
        } else if let joined, day! < joined {
            errors["left_on"] = t("member.error.left_before_joined", joined.vietnamese)
        }
        let reason = VietnameseText.normalize(input.reason ?? "")
        if reason.isEmpty { errors["reason"] = t("member.error.reason") }
        guard errors.isEmpty, let day else {
            var model = try await pageModel(req, user: user, member: member, club: club, clubUnit: clubUnit)
            model.errors = errors
            model.leaveInput = (input.leftOn ?? "", reason)
            return MemberPage.render(req.page, model, status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            try await Membership.end(member, on: day, reason: reason, on: db)
            try await Audit.record(req, "leave", "member", member.id?.uuidString, detail: reason, on: db)
        }
        return req.redirect(to: Paths.member.link(try member.requireID(), query: [("done", "left")]), redirectType: .normal)
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
        let next = try await req.db.transaction { db in
            let next = try await Membership.move(member, to: targetClub, on: day, reason: t("member.moved_to", target.name), on: db)
            try await Audit.record(req, "move", "member", member.id?.uuidString, detail: "→ \(next.id!.uuidString) \(day.iso)", on: db)
            return next
        }
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
        let next = member.nextSpell(in: try targetClub.requireID(), from: day)
        next.$village.id = targetClub.$commune.id == club.$commune.id ? member.$village.id : nil
        try await req.db.transaction { db in
            try await next.create(on: db)
            try await Audit.record(req, "rejoin", "member", next.id?.uuidString, detail: "after \(member.id!.uuidString)", on: db)
        }
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

    // MARK: - Rules

    /// Reads the form into `member`; returns the errors, in the order of the form.
    private static func apply(_ input: MemberInput, to member: Member, club: Club, isNew: Bool, on req: Request) async throws -> FormErrors {
        let t = req.t
        let today = req.today
        var errors = FormErrors()
        let name = VietnameseText.normalize(input.fullName ?? "")
        if name.isEmpty {
            errors["full_name"] = t("member.error.name")
        } else if VietnameseText.tooLong(name, 100) {
            errors["full_name"] = t("member.error.name_long")
        } else if VietnameseText.hasControl(name) {
            errors["full_name"] = t("form.error.control")
        }
        let gender = Gender(rawValue: input.gender ?? "")
        if gender == nil { errors["gender"] = t("member.error.gender") }
        let birth = BirthInput.parse(input.birth ?? "", today: today)
        if birth == nil { errors["birth"] = t("member.error.birth", today.year) }
        let villages = try await villages(of: club, on: req.db)
        let villageID = UUID(uuidString: input.village ?? "")
        if villageID != nil && !villages.contains(where: { $0.id == villageID }) { errors["village"] = t("member.error.village") }
        let phone = VietnameseText.normalize(input.phone ?? "")
        if !phone.isEmpty && !MemberRules.isPhone(phone) {
            errors["phone"] = t("member.error.phone")
        }
        let joinedText = VietnameseText.normalize(input.joinedOn ?? "")
        let joined = joinedText.isEmpty ? today : Day(vietnamese: joinedText)
        if joined == nil || joined! > today { errors["joined_on"] = t("member.error.joined_on") }
        if isNew && input.consent != "on" { errors["consent"] = t("member.error.consent") }
        guard errors.isEmpty, let gender, let birth, let joined else { return errors }

        member.fullName = name
        member.nameKey = VietnameseText.fold(name)
        member.gender = gender.rawValue
        member.birthYear = birth.year
        member.birthDate = birth.date?.iso
        member.ethnicity = VietnameseText.normalize(input.ethnicity ?? "").isEmpty ? nil : VietnameseText.normalize(input.ethnicity!)
        member.$village.id = villageID
        member.phone = phone.isEmpty ? nil : phone
        member.joinedOn = joined.iso
        for flag in MemberInput.flags { member[keyPath: flag.path] = input[keyPath: flag.input] == "on" }
        if isNew { member.consentOn = today.iso }
        return errors
    }

    /// Active members elsewhere in the same commune with the same name (ignoring accents) and birth year.
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
