import Fluent
import ISHCCore
import Vapor

/// The demo's activities, relative to the day it is loaded: mutual help, rights, events,
/// health checks and home care in the clubs; trainings, supervision, communication and
/// commendations by the communes and the province.
extension DemoData {
    static func addActivities(_ made: [(club: Club, members: [Member])], units: [OrgUnit], today: Day, on db: any Database) async throws {
        func unit(_ path: String) async throws -> OrgUnit? { try await OrgUnit.query(on: db).filter(\.$path == path).first() }
        /// A day `back` days ago, never before `floor`.
        func ago(_ back: Int, floor: String? = nil) -> Day {
            let d = today.adding(days: -back)
            if let floor, let f = Day(iso: floor), d < f { return f }
            return d
        }
        for (i, entry) in made.enumerated() where i != mergedClub {
            let clubUnit = units[i]
            let members = try await Member.query(on: db).filter(\.$club.$id == entry.club.requireID()).all()
                .filter { $0.leftOn == nil }.sorted(byPerson: { $0.fullName })
            guard members.count > 30 else { continue }
            let founded = clubs[i].founded
            // Area 4: mutual help.
            try await add(.mutualHelp, at: clubUnit, on: ago(40, floor: founded), subtype: "cash", on: db) {
                $0.memberID = members[3].id
                $0.amount = 500_000
                $0.provider = "Các thành viên câu lạc bộ"
                $0.title = "Thăm hỏi khi ốm nằm viện"
                $0.peopleCount = 1
            }
            try await add(.mutualHelp, at: clubUnit, on: ago(25, floor: founded), subtype: "in_kind", on: db) {
                $0.personName = "Cụ Vi Văn Tâm"
                $0.amount = 300_000
                $0.provider = "Tổ tự giúp nhau"
                $0.title = "20 kg gạo"
                $0.peopleCount = 1
            }
            try await add(.mutualHelp, at: clubUnit, on: ago(12, floor: founded), subtype: "labour", on: db) {
                $0.memberID = members[8].id
                $0.amount = 600_000
                $0.provider = "6 thành viên, 2 ngày công"
                $0.title = "Gặt lúa giúp gia đình neo người"
                $0.peopleCount = 1
            }
            // Area 5: rights.
            let rightsPeople = Array(members.prefix(20))
            try await add(.rights, at: clubUnit, on: ago(55, floor: founded), subtype: "legal_awareness", on: db, people: rightsPeople) {
                $0.title = "Luật Người cao tuổi và chế độ bảo trợ xã hội"
                $0.othersCount = 5
                $0.peopleCount = rightsPeople.count + 5
            }
            try await add(.rights, at: clubUnit, on: ago(18, floor: founded), subtype: "entitlement_help", on: db, people: [members[12]]) {
                $0.title = "Làm hồ sơ trợ cấp người cao tuổi 80 tuổi"
                $0.peopleCount = 1
            }
            // Areas 6-8: events.
            let learners = Array(members.prefix(15))
            try await add(.event, at: clubUnit, on: ago(33, floor: founded), subtype: "digital_skills", area: 6, on: db, people: learners) {
                $0.title = "Học dùng điện thoại thông minh, Bình dân học vụ số"
                $0.peopleCount = learners.count
            }
            let dancers = Array(members.suffix(30))
            try await add(.event, at: clubUnit, on: ago(70, floor: founded), subtype: "performance", area: 7, on: db, people: dancers) {
                $0.title = "Giao lưu văn nghệ mừng Ngày Người cao tuổi"
                $0.othersCount = 40
                $0.peopleCount = dancers.count + 40
            }
            try await add(
                .event, at: clubUnit, on: ago(48, floor: founded), subtype: "fundraising", area: 8, on: db, people: Array(members.prefix(10))
            ) {
                $0.title = "Vận động con em xa quê góp quỹ"
                $0.othersCount = 12
                $0.peopleCount = 22
                $0.amount = 3_500_000
            }
            try await add(.communication, at: clubUnit, on: ago(9, floor: founded), subtype: "loudspeaker", on: db) {
                $0.title = "Phòng chống lừa đảo qua điện thoại"
                $0.reached = 450
            }
            guard i == 0 else { continue }
            // Area 2: two health check days in the first club.
            for (k, back) in [95, 20].enumerated() {
                let day = ago(back)
                for (n, m) in members.enumerated() where n % 2 == k % 2 || n % 5 == 0 {
                    let check = HealthCheck()
                    check.$club.id = try entry.club.requireID()
                    check.$member.id = try m.requireID()
                    check.checkedOn = day.iso
                    check.place = "Trạm y tế xã Quế Phong"
                    check.systolic = 112 + (n * 7 + k * 3) % 42
                    check.diastolic = 70 + (n * 3 + k) % 22
                    check.weightTenths = 430 + (n * 37) % 250
                    try await check.create(on: db)
                }
            }
            // Area 3: three people cared for, visited by the club's volunteers.
            let volunteers = members.filter(\.homeCareVolunteer)
            guard volunteers.count >= 2 else { continue }
            let people: [(Member?, String, String)] = [
                (members[10], members[10].fullName, "Sống một mình, đi lại khó"),
                (members[20], members[20].fullName, "Sau tai biến, cần nhắc uống thuốc"),
                (nil, "Cụ Lương Văn Đông", "92 tuổi, con cháu đi làm xa"),
            ]
            for (k, person) in people.enumerated() {
                let r = CareRecipient()
                r.$club.id = try entry.club.requireID()
                r.memberID = person.0?.id
                r.fullName = person.1
                r.birthYear = person.0?.birthYear ?? 1934
                r.address = "Bản Hạnh Tiến"
                r.needs = person.2
                r.volunteerID = volunteers[k % volunteers.count].id
                r.since = ago(120).iso
                try await r.create(on: db)
                for week in 0..<8 {
                    let visit = CareVisit()
                    visit.$recipient.id = try r.requireID()
                    visit.$club.id = try entry.club.requireID()
                    visit.$volunteer.id = try volunteers[(k + week % 2) % volunteers.count].requireID()
                    visit.visitedOn = ago(3 + week * 7 + k).iso
                    visit.tasks = [["company", "health_watch"], ["housework", "errands"], ["medicine", "company"]][(k + week) % 3].joined(
                        separator: ",")
                    visit.minutes = [45, 60, 90][(k + week) % 3]
                    try await visit.create(on: db)
                }
            }
        }
        // Trainings, supervision, communication and commendations of the units above.
        guard let quePhong = try await unit(quePhong), let thongThu = try await unit(thongThu), let nghean = try await unit(nghean) else { return }
        let club = { (i: Int) in made[i].club }
        try await add(.training, at: quePhong, on: Day(iso: clubs[0].founded)!.adding(days: 20), subtype: "board_initial", on: db, clubs: [club(0)]) {
            $0.title = "Tập huấn ban chủ nhiệm câu lạc bộ mới thành lập"
            $0.peopleCount = 5
        }
        try await add(.training, at: quePhong, on: Day(iso: clubs[1].founded)!.adding(days: 14), subtype: "board_initial", on: db, clubs: [club(1)]) {
            $0.title = "Tập huấn ban chủ nhiệm câu lạc bộ mới thành lập"
            $0.peopleCount = 5
        }
        try await add(.training, at: quePhong, on: ago(45), subtype: "board_refresher", on: db, clubs: [club(0)]) {
            $0.title = "Tập huấn lại: ghi chép sổ sách và quản lý quỹ"
            $0.peopleCount = 4
            $0.attendees = "Vi Thị Mai\nLương Thị Hoa\nLang Thị Xuân\nHồ Thị Yến"
        }
        try await add(.training, at: thongThu, on: Day(iso: clubs[2].founded)!.adding(days: 30), subtype: "board_initial", on: db, clubs: [club(2)]) {
            $0.title = "Tập huấn ban chủ nhiệm"
            $0.peopleCount = 5
        }
        try await add(.training, at: nghean, on: ago(80), subtype: "tot", on: db) {
            $0.title = "Tập huấn giảng viên nguồn mô hình câu lạc bộ"
            $0.peopleCount = 24
        }
        try await add(.supervision, at: quePhong, on: ago(30), subtype: "model", on: db, clubs: [club(1)]) {
            $0.checklist = "meets_monthly,records_kept,board_in_place,home_care,health_checks,members_composition"
            $0.findings = "Câu lạc bộ sinh hoạt đều, sổ sách rõ ràng. Sổ quỹ chưa cập nhật hai tháng gần đây."
            $0.followUp = "Thủ quỹ cập nhật sổ quỹ; xã kiểm tra lại."
            $0.followUpDue = today.adding(days: 30).iso
        }
        try await add(.supervision, at: quePhong, on: ago(100), subtype: "spot", on: db, clubs: [club(0)]) {
            $0.checklist = ActivityKind.checklist.joined(separator: ",")
            $0.findings = "Đạt tất cả tiêu chí."
            $0.followUp = "Chia sẻ kinh nghiệm cho câu lạc bộ Mường Nọc."
            $0.followUpDue = ago(70).iso
            $0.followUpDone = ago(75).iso
        }
        try await add(.communication, at: quePhong, on: ago(15), subtype: "gathering", on: db) {
            $0.title = "Hội nghị giới thiệu mô hình câu lạc bộ liên thế hệ"
            $0.reached = 320
        }
        try await add(.communication, at: nghean, on: ago(60), subtype: "radio_tv", on: db) {
            $0.title = "Phóng sự về câu lạc bộ liên thế hệ trên đài tỉnh"
            $0.reached = 15_000
        }
        try await add(.commendation, at: nghean, on: ago(50), subtype: "merit", on: db, clubs: [club(0)]) {
            $0.reference = "1234/QĐ-UBND"
            $0.title = "Có thành tích xuất sắc trong chăm sóc người cao tuổi"
        }
        try await add(.commendation, at: quePhong, on: ago(50), subtype: "certificate", on: db) {
            $0.reference = "56/QĐ-UBND"
            $0.personName = "Vi Thị Mai, chủ nhiệm CLB Bản Hạnh Tiến"
            $0.title = "Tích cực vận động thành viên tham gia chăm sóc tại nhà"
        }
    }

    private static func add(
        _ kind: ActivityKind, at unit: OrgUnit, on day: Day, subtype: String, area: Int? = nil,
        on db: any Database, people: [Member] = [], clubs: [Club] = [], _ fill: (Activity) -> Void
    ) async throws {
        let a = Activity()
        a.kind = kind.rawValue
        a.$unit.id = try unit.requireID()
        a.heldOn = day.iso
        a.subtype = subtype
        a.area = area ?? kind.areas.first
        a.othersCount = 0
        a.peopleCount = 0
        fill(a)
        try await a.create(on: db)
        let id = try a.requireID()
        try await people.map { ActivityMember(activityID: id, memberID: $0.id!) }.create(on: db)
        var clubIDs = try clubs.map { try $0.requireID() }
        if kind.clubOnly, let own = try await Club.query(on: db).filter(\.$unit.$id == unit.requireID()).first()?.id { clubIDs = [own] }
        try await clubIDs.map { ActivityClub(activityID: id, clubID: $0) }.create(on: db)
    }
}
