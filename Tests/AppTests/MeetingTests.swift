import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct MeetingTests {
    @Test func aSecretaryRecordsAMeetingAndTheGridShowsIt() async throws {
        try await withApp { app in
            let (unit, club, members) = try await app.demoClub()
            // setup: no meetings this month yet
            let today = Day(app.clock.now())
            try await Meeting.query(on: app.db).filter(\.$club.$id == club.id!).filter(\.$heldOn >= "\(today.iso.prefix(8))01").delete()
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let form = try await b.get(Paths.newMeeting.link(unit.id!))
            #expect(form.status == .ok)
            #expect(form.text.contains("Bình dân học vụ số"))
            // "All" without JavaScript: the form comes back with everyone ticked and the day kept.
            let all = try await b.post(Paths.newMeeting.link(unit.id!), ["held_on": today.vietnamese, "pick": "all"])
            #expect(all.status == .ok)
            #expect(all.text.components(separatedBy: "checked=\"checked\"").count - 1 == members.count)
            #expect(all.text.contains("value=\"\(today.vietnamese)\""))
            // act: 55 people, 3 areas, a topic
            var body =
                "held_on=\(today.vietnamese.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&topics%5B%5D=digital_literacy&notes=Ghi%20ch%C3%BA"
            for m in members.prefix(55) { body += "&attended%5B%5D=\(m.id!.uuidString)" }
            for a in [1, 2, 6] { body += "&areas%5B%5D=\(a)" }
            let res = try await b.postRaw(Paths.newMeeting.link(unit.id!), body)
            // check
            #expect(res.status == .seeOther)
            let meeting = try #require(try await Meeting.query(on: app.db).filter(\.$club.$id == club.id!).filter(\.$heldOn == today.iso).first())
            #expect(meeting.attendeeCount == 55)
            #expect(try await MeetingAttendance.query(on: app.db).filter(\.$meeting.$id == meeting.id!).count() == 55)
            #expect(try await MeetingArea.query(on: app.db).filter(\.$meeting.$id == meeting.id!).all().map(\.area).sorted() == [1, 2, 6])
            #expect(meeting.topicList == ["digital_literacy"])
            let page = try await b.get(res.location!)
            #expect(page.text.contains("55 người dự"))
            #expect(page.text.contains("Học tập suốt đời"))
            let clubPage = try await b.get(Paths.unit.link(unit.id!))
            #expect(clubPage.text.contains("Sinh hoạt 12 tháng qua"))
            #expect(clubPage.text.contains("1 tháng chưa có buổi sinh hoạt"))
        }
    }

    @Test func badMeetingsAreExplainedAndNothingIsWritten() async throws {
        try await withApp { app in
            let (unit, club, _) = try await app.demoClub()
            let before = try await Meeting.query(on: app.db).count()
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let res = try await b.post(Paths.newMeeting.link(unit.id!), ["held_on": "31/02/2026", "notes": "giữ lại"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Nhập ngày theo dạng ngày/tháng/năm"))
            #expect(res.text.contains("Đánh dấu những người đến dự"))
            #expect(res.text.contains("Chọn ít nhất một nội dung"))
            #expect(res.text.contains("giữ lại"))
            let existing = try #require(try await Meeting.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let member = try #require(try await Member.query(on: app.db).filter(\.$club.$id == club.id!).filter(\.$leftOn == nil).first())
            let clash = try await b.post(
                Paths.newMeeting.link(unit.id!),
                [
                    "held_on": Day(iso: existing.heldOn)!.vietnamese,
                    "attended[]": member.id!.uuidString, "areas[]": "1",
                ])
            #expect(clash.text.contains("đã có buổi sinh hoạt"))
            #expect(try await Meeting.query(on: app.db).count() == before)
        }
    }

    @Test func theClubEditsOnlyItsLatestMeetingOfficersAnyWithAudit() async throws {
        try await withApp { app in
            let (_, club, _) = try await app.demoClub()
            let meetings = try await Meeting.query(on: app.db).filter(\.$club.$id == club.id!).sort(\.$heldOn).all()
            let oldest = try #require(meetings.first)
            let latest = try #require(meetings.last)
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(try await secretary.get(Paths.editMeeting.link(oldest.id!)).status == .forbidden)
            #expect(try await secretary.post(Paths.editMeeting.link(oldest.id!), ["held_on": "01/01/2026"]).status == .forbidden)
            let form = try await secretary.get(Paths.editMeeting.link(latest.id!))
            #expect(form.status == .ok)
            #expect(form.text.components(separatedBy: "checked=\"checked\"").count - 1 >= latest.attendeeCount)
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let edit = try await officer.get(Paths.editMeeting.link(oldest.id!))
            #expect(edit.status == .ok)
            let attended = try await MeetingAttendance.query(on: app.db).filter(\.$meeting.$id == oldest.id!).all()
            var body = "held_on=\(Day(iso: oldest.heldOn)!.vietnamese.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&areas%5B%5D=7"
            for a in attended.prefix(3) { body += "&attended%5B%5D=\(a.$member.id.uuidString)" }
            let saved = try await officer.postRaw(Paths.editMeeting.link(oldest.id!), body)
            #expect(saved.status == .seeOther)
            #expect(try await Meeting.find(oldest.id, on: app.db)?.attendeeCount == 3)
            #expect(try await MeetingArea.query(on: app.db).filter(\.$meeting.$id == oldest.id!).all().map(\.area) == [7])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "update").filter(\.$targetKind == "meeting").count() == 1)
            // Viewers see the meeting but not who came, and cannot record one.
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            let seen = try await viewer.get(Paths.meeting.link(oldest.id!))
            #expect(seen.status == .ok)
            #expect(!seen.text.contains("Sửa buổi sinh hoạt"))
            let name = try #require(try await Member.find(attended[0].$member.id, on: app.db)).fullName
            #expect(!seen.text.contains(name))
            let unit = try await app.unit(named: DemoData.clubs[0].name)
            #expect(try await viewer.get(Paths.newMeeting.link(unit.id!)).status == .forbidden)
        }
    }
}
