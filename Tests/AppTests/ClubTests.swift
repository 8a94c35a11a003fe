import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct ClubTests {
    @Test func communeOfficerFoundsAClubInAVillage() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let village = try await app.unit(named: "Bản Đồng Mới")
            let b = Browser(app)
            try await b.login("xa.quephong")
            #expect(try await b.get(Paths.newClub.link(commune.id!)).status == .ok)
            // act
            let res = try await b.post(
                Paths.newClub.link(commune.id!),
                [
                    "name": "CLB Liên thế hệ tự giúp nhau Bản Đồng Mới", "village": village.id!.uuidString,
                    "founded_on": "05/01/2026", "decision_number": "3/QĐ-UBND", "funding_source": "helpage",
                ])
            // check
            #expect(res.status == .seeOther)
            let unit = try await app.unit(named: "CLB Liên thế hệ tự giúp nhau Bản Đồng Mới")
            #expect(unit.unitLevel == .club)
            #expect(unit.$parent.id == village.id)
            #expect(unit.path.hasPrefix(village.path))
            let club = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == unit.id!).first())
            #expect(club.cohort == "2026-2030")
            #expect(club.$commune.id == commune.id)
            #expect(club.status == "active")
            let history = try await ClubStatusChange.query(on: app.db).filter(\.$club.$id == club.id!).all()
            #expect(history.map(\.fromDate) == ["2026-01-05"])
            let page = try await b.get(res.location!)
            #expect(page.text.contains("Đã thành lập câu lạc bộ"))
            // The commune now counts three clubs.
            let communePage = try await b.get(Paths.unit.link(commune.id!))
            #expect(communePage.text.contains("3 CLB"))
        }
    }

    @Test func badClubInputIsExplained() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let b = Browser(app)
            try await b.login("xa.quephong")
            let res = try await b.post(
                Paths.newClub.link(commune.id!),
                [
                    "name": DemoData.clubs[0].name.lowercased(), "founded_on": "32/01/2026", "funding_source": "state_budget",
                ])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Xã này đã có câu lạc bộ"))
            #expect(res.text.contains("Ngày thành lập chưa đúng"))
            #expect(try await Club.query(on: app.db).count() == DemoData.clubs.count)
        }
    }

    @Test func clubBoardsAndViewersCannotFoundOrChangeClubs() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let club = try await app.unit(named: DemoData.clubs[0].name)
            for name in ["clb.hanhtien", "chunhiem.hanhtien", "xem.nghean"] {
                let b = Browser(app)
                try await b.login(name)
                #expect(try await b.post(Paths.newClub.link(commune.id!), ["name": "CLB Lạ", "founded_on": "01/01/2026"]).status == .forbidden)
                #expect(try await b.post(Paths.clubStatus.link(club.id!), ["status": "paused", "from_date": "01/01/2026"]).status == .forbidden)
            }
        }
    }

    @Test func statusChangesKeepTheirDays() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_782_777_600))  // 30/06/2026
        try await withApp(clock: clock) { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let record = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club.id!).first())
            let b = Browser(app)
            try await b.login("xa.quephong")
            // act: a date before founding is refused, a good one is kept
            let early = try await b.post(Paths.clubStatus.link(club.id!), ["status": "paused", "from_date": "01/01/2021"])
            let ok = try await b.post(Paths.clubStatus.link(club.id!), ["status": "paused", "from_date": "01/05/2026", "note": "Mùa vụ"])
            let again = try await b.post(Paths.clubStatus.link(club.id!), ["status": "paused", "from_date": "01/06/2026"])
            // check
            #expect(early.status == .unprocessableEntity)
            #expect(early.text.contains("Ngày phải sau lần thay đổi trước (15/03/2021)"))
            #expect(ok.status == .seeOther)
            #expect(again.status == .unprocessableEntity)
            #expect(again.text.contains("không đổi sang tình trạng này được"))
            let changes = try await ClubStatusChange.query(on: app.db).filter(\.$club.$id == record.id!).all().compactMap(\.change)
            #expect(ClubHistory.status(on: Day(year: 2026, month: 4, day: 30)!, changes: changes) == .active)
            #expect(ClubHistory.status(on: Day(year: 2026, month: 5, day: 1)!, changes: changes) == .paused)
            #expect(try await Club.find(record.id!, on: app.db)?.status == "paused")
        }
    }

    @Test func editingMovesTheClubToAnotherVillage() async throws {
        try await withApp { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let target = try await app.unit(named: "Bản Đồng Mới")
            let b = Browser(app)
            try await b.login("xa.quephong")
            let secretary = try await app.user("clb.hanhtien")
            let res = try await b.post(
                Paths.editClub.link(club.id!),
                [
                    "name": DemoData.clubs[0].name, "village": target.id!.uuidString, "founded_on": "15/03/2021",
                    "decision_number": "45/QĐ-UBND", "funding_source": "state_budget",
                ])
            #expect(res.status == .seeOther)
            let moved = try await app.unit(named: DemoData.clubs[0].name)
            #expect(moved.path.hasPrefix(target.path))
            // The club's board still reaches their club after the move.
            #expect(secretary.$unit.id == moved.id)
            let board = Browser(app)
            try await board.login("clb.hanhtien")
            #expect(try await board.get(Paths.unit.link(moved.id!)).status == .ok)
        }
    }
}
