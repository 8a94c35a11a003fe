import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// What a request may cost before it is known to come from a logged-in user's own page: files
/// only on the one route that takes them, after the session and the token; small bodies
/// elsewhere; form tokens bound to the session; other sites' requests refused; and every refusal
/// kept in the audit log.
@Suite struct RequestCostTests {
    static func multipart(_ size: Int) -> (Data, HTTPMediaType) {
        let boundary = "----ishc-test"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n".utf8)
        body.append(Data(repeating: UInt8(ascii: "a"), count: size))
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return (body, HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    @Test func aFileIsReadOnlyForALoggedInUserWithTheTokenInTheAddress() async throws {
        try await withApp { app in
            let (unit, _, _) = try await app.demoClub(0)
            let path = Paths.memberImport.link(unit.id!)
            let (body, type) = Self.multipart(7 << 20)
            let before = try await MemberImport.query(on: app.db).count()
            // Logged out: the login page, without the body being read or parsed.
            let visitor = Browser(app)
            _ = try await visitor.get(Paths.login.link())
            var headers = HTTPHeaders()
            headers.contentType = type
            headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(visitor.cookies[CSRFMiddleware.cookieName]!)")
            let loggedOut = try await app.testing().sendRequest(
                .POST, path + "?csrf=\(visitor.formToken!)", headers: headers, body: ByteBuffer(data: body))
            #expect(loggedOut.status == .unauthorized)
            #expect(loggedOut.body.string.contains("Đăng nhập"))
            // Logged in, without the token in the address (only in the body): refused.
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            var h2 = HTTPHeaders()
            h2.contentType = type
            h2.add(name: .cookie, value: b.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let noToken = try await app.testing().sendRequest(.POST, path, headers: h2, body: ByteBuffer(data: body))
            #expect(noToken.status == .forbidden)
            // A file sent to any other route is refused unread.
            let elsewhere = try await app.testing().sendRequest(
                .POST, Paths.newMeeting.link(unit.id!) + "?csrf=\(b.formToken!)",
                headers: h2, body: ByteBuffer(data: body))
            #expect(elsewhere.status == .unsupportedMediaType)
            #expect(try await MemberImport.query(on: app.db).count() == before)
            // The page's own form carries the token in its address, and goes through.
            let form = try await b.get(path)
            #expect(form.text.contains("action=\"\(path)?csrf=\(b.formToken!)\""))
        }
    }

    @Test func formsOtherThanTheFileTakeSmallBodies() async throws {
        try await withApp { app in
            let (unit, _, _) = try await app.demoClub(0)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let big = try await b.post(Paths.newMeeting.link(unit.id!), ["notes": String(repeating: "x", count: 70 * 1024)])
            #expect(big.status == .payloadTooLarge)
            #expect(big.text.contains("quá lớn") || big.text.contains("quá dài"))
            let small = try await b.post(Paths.newMeeting.link(unit.id!), ["notes": String(repeating: "x", count: 50 * 1024)])
            #expect(small.status == .unprocessableEntity)
        }
    }

    @Test func aFormTokenIsBoundToTheSession() async throws {
        try await withApp { app in
            let (unit, _, _) = try await app.demoClub(0)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let page = try await b.get(Paths.newMeeting.link(unit.id!))
            #expect(page.text.contains("value=\"\(b.formToken!)\""))
            #expect(b.formToken != b.cookies[CSRFMiddleware.cookieName])
            // The cookie's own value, which a planted cookie would give, is no longer a token.
            let bare = try await b.post(Paths.newMeeting.link(unit.id!), ["held_on": "10/11/2026"], csrf: b.cookies[CSRFMiddleware.cookieName])
            #expect(bare.status == .forbidden)
            // Another session's token, with the same cookie, is refused.
            let other = Browser(app)
            other.cookies[CSRFMiddleware.cookieName] = b.cookies[CSRFMiddleware.cookieName]
            try await other.login("chunhiem.hanhtien")
            let crossed = try await b.post(Paths.newMeeting.link(unit.id!), ["held_on": "10/11/2026"], csrf: other.formToken)
            #expect(crossed.status == .forbidden)
        }
    }

    @Test func anotherSitesRequestIsRefused() async throws {
        try await withApp { app in
            let (unit, _, _) = try await app.demoClub(0)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let path = Paths.newMeeting.link(unit.id!)
            b.headers = [("Origin", "https://evil.example")]
            #expect(try await b.post(path, ["held_on": "x"]).status == .forbidden)
            b.headers = [("Sec-Fetch-Site", "cross-site")]
            #expect(try await b.post(path, ["held_on": "x"]).status == .forbidden)
            b.headers = [("Origin", "null")]
            #expect(try await b.post(path, ["held_on": "x"]).status == .forbidden)
            // The site's own pages: same origin, or a browser that says nothing.
            b.headers = [("Origin", "http://ishc.test"), ("Host", "ishc.test"), ("Sec-Fetch-Site", "same-origin")]
            #expect(try await b.post(path, ["held_on": "x"]).status == .unprocessableEntity)
            b.headers = []
            #expect(try await b.post(path, ["held_on": "x"]).status == .unprocessableEntity)
        }
    }

    @Test func refusalsAreKeptInTheAuditLog() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let (other, _, _) = try await app.demoClub(3)
            #expect(try await b.get(Paths.unit.link(other.id!)).status == .forbidden)
            let (unit, _, _) = try await app.demoClub(0)
            #expect(try await b.post(Paths.newMeeting.link(unit.id!), [:], csrf: "wrong").status == .forbidden)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["security_refused", "security_bad_token"]).all()
            #expect(actions.contains { $0.action == "security_refused" && ($0.detail ?? "").contains(Paths.unit.link(other.id!)) })
            #expect(actions.contains { $0.action == "security_bad_token" && ($0.detail ?? "").contains(Paths.newMeeting.link(unit.id!)) })
        }
    }

    @Test func oneUploadAtATimePerUserAndAFewPerServer() {
        let gate = UploadGate(perServer: 2)
        let a = UUID()
        let b = UUID()
        let c = UUID()
        let first = gate.enter(a)
        #expect(first != nil)
        #expect(gate.enter(a) == nil)
        let second = gate.enter(b)
        #expect(second != nil)
        #expect(gate.enter(c) == nil)
        first?.leave()
        let third = gate.enter(c)
        #expect(third != nil)
        #expect(gate.enter(a) == nil)
        third?.leave()
        #expect(gate.enter(a) != nil)
        _ = second
    }
}
