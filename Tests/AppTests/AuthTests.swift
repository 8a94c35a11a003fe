import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct AuthTests {
    /// Sessions are kept by the SHA-256 of their cookie in lowercase hex (the published test vectors).
    @Test func sessionsAreKeptByTheHashOfTheirCookie() {
        #expect(SessionToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SessionToken.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func rightPasswordStartsASessionAndGoesHome() async throws {
        try await withApp { app in
            let browser = Browser(app)
            // act
            let res = try await browser.login("tinh.nghean")
            // check
            let province = try await app.unit(path: "/VN/p40/")
            #expect(res.status == .seeOther)
            #expect(res.location == Paths.unit.link(province.id!))
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("ishc_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let home = try await browser.get(res.location!)
            #expect(home.status == .ok)
            #expect(home.text.contains("Tỉnh Nghệ An"))
            // The session lives in the database, stored only as a hash of the cookie.
            let stored = try await UserSession.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].id == SessionToken.hash(browser.cookies["ishc_session"]!))
        }
    }

    @Test func wrongPasswordSaysSoInVietnameseAndKeepsTheName() async throws {
        try await withApp { app in
            let res = try await Browser(app).login("tinh.nghean", password: "sai mat khau")
            #expect(res.status == .unauthorized)
            #expect(res.text.contains("Tên đăng nhập hoặc mật khẩu chưa đúng"))
            #expect(res.text.contains("value=\"tinh.nghean\""))
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    @Test func loginGivesANewSessionIdAndEndsTheOldOne() async throws {
        try await withApp { app in
            let browser = Browser(app)
            try await browser.login("tinh.nghean")
            let first = try #require(browser.cookies["ishc_session"])
            // act: log in again from the same browser
            try await browser.login("xa.quephong")
            // check
            let second = try #require(browser.cookies["ishc_session"])
            #expect(first != second)
            #expect(try await UserSession.find(SessionToken.hash(first), on: app.db) == nil)
            #expect(try await UserSession.query(on: app.db).count() == 1)
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await withApp { app in
            let browser = Browser(app)
            try await browser.login("tinh.nghean")
            let res = try await browser.post(Paths.logout.link(), [:])
            #expect(res.status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            let after = try await browser.get(Paths.users.link())
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
        }
    }

    @Test func idleSessionExpiresWithAClearPage() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            let browser = Browser(app)
            try await browser.login("tinh.nghean")
            // act: 31 minutes without a request
            clock.advance(31 * 60)
            let res = try await browser.get(Paths.users.link())
            // check
            #expect(res.status == .unauthorized)
            #expect(res.text.contains("Phiên làm việc đã hết hạn"))
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    @Test func activeSessionStaysAlive() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            let browser = Browser(app)
            try await browser.login("tinh.nghean")
            for _ in 0..<3 {
                clock.advance(20 * 60)
                #expect(try await browser.get(Paths.users.link()).status == .ok)
            }
        }
    }

    @Test func formWithoutTokenIsRefused() async throws {
        try await withApp { app in
            let browser = Browser(app)
            try await browser.login("xa.quephong")
            let commune = try await app.unit(path: DemoData.quePhong)
            // act: missing token, then a wrong one
            let missing = try await browser.post(Paths.newVillage.link(commune.id!), ["name": "Bản Mới"], csrf: .some(nil))
            let wrong = try await browser.post(Paths.newVillage.link(commune.id!), ["name": "Bản Mới"], csrf: "x")
            // check
            for res in [missing, wrong] {
                #expect(res.status == .forbidden)
                #expect(res.text.contains("Biểu mẫu đã hết hạn"))
            }
            #expect(try await OrgUnit.query(on: app.db).filter(\.$name == "Bản Mới").count() == 0)
        }
    }

    @Test func loginFormNeedsTheTokenToo() async throws {
        try await withApp { app in
            let res = try await Browser(app).post(Paths.login.link(), ["username": "admin", "password": DemoData.password], csrf: .some(nil))
            #expect(res.status == .forbidden)
        }
    }

    @Test func repeatedFailuresPauseLogin() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            let browser = Browser(app)
            for _ in 0..<5 {
                #expect(try await browser.login("xa.quephong", password: "doan bua 1").status == .unauthorized)
            }
            // act: the right password now is still refused
            let blocked = try await browser.login("xa.quephong")
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers.first(name: .retryAfter) != nil)
            #expect(blocked.text.contains("Đã nhập sai mật khẩu nhiều lần"))
            // After the window it works again.
            clock.advance(16 * 60)
            #expect(try await browser.login("xa.quephong").status == .seeOther)
        }
    }

    @Test func securityHeadersAndNoStore() async throws {
        try await withApp { app in
            let browser = Browser(app)
            try await browser.login("clb.hanhtien")
            let me = try await app.user("clb.hanhtien")
            let res = try await browser.get(Paths.unit.link(me.$unit.id))
            #expect(res.status == .ok)
            let csp = try #require(res.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(res.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(res.headers.first(name: .cacheControl) == "no-store")
            // The page has no inline script or style.
            #expect(!res.text.contains("<script>"))
            #expect(!res.text.contains("style=\""))
        }
    }

    @Test func passwordsOverTheByteCapNeverMatch() async throws {
        try await withApp { app in
            // 25 characters of 3 bytes: 75 bytes, over Bcrypt's 72
            let res = try await Browser(app).login("admin", password: String(repeating: "ệ", count: 25))
            #expect(res.status == .unauthorized)
        }
    }

    @Test func openRedirectIsRefused() async throws {
        try await withApp { app in
            let res = try await Browser(app).post(
                Paths.login.link(), ["username": "admin", "password": DemoData.password, "next": "//evil.example/"])
            #expect(res.status == .seeOther)
            #expect(res.location?.hasPrefix("/units/") == true)
        }
    }

    /// CR/LF in `next` made headers, a tab made `//host` in browsers that drop it.
    @Test func nextIsOnlyAPathOfTheSite() {
        for bad in [
            "/\r\nSet-Cookie: x=1", "/a\nb", "/\t/evil.example", "//evil.example", "/\\evil.example", "/a//b", "https://evil.example",
            "evil", "/a\u{0}b", "/a b", "",
        ] {
            #expect(SafeRedirect.target(bad) == nil, "\(bad.debugDescription)")
        }
        #expect(SafeRedirect.target(nil) == nil)
        #expect(SafeRedirect.target("/units/abc?ngay=30%2F3%2F2026") == "/units/abc?ngay=30%2F3%2F2026")
        #expect(SafeRedirect.target("/tìm?q=Hà") == "/t%C3%ACm?q=H%C3%A0")
    }

    @Test func aLanguageChangeKeepsNoHeaderFromNext() async throws {
        try await withApp(demo: false) { app in
            let res = try await Browser(app).post(Paths.language.link(), ["lang": "en", "next": "/\r\nSet-Cookie: planted=1"])
            #expect(res.status == .seeOther)
            #expect(res.location == Paths.home.link())
            #expect(!res.headers[.setCookie].joined().contains("planted"))
        }
    }
}

@Suite struct SessionHousekeepingTests {
    @Test func loginClearsExpiredSessionsAndOldAttempts() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            // setup: a session and a failed attempt, then two days pass
            try await Browser(app).login("tinh.nghean")
            try await Browser(app).login("tinh.nghean", password: "sai mat khau")
            #expect(try await UserSession.query(on: app.db).count() == 1)
            clock.advance(2 * 24 * 3600)
            // act
            try await Browser(app).login("xa.quephong")
            // check: only the new session and the new attempt remain
            #expect(try await UserSession.query(on: app.db).count() == 1)
            #expect(try await LoginAttempt.query(on: app.db).count() == 1)
        }
    }

    @Test func forwardedAddressIsIgnoredUnlessTrusted() async throws {
        try await withApp { app in
            // setup: 25 failures, each claiming another address
            for i in 0..<25 {
                var headers = HTTPHeaders()
                headers.add(name: "X-Forwarded-For", value: "10.0.0.\(i)")
                let form = Browser.encode(["username": "u\(i)", "password": "x", "csrf": String(repeating: "a", count: 43)])
                headers.add(name: .cookie, value: "ishc_csrf=" + String(repeating: "a", count: 43))
                headers.contentType = .urlEncodedForm
                _ = try await app.testing().sendRequest(.POST, "/login", headers: headers, body: ByteBuffer(string: form))
            }
            // check: the attempts were all counted against one address, which is now paused
            let addresses = Set(try await LoginAttempt.query(on: app.db).all().map(\.address))
            #expect(addresses.count == 1)
            let res = try await Browser(app).login("admin")
            #expect(res.status == .tooManyRequests)
        }
    }
}
