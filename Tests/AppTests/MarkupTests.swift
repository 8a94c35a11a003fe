import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// A name typed by anyone (a member, someone cared for, a club, a village, a user, a file) is
/// text wherever a page shows it: in the title, in attributes and in the body.
@Suite struct MarkupTests {
    static let hostile = #"Bà Test"><meta http-equiv=refresh content="1;url=https://evil.example/"> "' <>&"#

    /// Fails on anything in the head that is not one of the tags a page writes, with quoted
    /// attribute values that hold no quote or angle bracket, and on a title holding `<` or `"`.
    static func checkHead(_ html: String, _ page: String) {
        guard let start = html.range(of: "<head>"), let end = html.range(of: "</head>") else {
            Issue.record("\(page): no head")
            return
        }
        let head = String(html[start.upperBound..<end.lowerBound])
        let tag = /<(meta|link|script|title|\/title|\/script)( [a-z-]+(="[^"<>]*")?)*\/?>/
        var rest = Substring(head)
        while let lt = rest.firstIndex(of: "<") {
            let text = rest[..<lt]
            #expect(!text.contains("\"") && !text.contains(">"), "\(page): text in the head holds a quote: \(text)")
            guard let match = rest[lt...].prefixMatch(of: tag) else {
                Issue.record("\(page): unexpected markup in the head: \(rest[lt...].prefix(80))")
                return
            }
            rest = rest[match.range.upperBound...]
        }
        #expect(!rest.contains("\""), "\(page): text after the head's tags")
    }

    /// Fails when the name became markup anywhere in the page: a tag in the body that is not a
    /// name with quoted attributes, a `<meta` outside the head, or an empty `<>`.
    static func checkBody(_ html: String, _ page: String) {
        guard let end = html.range(of: "</head>") else {
            Issue.record("\(page): no head")
            return
        }
        let body = html[end.upperBound...]
        #expect(!body.contains("<meta"), "\(page): the name's meta tag reached the body")
        #expect(!html.contains("<>"), "\(page): an angle bracket of the name reached the page")
        let tag = /<\/?[a-z][a-z0-9]*( [a-z-]+(="[^"<>]*")?)*\/?>/
        var rest = body
        while let lt = rest.firstIndex(of: "<") {
            guard let match = rest[lt...].prefixMatch(of: tag) else {
                Issue.record("\(page): a tag broken by the name: \(rest[lt...].prefix(120))")
                return
            }
            rest = rest[match.range.upperBound...]
        }
        #expect(html.contains("Bà Test"), "\(page): the name is not shown")
    }

    @Test func everyPageTypeShowsHostileNamesAsText() async throws {
        try await withApp { app in
            let (clubUnit, club, members) = try await app.demoClub(0)
            let villageID = try #require(club.$village.id)
            // Every kind of name a page can show, set to the hostile text.
            let check = try #require(try await HealthCheck.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let loan = try #require(try await Loan.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let visit = try #require(try await CareVisit.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let recipient = try await visit.$recipient.get(on: app.db)
            let memberIDs = Set([check.$member.id, loan.$member.id, members[0].id!])
            for id in memberIDs {
                let m = try #require(try await Member.find(id, on: app.db))
                m.fullName = Self.hostile + " \(m.fullName)"
                try await m.save(on: app.db)
            }
            recipient.fullName = Self.hostile
            try await recipient.save(on: app.db)
            for id in [clubUnit.id!, villageID] {
                let u = try #require(try await OrgUnit.find(id, on: app.db))
                u.name = Self.hostile + " \(u.name)"
                try await u.save(on: app.db)
            }
            let secretary = try await app.user("clb.hanhtien")
            secretary.fullName = Self.hostile
            try await secretary.save(on: app.db)

            let b = Browser(app)
            try await b.login("clb.hanhtien")
            // The import preview, with the name in the file's name and in a row.
            let csv = "Họ và tên;Giới tính;Năm sinh\r\n\(Self.hostile);Nữ;1950\r\n"
            let upload = try await b.upload(
                Paths.memberImport.link(clubUnit.id!), ["consent": "on"],
                file: ("file", "Bà Test '<>&.csv", Data(csv.utf8)))
            #expect(upload.status == .seeOther, "\(upload.text.components(separatedBy: "error").dropFirst().prefix(3))")
            let preview = try #require(upload.location)
            let pages: [(String, String)] = [
                ("member", Paths.member.link(members[0].id!)),
                ("member edit", Paths.editMember.link(members[0].id!)),
                ("health-check edit", Paths.editHealthCheck.link(check.id!)),
                ("loan", Paths.loan.link(loan.id!)),
                ("care recipient", Paths.careRecipient.link(recipient.id!)),
                ("care recipient edit", Paths.editCareRecipient.link(recipient.id!)),
                ("care visit edit", Paths.editCareVisit.link(visit.id!)),
                ("club", Paths.unit.link(clubUnit.id!)),
                ("import preview", preview),
            ]
            for (page, path) in pages {
                let res = try await b.get(path)
                #expect(res.status == .ok, "\(page) \(path)")
                Self.checkHead(res.text, page)
                Self.checkBody(res.text, page)
            }
            // The user's page, the village and the club as the province officer sees them.
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            for (page, path) in [
                ("user", Paths.user.link(secretary.id!)), ("village", Paths.unit.link(villageID)),
                ("club", Paths.unit.link(clubUnit.id!)), ("member", Paths.member.link(members[0].id!)),
            ] {
                let res = try await officer.get(path)
                #expect(res.status == .ok, "\(page) \(path)")
                Self.checkHead(res.text, page)
                Self.checkBody(res.text, page)
            }
        }
    }

    @Test func theHeadCheckFailsOnRawMarkup() {
        // The check itself: a title written the way Plot's `.title` wrote it is caught.
        let raw = "<html><head><meta charset=\"UTF-8\"/><title>x</title><meta name=\"twitter:title\" content=\"\(Self.hostile)\"/></head></html>"
        withKnownIssue { Self.checkHead(raw, "raw") }
        let broken = "<html><head></head><body><input value=\"\(Self.hostile)\"/></body></html>"
        withKnownIssue { Self.checkBody(broken, "broken") }
        let fine =
            "<html><head></head><body><input value=\"\(attr(Self.hostile))\"/><p>\(Self.hostile.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))</p></body></html>"
        Self.checkBody(fine, "fine")
    }
}
