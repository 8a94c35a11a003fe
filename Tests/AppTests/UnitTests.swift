import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

@Suite struct UnitPageTests {
    @Test func provincePageListsCommunesWithCountsAndLinksDown() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let province = try await app.unit(path: DemoData.nghean)
            let commune = try await app.unit(path: DemoData.quePhong)
            // act
            let res = try await b.get(Paths.unit.link(province.id!))
            // check: 130 communes, Quế Phong with its 3 villages (2 with clubs + 1), 2 clubs, members
            #expect(res.status == .ok)
            #expect(res.text.contains("Các xã, phường, đặc khu (130)"))
            #expect(res.text.contains("href=\"\(Paths.unit.link(commune.id!))\""))
            #expect(res.text.contains("Mã 16738 · 3 thôn, tổ · 2 CLB · \(DemoData.clubs[0].members + DemoData.clubs[1].members) thành viên"))
            // The former provinces the new one was formed from.
            #expect(res.text.contains("Hình thành từ các tỉnh, thành phố cũ"))
        }
    }

    @Test func communePageLinksUpAndShowsItsFormerCommunes() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("xa.quephong")
            let commune = try await app.unit(path: DemoData.quePhong)
            let res = try await b.get(Paths.unit.link(commune.id!))
            #expect(res.status == .ok)
            #expect(res.text.contains("Trước 01/07/2025, địa bàn này gồm"))
            #expect(res.text.contains("Huyện Quế Phong"))
            #expect(res.text.contains("Bản Hạnh Tiến"))
            // The commune officer's breadcrumbs do not link to the province above them.
            let province = try await app.unit(path: DemoData.nghean)
            #expect(!res.text.contains(Paths.unit.link(province.id!)))
        }
    }

    @Test func childSearchIgnoresAccents() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let province = try await app.unit(path: DemoData.nghean)
            let res = try await b.get(Paths.unit.link(province.id!, query: [("q", "que phong")]))
            #expect(res.text.contains("Xã Quế Phong"))
            #expect(!res.text.contains("Xã Thông Thụ"))
        }
    }

    @Test func legacyCommuneShowsWhereItWent() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("tinh.hanoi")
            let old = try #require(
                try await OrgUnit.query(on: app.db).filter(\.$structure == "legacy")
                    .filter(\.$level == "commune").filter(\.$code == "00004").first())
            let res = try await b.get(Paths.unit.link(old.id!))
            #expect(res.status == .ok)
            #expect(res.text.contains("Phường Trúc Bạch"))
            #expect(res.text.contains("Từ 01/07/2025, địa bàn này thuộc"))
            #expect(res.text.contains("Phường Ba Đình"))
            #expect(res.text.contains("Đến 30/06/2025"))
        }
    }

    @Test func clubPageShowsMembersInVietnameseOrderButNotToViewers() async throws {
        try await withApp { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            let res = try await secretary.get(Paths.unit.link(club.id!))
            #expect(res.status == .ok)
            #expect(res.text.contains("Thành viên (\(DemoData.clubs[0].members))"))
            let clubRecord = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club.id!).first())
            let members = try await Member.query(on: app.db).filter(\.$club.$id == clubRecord.id!).all()
            let expected = members.map(\.fullName).sorted(by: VietnameseText.nameLess)
            let positions = expected.prefix(10).compactMap { res.text.range(of: ">\($0)<")?.lowerBound }
            #expect(positions.count == 10)
            #expect(positions == positions.sorted())

            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            let seen = try await viewer.get(Paths.unit.link(club.id!))
            #expect(seen.status == .ok)
            #expect(seen.text.contains("\(DemoData.clubs[0].members) thành viên"))
            for member in members { #expect(!seen.text.contains(member.fullName)) }
        }
    }

    @Test func outOfScopeUnitGetsAClearForbiddenPage() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("xa.quephong")
            let other = try await app.unit(path: DemoData.thongThu)
            let res = try await b.get(Paths.unit.link(other.id!))
            #expect(res.status == .forbidden)
            #expect(res.text.contains("Không có quyền truy cập"))
            #expect(!res.text.contains("Thông Thụ"))
            let missing = try await b.get(Paths.unit.link(UUID().uuidString))
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Không tìm thấy trang"))
        }
    }
}

@Suite struct CompositionPageTests {
    @Test func clubPageShowsCompositionAsOfAnyDay() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_782_777_600))  // 30/06/2026
        try await withApp(clock: clock) { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            // act: today, then a day before the former members left
            let today = try await b.get(Paths.unit.link(club.id!))
            let dayBefore = DemoData.Days(Day(clock.now())).formerLeftOn.previous
            let before = try await b.get(Paths.unit.link(club.id!, query: [("ngay", dayBefore.vietnamese)]))
            // check
            #expect(today.text.contains("Thành phần so với chuẩn (ngày 30/06/2026)"))
            #expect(today.text.contains("\(DemoData.clubs[0].members) người · chuẩn 50–70 người"))
            #expect(before.text.contains("Thành phần so với chuẩn (ngày \(dayBefore.vietnamese))"))
            #expect(before.text.contains("\(DemoData.clubs[0].members + DemoData.formerMembers) người · chuẩn 50–70 người"))
            // The numbers on the page are the ones the rules compute.
            let record = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club.id!).first())
            let facts = try await Member.query(on: app.db).filter(\.$club.$id == record.id!).all().map(\.facts)
            let women = try #require(Composition.evaluate(facts, on: Day(year: 2026, month: 6, day: 30)!).first { $0.kind == .women })
            #expect(today.text.contains("\(women.count) người (\(women.percent!)%)"))
        }
    }

    @Test func aWrongDaySaysSoAndShowsToday() async throws {
        try await withApp { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let b = Browser(app)
            try await b.login("xem.nghean")
            let res = try await b.get(Paths.unit.link(club.id!, query: [("ngay", "31/02/2026")]))
            #expect(res.status == .ok)
            #expect(res.text.contains("Ngày chưa đúng"))
            #expect(res.text.contains("value=\"31/02/2026\""))
            // A viewer sees the composition, which names nobody.
            #expect(res.text.contains("Thành viên nữ"))
        }
    }

    @Test func hintsSayWhatIsMissing() async throws {
        try await withApp { app in
            // setup: a club with 2 members only
            let club = try await app.unit(named: DemoData.clubs[4].name)
            let record = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club.id!).first())
            // Everyone else left yesterday (their records stay, as the app keeps them).
            let yesterday = Day(app.clock.now()).previous.iso
            try await BoardTerm.query(on: app.db).filter(\.$club.$id == record.id!).filter(\.$toDate == nil).set(\.$toDate, to: yesterday).update()
            try await Member.query(on: app.db).filter(\.$club.$id == record.id!).filter(\.$leftOn == nil).set(\.$leftOn, to: yesterday).update()
            try await Member(clubID: record.id!, fullName: "Đỗ Thị Hằng", gender: "female", birthYear: 1950).create(on: app.db)
            try await Member(clubID: record.id!, fullName: "Đỗ Văn Hùng", gender: "male", birthYear: 1990).create(on: app.db)
            let b = Browser(app)
            try await b.login("tinh.hanoi")
            // act
            let res = try await b.get(Paths.unit.link(club.id!))
            // check: 48 more members, 5 volunteers; 1 of 2 women needs 1 more woman for 60%
            #expect(res.text.contains("Cần thêm 48 thành viên"))
            #expect(res.text.contains("Cần thêm 5 tình nguyện viên chăm sóc tại nhà"))
            #expect(res.text.contains("Cần thêm 1 thành viên nữ"))
        }
    }
}

@Suite struct VillageTests {
    @Test func communeOfficerAddsAVillage() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("xa.quephong")
            let commune = try await app.unit(path: DemoData.quePhong)
            // act: the name arrives in NFD with extra spaces
            let res = try await b.post(Paths.newVillage.link(commune.id!), ["kind": "Bản", "name": "  Ba\u{0309}n   Hua Na "])
            // check
            #expect(res.status == .seeOther)
            let village = try await app.unit(named: "Bản Hua Na")
            #expect(village.$parent.id == commune.id)
            #expect(village.path.hasPrefix(commune.path))
            #expect(village.unitLevel == .village)
            let page = try await b.get(Paths.unit.link(commune.id!))
            #expect(page.text.contains("Bản Hua Na"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$targetKind == "village").count() == 1)
        }
    }

    @Test func duplicateAndEmptyNamesAreExplained() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("xa.quephong")
            let commune = try await app.unit(path: DemoData.quePhong)
            let dup = try await b.post(Paths.newVillage.link(commune.id!), ["kind": "Bản", "name": "ban hanh tien"])
            #expect(dup.status == .unprocessableEntity)
            #expect(dup.text.contains("Bản Hạnh Tiến") == false || dup.text.contains("đã có"))
            #expect(dup.text.contains("value=\"ban hanh tien\""))
            let empty = try await b.post(Paths.newVillage.link(commune.id!), ["kind": "Bản", "name": ""])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Vui lòng nhập tên thôn"))
        }
    }

    @Test func viewersAndClubBoardsCannotAddVillages() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            for name in ["xem.nghean", "clb.hanhtien"] {
                let b = Browser(app)
                try await b.login(name)
                let res = try await b.post(Paths.newVillage.link(commune.id!), ["kind": "Bản", "name": "Bản Lạ"])
                #expect(res.status == .forbidden, "\(name)")
            }
            #expect(try await OrgUnit.query(on: app.db).filter(\.$name == "Bản Lạ").count() == 0)
        }
    }
}

@Suite struct PageTests {
    @Test func typedValuesAreEscapedInAttributes() async throws {
        try await withApp { app in
            let res = try await Browser(app).login("\"><script>alert(1)</script>", password: "x")
            #expect(res.status == .unauthorized)
            #expect(!res.text.contains("<script>alert(1)"))
            #expect(res.text.contains("&quot;&gt;&lt;script&gt;"))
        }
    }

    @Test func englishCanBeChosen() async throws {
        try await withApp { app in
            let b = Browser(app)
            let res = try await b.post(Paths.language.link(), ["lang": "en", "next": "/login"])
            #expect(res.status == .seeOther)
            let page = try await b.get(Paths.login.link())
            #expect(page.text.contains("<html lang=\"en\">"))
            #expect(page.text.contains("Log in"))
            let vi = try await Browser(app).get(Paths.login.link())
            #expect(vi.text.contains("<html lang=\"vi\">"))
            #expect(vi.text.contains("Đăng nhập"))
        }
    }

    @Test func healthSaysWhichDatabase() async throws {
        try await withApp(demo: false) { app in
            let res = try await Browser(app).get(Paths.healthz.link())
            #expect(res.status == .ok)
            #expect(res.text.contains("\"database\":\"\(app.config.databaseKind)\""))
        }
    }

    @Test func healthAnswers503WhenTheDatabaseDoesNot() async throws {
        // setup: an application pointed at a PostgreSQL port where nothing listens
        let app = try await Application.make(.testing)
        var config = try AppConfig.load([:], workingDirectory: TestEnv.projectRoot)
        config.databaseURL = "postgres://nobody:none@127.0.0.1:9/none"
        try await configure(app, config: config)
        // act
        let res = try await app.testing().sendRequest(.GET, Paths.healthz.link())
        // check
        #expect(res.status == .serviceUnavailable)
        #expect(res.body.string.contains("unavailable"))
        // The ping does not need the database.
        let ping = try await app.testing().sendRequest(.GET, Paths.ping.link())
        #expect(ping.status == .ok && ping.body.string == "ok")
        try await app.asyncShutdown()
    }

    @Test func statusCountsEveryKind() async throws {
        try await withApp { app in
            let counts = Dictionary(uniqueKeysWithValues: try await StatusReport.counts(on: app.db))
            #expect(counts["provinces"] == 2)
            #expect(counts["clubs"] == DemoData.clubs.count)
            #expect(counts["members"] == DemoData.clubs.map(\.members).reduce(0, +))
            #expect(counts["former_members"] == DemoData.closedSpells)
            #expect(counts["board_terms"] == 4 * DemoData.clubs.count + 1)
            #expect(counts["merged_clubs"] == 1)
            #expect(counts["member_imports"] == 1)
            #expect(counts["meetings"]! >= 10 + 4 * 5)
            #expect(counts["meeting_areas"]! >= 3 * counts["meetings"]!)
            #expect(counts["users"] == DemoData.logins.count)
            #expect(counts["villages"] == DemoData.clubs.count + DemoData.extraVillages.count)
        }
    }

    @Test func demoLoadsOnce() async throws {
        try await withApp { app in
            let loadedAgain = try await DemoData.load(app)
            let users = try await User.query(on: app.db).count()
            #expect(loadedAgain == false)
            #expect(users == DemoData.logins.count)
        }
    }
}

@Suite struct CatalogueTests {
    @Test func everyLanguageHasEveryKeyAndEveryKeyUsedExists() throws {
        let catalogue = try Catalogue.load(from: TestEnv.projectRoot + "Resources/")
        let vi = Set(catalogue.texts[.vi]!.keys)
        let en = Set(catalogue.texts[.en]!.keys)
        #expect(vi == en, "keys only in one language: \(vi.symmetricDifference(en).sorted())")
        // Every literal key passed to t("…") in the sources exists.
        let sources = TestEnv.projectRoot + "Sources/App/"
        let files = FileManager.default.enumerator(atPath: sources)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        let pattern = try Regex(#"\bt\("([a-z_.0-9]+)""#)
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOfFile: sources + file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let key = match.output[1].substring { used.insert(String(key)) }
            }
        }
        #expect(used.count > 50)
        #expect(used.subtracting(vi).isEmpty, "missing keys: \(used.subtracting(vi).sorted())")
    }
}

/// "The units under a path" is answered by an index on both databases: on SQLite by a range over
/// the path index, on PostgreSQL by LIKE over the `text_pattern_ops` index.
@Suite struct SubtreeIndexTests {
    @Test func theUnitsUnderAPathAreReadThroughAnIndex() async throws {
        try await withApp(demo: false) { app in
            let sql = app.db as! any SQLDatabase
            let filter = UnitQueries.within("u.path", DemoData.nghean, on: sql)
            var plan: [String] = []
            if sql.dialect.name == "sqlite" {
                for row in try await sql.raw("EXPLAIN QUERY PLAN SELECT u.id FROM units u WHERE \(filter)").all() {
                    plan.append(try row.decode(column: "detail", as: String.self))
                }
                #expect(plan.contains { $0.contains("USING") && $0.contains("INDEX") }, "\(plan)")
            } else {
                // The table is small in a test, so the planner is told to avoid reading all of it if it can.
                plan = try await app.db.transaction { db in
                    let tx = db as! any SQLDatabase
                    try await tx.raw("SET LOCAL enable_seqscan = off").run()
                    return try await tx.raw("EXPLAIN SELECT u.id FROM units u WHERE \(filter)").all()
                        .map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                }
                #expect(plan.contains { $0.contains("units_path_pattern_idx") }, "\(plan)")
                #expect(!plan.contains { $0.contains("Seq Scan") }, "\(plan)")
            }
            // The nation's filter is no condition at all.
            #expect(sql.serialize(UnitQueries.within("u.path", UnitPath.root, on: sql)).sql == "1 = 1")
        }
    }
}
