import Crypto
import Fluent
import ISHCCore
import SQLKit
import Vapor

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

    /// The address used for throttling: the peer, or behind the trusted proxy the address it
    /// saw, which it adds last to `X-Forwarded-For` (what comes before is whatever the client
    /// wrote, and proves nothing).
    var clientAddress: String {
        if application.config.trustProxy,
            let forwarded = headers[.xForwardedFor].joined(separator: ",").split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty
        {
            return forwarded
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
        // Every request with a session hashes its cookie: hex by table, not through a formatter.
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func cookie(_ value: String, secure: Bool, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
            isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Loads the user of the session cookie from the database, so several app servers share sessions.
/// Ends sessions after the idle and absolute timeouts.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = req.cookies[req.sessionCookieName]?.string, !token.isEmpty {
            try await load(token: token, on: req)
        }
        let response = try await next.respond(to: req)
        if req.sessionExpired && response.cookies[req.sessionCookieName] == nil {
            response.cookies[req.sessionCookieName] = SessionToken.cookie("", secure: req.application.config.secureCookies, maxAge: 0)
        }
        return response
    }

    private func load(token: String, on req: Request) async throws {
        let hash = SessionToken.hash(token)
        let config = req.application.config
        let now = req.application.clock.now()
        let sql = req.db as! any SQLDatabase
        // The session, its user and the user's unit in one query: every page starts here.
        guard let row = try await SessionQuery(hash: hash).first(on: req.db) else {
            req.sessionExpired = true
            return
        }
        let idle = now.timeIntervalSince(try row.decode(column: "last_seen_at", as: Date.self))
        let age = now.timeIntervalSince(try row.decode(column: "created_at", as: Date.self))
        guard try row.decode(column: "active", as: Bool.self), idle <= config.sessionIdleSeconds, age <= config.sessionAbsoluteSeconds else {
            try await sql.raw("DELETE FROM user_sessions WHERE token_hash = \(bind: hash)").run()
            req.sessionExpired = true
            return
        }
        if idle > 60 {
            try await sql.raw("UPDATE user_sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: hash)").run()
        }
        req.sessionHash = hash
        req.currentUser = CurrentUser(
            id: try row.decode(column: "user_id", as: UUID.self), username: try row.decode(column: "username", as: String.self),
            fullName: try row.decode(column: "full_name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer,
            unitID: try row.decode(column: "unit_id", as: UUID.self), unitName: try row.decode(column: "unit_name", as: String.self),
            unitPath: try row.decode(column: "unit_path", as: String.self),
            unitLevel: UnitLevel(rawValue: try row.decode(column: "unit_level", as: String.self)) ?? .village,
            mustChangePassword: try row.decode(column: "must_change_password", as: Bool.self))
    }
}

/// The session, its user and the user's unit in one query: every page starts here. Plain SQL
/// rather than three models, whose reading by reflection cost more than the query; prepared once
/// per connection on PostgreSQL.
struct SessionQuery: PreparedSQLQuery {
    static let sql = """
        SELECT s.created_at AS created_at, s.last_seen_at AS last_seen_at, u.id AS user_id, u.username AS username,
               u.full_name AS full_name, u.role AS role, u.active AS active, u.must_change_password AS must_change_password,
               o.id AS unit_id, o.name AS unit_name, o.path AS unit_path, o.level AS unit_level
        FROM user_sessions s JOIN users u ON u.id = s.user_id JOIN units o ON o.id = u.unit_id
        WHERE s.token_hash = $1
        """
    var hash: String
    var values: [PreparedValue] { [hash] }
}

enum SessionStore {
    /// Starts a session with a new id, ending the browser's previous one (no fixation).
    /// Starts a session; returns the form token of the new session's pages.
    @discardableResult
    static func start(for user: User, on req: Request, response: Response) async throws -> String {
        if let old = req.sessionHash {
            try await UserSession.query(on: req.db).filter(\.$id == old).delete()
        }
        try await prune(on: req)
        let token = SessionToken.random()
        let session = UserSession(
            tokenHash: SessionToken.hash(token), userID: try user.requireID(),
            now: req.application.clock.now(), address: req.clientAddress)
        try await session.create(on: req.db)
        response.cookies[req.sessionCookieName] = SessionToken.cookie(token, secure: req.application.config.secureCookies)
        // A new form token for the new session.
        let csrf = CSRFMiddleware.newToken()
        response.cookies[req.csrfCookieName] = CSRFMiddleware.cookie(csrf, secure: req.application.config.secureCookies)
        return CSRFMiddleware.formToken(cookie: csrf, sessionHash: SessionToken.hash(token))
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
        try await OneTimeKeyStore.prune(now: now, on: req.db)
    }

    static func end(on req: Request, response: Response) async throws {
        if let hash = req.sessionHash {
            try await UserSession.query(on: req.db).filter(\.$id == hash).delete()
        }
        response.cookies[req.sessionCookieName] = SessionToken.cookie("", secure: req.application.config.secureCookies, maxAge: 0)
    }

    /// Ends every session of a user, e.g. after an officer resets their password.
    static func endAll(userID: UUID, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
    }
}
