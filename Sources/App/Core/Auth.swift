import Vapor
import Fluent
import Crypto
import ISHCCore

/// The signed-in user of a request, with the unit that bounds what they see.
public struct CurrentUser: Sendable {
    public let id: UUID
    public let username: String
    public let fullName: String
    public let role: Role
    public let unitID: UUID
    public let unitName: String
    public let unitPath: String
    public let unitLevel: UnitLevel
    public let mustChangePassword: Bool
}

extension Request {
    private struct UserKey: StorageKey { typealias Value = CurrentUser }
    private struct ExpiredKey: StorageKey { typealias Value = Bool }
    private struct SessionHashKey: StorageKey { typealias Value = String }

    public var currentUser: CurrentUser? {
        get { storage[UserKey.self] }
        set { storage[UserKey.self] = newValue }
    }

    /// True when the browser sent a session cookie that is no longer valid.
    var sessionExpired: Bool {
        get { storage[ExpiredKey.self] ?? false }
        set { storage[ExpiredKey.self] = newValue }
    }

    var sessionHash: String? {
        get { storage[SessionHashKey.self] }
        set { storage[SessionHashKey.self] = newValue }
    }

    /// The signed-in user, or an error that sends a visitor to log in.
    public func requireUser() throws -> CurrentUser {
        if let user = currentUser { return user }
        if sessionExpired { throw AppError.sessionExpired(next: url.path) }
        throw Abort.redirect(to: Paths.login.link(query: [("next", url.string)]), redirectType: .normal)
    }

    /// The address used for throttling: the peer, or the first forwarded address behind a proxy.
    var clientAddress: String {
        if application.config.trustProxy, let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}

enum SessionToken {
    static let cookieName = "ishc_session"

    static func random() -> String {
        Data([UInt8].random(count: 32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func cookie(_ value: String, secure: Bool, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Loads the user of the session cookie from the database, so several app servers share sessions.
/// Ends sessions after the idle and absolute timeouts.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = req.cookies[SessionToken.cookieName]?.string, !token.isEmpty {
            try await load(token: token, on: req)
        }
        let response = try await next.respond(to: req)
        if req.sessionExpired && response.cookies[SessionToken.cookieName] == nil {
            response.cookies[SessionToken.cookieName] = SessionToken.cookie("", secure: req.application.config.secureCookies, maxAge: 0)
        }
        return response
    }

    private func load(token: String, on req: Request) async throws {
        let hash = SessionToken.hash(token)
        let config = req.application.config
        let now = req.application.clock.now()
        // The session, its user and the user's unit in one query: every page starts here.
        guard let session = try await UserSession.query(on: req.db).filter(\.$id == hash)
                .join(User.self, on: \UserSession.$user.$id == \User.$id)
                .join(OrgUnit.self, on: \User.$unit.$id == \OrgUnit.$id).first(),
              let user = try? session.joined(User.self),
              let unit = try? session.joined(OrgUnit.self) else {
            req.sessionExpired = true
            return
        }
        let idle = now.timeIntervalSince(session.lastSeenAt)
        let age = now.timeIntervalSince(session.createdAt)
        guard user.active, idle <= config.sessionIdleSeconds, age <= config.sessionAbsoluteSeconds else {
            try await session.delete(on: req.db)
            req.sessionExpired = true
            return
        }
        if idle > 60 {
            session.lastSeenAt = now
            try await session.update(on: req.db)
        }
        req.sessionHash = hash
        req.currentUser = CurrentUser(
            id: try user.requireID(), username: user.username, fullName: user.fullName, role: user.userRole,
            unitID: try unit.requireID(), unitName: unit.name, unitPath: unit.path, unitLevel: unit.unitLevel,
            mustChangePassword: user.mustChangePassword)
    }
}

enum SessionStore {
    /// Starts a session with a new id, ending the browser's previous one (no fixation).
    static func start(for user: User, on req: Request, response: Response) async throws {
        if let old = req.sessionHash {
            try await UserSession.query(on: req.db).filter(\.$id == old).delete()
        }
        try await prune(on: req)
        let token = SessionToken.random()
        let session = UserSession(tokenHash: SessionToken.hash(token), userID: try user.requireID(),
                                  now: req.application.clock.now(), address: req.clientAddress)
        try await session.create(on: req.db)
        response.cookies[SessionToken.cookieName] = SessionToken.cookie(token, secure: req.application.config.secureCookies)
        // A new form token for the new session.
        response.cookies[CSRFMiddleware.cookieName] = CSRFMiddleware.cookie(CSRFMiddleware.newToken(), secure: req.application.config.secureCookies)
    }

    /// Drops sessions past their timeouts and login attempts older than a day, so neither table grows without end.
    static func prune(on req: Request) async throws {
        let now = req.application.clock.now()
        let config = req.application.config
        try await UserSession.query(on: req.db)
            .group(.or) { group in
                group.filter(\.$lastSeenAt < now.addingTimeInterval(-config.sessionIdleSeconds))
                    .filter(\.$createdAt < now.addingTimeInterval(-config.sessionAbsoluteSeconds))
            }.delete()
        try await LoginAttempt.query(on: req.db).filter(\.$at < now.addingTimeInterval(-24 * 3600)).delete()
    }

    static func end(on req: Request, response: Response) async throws {
        if let hash = req.sessionHash {
            try await UserSession.query(on: req.db).filter(\.$id == hash).delete()
        }
        response.cookies[SessionToken.cookieName] = SessionToken.cookie("", secure: req.application.config.secureCookies, maxAge: 0)
    }

    /// Ends every session of a user, e.g. after an officer resets their password.
    static func endAll(userID: UUID, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
    }
}
