import Fluent
import ISHCCore
import Vapor

enum LoginController {
    struct Input: Content {
        var username: String?
        var password: String?
        var next: String?
        var resume_action: String?
        var resume_fields: String?
    }

    static func form(req: Request) async throws -> Response {
        if let user = req.currentUser {
            return req.redirect(to: Paths.unit.link(user.unitID), redirectType: .normal)
        }
        let next = try? req.query.get(String.self, at: "next")
        return LoginPage.render(req.page, username: "", next: SafeRedirect.target(next))
    }

    /// parse → throttle → verify → new session → go where the visitor was going.
    static func submit(req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self)
        let username = VietnameseText.normalize(input.username ?? "").lowercased()
        let password = input.password ?? ""
        let next = SafeRedirect.target(input.next)
        let resume = ResumeForm(action: input.resume_action, fields: input.resume_fields)
        let now = req.application.clock.now()
        let address = req.clientAddress

        let user = username.isEmpty ? nil : try await User.query(on: req.db).filter(\.$username == username).first()
        if let wait = try await throttled(account: username, userID: user?.id, address: address, now: now, on: req.db) {
            await SecurityLog.record(req, "login_paused", detail: "\(username): \(Int(wait.rounded(.up))) s")
            throw AppError.throttled(retryAfter: Int(wait.rounded(.up)))
        }

        // Verify even for an unknown name, so timing does not tell which names exist.
        let hash = user?.passwordHash ?? LoginController.dummyHash
        var ok = false
        if password.utf8.count <= PasswordPolicy.maxBytes && !password.isEmpty {
            ok = (try? await req.password.async.verify(password, created: hash)) ?? false
        }

        try await LoginAttempt(account: username, address: address, succeeded: ok && user?.active == true, at: now).create(on: req.db)
        guard ok, let user, user.active else {
            return LoginPage.render(
                req.page, status: .unauthorized, username: username, next: next,
                error: req.t(user?.active == false && ok ? "login.inactive" : "login.wrong"), resume: resume)
        }
        let home = next ?? Paths.unit.link(user.$unit.id)
        let response = req.redirect(to: home, redirectType: .normal)
        let token = try await SessionStore.start(for: user, on: req, response: response)
        if let resume {
            req.storage[CSRFTokenKey.self] = token
            let page = ResumePage.render(req.page, resume, skip: home)
            page.cookies = response.cookies
            try await Audit.record(req, "login", "user", user.id?.uuidString, detail: address)
            return page
        }
        // The address, so that her next login from here is known (`throttled`).
        try await Audit.record(req, "login", "user", user.id?.uuidString, detail: address)
        return response
    }

    static func logout(req: Request) async throws -> Response {
        let response = req.redirect(to: Paths.login.link(), redirectType: .normal)
        try await SessionStore.end(on: req, response: response)
        return response
    }

    /// Seconds to wait, when this account or this address has failed too often lately: the
    /// longest of the three waits (`LoginThrottle`). An address the account logged in from
    /// before is spared the wait that failures from elsewhere put on the account.
    static func throttled(account: String, userID: UUID?, address: String, now: Date, on db: any Database) async throws -> Double? {
        let since = now.addingTimeInterval(-LoginThrottle.perAccount.window)
        let failures = try await LoginAttempt.query(on: db).filter(\.$succeeded == false).filter(\.$at > since)
            .group(.or) { $0.filter(\.$account == account).filter(\.$address == address) }.all()
        let t = now.timeIntervalSince1970
        let mine = failures.filter { $0.account == account && $0.address == address }.map(\.at.timeIntervalSince1970)
        let account_ = failures.filter { $0.account == account }.map(\.at.timeIntervalSince1970)
        let here = failures.filter { $0.address == address }.map(\.at.timeIntervalSince1970)
        var known = false
        if let userID {
            known =
                try await AuditEntry.query(on: db).filter(\.$targetID == userID.uuidString).filter(\.$action == "login")
                .filter(\.$at > now.addingTimeInterval(-90 * 24 * 3600)).filter(\.$detail == address).first() != nil
        }
        let waits = [
            LoginThrottle.perAccountAddress.retryAfter(failures: mine, now: t),
            known ? nil : LoginThrottle.perAccount.retryAfter(failures: account_, now: t),
            LoginThrottle.perAddress.retryAfter(failures: here, now: t),
        ].compactMap { $0 }
        return waits.max()
    }

    /// A Bcrypt hash of a random string, to spend the same time on names that do not exist.
    static let dummyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""
}

enum HomeController {
    static func home(req: Request) async throws -> Response {
        guard let user = req.currentUser else {
            return req.redirect(to: Paths.login.link(), redirectType: .normal)
        }
        return req.redirect(to: Paths.unit.link(user.unitID), redirectType: .normal)
    }
}

enum LanguageController {
    struct Input: Content {
        var lang: String?
        var next: String?
    }

    static func choose(req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self)
        let lang = Lang(rawValue: input.lang ?? "") ?? .vi
        let response = req.redirect(to: SafeRedirect.target(input.next) ?? Paths.home.link(), redirectType: .normal)
        response.cookies[Request.languageCookie] = HTTPCookies.Value(
            string: lang.rawValue, expires: nil, maxAge: 365 * 24 * 3600, domain: nil, path: "/",
            isSecure: req.application.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }
}

enum HealthController {
    /// 200 with the database kind when the database answers, 503 when it does not.
    static func check(req: Request) async throws -> Response {
        let kind = req.application.config.databaseKind
        var healthy = true
        do {
            _ = try await OrgUnit.query(on: req.db).limit(1).count()
        } catch {
            req.logger.error("Health check failed: \(String(reflecting: error))")
            healthy = false
        }
        let response = Response(status: healthy ? .ok : .serviceUnavailable)
        try response.content.encode(["status": healthy ? "ok" : "unavailable", "database": kind])
        return response
    }

    /// "ok" without touching the database: the server's own floor, for benchmarks and probes.
    static func ping(req: Request) -> String { "ok" }
}
