import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Club pages kept between visits (`ClubPageCache`): after every kind of write the next visit
/// makes the page again, and what is sent is always what a page made afresh shows.
@Suite struct ClubPageCacheTests {
    /// Opens the page as served and as made afresh with the cache switched off; they must agree.
    /// With `changed`, the write before must show on the page and the visit must not be answered
    /// from memory.
    @discardableResult
    func visit(_ app: Application, _ b: Browser, _ path: String, after previous: String?, _ step: String) async throws -> String {
        let before = app.clubPages.counts
        let served = try await b.get(path)
        #expect(served.status == .ok, "\(step)")
        let after = app.clubPages.counts
        app.clubPages.enabled = false
        let fresh = try await b.get(path).text
        app.clubPages.enabled = true
        // Every page's forms get one-time keys of their own; the rest is the same.
        #expect(Self.withoutKeys(served.text) == Self.withoutKeys(fresh), "\(step): the page sent is the page made afresh")
        #expect(Self.keys(served.text).isDisjoint(with: Self.keys(fresh)), "\(step): each visit has keys of its own")
        if let previous {
            #expect(Self.withoutKeys(fresh) != Self.withoutKeys(previous), "\(step): the write shows on the page")
            #expect(after.misses == before.misses + 1 && after.hits == before.hits, "\(step): made again, not read from memory")
        }
        return fresh
    }

    static var keyField: Regex<(Substring, Substring)> { /name="once" value="([A-Za-z0-9_-]+)"/ }

    static func withoutKeys(_ html: String) -> String { html.replacing(keyField) { _ in "name=\"once\" value=\"…\"" } }

    static func keys(_ html: String) -> Set<String> { Set(html.matches(of: keyField).map { String($0.output.1) }) }

    /// The next visit with nothing changed is answered from memory, and is the same page.
    func again(_ app: Application, _ b: Browser, _ path: String, _ page: String, _ step: String) async throws {
        let before = app.clubPages.counts
        let served = try await b.get(path)
        #expect(Self.withoutKeys(served.text) == Self.withoutKeys(page), "\(step)")
        #expect(app.clubPages.counts.hits == before.hits + 1, "\(step): answered from memory")
    }

    /// A new visitor's first visit and the next, answered from memory.
    func opened(_ app: Application, _ username: String, _ path: String) async throws -> (Browser, String) {
        let b = Browser(app)
        try await b.login(username)
        let page = try await visit(app, b, path, after: nil, username)
        try await again(app, b, path, page, "\(username) again")
        return (b, page)
    }

    /// The club's commune renamed in the database, and the visitor's next visit showing it.
    func communeRenamed(_ app: Application, _ name: String, _ b: Browser, _ path: String, after page: String) async throws -> String {
        let sql = app.db as! any SQLDatabase
        try await sql.raw("UPDATE units SET name = \(bind: name) WHERE path = \(bind: DemoData.quePhong)").run()
        let next = try await visit(app, b, path, after: page, "the commune renamed to \(name)")
        #expect(next.contains(name))
        return next
    }

    @Test func everyWriteOnTheClubsPageMakesItAgain() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            let sql = app.db as! any SQLDatabase
            let (clubUnit, club, members) = try await app.demoClub(0)
            let path = Paths.unit.link(clubUnit.id!)
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")

            var page = try await visit(app, secretary, path, after: nil, "first")
            #expect(app.clubPages.counts.pages == 1)
            try await again(app, secretary, path, page, "nothing changed")

            // The form token is the visitor's own: a second browser of the same user gets its token.
            let other = Browser(app)
            try await other.login("clb.hanhtien")
            let second = try await other.get(path).text
            let token = try #require(other.formToken)
            #expect(second.contains("value=\"\(token)\""))
            #expect(!second.contains(secretary.formToken!))
            #expect(!second.contains(app.clubPages.placeholder))

            // A member added through the page.
            #expect(
                try await secretary.post(
                    Paths.newMember.link(clubUnit.id!),
                    [
                        "full_name": "Lò Thị Nhớ", "gender": "female", "birth": "1952", "ethnicity": "Thái", "joined_on": "", "consent": "on",
                    ]
                ).status == .seeOther)
            page = try await visit(app, secretary, path, after: page, "member added")
            #expect(page.contains("Lò Thị Nhớ"))
            try await again(app, secretary, path, page, "after the member")

            // Writes straight into the database, as any other code path or a second server would.
            let writes: [(String, SQLQueryString)] = [
                ("board term", "UPDATE board_terms SET from_date = '2020-02-02' WHERE club_id = \(bind: club.id!)"),
                ("cared for", "UPDATE care_recipients SET until = '2020-01-01' WHERE club_id = \(bind: club.id!)"),
                ("the club's own row", "UPDATE clubs SET decision_number = '99/QĐ-UBND' WHERE id = \(bind: club.id!)"),
                ("a member renamed", "UPDATE members SET full_name = 'Lò Thị Nhớ Mới' WHERE full_name = 'Lò Thị Nhớ'"),
            ]
            for (step, write) in writes {
                try await sql.raw(write).run()
                page = try await visit(app, secretary, path, after: page, step)
                try await again(app, secretary, path, page, "after \(step)")
            }
            #expect(page.contains("99/QĐ-UBND") && page.contains("02/02/2020") && page.contains("Lò Thị Nhớ Mới"))

            // An activity kept at the club's own unit, naming no club.
            let activity = Activity()
            activity.kind = ActivityKind.event.rawValue
            activity.$unit.id = clubUnit.id!
            activity.heldOn = Day(clock.now()).iso
            activity.subtype = "7:sports"
            activity.title = "Đi bộ buổi sáng"
            activity.othersCount = 0
            activity.peopleCount = 3
            try await activity.create(on: app.db)
            page = try await visit(app, secretary, path, after: page, "activity at the club")

            // A plan of the commune sets the club's standard.
            let plan = Plan()
            plan.$unit.id = try await app.unit(path: DemoData.quePhong).id!
            plan.title = "Kế hoạch của xã đến 2030"
            plan.standardRules = StandardRules.Rule.monthlyMeetings.rawValue
            plan.minStandardClubs = 1
            try await plan.create(on: app.db)
            page = try await visit(app, secretary, path, after: page, "plan")
            #expect(page.contains("Kế hoạch của xã đến 2030"))

            // A new day (after a night the visitor logs in again); the visitor's language.
            clock.advance(86_400)
            try await secretary.login("clb.hanhtien")
            page = try await visit(app, secretary, path, after: page, "next day")
            #expect(try await secretary.post(Paths.language.link(), ["lang": "en", "next": path]).status == .seeOther)
            page = try await visit(app, secretary, path, after: page, "English")
            try await again(app, secretary, path, page, "in English")

            // A page asked with a query is made every time and not kept.
            let pages = app.clubPages.counts.pages
            _ = try await visit(app, secretary, path + "?ngay=01/01/2025", after: nil, "a day asked")
            #expect(app.clubPages.counts.pages == pages)

            // Kept pages do not open the club to others: an officer of another province is still refused.
            let stranger = Browser(app)
            try await stranger.login("tinh.hanoi")
            #expect(try await stranger.get(path).status == .forbidden)

            // The commune's officer may merge clubs, so their page lists the commune's other clubs:
            // another club of the commune renamed makes it again.
            let officer: Browser
            (officer, page) = try await opened(app, "xa.quephong", path)
            // The commune renamed shows in the officer's breadcrumbs (the secretary sees none above the club).
            page = try await communeRenamed(app, "Xã Quế Phong Mới", officer, path, after: page)
            let (otherUnit, _, _) = try await app.demoClub(1)
            try await sql.raw("UPDATE units SET name = 'CLB Bản Mường Nọc Mới' WHERE id = \(bind: otherUnit.id!)").run()
            page = try await visit(app, officer, path, after: page, "another club of the commune renamed")
            #expect(page.contains("CLB Bản Mường Nọc Mới"))

            // A province's viewer keeps no units, so no commune's version stands in their stamp: the
            // commune renamed shows in their breadcrumbs through the ancestors read with the stamp.
            let viewer: Browser
            (viewer, page) = try await opened(app, "xem.nghean", path)
            page = try await communeRenamed(app, "Xã Quế Phong Nay", viewer, path, after: page)
            _ = members
        }
    }

    @Test func theCacheKeepsWithinItsBytes() async throws {
        let cache = ClubPageCache(maxBytes: 400)
        let stamp = "s"
        for i in 0..<10 {
            let key = ClubPageCache.Key(unit: UUID(), user: UUID(), lang: "vi")
            cache.keep(key, stamp: stamp, parts: cache.split(String(repeating: "x", count: 90) + cache.placeholder + "\(i)"))
            #expect(cache.counts.bytes <= 400)
        }
        #expect(cache.counts.pages == 4)
        let key = ClubPageCache.Key(unit: UUID(), user: UUID(), lang: "vi")
        cache.keep(key, stamp: stamp, parts: cache.split("<a>" + cache.placeholder + "</a>" + cache.placeholder))
        #expect(cache.page(key, stamp: stamp, token: "T")?.getString(at: 0, length: 9) == "<a>T</a>T")
        #expect(cache.page(key, stamp: "other", token: "T") == nil)
    }
}
