import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// Login slows down instead of locking, an attacker cannot shut the owner out, and behind the
/// trusted proxy the address counted is the one the proxy saw.
@Suite struct LoginThrottleTests {
    /// A browser whose requests arrive through the proxy from `address`, with `claimed` written
    /// first by the client itself.
    static func from(_ app: Application, _ address: String, claimed: String? = nil) -> Browser {
        let b = Browser(app)
        b.headers = [("X-Forwarded-For", [claimed, address].compactMap { $0 }.joined(separator: ", "))]
        return b
    }

    @Test func theOwnerIsNotShutOutBySomeoneElsesGuesses() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            app.config.trustProxy = true
            // She logged in from home before.
            let home = Self.from(app, "203.0.113.7")
            #expect(try await home.login("xa.quephong").status == .seeOther)
            // Someone elsewhere guesses her password 30 times, from addresses of their choosing.
            for i in 0..<30 {
                clock.advance(120)
                let res = try await Self.from(app, "198.51.100.9", claimed: "10.9.9.\(i)").login("xa.quephong", password: "doan \(i)")
                #expect(res.status == .unauthorized || res.status == .tooManyRequests)
            }
            // Every guess was counted against the address the proxy saw, not the ones written.
            let addresses = Set(try await LoginAttempt.query(on: app.db).filter(\.$succeeded == false).all().map(\.address))
            #expect(addresses == ["198.51.100.9"])
            // The guesser now waits; she logs in from home at once.
            let guesser = try await Self.from(app, "198.51.100.9").login("xa.quephong")
            #expect(guesser.status == .tooManyRequests)
            #expect(try await Self.from(app, "203.0.113.7").login("xa.quephong").status == .seeOther)
            // From a new place (her daughter's phone) she waits a minute at most, never 15.
            let elsewhere = try await Self.from(app, "192.0.2.44").login("xa.quephong")
            #expect(elsewhere.status == .tooManyRequests)
            let wait = try #require(Int(elsewhere.headers.first(name: .retryAfter) ?? ""))
            #expect(wait >= 1 && wait <= 60)
            #expect(elsewhere.text.contains("Vui lòng đợi \(wait) giây"))
            clock.advance(Double(wait))
            #expect(try await Self.from(app, "192.0.2.44").login("xa.quephong").status == .seeOther)
        }
    }

    @Test func aCommuneOfficeBehindOneRouterWaitsSecondsNotMinutes() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            app.config.trustProxy = true
            for i in 0..<40 {
                clock.advance(5)
                _ = try await Self.from(app, "100.64.1.1").login("u\(i)", password: "x")
            }
            let res = try await Self.from(app, "100.64.1.1").login("tinh.nghean")
            #expect(res.status == .tooManyRequests)
            let wait = try #require(Int(res.headers.first(name: .retryAfter) ?? ""))
            #expect(wait <= 30)
            clock.advance(Double(wait))
            #expect(try await Self.from(app, "100.64.1.1").login("tinh.nghean").status == .seeOther)
        }
    }

    @Test func theCurrentPasswordIsGuessedNoFasterThanAtLogin() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            for i in 0..<5 {
                let res = try await b.post(
                    Paths.changePassword.link(),
                    ["current": "sai \(i)", "password": "mot mat khau moi dai", "password_confirm": "mot mat khau moi dai"])
                #expect(res.status == .unprocessableEntity)
            }
            let paused = try await b.post(
                Paths.changePassword.link(),
                ["current": DemoData.password, "password": "mot mat khau moi dai", "password_confirm": "mot mat khau moi dai"])
            #expect(paused.status == .tooManyRequests)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "security_password_paused").count()
            #expect(audited == 1)
        }
    }
}
