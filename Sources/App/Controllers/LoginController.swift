import Vapor
import Fluent
import ISHCCore

enum LoginController {
    struct Input: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    static func form(req: Request) async throws -> Response {
        if let user = req.currentUser {
            return req.redirect(to: Paths.unit.link(user.unitID), redirectType: .normal)
        }
        let next = try? req.query.get(String.self, at: "next")
        return LoginPage.render(req, username: "", next: SafeRedirect.target(next))
    }

    /// parse → throttle → verify → new session → go where the visitor was going.
    static func submit(req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self)
        let username = VietnameseText.normalize(input.username ?? "").lowercased()
        let password = input.password ?? ""
        let next = SafeRedirect.target(input.next)
        let now = req.application.clock.now()
        let address = req.clientAddress

        if let wait = try await throttled(account: username, address: address, now: now, on: req.db) {
            throw AppError.throttled(retryAfter: Int(wait.rounded(.up)))
        }

        let user = username.isEmpty ? nil : try await User.query(on: req.db).filter(\.$username == username).first()
        // Verify even for an unknown name, so timing does not tell which names exist.
        let hash = user?.passwordHash ?? LoginController.dummyHash
        var ok = false
        if password.utf8.count <= PasswordPolicy.maxBytes && !password.isEmpty {
            ok = (try? await req.password.async.verify(password, created: hash)) ?? false
        }

        try await LoginAttempt(account: username, address: address, succeeded: ok && user?.active == true, at: now).create(on: req.db)
        guard ok, let user, user.active else {
            return LoginPage.render(req, status: .unauthorized, username: username, next: next,
                                    error: req.t(user?.active == false && ok ? "login.inactive" : "login.wrong"))
        }
        let response = req.redirect(to: next ?? Paths.unit.link(user.$unit.id), redirectType: .normal)
        try await SessionStore.start(for: user, on: req, response: response)
        try await Audit.record(req, "login", "user", user.id?.uuidString)
        return response
    }

    static func logout(req: Request) async throws -> Response {
        let response = req.redirect(to: Paths.login.link(), redirectType: .normal)
        try await SessionStore.end(on: req, response: response)
        return response
    }

    /// Seconds to wait, when this account or this address has failed too often lately.
    static func throttled(account: String, address: String, now: Date, on db: any Database) async throws -> Double? {
        let since = now.addingTimeInterval(-LoginThrottle.perAccount.window)
        let byAccount = try await LoginAttempt.query(on: db)
            .filter(\.$account == account).filter(\.$succeeded == false).filter(\.$at > since).all(\.$at)
        if let wait = LoginThrottle.perAccount.retryAfter(failures: byAccount.map(\.timeIntervalSince1970), now: now.timeIntervalSince1970) {
            return wait
        }
        let byAddress = try await LoginAttempt.query(on: db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$at > since).all(\.$at)
        return LoginThrottle.perAddress.retryAfter(failures: byAddress.map(\.timeIntervalSince1970), now: now.timeIntervalSince1970)
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
