import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct BoardTests {
    @Test func aNewChairEndsTheOldTermAndTheHistoryStays() async throws {
        try await withApp { app in
            let unit = try await app.unit(named: DemoData.clubs[0].name)
            let club = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == unit.id!).first())
            let chair = try #require(
                try await BoardTerm.query(on: app.db).filter(\.$club.$id == club.id!)
                    .filter(\.$role == "club_chair").filter(\.$toDate == nil).first())
            let next = try #require(
                try await Member.query(on: app.db).filter(\.$club.$id == club.id!).filter(\.$leftOn == nil)
                    .sort(\.$fullName).all().first { $0.id != chair.$member.id })
            let b = Browser(app)
            try await b.login("chunhiem.hanhtien")
            // The page shows the board now and the earlier chair.
            let page = try await b.get(Paths.unit.link(unit.id!))
            #expect(page.text.contains("Ban chủ nhiệm"))
            #expect(page.text.contains("Những người từng giữ chức (1)"))
            #expect(page.text.contains("Từ 15/03/2021 đến 15/01/2024"))
            // act
            let res = try await b.post(
                Paths.clubBoard.link(unit.id!), ["role": "club_chair", "member": next.id!.uuidString, "board_from": "01/10/2026"])
            // check
            #expect(res.status == .seeOther)
            let terms = try await BoardTerm.query(on: app.db).filter(\.$club.$id == club.id!).filter(\.$role == "club_chair").all()
                .sorted { $0.fromDate < $1.fromDate }
            #expect(terms.map(\.fromDate) == ["2021-03-15", "2024-01-15", "2026-10-01"])
            #expect(terms.map(\.toDate) == ["2024-01-15", "2026-10-01", nil])
            #expect(terms.last?.$member.id == next.id)
            let facts = terms.compactMap(\.facts)
            #expect(Board.holders(on: Day(year: 2025, month: 6, day: 30)!, terms: facts)[.chair] == chair.$member.id.uuidString)
            #expect(Board.holders(on: Day(year: 2026, month: 10, day: 1)!, terms: facts)[.chair] == next.id!.uuidString)
            let after = try await b.get(res.location!)
            #expect(after.text.contains("Đã lưu ban chủ nhiệm"))
            #expect(after.text.contains("\(next.fullName) — từ 01/10/2026"))
        }
    }

    @Test func wrongBoardChangesAreExplained() async throws {
        try await withApp { app in
            let unit = try await app.unit(named: DemoData.clubs[0].name)
            let club = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == unit.id!).first())
            let secretary = try #require(
                try await BoardTerm.query(on: app.db).filter(\.$club.$id == club.id!)
                    .filter(\.$role == "club_secretary").filter(\.$toDate == nil).first())
            let elsewhere = try #require(try await Member.query(on: app.db).filter(\.$club.$id != club.id!).first())
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let before = try await BoardTerm.query(on: app.db).count()
            let future = try await b.post(
                Paths.clubBoard.link(unit.id!), ["role": "club_treasurer", "member": secretary.$member.id.uuidString, "board_from": "01/01/2030"])
            #expect(future.status == .unprocessableEntity)
            #expect(future.text.contains("Ngày không được ở tương lai"))
            let same = try await b.post(
                Paths.clubBoard.link(unit.id!), ["role": "club_secretary", "member": secretary.$member.id.uuidString, "board_from": "01/01/2026"])
            #expect(same.text.contains("Người này đang là Thư ký CLB"))
            let early = try await b.post(
                Paths.clubBoard.link(unit.id!), ["role": "club_chair", "member": secretary.$member.id.uuidString, "board_from": "01/01/2024"])
            #expect(early.text.contains("Nhiệm kỳ hiện tại bắt đầu ngày"))
            let foreign = try await b.post(
                Paths.clubBoard.link(unit.id!), ["role": "club_chair", "member": elsewhere.id!.uuidString, "board_from": "01/01/2026"])
            #expect(foreign.text.contains("Chọn một thành viên đang sinh hoạt"))
            #expect(try await BoardTerm.query(on: app.db).count() == before)
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            #expect(
                try await viewer.post(Paths.clubBoard.link(unit.id!), ["role": "club_chair", "member": "", "board_from": "01/01/2026"]).status
                    == .forbidden)
            // Leaving ends the role.
            let leave = try await b.post(Paths.memberLeave.link(secretary.$member.id), ["left_on": "01/11/2026", "reason": "Chuyển đi"])
            #expect(leave.status == .seeOther)
            #expect(try await BoardTerm.find(secretary.id, on: app.db)?.toDate == "2026-11-01")
        }
    }
}

@Suite struct MoveTests {
    @Test func aMemberMovesToAnotherClubAndBackWithHistory() async throws {
        try await withApp { app in
            let fromUnit = try await app.unit(named: DemoData.clubs[0].name)
            let toUnit = try await app.unit(named: DemoData.clubs[1].name)
            let from = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == fromUnit.id!).first())
            let member = try #require(
                try await Member.query(on: app.db).filter(\.$club.$id == from.id!).filter(\.$leftOn == nil).sort(\.$fullName).first())
            let b = Browser(app)
            try await b.login("xa.quephong")
            let page = try await b.get(Paths.member.link(member.id!))
            #expect(page.text.contains("Chuyển sang câu lạc bộ khác"))
            // act: move
            let res = try await b.post(Paths.memberMove.link(member.id!), ["move_club": toUnit.id!.uuidString, "move_day": "01/09/2026"])
            #expect(res.status == .seeOther)
            let spells = try await Member.query(on: app.db).filter(\.$personID == member.personID).all().sorted { $0.joinedOn! < $1.joinedOn! }
            #expect(spells.count == 2)
            #expect(spells[0].leftOn == "2026-09-01" && spells[0].leaveReason == "Chuyển sang \(DemoData.clubs[1].name)")
            #expect(spells[1].leftOn == nil && spells[1].joinedOn == "2026-09-01")
            #expect(spells[1].$village.id == member.$village.id)
            let newPage = try await b.get(res.location!)
            #expect(newPage.text.contains("Quá trình sinh hoạt"))
            #expect(newPage.text.contains("Từ 01/09/2026 đến nay"))
            // Counted in exactly one club on each day.
            let day = Day(year: 2026, month: 9, day: 1)!
            #expect(spells.filter { $0.facts.isActive(on: day) }.count == 1)
            #expect(spells.filter { $0.facts.isActive(on: Day(year: 2026, month: 8, day: 31)!) }.map(\.$club.id) == [from.id])
            // One open spell per person, by the database too.
            let twin = spells[1].nextSpell(in: from.id!, from: Day(year: 2026, month: 10, day: 1)!)
            await #expect(throws: (any Error).self) { try await twin.create(on: app.db) }
            // The old record cannot rejoin while the person is active in the other club.
            let refused = try await b.post(Paths.memberRejoin.link(member.id!), ["rejoin_club": fromUnit.id!.uuidString, "rejoin_day": "01/10/2026"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("mỗi người chỉ sinh hoạt ở một câu lạc bộ"))
            // Leave, then rejoin the first club.
            _ = try await b.post(Paths.memberLeave.link(spells[1].id!), ["left_on": "01/10/2026", "reason": "Ốm lâu ngày"])
            let back = try await b.post(Paths.memberRejoin.link(spells[1].id!), ["rejoin_club": fromUnit.id!.uuidString, "rejoin_day": "15/10/2026"])
            #expect(back.status == .seeOther)
            let all = try await Member.query(on: app.db).filter(\.$personID == member.personID).all()
            #expect(all.count == 3)
            #expect(all.filter { $0.leftOn == nil }.map(\.$club.id) == [from.id])
            let early = try await b.post(
                Paths.memberRejoin.link(spells[0].id!), ["rejoin_club": fromUnit.id!.uuidString, "rejoin_day": "01/01/2020"])
            #expect(early.status == .unprocessableEntity)
        }
    }

    @Test func aClubBoardCannotMoveMembersOutOfItsClub() async throws {
        try await withApp { app in
            let fromUnit = try await app.unit(named: DemoData.clubs[0].name)
            let toUnit = try await app.unit(named: DemoData.clubs[1].name)
            let from = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == fromUnit.id!).first())
            let member = try #require(try await Member.query(on: app.db).filter(\.$club.$id == from.id!).filter(\.$leftOn == nil).first())
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            #expect(!(try await b.get(Paths.member.link(member.id!))).text.contains("Chuyển sang câu lạc bộ khác"))
            let res = try await b.post(Paths.memberMove.link(member.id!), ["move_club": toUnit.id!.uuidString, "move_day": "01/09/2026"])
            #expect(res.status == .unprocessableEntity)
            #expect(try await Member.find(member.id, on: app.db)?.leftOn == nil)
        }
    }

    @Test func aMergedClubsMembersGoOnInTheClubThatTookThem() async throws {
        try await withApp { app in
            // The demo's merge: Bản Cộng Thành into Bản Na Chạng on 1/12/2025.
            let merged = try await app.unit(named: DemoData.clubs[DemoData.mergedClub].name)
            let into = try await app.unit(named: DemoData.clubs[DemoData.mergedInto].name)
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let page = try await b.get(Paths.unit.link(merged.id!))
            #expect(page.text.contains("Đã sáp nhập vào"))
            #expect(page.text.contains("Đã rời câu lạc bộ (\(DemoData.clubs[DemoData.mergedClub].members))"))
            let intoPage = try await b.get(Paths.unit.link(into.id!))
            let expected = DemoData.clubs[DemoData.mergedInto].members + DemoData.clubs[DemoData.mergedClub].members + 1
            #expect(intoPage.text.contains("Thành viên (\(expected))"))
            // Before the merge the members counted in their old club.
            let before = try await b.get(Paths.unit.link(merged.id!, query: [("ngay", "30/11/2025")]))
            #expect(before.text.contains("\(DemoData.clubs[DemoData.mergedClub].members) người · chuẩn 50–70 người"))

            // act: merge Mường Nọc into Hạnh Tiến through the form
            let source = try await app.unit(named: DemoData.clubs[1].name)
            let target = try await app.unit(named: DemoData.clubs[0].name)
            let noTarget = try await b.post(Paths.clubStatus.link(source.id!), ["status": "merged", "from_date": "01/11/2026"])
            #expect(noTarget.status == .unprocessableEntity)
            #expect(noTarget.text.contains("Chọn câu lạc bộ cùng xã nhận các thành viên"))
            let res = try await b.post(
                Paths.clubStatus.link(source.id!), ["status": "merged", "from_date": "01/11/2026", "into": target.id!.uuidString])
            #expect(res.status == .seeOther)
            let sourceClub = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == source.id!).first())
            let targetClub = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == target.id!).first())
            #expect(sourceClub.status == "merged" && sourceClub.mergedIntoID == targetClub.id)
            #expect(try await Member.query(on: app.db).filter(\.$club.$id == sourceClub.id!).filter(\.$leftOn == nil).count() == 0)
            #expect(
                try await Member.query(on: app.db).filter(\.$club.$id == targetClub.id!).filter(\.$leftOn == nil).count()
                    == DemoData.clubs[0].members + DemoData.clubs[1].members)
            #expect(try await BoardTerm.query(on: app.db).filter(\.$club.$id == sourceClub.id!).filter(\.$toDate == nil).count() == 0)
            // A merged club takes no one.
            let closed = try await b.get(Paths.newMember.link(source.id!))
            #expect(closed.status == .badRequest)
            #expect(closed.text.contains("không thêm thành viên được nữa"))
        }
    }
}

@Suite struct ClubExportTests {
    @Test func theClubListDownloadsWithCountsEvenForViewers() async throws {
        try await withApp { app in
            let province = try await app.unit(path: DemoData.nghean)
            let b = Browser(app)
            try await b.login("xem.nghean")
            let page = try await b.get(Paths.unit.link(province.id!))
            #expect(page.text.contains("Tải danh sách câu lạc bộ (Excel)"))
            #expect(!page.text.contains("Tải danh sách thành viên"))
            let csv = try await b.get(Paths.clubsCSV.link(province.id!))
            #expect(csv.status == .ok)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines[0].contains("Tên câu lạc bộ,Tỉnh/thành phố,Xã/phường"))
            #expect(lines.count == 1 + DemoData.clubs.filter { $0.commune.hasPrefix(DemoData.nghean) }.count)
            let hanhTien = try #require(lines.first { $0.contains("Bản Hạnh Tiến") })
            #expect(hanhTien.contains("Tỉnh Nghệ An"))
            #expect(hanhTien.contains("45/QĐ-UBND"))
            #expect(hanhTien.contains(",Đang hoạt động,\(DemoData.clubs[0].members),"))
            #expect(lines.contains { $0.contains("Bản Cộng Thành") && $0.contains(",0,0,0") })
            #expect(!csv.text.contains("Đông Xuân"))
            let xlsx = try await b.get(Paths.clubsXLSX.link(province.id!))
            #expect(xlsx.status == .ok)
            let rows = try XLSXReader.rows(Data(buffer: xlsx.body))
            #expect(rows.count == lines.count)
            #expect(rows[0].cells[0] == "Tên câu lạc bộ")
            let other = Browser(app)
            try await other.login("tinh.hanoi")
            #expect(try await other.get(Paths.clubsCSV.link(province.id!)).status == .forbidden)
        }
    }
}
