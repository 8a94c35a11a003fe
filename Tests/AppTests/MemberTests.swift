import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct MemberTests {
    func form(_ overrides: [String: String] = [:]) -> [String: String] {
        [
            "full_name": "Lương Thị Mến", "gender": "female", "birth": "1958", "ethnicity": "Thái", "phone": "0912 345 678",
            "joined_on": "", "poor": "on", "health_insurance": "on", "consent": "on",
        ].merging(overrides) { $1 }
    }

    @Test func secretaryAddsAMemberWhoAppearsInTheClub() async throws {
        try await withApp { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            #expect(try await b.get(Paths.newMember.link(club.id!)).status == .ok)
            // act: the name arrives in NFD
            let res = try await b.post(Paths.newMember.link(club.id!), form(["full_name": "Lu\u{031B}o\u{031B}\u{0300}ng Thị  Mến"]))
            // check
            #expect(res.status == .seeOther)
            let member = try #require(try await Member.query(on: app.db).filter(\.$nameKey == "luong thi men").first())
            #expect(member.fullName == "Lường Thị Mến")
            #expect(member.birthYear == 1958)
            #expect(member.birthDate == nil)
            #expect(member.poorHousehold)
            #expect(member.healthInsurance)
            #expect(!member.disability)
            #expect(member.consentOn != nil)
            #expect(member.joinedOn == Day(app.clock.now()).iso)
            let page = try await b.get(res.location!)
            #expect(page.text.contains("Đã thêm thành viên"))
            #expect(page.text.contains("Hộ nghèo"))
            let clubPage = try await b.get(Paths.unit.link(club.id!))
            #expect(clubPage.text.contains("Lường Thị Mến"))
            #expect(clubPage.text.contains("Thành viên (\(DemoData.clubs[0].members + 1))"))
        }
    }

    @Test func badInputIsExplainedAndNothingIsSaved() async throws {
        try await withApp { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let before = try await Member.query(on: app.db).count()
            // act: no consent, a birth year in the future, a phone too short
            let res = try await b.post(Paths.newMember.link(club.id!), form(["consent": "", "birth": "2090", "phone": "123"]))
            // check
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Cần có sự đồng ý của thành viên"))
            #expect(res.text.contains("Hãy nhập năm sinh"))
            #expect(res.text.contains("Số điện thoại chưa đúng"))
            #expect(res.text.contains("value=\"Lương Thị Mến\""))
            #expect(try await Member.query(on: app.db).count() == before)
        }
    }

    @Test func everyViewOfAMemberIsAuditedAndViewersSeeNone() async throws {
        try await withApp { app in
            let member = try #require(try await Member.query(on: app.db).first())
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let owner = try await Club.find(member.$club.id, on: app.db)
            let inNgheAn = try await OrgUnit.find(owner!.$unit.id, on: app.db)!.path.hasPrefix(DemoData.nghean)
            let viewer = Browser(app)
            try await viewer.login(inNgheAn ? "xem.nghean" : "tinh.hanoi")
            // act
            let seen = try await b.get(Paths.member.link(member.id!))
            let seenAgain = try await b.get(Paths.member.link(member.id!))
            let refused = try await viewer.get(Paths.member.link(member.id!))
            // check
            if inNgheAn { #expect(seen.status == .ok && seenAgain.status == .ok) }
            #expect(refused.status == .forbidden)
            let views = try await AuditEntry.query(on: app.db).filter(\.$action == "view_sensitive")
                .filter(\.$targetID == member.id!.uuidString).count()
            #expect(views == (inNgheAn ? 2 : 0))
        }
    }

    @Test func leavingKeepsTheRecordAndChecksTheDate() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_782_777_600))  // 30/06/2026
        try await withApp(clock: clock) { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let record = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club.id!).first())
            let member = try #require(try await Member.query(on: app.db).filter(\.$club.$id == record.id!).filter(\.$leftOn == nil).first())
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            // act: before joining, in the future, no reason, then right
            let early = try await b.post(Paths.memberLeave.link(member.id!), ["left_on": "01/01/2020", "reason": "Chuyển nhà"])
            let future = try await b.post(Paths.memberLeave.link(member.id!), ["left_on": "01/01/2027", "reason": "Chuyển nhà"])
            let noReason = try await b.post(Paths.memberLeave.link(member.id!), ["left_on": "15/06/2026", "reason": " "])
            let ok = try await b.post(Paths.memberLeave.link(member.id!), ["left_on": "15/06/2026", "reason": "Chuyển nhà"])
            // check
            #expect(early.status == .unprocessableEntity)
            #expect(early.text.contains("không thể trước ngày vào"))
            #expect(future.status == .unprocessableEntity)
            #expect(noReason.text.contains("Vui lòng ghi lý do"))
            #expect(ok.status == .seeOther)
            let after = try #require(try await Member.find(member.id!, on: app.db))
            #expect(after.leftOn == "2026-06-15")
            #expect(after.leaveReason == "Chuyển nhà")
            // The club counts one fewer today, and the same as before on a day before they left.
            let page = try await b.get(Paths.unit.link(club.id!))
            #expect(page.text.contains("Thành viên (\(DemoData.clubs[0].members - 1))"))
            let earlier = try await b.get(Paths.unit.link(club.id!, query: [("ngay", "14/06/2026")]))
            #expect(earlier.text.contains("\(DemoData.clubs[0].members) người · chuẩn 50–70 người"))
        }
    }

    @Test func likelyDuplicatesInTheCommuneAreFlaggedNotMerged() async throws {
        try await withApp { app in
            // setup: an existing member of the first club
            let club0 = try await app.unit(named: DemoData.clubs[0].name)
            let club1 = try await app.unit(named: DemoData.clubs[1].name)
            let record0 = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club0.id!).first())
            let existing = try #require(try await Member.query(on: app.db).filter(\.$club.$id == record0.id!).filter(\.$leftOn == nil).first())
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            // act: the same person typed without accents in the other club of the same commune
            let plain = VietnameseText.fold(existing.fullName).capitalized
            let res = try await officer.post(Paths.newMember.link(club1.id!), form(["full_name": plain, "birth": String(existing.birthYear!)]))
            // check: both records exist, and the new one points at the old
            #expect(res.status == .seeOther)
            #expect(try await Member.query(on: app.db).filter(\.$nameKey == existing.nameKey).filter(\.$birthYear == existing.birthYear).count() >= 2)
            let page = try await officer.get(res.location!)
            #expect(page.text.contains("Có thể trùng với thành viên khác"))
            #expect(page.text.contains(Paths.member.link(existing.id!)))
        }
    }

    @Test func editChangesTheRecord() async throws {
        try await withApp { app in
            // The secretary of a club in Quế Phong, where the commune officer works.
            var secretaries: [Member] = []
            for term in try await BoardTerm.query(on: app.db).filter(\.$role == "club_secretary").filter(\.$toDate == nil).all() {
                let m = try #require(try await Member.find(term.$member.id, on: app.db))
                let owner = try #require(try await Club.find(m.$club.id, on: app.db))
                if try await OrgUnit.find(owner.$unit.id, on: app.db)!.path.hasPrefix(DemoData.quePhong) { secretaries.append(m) }
            }
            let member = try #require(secretaries.first)
            let b = Browser(app)
            try await b.login("xa.quephong")
            let formPage = try await b.get(Paths.editMember.link(member.id!))
            #expect(formPage.status == .ok)
            #expect(formPage.text.contains("value=\"\(member.fullName)\""))
            let res = try await b.post(
                Paths.editMember.link(member.id!), form(["full_name": member.fullName, "birth": "12/03/1957", "disability": "on", "consent": ""]))
            #expect(res.status == .seeOther)
            let after = try #require(try await Member.find(member.id!, on: app.db))
            #expect(after.birthDate == "1957-03-12")
            #expect(after.birthYear == 1957)
            #expect(after.disability)
        }
    }
}

@Suite struct BirthInputTests {
    @Test func yearsAndDates() {
        let today = Day(year: 2026, month: 6, day: 30)!
        #expect(BirthInput.parse("1956", today: today) == .year(1956))
        #expect(BirthInput.parse(" 12/3/1956 ", today: today) == .date(Day(year: 1956, month: 3, day: 12)!))
        #expect(BirthInput.parse("1899", today: today) == nil)
        #expect(BirthInput.parse("2027", today: today) == nil)
        #expect(BirthInput.parse("01/07/2026", today: today) == nil)
        #expect(BirthInput.parse("", today: today) == nil)
        #expect(BirthInput.parse("abc", today: today) == nil)
    }
}
