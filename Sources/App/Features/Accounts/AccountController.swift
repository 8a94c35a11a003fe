import Fluent
import ISHCCore
import Vapor

enum AccountController {
    static func show(req: Request) async throws -> Response {
        let me = try req.requireUser()
        guard let user = try await User.find(me.id, on: req.db) else { throw AppError.notFound }
        let done = (try? req.query.get(String.self, at: "done")) != nil
        return AccountPage.render(req.page, user: user, notice: done ? req.t("account.password_changed") : nil)
    }

    static func passwordForm(req: Request) async throws -> Response {
        let me = try req.requireUser()
        return ChangePasswordPage.render(req.page, forced: me.mustChangePassword, errors: FormErrors())
    }

    struct Input: Content {
        var current: String?
        var password: String?
        var passwordConfirm: String?
        enum CodingKeys: String, CodingKey { case current, password, passwordConfirm = "password_confirm" }
    }

    static func changePassword(req: Request) async throws -> Response {
        let me = try req.requireUser()
        guard let user = try await User.find(me.id, on: req.db) else { throw AppError.notFound }
        let input = try req.content.decode(Input.self)
        let t = req.t
        var errors = FormErrors()
        let current = input.current ?? ""
        // The current password is guessed no faster here than at login.
        let now = req.application.clock.now()
        let key = "password:" + user.username
        let since = now.addingTimeInterval(-LoginThrottle.perAccountAddress.window)
        let failures = try await LoginAttempt.query(on: req.db).filter(\.$account == key).filter(\.$succeeded == false)
            .filter(\.$at > since).all(\.$at).map(\.timeIntervalSince1970)
        if let wait = LoginThrottle.perAccountAddress.retryAfter(failures: failures, now: now.timeIntervalSince1970) {
            await SecurityLog.record(req, "password_paused", detail: "\(user.username): \(Int(wait.rounded(.up))) s")
            throw AppError.throttled(retryAfter: Int(wait.rounded(.up)))
        }
        var currentOK = false
        if current.utf8.count <= PasswordPolicy.maxBytes && !current.isEmpty {
            currentOK = (try? await req.password.async.verify(current, created: user.passwordHash)) ?? false
        }
        if !currentOK {
            errors["current"] = t("password.error.current")
            try await LoginAttempt(account: key, address: req.clientAddress, succeeded: false, at: now).create(on: req.db)
        }
        if let problem = PasswordPolicy.check(
            input.password ?? "", confirmation: input.passwordConfirm ?? "", username: user.username,
            unitName: me.unitName, common: req.application.commonPasswords)
        {
            errors[problem == .mismatch ? "password_confirm" : "password"] = UserController.passwordMessage(t, problem)
        } else if input.password == current {
            errors["password"] = t("password.error.same")
        }
        guard errors.isEmpty else {
            return ChangePasswordPage.render(req.page, forced: me.mustChangePassword, errors: errors, status: .unprocessableEntity)
        }
        user.passwordHash = try await req.password.async.hash(input.password!)
        user.mustChangePassword = false
        let response = req.redirect(to: Paths.account.link(query: [("done", "1")]), redirectType: .normal)
        try await req.db.transaction { db in
            try await user.update(on: db)
            // Other browsers signed in with the old password are signed out.
            try await UserSession.query(on: db).filter(\.$user.$id == user.requireID())
                .filter(\.$id != (req.sessionHash ?? "")).delete()
            try await Audit.record(req, "change_password", "user", user.id?.uuidString, on: db)
        }
        return response
    }
}
