import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// A form sent again with its one-time key writes nothing more and answers with what was saved;
/// the same key with other content is refused in words; a key that led to errors is not kept.
@Suite struct OneTimeKeyTests {
    struct Write {
        var name: String
        var path: String
        var fields: [(String, String)]
        var other: [(String, String)]
        var count: @Sendable (any Database) async throws -> Int
    }

    static func enc(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    static func body(_ pairs: [(String, String)], key: String) -> String {
        (pairs + [(OneTimeKeys.fieldName, key)]).map { "\(enc($0.0))=\(enc($0.1))" }.joined(separator: "&")
    }

    struct Setup {
        var club: Build.BuiltClub
        var secretary: Browser
        var treasurer: Browser
        var loan: Loan
    }

    static func setUp(_ app: Application) async throws -> Setup {
        let build = Build(app)
        let club = try await build.club(members: 12)
        try await build.grant(10_000_000, to: club)
        try await build.user("thuky", role: .clubSecretary, at: club.unit)
        try await build.user("thuquy", role: .clubTreasurer, at: club.unit)
        let loan = try await build.loan(2_400_000, to: club.members[3], of: club)
        let secretary = Browser(app)
        #expect(try await secretary.login("thuky", password: Build.password).status == .seeOther)
        let treasurer = Browser(app)
        #expect(try await treasurer.login("thuquy", password: Build.password).status == .seeOther)
        return Setup(club: club, secretary: secretary, treasurer: treasurer, loan: loan)
    }

    static func writes(_ s: Setup, today: Day) -> [(Browser, Write)] {
        let unit = s.club.unit.id!
        let clubID = s.club.club.id!
        let members = s.club.members
        let loanID = s.loan.id!
        var meeting: [(String, String)] = [("held_on", today.vietnamese), ("areas[]", "1"), ("areas[]", "2")]
        for m in members.prefix(9) { meeting.append(("attended[]", m.id!.uuidString)) }
        return [
            (
                s.secretary,
                Write(
                    name: "meeting", path: Paths.newMeeting.link(unit), fields: meeting,
                    other: [("held_on", today.adding(days: -7).vietnamese)] + meeting.dropFirst().filter { $0.1 != members[0].id!.uuidString },
                    count: { try await Meeting.query(on: $0).filter(\.$club.$id == clubID).count() })
            ),
            (
                s.secretary,
                Write(
                    name: "member", path: Paths.newMember.link(unit),
                    fields: [("full_name", "Vi Thị Mới"), ("gender", "female"), ("birth", "1955"), ("joined_on", ""), ("consent", "on")],
                    other: [("full_name", "Vi Thị Khác"), ("gender", "female"), ("birth", "1956"), ("joined_on", ""), ("consent", "on")],
                    count: { try await Member.query(on: $0).filter(\.$club.$id == clubID).count() })
            ),
            (
                s.treasurer,
                Write(
                    name: "contribution", path: Paths.newFundEntry.link(unit),
                    fields: [
                        ("kind", "contribution"), ("fund", "income"), ("amount", "600.000"), ("occurred_on", today.vietnamese),
                        ("description", "Góp quỹ tháng"),
                    ],
                    other: [
                        ("kind", "contribution"), ("fund", "income"), ("amount", "60.000"), ("occurred_on", today.vietnamese),
                        ("description", "Góp quỹ tháng"),
                    ],
                    count: { try await JournalEntry.query(on: $0).filter(\.$club.$id == clubID).count() })
            ),
            (
                s.treasurer,
                Write(
                    name: "repayment", path: Paths.loanRepayments.link(loanID),
                    fields: [("amount", "210.000"), ("paid_on", today.vietnamese)],
                    other: [("amount", "200.000"), ("paid_on", today.vietnamese)],
                    count: { try await JournalEntry.query(on: $0).filter(\.$club.$id == clubID).count() })
            ),
        ]
    }

    @Test func aFormSentAgainWritesOnceAndSaysWhenItWasSaved() async throws {
        try await withApp(demo: false) { app in
            let s = try await Self.setUp(app)
            let today = Day(app.clock.now())
            for (browser, write) in Self.writes(s, today: today) {
                let key = OneTimeKeys.newKey()
                let before = try await write.count(app.db)
                let first = try await browser.postRaw(write.path, Self.body(write.fields, key: key))
                #expect(first.status == .seeOther, "\(write.name): \(first.status) \(first.text.prefix(300))")
                #expect(first.location?.contains("saved=\(key)") == true, "\(write.name)")
                #expect(try await write.count(app.db) == before + 1, "\(write.name)")
                let kept = try #require(
                    try await OneTimeKeyStore.find(
                        user: try await app.user(browser === s.secretary ? "thuky" : "thuquy").requireID(), key: key, on: app.db))
                #expect(kept.status == 303, "\(write.name)")

                // The retry (a lost answer, a double tap): the first result, nothing more written.
                let again = try await browser.postRaw(write.path, Self.body(write.fields, key: key))
                #expect(again.status == .seeOther, "\(write.name)")
                #expect(again.location?.contains("again=") == true, "\(write.name): \(again.location ?? "")")
                #expect(try await write.count(app.db) == before + 1, "\(write.name)")
                let page = try await browser.get(again.location!)
                #expect(page.status == .ok, "\(write.name)")
                #expect(
                    page.text.contains("Đã lưu lúc \(OneTimeKeys.clockTime(kept.createdAt)). Lần gửi lại này không ghi thêm gì."), "\(write.name)")

                // The same key with other content: refused in words, with the saved record linked.
                let other = try await browser.postRaw(write.path, Self.body(write.other, key: key))
                #expect(other.status == .conflict, "\(write.name)")
                #expect(other.text.contains("Lần gửi này có nội dung khác nên chưa được ghi"), "\(write.name)")
                #expect(other.text.contains("Mở bản đã lưu"), "\(write.name)")
                #expect(try await write.count(app.db) == before + 1, "\(write.name)")

                // A new key is a new record.
                let next = try await browser.postRaw(write.path, Self.body(write.other, key: OneTimeKeys.newKey()))
                #expect(next.status == .seeOther, "\(write.name)")
                #expect(try await write.count(app.db) == before + 2, "\(write.name)")
            }
            #expect(try await LedgerStore.verify(on: app.db).allSatisfy { $0.problems.isEmpty })
        }
    }

    /// A double tap: the same form five times at once is one record, and every answer is the saved one.
    @Test func sentFiveTimesAtOnceIsOneRecord() async throws {
        try await withApp(demo: false) { app in
            let s = try await Self.setUp(app)
            let today = Day(app.clock.now())
            for (browser, write) in Self.writes(s, today: today) where write.name != "meeting" {
                let key = OneTimeKeys.newKey()
                let before = try await write.count(app.db)
                let body = Self.body(write.fields, key: key)
                // As the browser sends them: the same cookies, token and key, all at once.
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
                headers.contentType = .urlEncodedForm
                let sent = body + "&\(CSRFMiddleware.fieldName)=\(browser.formToken!)"
                let path = write.path
                let fixed = headers
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    for _ in 0..<5 {
                        group.addTask { try await app.testing().sendRequest(.POST, path, headers: fixed, body: ByteBuffer(string: sent)).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == .seeOther }, "\(write.name): \(statuses)")
                #expect(try await write.count(app.db) == before + 1, "\(write.name)")
            }
            #expect(try await LedgerStore.verify(on: app.db).allSatisfy { $0.problems.isEmpty })
        }
    }

    /// A form that came back with its errors kept nothing: the same key, corrected, saves.
    @Test func aKeyThatLedToErrorsCanBeSentAgain() async throws {
        try await withApp(demo: false) { app in
            let s = try await Self.setUp(app)
            let today = Day(app.clock.now())
            let key = OneTimeKeys.newKey()
            let path = Paths.loanRepayments.link(s.loan.id!)
            let clubID = s.club.club.id!
            let before = try await JournalEntry.query(on: app.db).filter(\.$club.$id == clubID).count()
            let bad = try await s.treasurer.postRaw(path, Self.body([("amount", "hai trăm"), ("paid_on", today.vietnamese)], key: key))
            #expect(bad.status == .unprocessableEntity)
            let good = try await s.treasurer.postRaw(path, Self.body([("amount", "200.000"), ("paid_on", today.vietnamese)], key: key))
            #expect(good.status == .seeOther)
            #expect(try await JournalEntry.query(on: app.db).filter(\.$club.$id == clubID).count() == before + 1)
        }
    }

    /// Keys are the user's own: another user's key of the same text is another key, and a key of
    /// the wrong shape is refused in words.
    @Test func keysAreTheUsersOwnAndWellFormed() async throws {
        try await withApp(demo: false) { app in
            let s = try await Self.setUp(app)
            let today = Day(app.clock.now())
            let clubID = s.club.club.id!
            let key = OneTimeKeys.newKey()
            let fields = [
                ("kind", "contribution"), ("fund", "income"), ("amount", "50.000"), ("occurred_on", today.vietnamese), ("description", "Góp"),
            ]
            let path = Paths.newFundEntry.link(s.club.unit.id!)
            let before = try await JournalEntry.query(on: app.db).filter(\.$club.$id == clubID).count()
            #expect(try await s.treasurer.postRaw(path, Self.body(fields, key: key)).status == .seeOther)
            try await Build(app).user("chunhiem", role: .clubChair, at: s.club.unit)
            let chair = Browser(app)
            try await chair.login("chunhiem", password: Build.password)
            let theirs = try await chair.postRaw(path, Self.body(fields, key: key))
            #expect(theirs.status == .seeOther)
            #expect(theirs.location?.contains("again=") == false)
            #expect(try await JournalEntry.query(on: app.db).filter(\.$club.$id == clubID).count() == before + 2)
            let odd = try await s.treasurer.postRaw(path, Self.body(fields, key: "short"))
            #expect(odd.status == .badRequest)
            #expect(odd.text.contains("Khóa một lần của biểu mẫu không hợp lệ"))
            #expect(try await JournalEntry.query(on: app.db).filter(\.$club.$id == clubID).count() == before + 2)
        }
    }

    /// Keys older than 30 days are let go at the next login.
    @Test func oldKeysArePruned() async throws {
        let clock = TestClock()
        try await withApp(demo: false, clock: clock) { app in
            let s = try await Self.setUp(app)
            let today = Day(app.clock.now())
            let key = OneTimeKeys.newKey()
            let fields = [
                ("kind", "contribution"), ("fund", "income"), ("amount", "50.000"), ("occurred_on", today.vietnamese), ("description", "Góp"),
            ]
            #expect(try await s.treasurer.postRaw(Paths.newFundEntry.link(s.club.unit.id!), Self.body(fields, key: key)).status == .seeOther)
            let user = try await app.user("thuquy").requireID()
            #expect(try await OneTimeKeyStore.find(user: user, key: key, on: app.db) != nil)
            clock.advance(29 * 86_400)
            try await s.secretary.login("thuky", password: Build.password)
            #expect(try await OneTimeKeyStore.find(user: user, key: key, on: app.db) != nil)
            clock.advance(2 * 86_400)
            try await s.secretary.login("thuky", password: Build.password)
            #expect(try await OneTimeKeyStore.find(user: user, key: key, on: app.db) == nil)
        }
    }

    /// A form sent after the session ended is kept through the login and sent then, once.
    @Test func aFormSentAfterTheSessionEndedIsSentAfterLogin() async throws {
        let clock = TestClock()
        try await withApp(demo: false, clock: clock) { app in
            let s = try await Self.setUp(app)
            let today = Day(app.clock.now())
            let clubID = s.club.club.id!
            let unit = s.club.unit.id!
            var pairs: [(String, String)] = [("held_on", today.vietnamese), ("areas[]", "1"), ("notes", "Họp cuối năm")]
            for m in s.club.members.prefix(7) { pairs.append(("attended[]", m.id!.uuidString)) }
            let key = OneTimeKeys.newKey()
            let token = try #require(s.secretary.formToken)
            clock.advance(app.config.sessionIdleSeconds + 60)
            let sent = try await s.secretary.post(Paths.newMeeting.link(unit), pairs: pairs + [("once", key), ("csrf", token)])
            #expect(sent.status == .unauthorized)
            #expect(sent.text.contains("Mẫu bạn đã điền vẫn được giữ"))
            #expect(try await Meeting.query(on: app.db).filter(\.$club.$id == clubID).count() == 0)
            let carried = try #require(Self.hidden(ResumeForm.fieldsField, in: sent.text))
            let action = try #require(Self.hidden(ResumeForm.actionField, in: sent.text))
            #expect(action == Paths.newMeeting.link(unit))

            let login = try await s.secretary.post(
                Paths.login.link(),
                ["username": "thuky", "password": Build.password, ResumeForm.actionField: action, ResumeForm.fieldsField: carried])
            #expect(login.status == .ok)
            #expect(login.text.contains("Gửi mẫu đã điền"))
            #expect(login.text.contains("id=\"resume-form\""))
            // The page's form, as the browser sends it: every field as it was, the new session's token.
            let fields = Self.hiddenFields(in: login.text)
            #expect(fields.contains { $0.0 == "once" && $0.1 == key })
            #expect(fields.filter { $0.0 == "attended[]" }.count == 7)
            let resent = try await s.secretary.post(Paths.newMeeting.link(unit), pairs: fields)
            #expect(resent.status == .seeOther)
            let meeting = try #require(try await Meeting.query(on: app.db).filter(\.$club.$id == clubID).first())
            #expect(meeting.attendeeCount == 7)
            #expect(meeting.notes == "Họp cuối năm")
            // Sent again (the script and a tap): still one meeting.
            #expect(try await s.secretary.post(Paths.newMeeting.link(unit), pairs: fields).status == .seeOther)
            #expect(try await Meeting.query(on: app.db).filter(\.$club.$id == clubID).count() == 1)
        }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func hiddenFields(in html: String) -> [(String, String)] {
        let pattern = /<input type="hidden" name="([^"]*)" value="([^"]*)"/
        return html.matches(of: pattern).map { (unescape(String($0.output.1)), unescape(String($0.output.2))) }
    }

    static func hidden(_ name: String, in html: String) -> String? {
        hiddenFields(in: html).first { $0.0 == name }?.1
    }
}
