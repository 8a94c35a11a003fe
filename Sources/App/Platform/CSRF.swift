import NIOConcurrencyHelpers
import Vapor

/// Every state-changing request carries a token that must equal the one in the visitor's
/// HttpOnly cookie (double-submit). Another site can make the browser send the cookie, but cannot
/// read it to put it in the form.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "ishc_csrf"
    static let fieldName = "csrf"
    /// The largest file a form may send.
    static let uploadLimit = 8 * 1024 * 1024

    static func newToken() -> String { SessionToken.random() }

    static func cookie(_ value: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: nil, domain: nil, path: "/",
            isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    /// Bodies a form may send: a list's file on the one route that takes files, a report's
    /// narrative, and 64 KB for every other form (a meeting of 80 members is under 8 KB).
    static let formLimit = 64 * 1024
    static let narrativeLimit = 256 * 1024

    static func bodyLimit(_ req: Request) -> Int {
        guard let route = req.route?.path.map(\.description) else { return formLimit }
        if route == Paths.report.components.map(\.description) { return narrativeLimit }
        return formLimit
    }

    static func takesFiles(_ req: Request) -> Bool {
        req.route?.path.map(\.description) == Paths.memberImport.components.map(\.description)
    }

    /// The token a page's forms carry: the cookie's token itself before login, and once logged
    /// in, the cookie's token bound to the session, so a token planted or read elsewhere is no
    /// use with another session.
    static func formToken(cookie: String, sessionHash: String?) -> String {
        guard let sessionHash else { return cookie }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(sessionHash.utf8), using: SymmetricKey(data: Data(cookie.utf8)))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = req.cookies[req.csrfCookieName]?.string
        let valid = existing.map { $0.count >= 32 } ?? false
        let cookie = valid ? existing! : Self.newToken()
        let token = Self.formToken(cookie: cookie, sessionHash: req.sessionHash)
        req.storage[CSRFTokenKey.self] = token

        if ![.GET, .HEAD, .OPTIONS].contains(req.method) {
            // A request another site made the browser send is refused before anything is read.
            if let site = req.headers.first(name: "Sec-Fetch-Site"), site == "cross-site" { throw AppError.csrf }
            if let origin = req.headers.first(name: .origin), !Self.sameOrigin(origin, req) { throw AppError.csrf }
            let sent: String?
            if req.headers.contentType?.type == "multipart" {
                // A file is read only for someone logged in, on the route that takes files, with the
                // token in the address: nothing of the body is read or parsed before that.
                guard Self.takesFiles(req) else { throw Abort(.unsupportedMediaType) }
                guard req.currentUser != nil else { throw AppError.sessionExpired(next: req.url.path) }
                sent = (try? req.query.get(String.self, at: Self.fieldName)) ?? req.headers.first(name: "X-CSRF-Token")
            } else {
                if req.body.data == nil {
                    _ = try await req.body.collect(max: Self.bodyLimit(req)).get()
                } else if let data = req.body.data, data.readableBytes > Self.bodyLimit(req) {
                    throw Abort(.payloadTooLarge)
                }
                sent = (try? req.content.get(String.self, at: Self.fieldName)) ?? req.headers.first(name: "X-CSRF-Token")
            }
            guard valid, let sent, Self.equal(sent, token) else {
                // A form of a session that has ended since it was shown: kept through the login.
                if req.sessionExpired, APIProblem.isAPI(req) { throw AppError.sessionExpired(next: nil) }
                if req.sessionExpired, let resume = ResumeForm(req) { throw SessionEndedWithForm(resume: resume) }
                throw AppError.csrf
            }
            if req.headers.contentType?.type == "multipart" {
                guard let user = req.currentUser, let pass = req.application.uploadGate.enter(user.id) else {
                    throw Abort(.tooManyRequests)
                }
                defer { pass.leave() }
                return try await finish(req, next, valid: valid, cookie: cookie)
            }
        }
        return try await finish(req, next, valid: valid, cookie: cookie)
    }

    private func finish(_ req: Request, _ next: any AsyncResponder, valid: Bool, cookie: String) async throws -> Response {
        let response = try await next.respond(to: req)
        if !valid && response.cookies[req.csrfCookieName] == nil {
            response.cookies[req.csrfCookieName] = Self.cookie(cookie, secure: req.application.config.secureCookies)
        }
        return response
    }

    /// `Origin` names this site: its host (with the port) as the request reached it.
    static func sameOrigin(_ origin: String, _ req: Request) -> Bool {
        guard origin != "null", let url = URL(string: origin), let host = url.host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        let wanted = req.headers.first(name: "X-Forwarded-Host") ?? req.headers.first(name: .host) ?? ""
        return (host + port).lowercased() == wanted.lowercased()
    }

    /// Constant-time comparison.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

struct CSRFTokenKey: StorageKey { typealias Value = String }

extension Request {
    /// The cookies' names: with secure cookies, `__Host-` names, which a browser accepts only
    /// over HTTPS, for this host alone and the whole site, so no other site or subdomain can
    /// plant them.
    var sessionCookieName: String { application.config.secureCookies ? "__Host-" + SessionToken.cookieName : SessionToken.cookieName }
    var csrfCookieName: String { application.config.secureCookies ? "__Host-" + CSRFMiddleware.cookieName : CSRFMiddleware.cookieName }

    /// The token to put in this page's forms.
    public var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }
}

/// Files being read at once: one per user and a few per server, so that uploads cannot take a
/// server's memory and processors from everyone else.
final class UploadGate: @unchecked Sendable {
    let perServer: Int
    private let lock = NIOLock()
    private var users: Set<UUID> = []

    init(perServer: Int = 4) { self.perServer = perServer }

    final class Pass: @unchecked Sendable {
        let gate: UploadGate, user: UUID
        init(_ gate: UploadGate, _ user: UUID) {
            self.gate = gate
            self.user = user
        }
        func leave() { _ = gate.lock.withLock { gate.users.remove(user) } }
    }

    func enter(_ user: UUID) -> Pass? {
        lock.withLock {
            guard users.count < perServer, !users.contains(user) else { return nil }
            users.insert(user)
            return Pass(self, user)
        }
    }
}

extension Application {
    private struct UploadGateKey: StorageKey { typealias Value = UploadGate }
    /// Set up in `configure`, before the server takes requests.
    var uploadGate: UploadGate {
        get { storage[UploadGateKey.self]! }
        set { storage[UploadGateKey.self] = newValue }
    }
}
