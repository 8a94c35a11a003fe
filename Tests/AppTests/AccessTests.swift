import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// Walks every registered route as a user of another province and as a logged-out visitor, with
/// every route parameter pointing at Nghệ An's records, and fails if any answer carries Nghệ An's
/// data or changes it. New routes are walked without editing this test; a route with a parameter
/// name not in `AccessFixtures.values` fails until a fixture for it is added there.
@Suite struct AccessTests {
    @Test func noRouteAnswersWithAnotherProvincesData() async throws {
        try await withApp { app in
            // setup: Nghệ An's records, and markers that only Nghệ An's pages contain
            let fixtures = try await AccessFixtures.nghean(app)
            let before = try await AccessFixtures.snapshot(app)
            let outsider = Browser(app)
            #expect(try await outsider.login("tinh.hanoi").status == .seeOther)
            let anonymous = Browser(app)

            var walked = 0
            for route in app.routes.all {
                let method = route.method
                for url in try fixtures.urls(for: route) {
                    for (who, browser) in [("tinh.hanoi", outsider), ("anonymous", anonymous)] {
                        // act
                        // The API as its clients send it: JSON of the document's shape, a key, the token.
                        let res =
                            method == .GET
                            ? try await browser.get(url)
                            : url.hasPrefix(ClubAPI.base + "/")
                                ? try await browser.api(method, url, json: Self.apiBody(url), key: OneTimeKeys.newKey())
                                : try await browser.post(url, fixtures.formBody)
                        walked += 1
                        // /logout and the like sign the outsider out: sign in again and go on.
                        if who == "tinh.hanoi" && browser.cookies[SessionToken.cookieName] == nil {
                            #expect(try await browser.login("tinh.hanoi").status == .seeOther)
                        }
                        // check: no marker of Nghệ An in what came back
                        for marker in fixtures.markers {
                            #expect(!res.text.contains(marker), "\(method) \(url) as \(who) answered \(res.status.code) with “\(marker)”")
                        }
                        // A route that names a Nghệ An record answers 403/404, or sends the visitor to log in.
                        if fixtures.namesForeignRecord(url) {
                            let allowed: Set<UInt> = who == "anonymous" ? [303, 401, 403, 404] : [403, 404]
                            #expect(
                                allowed.contains(res.status.code), "\(method) \(url) as \(who) answered \(res.status.code): \(res.text.prefix(300))")
                            if res.status == .seeOther { #expect(res.location?.hasPrefix("/login") == true) }
                        }
                    }
                }
            }
            // check: the walk covered every route, and Nghệ An's data did not change
            #expect(walked >= app.routes.all.count * 2)
            #expect(try await AccessFixtures.snapshot(app) == before)
        }
    }

    /// A body of the API document's shape for each write, so the walk reaches the access check.
    static func apiBody(_ address: String) -> String {
        let url = String(address.split(separator: "?")[0])
        let day = "2026-11-01"
        if url.hasSuffix("/meetings") { return #"{"heldOn":"\#(day)","attended":[],"areas":[1]}"# }
        if url.hasSuffix("/fund-entries") {
            return #"{"kind":"contribution","fund":"income","amount":1000,"occurredOn":"\#(day)","description":"Thử"}"#
        }
        if url.hasSuffix("/repayments") { return #"{"amount":1000,"paidOn":"\#(day)"}"# }
        if url.hasSuffix("/members") { return #"{"fullName":"Người Thử","gender":"female","birth":"1950","consent":true}"# }
        if url.hasSuffix("/visits") {
            return #"{"visitedOn":"\#(day)","volunteer":"\#(UUID().uuidString)","tasks":["company"],"minutes":30}"#
        }
        return "{}"
    }

    @Test func ownProvinceStillWorks() async throws {
        // The walk above would pass if every page refused everyone; this one checks the other side.
        try await withApp { app in
            let fixtures = try await AccessFixtures.nghean(app)
            let insider = Browser(app)
            try await insider.login("tinh.nghean")
            for url in fixtures.unitURLs {
                let res = try await insider.get(url)
                #expect(res.status == .ok, "\(url) answered \(res.status.code)")
            }
            let province = try await insider.get(fixtures.unitURLs[0])
            #expect(province.text.contains("Tỉnh Nghệ An"))
        }
    }
}

/// Nghệ An's records for the walk. Later features add their parameters here.
struct AccessFixtures {
    var values: [String: [String]]
    var markers: [String]
    var foreignIDs: Set<String>
    var unitURLs: [String]

    static func nghean(_ app: Application) async throws -> AccessFixtures {
        let province = try await app.unit(path: DemoData.nghean)
        let commune = try await app.unit(path: DemoData.quePhong)
        let club = try await app.unit(named: DemoData.clubs[0].name)
        let village = try #require(try await club.$parent.get(on: app.db))
        let legacyProvince = try #require(
            try await OrgUnit.query(on: app.db).filter(\.$structure == "legacy")
                .filter(\.$level == "province").filter(\.$code == "40").first())
        let legacyCommune = try #require(
            try await OrgUnit.query(on: app.db).filter(\.$structure == "legacy")
                .filter(\.$level == "commune").filter(\.$scopePath == commune.path).first())
        let users = try await User.query(on: app.db).join(OrgUnit.self, on: \User.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$scopePath =~ DemoData.nghean).all()
        let units = [province, commune, village, club, legacyProvince, legacyCommune]
        let unitIDs = units.map { $0.id!.uuidString }
        let userIDs = users.map { $0.id!.uuidString }
        // A member only Nghệ An has.
        let clubRecord = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club.id!).first())
        let marker = Member(clubID: clubRecord.id!, fullName: "Hà Thị Đánhdấu", gender: "female", birthYear: 1950)
        try await marker.create(on: app.db)
        let memberIDs = [marker.id!.uuidString]
        // The list the club's secretary uploaded and has not confirmed.
        let importIDs = try await MemberImport.query(on: app.db).filter(\.$club.$id == clubRecord.id!).all().map { $0.id!.uuidString }
        try #require(!importIDs.isEmpty)
        let meetingIDs = try await Meeting.query(on: app.db).filter(\.$club.$id == clubRecord.id!).all().map { $0.id!.uuidString }
        try #require(!meetingIDs.isEmpty)
        // Activities kept by the club, by the commune and by the province; a health reading; a
        // person cared for and a visit.
        let kept = try await Activity.query(on: app.db).join(OrgUnit.self, on: \Activity.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$scopePath =~ DemoData.nghean).all()
        let activityIDs = [club.id!, commune.id!, province.id!].compactMap { id in kept.first { $0.$unit.id == id }?.id?.uuidString }
        try #require(activityIDs.count == 3)
        let checkIDs = try await HealthCheck.query(on: app.db).filter(\.$club.$id == clubRecord.id!).limit(1).all().map { $0.id!.uuidString }
        let recipients = try await CareRecipient.query(on: app.db).filter(\.$club.$id == clubRecord.id!).all()
        let recipientIDs = recipients.prefix(1).map { $0.id!.uuidString }
        let visitIDs = try await CareVisit.query(on: app.db).filter(\.$club.$id == clubRecord.id!).limit(1).all().map { $0.id!.uuidString }
        try #require(!checkIDs.isEmpty && !recipientIDs.isEmpty && !visitIDs.isEmpty)
        // The club's money: an entry and a loan.
        let entryIDs = try await JournalEntry.query(on: app.db).filter(\.$club.$id == clubRecord.id!).filter(\.$kind == "contribution")
            .limit(1).all().map { $0.id!.uuidString }
        let loanIDs = try await Loan.query(on: app.db).filter(\.$club.$id == clubRecord.id!).limit(1).all().map { $0.id!.uuidString }
        try #require(!entryIDs.isEmpty && !loanIDs.isEmpty)
        // The province's plans.
        let planIDs = try await Plan.query(on: app.db).filter(\.$unit.$id == province.id!).all().map { $0.id!.uuidString }
        try #require(planIDs.count == 2)
        let phaseIDs = try await PlanPhaseRow.query(on: app.db).filter(\.$plan.$id ~~ planIDs.compactMap(UUID.init(uuidString:))).all()
            .sorted { $0.startsOn > $1.startsOn }.map { $0.id!.uuidString }
        // Reports of the commune, the province and the old district.
        let reportIDs = try await Report.query(on: app.db).join(OrgUnit.self, on: \Report.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$scopePath =~ DemoData.nghean).all().map { $0.id!.uuidString }
        try #require(reportIDs.count >= 3)
        let recordIDs = activityIDs + checkIDs + recipientIDs + visitIDs + entryIDs + loanIDs + planIDs + reportIDs
        return AccessFixtures(
            values: [
                "unitID": unitIDs, "userID": userIDs, "memberID": memberIDs, "importID": importIDs, "meetingID": meetingIDs,
                "kind": ["mutual_help", "training", "supervision"], "activityID": activityIDs, "checkID": checkIDs,
                "recipientID": recipientIDs, "visitID": visitIDs, "fund": ["income", "activity"], "entryID": entryIDs,
                "loanID": loanIDs, "planID": planIDs, "phaseID": phaseIDs, "reportID": reportIDs,
            ],
            markers: [
                "Nghệ An", "Quế Phong", "Hạnh Tiến", "Mường Nọc", "Đánhdấu", "Trần Thị Lan", "Lô Văn Thắng",
                "tinh.nghean", "xa.quephong", legacyCommune.name, "danh-sach-bo-sung", "Lò Thị Phượng",
                "Cụ Vi Văn Tâm", "Cụ Lương Văn Đông", "Trạm y tế xã Quế Phong", "1234/QĐ-UBND",
                "Hỗ trợ ban đầu từ ngân sách tỉnh", "Nuôi 2 con lợn nái", "Kế hoạch nhân rộng câu lạc bộ đến năm 2035 (dữ liệu mẫu)",
                "08/BC-HNCT", "27/BC-HNCT", "19/BC-HNCT", "Lữ Văn Hùng",
            ],
            foreignIDs: Set(unitIDs + userIDs + memberIDs + importIDs + meetingIDs + recordIDs),
            unitURLs: unitIDs.map { Paths.unit.link($0) })
    }

    /// Every URL to try for a route: each fixture value in each parameter, and the query
    /// parameters pages use to name a unit.
    func urls(for route: Route) throws -> [String] {
        var paths = [""]
        for component in route.path {
            switch component {
            case .constant(let c):
                paths = paths.map { $0 + "/" + c }
            case .parameter(let name):
                let options = try #require(values[name], "No fixture for route parameter :\(name); add one to AccessFixtures")
                paths = paths.flatMap { p in options.map { p + "/" + $0 } }
            case .anything, .catchall:
                paths = paths.map { $0 + "/x" }
            }
        }
        paths = paths.map { $0.isEmpty ? "/" : $0 }
        let unitID = values["unitID"]![0]
        return paths + paths.map { "\($0)?unit=\(unitID)&q=a" }
    }

    /// A form that fills every field a page of the system takes, pointing at Nghệ An.
    var formBody: [String: String] {
        [
            "name": "Thôn Xâm Nhập", "kind": "Thôn", "full_name": "Kẻ Lạ", "username": "kela", "role": "viewer",
            "unit": values["unitID"]![1], "password": "mat khau moi 1", "password_confirm": "mat khau moi 1",
            "current": "khong phai mat khau", "active": "0", "lang": "vi", "next": "/",
            "gender": "female", "birth": "1950", "joined_on": "01/01/2026", "consent": "on", "poor": "on",
            "left_on": "01/01/2026", "reason": "Thử", "member": values["memberID"]![0], "from_date": "01/01/2026", "board_from": "01/01/2026",
            "status": "merged", "into": values["unitID"]![3], "move_club": values["unitID"]![3], "move_day": "01/01/2026",
            "rejoin_club": values["unitID"]![3], "rejoin_day": "01/01/2026", "held_on": "02/01/2026", "attended[]": values["memberID"]![0],
            "areas[]": "1", "notes": "Xâm nhập", "subtype": "cash", "title": "Xâm nhập", "amount": "100000", "provider": "Kẻ lạ",
            "person_name": "Kẻ Lạ", "people": "3", "reached": "10", "findings": "Xâm nhập", "club": values["unitID"]![3],
            "checked_on": "02/01/2026", "place": "Xâm nhập", "systolic": "120", "diastolic": "80", "weight": "50",
            "since": "01/01/2026", "visited_on": "02/01/2026", "volunteer": values["memberID"]![0], "tasks[]": "company", "minutes": "30",
            "fund": "income", "occurred_on": "02/01/2026", "description": "Xâm nhập", "source": "state",
            "principal": "1000000", "purpose": "trade", "disbursed_on": "02/01/2026", "instalments": "3", "every_months": "1",
            "method": "none", "rate": "0", "grace": "0", "paid_on": "02/01/2026",
            "indicator": "new_clubs", "phase": values["phaseID"]![0], "value": "5", "year": "2026", "villages": "99", "older_people": "999",
            "rules[]": "composition",
            "min_clubs": "1", "phase1_from": "2026", "phase1_to": "2030",
            "results": "Xâm nhập", "gui": "1", "signer_name": "Kẻ Lạ", "decision": "approve", "comment": "Xâm nhập", "missing_note": "Xâm nhập",
            "6t_end": "30/6", "6t_due": "1/1", "nam_end": "31/12", "nam_due": "1/1",
        ]
    }

    func namesForeignRecord(_ url: String) -> Bool {
        let path = url.split(separator: "?")[0]
        return path.split(separator: "/").contains { foreignIDs.contains(String($0)) }
    }

    /// What Nghệ An holds, to compare before and after the walk.
    static func snapshot(_ app: Application) async throws -> [String] {
        let units = try await OrgUnit.query(on: app.db).filter(\.$path =~ DemoData.nghean).all()
            .map { "\($0.path)|\($0.name)" }.sorted()
        let users = try await User.query(on: app.db).join(OrgUnit.self, on: \User.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$scopePath =~ DemoData.nghean).all()
            .map { "\($0.username)|\($0.passwordHash)|\($0.active)|\($0.role)|\($0.$unit.id)" }.sorted()
        let members = try await Member.query(on: app.db).join(Club.self, on: \Member.$club.$id == \Club.$id)
            .join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$path =~ DemoData.nghean).all()
            .map { "\($0.fullName)|\($0.leftOn ?? "")|\($0.poorHousehold)|\($0.birthYear ?? 0)" }.sorted()
        let terms = try await BoardTerm.query(on: app.db).all().map { "\($0.$member.id)|\($0.role)|\($0.toDate ?? "")" }.sorted()
        let imports = try await MemberImport.query(on: app.db).all().map { "\($0.id!)|\($0.appliedCount ?? -1)" }.sorted()
        let clubs = try await Club.query(on: app.db).all().map { "\($0.id!)|\($0.status)" }.sorted()
        let meetings = try await Meeting.query(on: app.db).all().map { "\($0.id!)|\($0.heldOn)|\($0.attendeeCount)|\($0.notes ?? "")" }.sorted()
        let activities = try await Activity.query(on: app.db).all()
            .map { "\($0.id!)|\($0.heldOn)|\($0.title ?? "")|\($0.amount ?? -1)|\($0.peopleCount)|\($0.followUpDone ?? "")" }.sorted()
        let checks = try await HealthCheck.query(on: app.db).all().map { "\($0.id!)|\($0.checkedOn)|\($0.systolic ?? 0)|\($0.weightTenths ?? 0)" }
            .sorted()
        let care =
            try await CareRecipient.query(on: app.db).all().map { "\($0.id!)|\($0.fullName)|\($0.until ?? "")" }.sorted()
            + CareVisit.query(on: app.db).all().map { "\($0.id!)|\($0.visitedOn)|\($0.minutes)" }.sorted()
        let money =
            try await JournalEntry.query(on: app.db).all().map { "\($0.id!)|\($0.kind)|\($0.occurredOn)" }.sorted()
            + LedgerPosting.query(on: app.db).all().map { "\($0.id!)|\($0.amount)" }.sorted()
            + Loan.query(on: app.db).all().map { "\($0.id!)|\($0.principal)" }.sorted()
        let plans =
            try await Plan.query(on: app.db).all().map { "\($0.id!)|\($0.title)" }.sorted()
            + PlanTarget.query(on: app.db).all().map { "\($0.id!)|\($0.indicator)|\($0.value)|\($0.$unit.id)" }.sorted()
            + Denominator.query(on: app.db).all().map { "\($0.id!)|\($0.year)|\($0.kind)|\($0.value)" }.sorted()
        let reports =
            try await Report.query(on: app.db).all()
            .map { "\($0.id!)|\($0.status)|\($0.results ?? "")|\($0.snapshot ?? "")|\($0.sentOn ?? "")" }.sorted()
            + ReportEvent.query(on: app.db).all().map { "\($0.id!)|\($0.action)" }.sorted()
            + ReportScheduleRow.query(on: app.db).all().map { "\($0.kind)|\($0.dueMonth)|\($0.dueDay)" }.sorted()
        return units + users + members + terms + imports + clubs + meetings + activities + checks + care + money + plans + reports
    }
}
