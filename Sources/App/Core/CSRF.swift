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
        HTTPCookies.Value(string: value, expires: nil, maxAge: nil, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = req.cookies[Self.cookieName]?.string
        let valid = existing.map { $0.count >= 32 } ?? false
        let token = valid ? existing! : Self.newToken()
        req.storage[CSRFTokenKey.self] = token

        if ![.GET, .HEAD, .OPTIONS].contains(req.method) {
            // A body still arriving (an uploaded file) is read first, so its token can be checked.
            if req.body.data == nil {
                let upload = req.headers.contentType?.type == "multipart"
                _ = try await req.body.collect(max: upload ? Self.uploadLimit : req.application.routes.defaultMaxBodySize.value).get()
            }
            let sent = (try? req.content.get(String.self, at: Self.fieldName)) ?? req.headers.first(name: "X-CSRF-Token")
            guard valid, let sent, Self.equal(sent, token) else { throw AppError.csrf }
        }
        let response = try await next.respond(to: req)
        if !valid && response.cookies[Self.cookieName] == nil {
            response.cookies[Self.cookieName] = Self.cookie(token, secure: req.application.config.secureCookies)
        }
        return response
    }

    /// Constant-time comparison.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

struct CSRFTokenKey: StorageKey { typealias Value = String }

extension Request {
    /// The token to put in this page's forms.
    public var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }
}
