import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// `/api/v1`: the forms' operations as JSON, with one-time keys, problem+json in Vietnamese, and
/// the same access rules as the pages.
@Suite struct APITests {
    static func json(_ value: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }

    static func object(_ res: TestingHTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(res.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    @Test func theClubsDailyWorkThroughTheAPI() async throws {
        try await withApp(demo: false) { app in
            let build = Build(app)
            let club = try await build.club(members: 10)
            try await build.grant(5_000_000, to: club)
            let loan = try await build.loan(1_200_000, to: club.members[2], of: club)
            try await build.user("thuky", role: .clubChair, at: club.unit)
            let b = Browser(app)
            #expect(try await b.login("thuky", password: Build.password).status == .seeOther)
            let unit = club.unit.id!.uuidString
            let today = Day(app.clock.now())

            // The club as the outbox reads it.
            let read = try await b.api(.GET, "/api/v1/clubs/\(unit)")
            #expect(read.status == .ok)
            let body = Self.object(read)
            #expect((body["members"] as? [Any])?.count == 10)
            let loans = try #require(body["openLoans"] as? [[String: Any]])
            #expect(loans.count == 1)
            #expect(loans.first?["outstanding"] as? Int == 1_200_000)
            #expect((body["areas"] as? [Any])?.count == 8)

            // A meeting, sent twice with its key: one meeting, the same answer.
            let meeting = Self.json([
                "heldOn": today.iso, "attended": club.members.prefix(6).map { $0.id!.uuidString }, "areas": [1, 4], "topics": ["digital_literacy"],
            ])
            let key = OneTimeKeys.newKey()
            let first = try await b.api(.POST, "/api/v1/clubs/\(unit)/meetings", json: meeting, key: key)
            #expect(first.status == .created, "\(first.text)")
            let again = try await b.api(.POST, "/api/v1/clubs/\(unit)/meetings", json: meeting, key: key)
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(Self.object(again)["id"] as? String == Self.object(first)["id"] as? String)
            #expect(try await Meeting.query(on: app.db).filter(\.$club.$id == club.club.id!).count() == 1)
            let saved = try #require(try await Meeting.query(on: app.db).filter(\.$club.$id == club.club.id!).first())
            #expect(saved.attendeeCount == 6)
            // The same key with other content: 409, in words, nothing written.
            let other = Self.json(["heldOn": today.adding(days: -3).iso, "attended": [], "areas": [1]])
            let conflict = try await b.api(.POST, "/api/v1/clubs/\(unit)/meetings", json: other, key: key)
            #expect(conflict.status == .conflict)
            #expect(conflict.headers.contentType?.subType == "problem+json")
            #expect((Self.object(conflict)["detail"] as? String)?.contains("đã được dùng cho một yêu cầu có nội dung khác") == true)
            // A second meeting the same day: 422 with the field and the reason in Vietnamese.
            let twice = try await b.api(.POST, "/api/v1/clubs/\(unit)/meetings", json: meeting, key: OneTimeKeys.newKey())
            #expect(twice.status == .unprocessableEntity)
            let problems = try #require(Self.object(twice)["errors"] as? [[String: Any]])
            #expect(problems.first?["field"] as? String == "heldOn")
            #expect(try await Meeting.query(on: app.db).filter(\.$club.$id == club.club.id!).count() == 1)

            // A contribution and a repayment; too much is refused.
            let entries = { try await JournalEntry.query(on: app.db).filter(\.$club.$id == club.club.id!).count() }
            let before = try await entries()
            let contribution = Self.json([
                "kind": "contribution", "fund": "income", "amount": 300_000, "occurredOn": today.iso, "description": "Góp quỹ tháng",
            ])
            let k2 = OneTimeKeys.newKey()
            #expect(try await b.api(.POST, "/api/v1/clubs/\(unit)/fund-entries", json: contribution, key: k2).status == .created)
            #expect(try await b.api(.POST, "/api/v1/clubs/\(unit)/fund-entries", json: contribution, key: k2).status == .created)
            #expect(try await entries() == before + 1)
            let repay = try await b.api(
                .POST, "/api/v1/loans/\(loan.id!.uuidString)/repayments", json: Self.json(["amount": 100_000, "paidOn": today.iso]),
                key: OneTimeKeys.newKey())
            #expect(repay.status == .created, "\(repay.text)")
            let over = try await b.api(
                .POST, "/api/v1/loans/\(loan.id!.uuidString)/repayments", json: Self.json(["amount": 5_000_000, "paidOn": today.iso]),
                key: OneTimeKeys.newKey())
            #expect(over.status == .unprocessableEntity)
            #expect((Self.object(over)["detail"] as? String)?.isEmpty == false)
            #expect(try await entries() == before + 2)

            // A new member.
            let member = Self.json(["fullName": "Lò Thị Mới", "gender": "female", "birth": "1958", "consent": true])
            let added = try await b.api(.POST, "/api/v1/clubs/\(unit)/members", json: member, key: OneTimeKeys.newKey())
            #expect(added.status == .created, "\(added.text)")
            #expect(try await Member.query(on: app.db).filter(\.$fullName == "Lò Thị Mới").count() == 1)
            #expect(try await LedgerStore.verify(on: app.db).allSatisfy { $0.problems.isEmpty })
        }
    }

    /// Without a session, without the form token, or outside the user's unit: refused in words,
    /// nothing written. A write without a key is refused too.
    @Test func theAPIKeepsThePagesRules() async throws {
        try await withApp(demo: false) { app in
            let build = Build(app)
            let club = try await build.club(members: 4)
            let other = try await build.club("CLB Khác", members: 3)
            try await build.user("thuky", role: .clubChair, at: club.unit)
            let unit = club.unit.id!.uuidString
            let meeting = Self.json(["heldOn": Day(app.clock.now()).iso, "attended": [], "areas": [1]])
            let stranger = Browser(app)
            let anonymous = try await stranger.api(.GET, "/api/v1/clubs/\(unit)")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers.contentType?.subType == "problem+json")
            #expect((Self.object(anonymous)["detail"] as? String) == "Cần đăng nhập trước khi dùng API.")
            let b = Browser(app)
            try await b.login("thuky", password: Build.password)
            let noToken = try await b.api(.POST, "/api/v1/clubs/\(unit)/meetings", json: meeting, key: OneTimeKeys.newKey(), token: false)
            #expect(noToken.status == .forbidden)
            let noKey = try await b.api(.POST, "/api/v1/clubs/\(unit)/meetings", json: meeting)
            #expect(noKey.status == .badRequest)
            let elsewhere = try await b.api(.GET, "/api/v1/clubs/\(other.unit.id!.uuidString)")
            #expect(elsewhere.status == .forbidden)
            let write = try await b.api(.POST, "/api/v1/clubs/\(other.unit.id!.uuidString)/meetings", json: meeting, key: OneTimeKeys.newKey())
            #expect(write.status == .forbidden)
            let broken = try await b.api(.POST, "/api/v1/clubs/\(unit)/meetings", json: "{\"heldOn\": 5}", key: OneTimeKeys.newKey())
            #expect(broken.status == .badRequest)
            #expect((Self.object(broken)["detail"] as? String)?.contains("tài liệu API") == true)
            #expect(try await Meeting.query(on: app.db).count() == 0)
            let document = try await b.get("/api/v1/openapi.json")
            #expect(document.status == .ok)
            #expect(Self.object(document)["openapi"] as? String == "3.1.0")
        }
    }
}
