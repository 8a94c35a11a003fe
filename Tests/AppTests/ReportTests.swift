import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct ReportTests {
    func report(_ app: Application, _ res: TestingHTTPResponse) async throws -> Report {
        let location = try #require(res.headers.first(name: .location), "no redirect: \(res.status) \(res.text.prefix(300))")
        let id = try #require(UUID(uuidString: String(location.split(separator: "/")[1].split(separator: "?")[0])))
        return try #require(try await Report.find(id, on: app.db))
    }

    func events(_ app: Application, _ r: Report) async throws -> [String] {
        try await ReportEvent.query(on: app.db).filter(\.$report.$id == r.requireID()).sort(\.$at).all().map(\.action)
    }

    @Test func aCommuneReportGoesFromDraftThroughReturnToApprovalAndStaysFrozen() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let (_, club, _) = try await app.demoClub(0)
            let year = Day(app.clock.now()).year - 1
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            #expect(try await officer.get(Paths.reports.link(commune.id!, query: [("nam", String(year))])).text.contains("Lập báo cáo"))
            var r = try await report(app, try await officer.post(Paths.reports.link(commune.id!), ["kind": "nam", "year": String(year)]))
            #expect(r.reportStatus == .draft && r.year == year && r.signerName == "Lô Văn Thắng")
            // Starting it again opens the same report.
            #expect(try await report(app, try await officer.post(Paths.reports.link(commune.id!), ["kind": "nam", "year": String(year)])).id == r.id)
            // A live report shows today's figures and the form.
            var page = try await officer.get(Paths.report.link(r.id!))
            #expect(page.status == .ok && page.text.contains("Gửi báo cáo lên cấp trên") && page.text.contains("sẽ được chốt khi gửi"))

            // Sending without the results is refused in words, and nothing moves.
            let form = [
                "results": "", "place": "Quế Phong", "signer_name": "Lô Văn Thắng", "signer_title": "Chủ tịch", "number": "20/BC-HNCT",
                "difficulties": "Đường xa.", "proposals": "", "recipients": "Hội Người cao tuổi tỉnh Nghệ An\nLưu: VT",
            ]
            var res = try await officer.post(Paths.report.link(r.id!), form.merging(["gui": "1"]) { $1 })
            #expect(res.status == .unprocessableEntity && res.text.contains("Hãy ghi kết quả thực hiện trước khi gửi."))
            #expect(res.text.contains("Đường xa."))
            r = try #require(try await Report.find(r.id, on: app.db))
            #expect(r.reportStatus == .draft && r.snapshot == nil && r.difficulties == nil)
            // A draft is saved as often as needed.
            res = try await officer.post(Paths.report.link(r.id!), form.merging(["results": "Kết quả tốt."]) { $1 })
            #expect(res.status == .seeOther)
            r = try #require(try await Report.find(r.id, on: app.db))
            #expect(r.reportStatus == .draft && r.results == "Kết quả tốt." && r.recipients == "Hội Người cao tuổi tỉnh Nghệ An\nLưu: VT")

            // Others cannot write it, approve a draft, or even see it.
            let province = Browser(app)
            try await province.login("tinh.nghean")
            #expect(try await province.post(Paths.report.link(r.id!), form).status == .forbidden)
            #expect(try await province.post(Paths.reportDecision.link(r.id!), ["decision": "approve"]).status == .unprocessableEntity)
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(try await secretary.get(Paths.report.link(r.id!)).status == .forbidden)
            let hanoi = Browser(app)
            try await hanoi.login("tinh.hanoi")
            #expect(try await hanoi.get(Paths.report.link(r.id!)).status == .forbidden)
            #expect(try await hanoi.post(Paths.reportDecision.link(r.id!), ["decision": "approve"]).status == .forbidden)

            // Sent: the figures are frozen.
            res = try await officer.post(Paths.report.link(r.id!), form.merging(["results": "Kết quả tốt.", "gui": "1"]) { $1 })
            #expect(res.status == .seeOther)
            r = try #require(try await Report.find(r.id, on: app.db))
            let frozen = try #require(r.frozen)
            #expect(r.reportStatus == .submitted && r.sentOn == Day(app.clock.now()).iso && r.firstSentOn == r.sentOn)
            #expect(frozen.asOf == "\(year)-12-31" && frozen.rows.count == 2 && frozen.figures["members"]!.n > 0)
            #expect(frozen.rows.map(\.figures["members"]!.n).reduce(0, +) == frozen.figures["members"]!.n)
            // The commune cannot change or approve what it sent.
            #expect(try await officer.post(Paths.report.link(r.id!), form).status == .conflict)
            #expect(try await officer.post(Paths.reportDecision.link(r.id!), ["decision": "approve"]).status == .forbidden)

            // The province returns it, with a comment (required).
            res = try await province.post(Paths.reportDecision.link(r.id!), ["decision": "return", "comment": ""])
            #expect(res.status == .unprocessableEntity && res.text.contains("Hãy ghi ý kiến"))
            #expect(
                try await province.post(Paths.reportDecision.link(r.id!), ["decision": "return", "comment": "Bổ sung đề xuất."]).status == .seeOther)
            r = try #require(try await Report.find(r.id, on: app.db))
            #expect(r.reportStatus == .returned)
            page = try await officer.get(Paths.report.link(r.id!))
            #expect(page.text.contains("Bổ sung đề xuất.") && page.text.contains("Bị trả lại"))
            // Sent again and approved.
            #expect(
                try await officer.post(
                    Paths.report.link(r.id!), form.merging(["results": "Kết quả tốt.", "proposals": "Mở lớp tập huấn.", "gui": "1"]) { $1 }
                ).status == .seeOther)
            #expect(try await province.post(Paths.reportDecision.link(r.id!), ["decision": "approve"]).status == .seeOther)
            r = try #require(try await Report.find(r.id, on: app.db))
            #expect(r.reportStatus == .approved && r.approvedOn == Day(app.clock.now()).iso)
            #expect(try await events(app, r) == ["create", "submit", "return", "submit", "approve"])
            // Nothing moves an approved report.
            #expect(try await province.post(Paths.reportDecision.link(r.id!), ["decision": "return", "comment": "x"]).status == .unprocessableEntity)
            #expect(try await officer.post(Paths.report.link(r.id!), form.merging(["gui": "1"]) { $1 }).status == .conflict)

            // A member who joined in that year, entered later: the report keeps its figure, the
            // recomputation beside it shows one more.
            let approved = try #require(r.frozen)
            let reported = approved.figures["members"]!.n
            let member = Member(clubID: club.id!, fullName: "Lương Thị Muộn", gender: "female", birthYear: 1950)
            member.joinedOn = "\(year)-06-01"
            try await member.create(on: app.db)
            page = try await officer.get(Paths.report.link(r.id!))
            // The stored report is exactly as approved.
            #expect(try #require(try await Report.find(r.id, on: app.db)?.frozen) == approved)
            #expect(page.text.contains("Đã báo cáo: <strong>\(VND.group(reported))</strong>"))
            #expect(page.text.contains("Tính lại hôm nay: \(VND.group(reported + 1)) (đã thay đổi)"))
        }
    }

    @Test func aReportSentWhileItsPeriodRunsIsRecomputedOverTheSameDays() async throws {
        // 03/06/2026 at noon: the six-month period runs to 30/06, and the demo's clubs meet on the
        // 10th, so June has no meeting yet when the report is sent.
        let clock = TestClock(Date(timeIntervalSince1970: 1_780_488_000))
        try await withApp(clock: clock) { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let (_, club, _) = try await app.demoClub(0)
            var officer = Browser(app)
            try await officer.login("xa.quephong")
            var r = try await report(app, try await officer.post(Paths.reports.link(commune.id!), ["kind": "6t", "year": "2026"]))
            let form = [
                "results": "Kết quả tốt.", "place": "Quế Phong", "signer_name": "Lô Văn Thắng", "signer_title": "Chủ tịch",
                "number": "09/BC-HNCT", "recipients": "Hội Người cao tuổi tỉnh Nghệ An", "gui": "1",
            ]
            #expect(try await officer.post(Paths.report.link(r.id!), form).status == .seeOther)
            r = try #require(try await Report.find(r.id, on: app.db))
            let frozen = try #require(r.frozen)
            #expect(frozen.asOf == "2026-06-03")
            #expect(frozen.figures["clubs_meeting_monthly"]!.n > 0)

            // Months later, with nothing entered for those days, the recomputation agrees with
            // every frozen figure: June, under way when it was sent, counts as it did then.
            clock.advance(170 * 86_400)
            officer = Browser(app)
            try await officer.login("xa.quephong")
            var page = try await officer.get(Paths.report.link(r.id!))
            #expect(page.status == .ok && page.text.contains("Tính lại hôm nay"))
            #expect(!page.text.contains("(đã thay đổi)"))

            // A member entered now who joined before the sending day does change it.
            let member = Member(clubID: club.id!, fullName: "Lương Thị Muộn", gender: "female", birthYear: 1950)
            member.joinedOn = "2026-05-01"
            try await member.create(on: app.db)
            page = try await officer.get(Paths.report.link(r.id!))
            #expect(page.text.contains("Tính lại hôm nay: \(VND.group(frozen.figures["members"]!.n + 1)) (đã thay đổi)"))
        }
    }

    @Test func aReportAboveWaitsForTheReportsBelowOrSaysWhyNot() async throws {
        try await withApp { app in
            let province = try await app.unit(path: DemoData.nghean)
            let nation = try await app.unit(path: UnitPath.root)
            let year = Day(app.clock.now()).year - 1
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let form = ["results": "Toàn tỉnh ổn định.", "place": "Nghệ An", "signer_name": "Trần Thị Lan", "gui": "1"]
            var r = try await report(app, try await officer.post(Paths.reports.link(province.id!), ["kind": "nam", "year": String(year)]))
            #expect(try await officer.post(Paths.report.link(r.id!), form).status == .seeOther)
            // Its own officers cannot approve it.
            #expect(try await officer.post(Paths.reportDecision.link(r.id!), ["decision": "approve"]).status == .forbidden)
            // The centre sees that the communes with clubs have not reported that year.
            let centre = Browser(app)
            try await centre.login("trunguong")
            var page = try await centre.get(Paths.report.link(r.id!))
            #expect(page.text.contains("Chưa có báo cáo được duyệt: Phường Thành Vinh, Xã Quế Phong, Xã Thông Thụ."))
            var res = try await centre.post(Paths.reportDecision.link(r.id!), ["decision": "approve", "missing_note": ""])
            #expect(res.status == .unprocessableEntity && res.text.contains("Còn 3 đơn vị cấp dưới"))
            r = try #require(try await Report.find(r.id, on: app.db))
            #expect(r.reportStatus == .submitted)
            res = try await centre.post(
                Paths.reportDecision.link(r.id!), ["decision": "approve", "missing_note": "Các xã báo cáo bằng văn bản giấy."])
            #expect(res.status == .seeOther)
            r = try #require(try await Report.find(r.id, on: app.db))
            #expect(r.reportStatus == .approved && r.missingNote?.contains("Xã Quế Phong") == true && r.missingNote?.contains("văn bản giấy") == true)
            page = try await centre.get(Paths.report.link(r.id!))
            #expect(page.text.contains("Duyệt khi còn thiếu báo cáo cấp dưới"))

            // The demo's six-month report: every commune approved, so the centre approves it at once.
            let half = try #require(try await Report.query(on: app.db).filter(\.$unit.$id == province.id!).filter(\.$kind == "6t").first())
            #expect(half.reportStatus == .submitted)
            #expect(!(try await centre.get(Paths.report.link(half.id!)).text.contains("Chưa có báo cáo được duyệt")))
            #expect(try await centre.post(Paths.reportDecision.link(half.id!), ["decision": "approve"]).status == .seeOther)

            // The nation's report is approved by an administrator, never by the one who sent it.
            var n = try await report(app, try await centre.post(Paths.reports.link(nation.id!), ["kind": "nam", "year": String(year)]))
            #expect(
                try await centre.post(Paths.report.link(n.id!), form.merging(["place": "Hà Nội", "signer_name": "Nguyễn Văn Bình"]) { $1 }).status
                    == .seeOther)
            #expect(try await centre.post(Paths.reportDecision.link(n.id!), ["decision": "approve", "missing_note": "x"]).status == .forbidden)
            let admin = Browser(app)
            try await admin.login("admin")
            #expect(
                try await admin.post(Paths.reportDecision.link(n.id!), ["decision": "approve", "missing_note": "Hà Nội chưa gửi."]).status
                    == .seeOther)
            n = try #require(try await Report.find(n.id, on: app.db))
            #expect(n.reportStatus == .approved && n.missingNote?.contains("Thành phố Hà Nội") == true)
        }
    }

    @Test func timelinessAtEveryLevelAndTheClubsOwnLine() async throws {
        try await withApp { app in
            let today = Day(app.clock.now())
            let y = today >= Day(year: today.year, month: 7, day: 1)! ? today.year : today.year - 1
            let province = try await app.unit(path: DemoData.nghean)
            let hanoi = try await app.unit(path: DemoData.hanoi)
            let nation = try await app.unit(path: UnitPath.root)
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let list = try await officer.get(Paths.reports.link(province.id!, query: [("nam", String(y)), ("ky", "6t")])).text
            #expect(list.contains("3 đơn vị phải báo cáo: 2 gửi đúng hạn, 1 gửi muộn, 0 chưa gửi; 3 đã được duyệt."))
            #expect(list.contains("Gửi muộn 7 ngày (ngày 12/06/\(y))"))
            // The centre sees the provinces: Nghệ An sent (late), Hà Nội did not.
            let centre = Browser(app)
            try await centre.login("trunguong")
            let national = try await centre.get(Paths.reports.link(nation.id!, query: [("nam", String(y)), ("ky", "6t")])).text
            #expect(national.contains("Tỉnh Nghệ An") && national.contains("Gửi muộn 20 ngày"))
            #expect(national.contains("Thành phố Hà Nội") && national.contains("Chưa gửi, đã quá hạn"))
            // Hà Nội's officer sees her own commune has not reported, and nothing of Nghệ An.
            let hn = Browser(app)
            try await hn.login("tinh.hanoi")
            let own = try await hn.get(Paths.reports.link(hanoi.id!, query: [("nam", String(y)), ("ky", "6t")])).text
            #expect(own.contains("Xã Sóc Sơn") && own.contains("Chưa gửi, đã quá hạn") && !own.contains("Nghệ An"))

            // The club's board sees its line in the commune's reports, as frozen.
            let (clubUnit, _, _) = try await app.demoClub(0)
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            let clubPage = try await secretary.get(Paths.reports.link(clubUnit.id!))
            #expect(clubPage.status == .ok && clubPage.text.contains("Đã được duyệt ngày 10/06/\(y)"))
            let half = try #require(
                try await Report.query(on: app.db).filter(\.$unit.$id == app.unit(path: DemoData.quePhong).id!)
                    .filter(\.$kind == "6t").first()?.frozen)
            let line = try #require(half.rows.first { $0.unitID == clubUnit.id!.uuidString })
            #expect(clubPage.text.contains(VND.group(line.figures["members"]!.n)))
            #expect(try await secretary.get(Paths.report.link(Report.query(on: app.db).first()!.id!)).status == .forbidden)
            // A viewer reads reports but has no form.
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            let pr = try #require(try await Report.query(on: app.db).filter(\.$unit.$id == province.id!).first())
            let seen = try await viewer.get(Paths.report.link(pr.id!))
            #expect(seen.status == .ok && !seen.text.contains("Gửi báo cáo lên cấp trên") && !seen.text.contains("Duyệt báo cáo"))
            #expect(try await viewer.post(Paths.reports.link(province.id!), ["kind": "nam", "year": String(y)]).status == .forbidden)
        }
    }

    @Test func thePrintAndTheSpreadsheetCarryTheSameFigures() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let r = try #require(try await Report.query(on: app.db).filter(\.$unit.$id == commune.id!).filter(\.$kind == "6t").first())
            let frozen = try #require(r.frozen)
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let doc = try await officer.get(Paths.reportPrint.link(r.id!))
            #expect(doc.status == .ok)
            for text in [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "HỘI NGƯỜI CAO TUỔI XÃ QUẾ PHONG",
                "HỘI NGƯỜI CAO TUỔI TỈNH NGHỆ AN", "Số: 08/BC-HNCT",
                AdministrativeDate.line(place: "Quế Phong", Day(iso: r.sentOn!)!), "BÁO CÁO", "Nơi nhận:", "TM. BAN THƯỜNG VỤ",
                "CHỦ TỊCH", "Lô Văn Thắng", "II. KHÓ KHĂN, VƯỚNG MẮC", "Hai câu lạc bộ sinh hoạt đều hằng tháng",
                "/static/report.css",
            ] {
                #expect(doc.text.contains(text), "\(text)")
            }
            let res = try await officer.get(Paths.reportXLSX.link(r.id!))
            #expect(res.status == .ok && res.headers.contentType?.subType.contains("spreadsheetml") == true)
            let rows = try XLSXReader.rows(Data(buffer: res.body)).map(\.cells)
            let members = try #require(rows.first { $0.first == "members" })
            #expect(members[2] == String(frozen.figures["members"]!.n))
            let women = try #require(rows.first { $0.first == "women_share" })
            #expect(women[2] == String(frozen.figures["women_share"]!.n) && women[3] == String(frozen.figures["women_share"]!.d!))
            #expect(rows.contains { $0.count > 1 && $0[0] == "members" && $0[1] == "CLB Liên thế hệ tự giúp nhau Bản Hạnh Tiến" })
        }
    }

    @Test func aReportFromBeforeTheReformIsReadableAndRestatedToTodaysUnits() async throws {
        try await withApp { app in
            let district = try await app.unit(path: DemoData.legacyQuePhong)
            let r = try #require(try await Report.query(on: app.db).filter(\.$unit.$id == district.id!).first())
            let frozen = try #require(r.frozen)
            #expect(r.year == 2024 && r.reportStatus == .approved && frozen.rows.count == 3)
            let restated = try await ReportController.restate(frozen.rows, on: app.db)
            #expect(restated.map(\.name).sorted() == ["Xã Quế Phong", "Xã Thông Thụ"])
            // Kim Sơn and Mường Nọc went into today's Quế Phong; nothing is lost.
            let old = Dictionary(uniqueKeysWithValues: frozen.rows.map { ($0.name, $0.figures["members"]!.n) })
            #expect(restated.first { $0.name == "Xã Quế Phong" }!.figures["members"]!.n == old["Thị trấn Kim Sơn"]! + old["Xã Mường Nọc"]!)
            #expect(restated.map { $0.figures["members"]!.n }.reduce(0, +) == frozen.figures["members"]!.n)
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let page = try await officer.get(Paths.report.link(r.id!))
            #expect(page.status == .ok && page.text.contains("Huyện Quế Phong") && page.text.contains("Quy đổi theo đơn vị hành chính hiện nay"))
            #expect(page.text.contains("Thị trấn Kim Sơn") && !page.text.contains("Tính lại hôm nay"))
            #expect(try await officer.get(Paths.reports.link(district.id!)).text.contains("Năm 2024"))
            #expect(try await officer.get(Paths.reportPrint.link(r.id!)).text.contains("HỘI NGƯỜI CAO TUỔI HUYỆN QUẾ PHONG"))
            // The commune's officer of today does not see the old district's report.
            let commune = Browser(app)
            try await commune.login("xa.quephong")
            #expect(try await commune.get(Paths.report.link(r.id!)).status == .forbidden)
        }
    }

    @Test func theCentreSetsPeriodsAndDeadlines() async throws {
        try await withApp { app in
            let centre = Browser(app)
            try await centre.login("trunguong")
            #expect(try await centre.get(Paths.reportSchedules.link()).text.contains("15/11"))
            var res = try await centre.post(Paths.reportSchedules.link(), ["6t_end": "31/6", "6t_due": "5/6", "nam_end": "31/12", "nam_due": "29/2"])
            #expect(res.status == .unprocessableEntity && res.text.contains("Hãy ghi ngày/tháng"))
            #expect(try await ReportStore.schedule(.half, on: app.db) == .default(.half))
            res = try await centre.post(Paths.reportSchedules.link(), ["6t_end": "15/6", "6t_due": "20/6", "nam_end": "31/12", "nam_due": "30/11"])
            #expect(res.status == .seeOther)
            #expect(
                try await ReportStore.schedule(.half, on: app.db) == ReportSchedule(kind: .half, endMonth: 6, endDay: 15, dueMonth: 6, dueDay: 20))
            let province = Browser(app)
            try await province.login("tinh.nghean")
            #expect(
                try await province.post(Paths.reportSchedules.link(), ["6t_end": "30/6", "6t_due": "1/6", "nam_end": "31/12", "nam_due": "1/11"])
                    .status == .forbidden)
            // With the later deadline Thông Thụ's report of 12 June was on time.
            let today = Day(app.clock.now())
            let y = today >= Day(year: today.year, month: 7, day: 1)! ? today.year : today.year - 1
            let list = try await province.get(
                Paths.reports.link(try await app.unit(path: DemoData.nghean).id!, query: [("nam", String(y)), ("ky", "6t")])
            ).text
            #expect(list.contains("3 gửi đúng hạn, 0 gửi muộn"))
        }
    }
}
