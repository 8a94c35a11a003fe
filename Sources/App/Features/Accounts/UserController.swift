import Fluent
import ISHCCore
import Vapor

/// Users below one's own unit: only administrators and officers manage them.
enum UserController {
    static func list(req: Request) async throws -> Response {
        let me = try requireManager(req)
        let query = VietnameseText.normalize((try? req.query.get(String.self, at: "q")) ?? "")
        let rows = try await User.query(on: req.db)
            .join(OrgUnit.self, on: \User.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$scopePath =~ me.unitPath)
            .all()
        var items: [(user: User, unit: OrgUnit)] = try rows.map { ($0, try $0.joined(OrgUnit.self)) }
            .filter { UnitPath.contains(me.unitPath, $0.1.scopePath) }
        if !query.isEmpty {
            items = items.filter { VietnameseText.matches("\($0.user.fullName) \($0.user.username) \($0.unit.name)", query: query) }
        }
        items = items.sorted(byPerson: { $0.user.fullName })
        return UserListPage.render(req.page, items: items, query: query)
    }

    /// The form offers the units below the officer where a user can be placed (their own unit, the
    /// communes and clubs below it; provinces for the national level), with the unit of the page
    /// it was opened from chosen.
    static func form(req: Request) async throws -> Response {
        let me = try requireManager(req)
        let unitID = (try? req.query.get(UUID.self, at: "unit")) ?? me.unitID
        let unit = try await scopedUnit(req, me, unitID)
        let choices = try await unitChoices(me, selected: unit, on: req.db)
        let fitting = roles(for: me, at: unit)
        let input = NewUserInput(role: fitting.first?.rawValue, unit: unit.id)
        return NewUserPage.render(req.page, choices: choices, roles: me.role.assignableRoles, input: input, errors: FormErrors())
    }

    /// parse → authorise by scope and rank → validate → create → back to the unit.
    static func create(req: Request) async throws -> Response {
        let me = try requireManager(req)
        var input = try req.content.decode(NewUserInput.self)
        guard let unitID = input.unit else { throw AppError.badRequest(req.t("user.error.unit_missing")) }
        let unit = try await scopedUnit(req, me, unitID)
        let roles = me.role.assignableRoles

        let t = req.t
        var errors = FormErrors()
        let fullName = VietnameseText.normalize(input.fullName ?? "")
        let username = VietnameseText.normalize(input.username ?? "").lowercased()
        input.fullName = fullName
        input.username = username
        if fullName.isEmpty {
            errors["full_name"] = t("user.error.name_required")
        } else if VietnameseText.tooLong(fullName, 100) {
            errors["full_name"] = t("activity.error.too_long", 100)
        } else if VietnameseText.hasControl(fullName) {
            errors["full_name"] = t("form.error.control")
        }
        let role = Role(rawValue: input.role ?? "")
        if role == nil || !roles.contains(role!) || unit.unitStructure != .current {
            errors["role"] = t("user.error.role")
        } else if !role!.allowedLevels.contains(unit.unitLevel) {
            errors["role"] = t("user.error.role_unit", t("role.\(role!.rawValue)"), UnitPage.levelName(t, unit))
        }
        if !Self.validUsername(username) {
            errors["username"] = t("user.error.username_format")
        } else if try await User.query(on: req.db).filter(\.$username == username).first() != nil {
            errors["username"] = t("user.error.username_taken", username)
        }
        if let problem = PasswordPolicy.check(
            input.password ?? "", confirmation: input.passwordConfirm ?? "", username: username,
            unitName: unit.name, common: req.application.commonPasswords)
        {
            errors[problem == .mismatch ? "password_confirm" : "password"] = passwordMessage(t, problem)
        }
        guard errors.isEmpty, let role else {
            let choices = try await unitChoices(me, selected: unit, on: req.db)
            return NewUserPage.render(req.page, choices: choices, roles: roles, input: input, errors: errors, status: .unprocessableEntity)
        }

        let hash = try await req.password.async.hash(input.password!)
        let user = User(username: username, fullName: fullName, role: role, unitID: try unit.requireID(), passwordHash: hash)
        user.phone = input.phone.map(VietnameseText.normalize).flatMap { $0.isEmpty ? nil : $0 }
        user.createdBy = me.id
        user.mustChangePassword = true
        try await req.db.transaction { db in
            try await user.create(on: db)
            try await Audit.record(req, "create", "user", user.id?.uuidString, detail: "\(username) \(role.rawValue)", on: db)
        }
        return req.redirect(to: Paths.user.link(try user.requireID(), query: [("created", "1")]), redirectType: .normal)
    }

    static func show(req: Request) async throws -> Response {
        let (me, user, unit) = try await Scope.user(req)
        guard me.role.managesUsers || me.id == user.id else { throw AppError.forbidden }
        let created = (try? req.query.get(String.self, at: "created")) != nil
        let done = try? req.query.get(String.self, at: "done")
        return UserPage.render(
            req.page, user: user, unit: unit, canManage: canManage(me, user),
            notice: created ? req.t("user.created") : done.map { req.t("user.done.\($0)") },
            errors: FormErrors())
    }

    struct ResetInput: Content {
        var password: String?
        var passwordConfirm: String?
        enum CodingKeys: String, CodingKey { case password, passwordConfirm = "password_confirm" }
    }

    /// An officer sets a temporary password for a user below them; the user must change it at next login.
    static func resetPassword(req: Request) async throws -> Response {
        let (me, user, unit) = try await Scope.user(req)
        guard canManage(me, user) else { throw AppError.forbidden }
        let input = try req.content.decode(ResetInput.self)
        if let problem = PasswordPolicy.check(
            input.password ?? "", confirmation: input.passwordConfirm ?? "", username: user.username,
            unitName: unit.name, common: req.application.commonPasswords)
        {
            var errors = FormErrors()
            errors[problem == .mismatch ? "password_confirm" : "password"] = passwordMessage(req.t, problem)
            return UserPage.render(req.page, user: user, unit: unit, canManage: true, notice: nil, errors: errors, status: .unprocessableEntity)
        }
        user.passwordHash = try await req.password.async.hash(input.password!)
        user.mustChangePassword = true
        try await req.db.transaction { db in
            try await user.update(on: db)
            try await SessionStore.endAll(userID: user.requireID(), on: db)
            try await Audit.record(req, "reset_password", "user", user.id?.uuidString, on: db)
        }
        return req.redirect(to: Paths.user.link(try user.requireID(), query: [("done", "reset")]), redirectType: .normal)
    }

    struct ActiveInput: Content { var active: String? }

    static func setActive(req: Request) async throws -> Response {
        let (me, user, _) = try await Scope.user(req)
        guard canManage(me, user) else { throw AppError.forbidden }
        let active = try req.content.decode(ActiveInput.self).active == "1"
        user.active = active
        try await req.db.transaction { db in
            try await user.update(on: db)
            if !active { try await SessionStore.endAll(userID: user.requireID(), on: db) }
            try await Audit.record(req, active ? "activate" : "deactivate", "user", user.id?.uuidString, on: db)
        }
        return req.redirect(to: Paths.user.link(try user.requireID(), query: [("done", active ? "activated" : "deactivated")]), redirectType: .normal)
    }

    // MARK: - Rules

    static func validUsername(_ name: String) -> Bool {
        (3...40).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Roles `me` may give at `unit`: lower rank than their own, and fitting the unit's level.
    static func roles(for me: CurrentUser, at unit: OrgUnit) -> [Role] {
        guard unit.unitStructure == .current else { return [] }
        return me.role.assignableRoles.filter { $0.allowedLevels.contains(unit.unitLevel) }
    }

    /// Units a new user may be placed in, as (id, label) in the order a person looks for them:
    /// the officer's own unit, then each commune followed by its clubs.
    static func unitChoices(_ me: CurrentUser, selected: OrgUnit, on db: any Database) async throws -> [(id: UUID, label: String)] {
        let levels = Set(me.role.assignableRoles.flatMap { $0.allowedLevels }).map(\.rawValue)
        let below = try await OrgUnit.query(on: db)
            .filter(\.$structure == UnitStructure.current.rawValue)
            .filter(\.$scopePath =~ me.unitPath)
            .filter(\.$level ~~ (me.unitLevel == .nation ? [UnitLevel.nation.rawValue, UnitLevel.province.rawValue] : levels))
            .all()
        let own = below.filter { $0.id == me.unitID }
        let communes = below.filter { $0.unitLevel == .commune || $0.unitLevel == .province }
            .filter { $0.id != me.unitID }.sorted(byPlace: { $0.name })
        let clubs = below.filter { $0.unitLevel == .club }.sorted(byPlace: { $0.name })
        var result: [(id: UUID, label: String)] = own.map { ($0.id!, $0.name) }
        // Clubs of the officer's own commune come right after it.
        result += clubs.filter { club in !communes.contains { club.path.hasPrefix($0.path) } }.map { ($0.id!, "— \($0.name)") }
        for commune in communes {
            result.append((commune.id!, commune.name))
            result += clubs.filter { $0.path.hasPrefix(commune.path) }.map { ($0.id!, "— \($0.name)") }
        }
        if !result.contains(where: { $0.id == selected.id }) { result.insert((selected.id!, selected.name), at: min(1, result.count)) }
        return result
    }

    static func canManage(_ me: CurrentUser, _ user: User) -> Bool {
        me.id != user.id && me.role.canManage(user.userRole)
    }

    static func passwordMessage(_ t: Texts, _ problem: PasswordPolicy.Problem) -> String {
        switch problem {
        case .tooShort: return t("password.error.short", PasswordPolicy.minCharacters)
        case .tooLong: return t("password.error.long")
        case .mismatch: return t("password.error.mismatch")
        case .sameAsUsername: return t("password.error.username")
        case .sameAsUnit: return t("password.error.unit")
        case .common: return t("password.error.common")
        }
    }

    private static func requireManager(_ req: Request) throws -> CurrentUser {
        let me = try req.requireUser()
        guard me.role.managesUsers else { throw AppError.forbidden }
        return me
    }

    private static func scopedUnit(_ req: Request, _ me: CurrentUser, _ id: UUID) async throws -> OrgUnit {
        guard let unit = try await OrgUnit.find(id, on: req.db) else { throw AppError.notFound }
        guard Scope.contains(me, unit) else { throw AppError.forbidden }
        return unit
    }
}
