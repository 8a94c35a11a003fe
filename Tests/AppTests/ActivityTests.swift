import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct ActivityTests {
    func audits(_ app: Application, _ action: String, _ kind: String) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action).filter(\.$targetKind == kind).count()
    }

    @Test func aSecretaryRecordsMutualHelpListsEditsAndPrintsIt() async throws {
        try await withApp { app in
            let (unit, _, members) = try await app.demoClub()
            let today = Day(app.clock.now())
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let form = try await b.get(Paths.newActivity.link(unit.id!, "mutual_help"))
            #expect(form.status == .ok)
            #expect(form.text.contains(members[4].fullName))
            // act: record
            let res = try await b.post(
                Paths.newActivity.link(unit.id!, "mutual_help"),
                [
                    "held_on": today.vietnamese, "subtype": "in_kind", "beneficiary": members[4].id!.uuidString,
                    "amount": "250.000", "provider": "Tổ tự giúp nhau", "title": "Mười cân gạo nếp",
                ])
            #expect(res.status == .seeOther)
            let saved = try #require(try await Activity.query(on: app.db).filter(\.$title == "Mười cân gạo nếp").first())
            #expect(saved.amount == 250_000)
            #expect(saved.memberID == members[4].id)
            #expect(saved.area == 4)
            #expect(try await ActivityClub.query(on: app.db).filter(\.$activity.$id == saved.id!).count() == 1)
            let page = try await b.get(res.location!)
            #expect(page.text.contains("250.000 đ"))
            #expect(page.text.contains(members[4].fullName))
            #expect(page.text.contains("print-button"))
            // The year's list has it, with the total.
            let list = try await b.get(Paths.activities.link(unit.id!, "mutual_help"))
            #expect(list.text.contains("Mười cân gạo nếp"))
            #expect(list.text.contains("4 lần"))
            #expect(list.text.contains("tổng giá trị 1.650.000 đ"))
            // act: edit, audited
            let edit = try await b.get(Paths.editActivity.link(saved.id!))
            #expect(edit.text.contains("value=\"250.000\""))
            let updated = try await b.post(
                Paths.editActivity.link(saved.id!),
                [
                    "held_on": today.vietnamese, "subtype": "in_kind", "beneficiary": members[4].id!.uuidString,
                    "amount": "300000", "provider": "Tổ tự giúp nhau", "title": "Mười hai cân gạo nếp",
                ])
            #expect(updated.status == .seeOther)
            try await saved.$unit.load(on: app.db)
            let again = try #require(try await Activity.find(saved.id!, on: app.db))
            #expect(again.amount == 300_000)
            #expect(again.title == "Mười hai cân gạo nếp")
            #expect(try await audits(app, "update", "activity") == 1)
            // The club page counts it.
            let clubPage = try await b.get(Paths.unit.link(unit.id!))
            #expect(clubPage.text.contains("Hoạt động năm \(today.year)"))
        }
    }

    @Test func badActivitiesAreExplainedInVietnameseAndNothingIsWritten() async throws {
        try await withApp { app in
            let (unit, _, _) = try await app.demoClub()
            let before = try await Activity.query(on: app.db).count()
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let res = try await b.post(
                Paths.newActivity.link(unit.id!, "mutual_help"),
                [
                    "held_on": "31/02/2026", "subtype": "cash", "amount": "năm trăm", "title": "giữ lại chữ này",
                ])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Ghi ngày theo dạng ngày/tháng/năm"))
            #expect(res.text.contains("Chọn thành viên được giúp, hoặc ghi tên người được giúp"))
            #expect(res.text.contains("Số tiền viết bằng chữ số"))
            #expect(res.text.contains("Không được để trống"))
            #expect(res.text.contains("value=\"giữ lại chữ này\""))
            let event = try await b.post(
                Paths.newActivity.link(unit.id!, "event"),
                [
                    "held_on": Day(app.clock.now()).vietnamese, "event_type": "7:sports", "title": "Đi bộ",
                ])
            #expect(event.status == .unprocessableEntity)
            #expect(event.text.contains("Đánh dấu thành viên tham gia, hoặc ghi số người khác"))
            #expect(try await Activity.query(on: app.db).count() == before)
        }
    }

    @Test func eventsCountTickedMembersAndOthersAndMoneyRaised() async throws {
        try await withApp { app in
            let (unit, _, members) = try await app.demoClub()
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            var body =
                "held_on=\(Day(app.clock.now()).vietnamese.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                + "&event_type=8%3Afundraising&title=Ch%E1%BB%A3%20qu%E1%BB%B9&others=7&amount=2.000.000"
            for m in members.prefix(9) { body += "&participants%5B%5D=\(m.id!.uuidString)" }
            let res = try await b.postRaw(Paths.newActivity.link(unit.id!, "event"), body)
            #expect(res.status == .seeOther)
            let saved = try #require(try await Activity.query(on: app.db).filter(\.$title == "Chợ quỹ").first())
            #expect(saved.area == 8)
            #expect(saved.subtype == "fundraising")
            #expect(saved.peopleCount == 16)
            #expect(saved.othersCount == 7)
            #expect(saved.amount == 2_000_000)
            #expect(try await ActivityMember.query(on: app.db).filter(\.$activity.$id == saved.id!).count() == 9)
        }
    }

    @Test func theCommuneTrainsBoardsAndEveryClubKnowsIfItsBoardWasTrained() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let (unit1, club1, _) = try await app.demoClub(1)
            let (unit0, _, _) = try await app.demoClub(0)
            let year = Day(app.clock.now()).year
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            // Before: Mường Nọc has its initial training but no refresher this year.
            let before = try await officer.get(Paths.unit.link(unit1.id!))
            #expect(before.text.contains("Chưa tập huấn lại năm \(year)."))
            let form = try await officer.get(Paths.newActivity.link(commune.id!, "training"))
            #expect(form.text.contains(DemoData.clubs[1].name))
            #expect(!form.text.contains(DemoData.clubs[3].name))  // another commune's club
            let res = try await officer.post(
                Paths.newActivity.link(commune.id!, "training"),
                [
                    "held_on": Day(app.clock.now()).vietnamese, "subtype": "board_refresher", "title": "Tập huấn lại", "people": "4",
                    "clubs[]": club1.id!.uuidString,
                ])
            #expect(res.status == .seeOther)
            let after = try await officer.get(Paths.unit.link(unit1.id!))
            #expect(after.text.contains("Đã tập huấn lại năm \(year)."))
            // The club's board sees the training on its list, but may not change it.
            let training = try #require(try await Activity.query(on: app.db).filter(\.$title == "Tập huấn lại").first())
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(try await secretary.get(Paths.activities.link(unit0.id!, "training")).text.contains("Tập huấn lại: ghi chép sổ sách"))
            #expect(try await secretary.get(Paths.activity.link(training.id!)).status == .forbidden)  // not its club
            #expect(try await secretary.get(Paths.newActivity.link(commune.id!, "training")).status == .forbidden)
            // Supervision is never recorded by a club.
            #expect(try await secretary.get(Paths.newActivity.link(unit0.id!, "supervision")).status == .notFound)
        }
    }

    @Test func supervisionFollowUpsStayOpenUntilDone() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let (unit0, club0, _) = try await app.demoClub(0)
            let today = Day(app.clock.now())
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let res = try await officer.post(
                Paths.newActivity.link(commune.id!, "supervision"),
                [
                    "held_on": today.vietnamese, "subtype": "spot", "club": club0.id!.uuidString, "findings": "Sổ quỹ thiếu hai tháng",
                    "follow_up": "Cập nhật sổ quỹ", "follow_up_due": today.adding(days: 14).vietnamese,
                ])
            #expect(res.status == .seeOther)
            let visit = try #require(try await Activity.query(on: app.db).filter(\.$findings == "Sổ quỹ thiếu hai tháng").first())
            // The club sees the visit and the open follow-up.
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            let clubPage = try await secretary.get(Paths.unit.link(unit0.id!))
            #expect(clubPage.text.contains("Còn 1 việc cần làm sau giám sát chưa xong."))
            let seen = try await secretary.get(Paths.activity.link(visit.id!))
            #expect(seen.status == .ok)
            #expect(seen.text.contains("Cập nhật sổ quỹ"))
            #expect(!seen.text.contains(Paths.editActivity.link(visit.id!)))
            #expect(try await secretary.post(Paths.editActivity.link(visit.id!), ["held_on": today.vietnamese]).status == .forbidden)
            // The officer closes it.
            let done = try await officer.post(
                Paths.editActivity.link(visit.id!),
                [
                    "held_on": today.vietnamese, "subtype": "spot", "club": club0.id!.uuidString, "findings": "Sổ quỹ thiếu hai tháng",
                    "follow_up": "Cập nhật sổ quỹ", "follow_up_due": today.adding(days: 14).vietnamese, "follow_up_done": today.vietnamese,
                ])
            #expect(done.status == .seeOther)
            #expect(try await Activity.find(visit.id!, on: app.db)?.followUpDone == today.iso)
            #expect(!(try await secretary.get(Paths.unit.link(unit0.id!))).text.contains("sau giám sát chưa xong"))
        }
    }

    @Test func viewersSeeActivitiesWithoutNamesAndNeverHealthOrHomeCare() async throws {
        try await withApp { app in
            let (unit, _, _) = try await app.demoClub()
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            let list = try await viewer.get(Paths.activities.link(unit.id!, "mutual_help"))
            #expect(list.status == .ok)
            #expect(list.text.contains("Tổ tự giúp nhau") == false)
            #expect(!list.text.contains("Cụ Vi Văn Tâm"))
            let gift = try #require(
                try await Activity.query(on: app.db).filter(\.$personName == "Cụ Vi Văn Tâm").filter(\.$unit.$id == unit.id!).first())
            let page = try await viewer.get(Paths.activity.link(gift.id!))
            #expect(page.status == .ok)
            #expect(!page.text.contains("Cụ Vi Văn Tâm"))
            #expect(page.text.contains("(ẩn tên)"))
            #expect(try await viewer.get(Paths.editActivity.link(gift.id!)).status == .forbidden)
            #expect(try await viewer.get(Paths.healthChecks.link(unit.id!)).status == .forbidden)
            #expect(try await viewer.get(Paths.homeCare.link(unit.id!)).status == .forbidden)
            let recipient = try #require(try await CareRecipient.query(on: app.db).first())
            #expect(try await viewer.get(Paths.careRecipient.link(recipient.id!)).status == .forbidden)
            // The club page still gives the counts.
            let clubPage = try await viewer.get(Paths.unit.link(unit.id!))
            #expect(clubPage.text.contains("buổi khám"))
            #expect(clubPage.text.contains("người được chăm sóc"))
        }
    }

    @Test func aCheckDayRecordsManyReadingsExplainsBadOnesAndIsAudited() async throws {
        try await withApp { app in
            let (unit, club, members) = try await app.demoClub()
            let today = Day(app.clock.now())
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let form = try await b.get(Paths.newHealthChecks.link(unit.id!))
            #expect(form.text.contains("f-sys-\(members[0].id!.uuidString)"))
            let before = try await HealthCheck.query(on: app.db).count()
            var fields = ["checked_on": today.vietnamese, "place": "Nhà văn hóa bản"]
            fields["sys-\(members[0].id!.uuidString)"] = "135"
            fields["dia-\(members[0].id!.uuidString)"] = "85"
            fields["kg-\(members[0].id!.uuidString)"] = "52,5"
            fields["sys-\(members[1].id!.uuidString)"] = "150"
            fields["dia-\(members[1].id!.uuidString)"] = "95"
            fields["kg-\(members[2].id!.uuidString)"] = "61"
            fields["sys-\(members[3].id!.uuidString)"] = "80"
            fields["dia-\(members[3].id!.uuidString)"] = "120"
            // act: one bad row
            let bad = try await b.post(Paths.newHealthChecks.link(unit.id!), fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("\(members[3].fullName): Huyết áp tối đa phải lớn hơn tối thiểu"))
            #expect(bad.text.contains("value=\"52,5\""))
            #expect(try await HealthCheck.query(on: app.db).count() == before)
            // act: fixed
            fields["sys-\(members[3].id!.uuidString)"] = ""
            fields["dia-\(members[3].id!.uuidString)"] = ""
            let good = try await b.post(Paths.newHealthChecks.link(unit.id!), fields)
            #expect(good.status == .seeOther)
            let saved = try await HealthCheck.query(on: app.db).filter(\.$club.$id == club.id!).filter(\.$checkedOn == today.iso).all()
            #expect(saved.count == 3)
            #expect(saved.first { $0.$member.id == members[0].id! }?.weightTenths == 525)
            // The list shows them, flags the high one, and the view is audited.
            let views = try await audits(app, "view_sensitive", "health_checks")
            let list = try await b.get(good.location!)
            #expect(list.text.contains("Đã ghi kết quả của 3 người."))
            #expect(list.text.contains("150/95"))
            #expect(list.text.contains("(cao)"))
            #expect(try await audits(app, "view_sensitive", "health_checks") == views + 1)
            // The member's own page shows her readings.
            #expect(try await b.get(Paths.member.link(members[1].id!)).text.contains("150/95 (cao)"))
            // The same people on the same day again: refused, in words.
            let twice = try await b.post(Paths.newHealthChecks.link(unit.id!), fields)
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.text.contains("đã có kết quả khám ngày này"))
            // One reading corrected alone.
            let one = try #require(saved.first { $0.$member.id == members[2].id! })
            let edit = try await b.post(
                Paths.editHealthCheck.link(one.id!), ["checked_on": today.vietnamese, "weight": "60.5", "systolic": "", "diastolic": ""])
            #expect(edit.status == .seeOther)
            #expect(try await HealthCheck.find(one.id!, on: app.db)?.weightTenths == 605)
            // Nothing entered at all is explained.
            let empty = try await b.post(Paths.newHealthChecks.link(unit.id!), ["checked_on": today.vietnamese])
            #expect(empty.text.contains("Chưa ghi kết quả của ai"))
        }
    }

    @Test func homeCareTakesPeopleWhoAreNotMembersAndTheirVisits() async throws {
        try await withApp { app in
            let (unit, _, members) = try await app.demoClub()
            let today = Day(app.clock.now())
            let volunteer = try #require(members.first { $0.homeCareVolunteer })
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let added = try await b.post(
                Paths.newCareRecipient.link(unit.id!),
                [
                    "full_name": "Cụ Hà Văn Sinh", "birth_year": "1931", "address": "Bản Hạnh Tiến", "needs": "Mắt kém, sống một mình",
                    "volunteer": volunteer.id!.uuidString, "since": today.adding(days: -10).vietnamese,
                ])
            #expect(added.status == .seeOther)
            let person = try #require(try await CareRecipient.query(on: app.db).filter(\.$fullName == "Cụ Hà Văn Sinh").first())
            #expect(person.memberID == nil)
            // A bad visit is explained and the form keeps what was typed.
            let bad = try await b.post(
                Paths.newCareVisit.link(person.id!),
                [
                    "visited_on": today.vietnamese, "volunteer": volunteer.id!.uuidString, "minutes": "cả buổi", "notes": "giữ lại",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Đánh dấu ít nhất một việc đã làm"))
            #expect(bad.text.contains("Ghi thời gian"))
            #expect(bad.text.contains("giữ lại"))
            let early = try await b.postRaw(
                Paths.newCareVisit.link(person.id!),
                "visited_on=\(today.adding(days: -20).vietnamese.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&volunteer=\(volunteer.id!.uuidString)&tasks%5B%5D=company&minutes=30"
            )
            #expect(early.text.contains("trước ngày bắt đầu chăm sóc"))
            #expect(try await CareVisit.query(on: app.db).filter(\.$recipient.$id == person.id!).count() == 0)
            // act: a visit
            let visit = try await b.postRaw(
                Paths.newCareVisit.link(person.id!),
                "visited_on=\(today.vietnamese.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&volunteer=\(volunteer.id!.uuidString)&tasks%5B%5D=company&tasks%5B%5D=housework&minutes=1%20gi%E1%BB%9D%2030"
            )
            #expect(visit.status == .seeOther)
            let saved = try #require(try await CareVisit.query(on: app.db).filter(\.$recipient.$id == person.id!).first())
            #expect(saved.minutes == 90)
            #expect(saved.taskList == ["housework", "company"])
            let page = try await b.get(visit.location!)
            #expect(page.text.contains("Đã ghi lần thăm."))
            #expect(page.text.contains("1 giờ 30 phút"))
            let overview = try await b.get(Paths.homeCare.link(unit.id!))
            #expect(overview.text.contains("Cụ Hà Văn Sinh"))
            #expect(overview.text.contains("Người được chăm sóc (4)"))
            // The visit corrected; the person's care ended.
            let edited = try await b.postRaw(
                Paths.editCareVisit.link(saved.id!),
                "visited_on=\(today.vietnamese.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&volunteer=\(volunteer.id!.uuidString)&tasks%5B%5D=medicine&minutes=40"
            )
            #expect(edited.status == .seeOther)
            #expect(try await CareVisit.find(saved.id!, on: app.db)?.minutes == 40)
            let ended = try await b.post(
                Paths.editCareRecipient.link(person.id!),
                [
                    "full_name": "Cụ Hà Văn Sinh", "since": today.adding(days: -10).vietnamese, "until": today.vietnamese,
                    "until_reason": "Chuyển về ở với con",
                ])
            #expect(ended.status == .seeOther)
            #expect(try await CareRecipient.find(person.id!, on: app.db)?.until == today.iso)
            #expect(try await b.get(Paths.homeCare.link(unit.id!)).text.contains("Đã thôi chăm sóc (1)"))
        }
    }
}
