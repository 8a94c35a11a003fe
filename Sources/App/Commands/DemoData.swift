import Fluent
import ISHCCore
import Vapor

/// Demo data: Nghệ An with three communes, villages, clubs and members, and one commune of Hà Nội,
/// so that the separation between provinces can be seen; one login per role.
enum DemoData {
    static let password = "demo-ishc-2025"

    struct Login {
        let username: String
        let fullName: String
        let role: Role
        let unitPath: String
    }

    static let nghean = "/VN/p40/"
    static let hanoi = "/VN/p01/"
    static let quePhong = "/VN/p40/c16738/"
    static let thongThu = "/VN/p40/c16744/"
    static let thanhVinh = "/VN/p40/c16681/"
    static let socSon = "/VN/p01/c00376/"

    struct ClubSpec {
        let name: String
        let commune: String
        let village: String
        let founded: String
        let decision: String
        let funding: String
        let members: Int
        let seed: UInt64
    }

    static let clubs: [ClubSpec] = [
        ClubSpec(
            name: "CLB Liên thế hệ tự giúp nhau Bản Hạnh Tiến", commune: quePhong, village: "Bản Hạnh Tiến", founded: "2021-03-15",
            decision: "45/QĐ-UBND", funding: "state_budget", members: 62, seed: 11),
        ClubSpec(
            name: "CLB Liên thế hệ tự giúp nhau Bản Mường Nọc", commune: quePhong, village: "Bản Mường Nọc", founded: "2023-09-08",
            decision: "112/QĐ-UBND", funding: "helpage", members: 55, seed: 12),
        ClubSpec(
            name: "CLB Liên thế hệ tự giúp nhau Bản Na Chạng", commune: thongThu, village: "Bản Na Chạng", founded: "2024-05-20",
            decision: "78/QĐ-UBND", funding: "province_programme", members: 51, seed: 13),
        ClubSpec(
            name: "CLB Liên thế hệ tự giúp nhau Khối Tân Tiến", commune: thanhVinh, village: "Khối Tân Tiến", founded: "2019-11-02",
            decision: "301/QĐ-UBND", funding: "helpage", members: 68, seed: 14),
        ClubSpec(
            name: "CLB Liên thế hệ tự giúp nhau Thôn Đông Xuân", commune: socSon, village: "Thôn Đông Xuân", founded: "2022-06-06",
            decision: "19/QĐ-UBND", funding: "state_budget", members: 58, seed: 15),
        // Merged into the Na Chạng club on 1/12/2025: its members went on there.
        ClubSpec(
            name: "CLB Liên thế hệ tự giúp nhau Bản Cộng Thành", commune: thongThu, village: "Bản Cộng Thành", founded: "2022-04-10",
            decision: "27/QĐ-UBND", funding: "helpage", members: 14, seed: 16),
    ]
    static let mergedClub = 5
    static let mergedInto = 2
    /// One member of Khối Tân Tiến moved to Na Chạng; one of Đông Xuân left and came back.
    /// Spells that ended: former members, the merged club's members, the moved one, the one who came back.
    static var closedSpells: Int { formerMembers + clubs[mergedClub].members + 2 }
    /// Members of the first club who left, so its composition differs by date.
    static let formerMembers = 4

    /// The demo's recent history, dated from the day it is loaded so that it reads the same in
    /// any year. Loaded on 16/11/2026: the merge on 1/12/2025, the move on 1/2/2026, away from
    /// 1/8/2025 and back on 1/5/2026, the former members gone on 31/03/2026, the pending list
    /// uploaded on 2/11/2026.
    struct Days {
        let today: Day
        init(_ today: Day) { self.today = today }
        private var month: Day { Day(year: today.year, month: today.month, day: 1)! }
        /// The Cộng Thành club merged into Na Chạng: the first day of the month eleven months ago.
        var mergedOn: Day { month.adding(months: -11) }
        var movedOn: Day { month.adding(months: -9) }
        var awayFrom: Day { month.adding(months: -15) }
        var backOn: Day { month.adding(months: -6) }
        /// The last day of the month eight months ago.
        var formerLeftOn: Day { month.adding(months: -7).previous }
        /// The day the pending member list was uploaded: the 2nd of this month (today on the 1st).
        var pendingImport: Day { min(month.next, today) }
        /// A member's birth year for an age this year.
        func birthYear(age: Int) -> Int { today.year - age }
    }

    static let extraVillages: [(String, String)] = [
        (quePhong, "Bản Đồng Mới"), (thongThu, "Bản Piêng Cu"), (thanhVinh, "Khối Yên Giang"),
    ]

    static let logins: [Login] = [
        Login(username: "admin", fullName: "Quản trị hệ thống", role: .administrator, unitPath: UnitPath.root),
        Login(username: "trunguong", fullName: "Nguyễn Văn Bình", role: .centralOfficer, unitPath: UnitPath.root),
        Login(username: "tinh.nghean", fullName: "Trần Thị Lan", role: .provinceOfficer, unitPath: nghean),
        Login(username: "xa.quephong", fullName: "Lô Văn Thắng", role: .communeOfficer, unitPath: quePhong),
        Login(username: "clb.hanhtien", fullName: "Lương Thị Hoa", role: .clubSecretary, unitPath: "club:0"),
        Login(username: "chunhiem.hanhtien", fullName: "Vi Thị Mai", role: .clubChair, unitPath: "club:0"),
        Login(username: "thuquy.hanhtien", fullName: "Lang Thị Xuân", role: .clubTreasurer, unitPath: "club:0"),
        Login(username: "xem.nghean", fullName: "Sở Y tế Nghệ An", role: .viewer, unitPath: nghean),
        Login(username: "tinh.hanoi", fullName: "Đỗ Thị Hằng", role: .provinceOfficer, unitPath: hanoi),
    ]

    /// Loads the demo once; a second run leaves everything as it is.
    static func load(_ app: Application) async throws -> Bool {
        if try await User.query(on: app.db).filter(\.$username == "admin").first() != nil { return false }
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(password).get()
        // One day for the whole demo, so every part of it dates from the same "today".
        let today = Day(app.clock.now())
        let days = Days(today)
        try await app.db.transaction { db in
            var clubUnits: [OrgUnit] = []
            var made: [(club: Club, members: [Member])] = []
            for spec in clubs {
                guard let commune = try await OrgUnit.query(on: db).filter(\.$path == spec.commune).first() else { continue }
                let village = try await addVillage(spec.village, to: commune, on: db)
                let club = try await addClub(spec, commune: commune, village: village, days: days, on: db)
                clubUnits.append(club.unit)
                made.append((club.club, club.members))
            }
            if made.count == clubs.count {
                try await addHistory(made, units: clubUnits, days: days, on: db)
                try await addMeetings(made, today: today, on: db)
                try await addActivities(made, units: clubUnits, today: today, on: db)
                try await addFunds(made, today: today, on: db)
            }
            for (communePath, name) in extraVillages {
                if let commune = try await OrgUnit.query(on: db).filter(\.$path == communePath).first() {
                    _ = try await addVillage(name, to: commune, on: db)
                }
            }
            try await addPlans(today: today, on: db)
            var users: [String: User] = [:]
            for login in logins {
                let unit: OrgUnit?
                if login.unitPath.hasPrefix("club:") {
                    unit = clubUnits[Int(login.unitPath.dropFirst(5))!]
                } else {
                    unit = try await OrgUnit.query(on: db).filter(\.$path == login.unitPath).first()
                }
                guard let unit else { continue }
                let user = User(
                    username: login.username, fullName: login.fullName, role: login.role,
                    unitID: try unit.requireID(), passwordHash: hash)
                try await user.create(on: db)
                users[login.username] = user
            }
            if made.count == clubs.count, let secretary = users["clb.hanhtien"] {
                try await addPendingImport(club: made[0].club, existing: made[0].members[5], by: secretary, today: days.pendingImport, on: db)
            }
            if made.count == clubs.count {
                try await addReports(today: today, users: users, clubUnits: clubUnits, on: db)
            }
            if made.count == clubs.count, let secretary = users["clb.hanhtien"] {
                try await addKeptKeys(club: made[0].club, unit: clubUnits[0], by: secretary, now: app.clock.now(), on: db)
            }
        }
        return true
    }

    /// The board with one change of chair, a merge, a move between clubs, and someone who left and came back.
    private static func addHistory(_ made: [(club: Club, members: [Member])], units: [OrgUnit], days: Days, on db: any Database) async throws {
        for (i, entry) in made.enumerated() {
            let founded = clubs[i].founded
            for (j, role) in BoardRole.allCases.enumerated() {
                let term = BoardTerm()
                term.$club.id = try entry.club.requireID()
                term.$member.id = try entry.members[j].requireID()
                term.role = role.rawValue
                term.fromDate = i == 0 && role == .chair ? "2024-01-15" : founded
                try await term.create(on: db)
            }
            if i == 0 {
                // The founding chair handed over in January 2024.
                let first = BoardTerm()
                first.$club.id = try entry.club.requireID()
                first.$member.id = try entry.members[4].requireID()
                first.role = BoardRole.chair.rawValue
                first.fromDate = founded
                first.toDate = "2024-01-15"
                try await first.create(on: db)
            }
        }
        let merged = made[mergedClub].club
        let into = made[mergedInto].club
        let day = days.mergedOn
        let reason = "Sáp nhập vào \(units[mergedInto].name)"
        for member in made[mergedClub].members {
            _ = try await Membership.move(member, to: into, on: day, reason: reason, on: db)
        }
        merged.status = ClubStatus.merged.rawValue
        merged.mergedIntoID = try into.requireID()
        try await merged.update(on: db)
        let change = ClubStatusChange()
        change.$club.id = try merged.requireID()
        change.status = ClubStatus.merged.rawValue
        change.fromDate = day.iso
        change.note = reason
        try await change.create(on: db)

        _ = try await Membership.move(
            made[3].members[10], to: into, on: days.movedOn,
            reason: "Chuyển sang \(units[mergedInto].name)", on: db)
        let away = made[4].members[20]
        try await Membership.end(away, on: days.awayFrom, reason: "Đi làm ăn xa", on: db)
        try await away.nextSpell(in: made[4].club.requireID(), from: days.backOn).create(on: db)
    }

    /// Monthly meetings over the last year, relative to the day the demo is loaded: the first club
    /// met every month but one (last year's, so this year is complete); the others over the last six months.
    private static func addMeetings(_ made: [(club: Club, members: [Member])], today: Day, on db: any Database) async throws {
        for (i, entry) in made.enumerated() where i != mergedClub {
            var rng = SeededGenerator(seed: 100 + UInt64(i))
            // The first club's window reaches back to last December, the month it missed.
            let missed = MonthKey(year: today.year - 1, month: 12)
            let months = i == 0 ? MonthKey.range(min(missed, MonthKey(today).lastMonths(12)[0]), MonthKey(today)) : MonthKey(today).lastMonths(6)
            let members = try await Member.query(on: db).filter(\.$club.$id == entry.club.requireID()).all()
            for (k, month) in months.enumerated() {
                if i == 0 && month == missed { continue }  // one month missed, last year
                guard let day = Day(year: month.year, month: month.month, day: 10), day <= today,
                    day >= Day(iso: clubs[i].founded)!
                else { continue }
                let present = members.filter { $0.facts.isActive(on: day) && Int.random(in: 0..<10, using: &rng) < 8 }
                let meeting = Meeting()
                meeting.$club.id = try entry.club.requireID()
                meeting.heldOn = day.iso
                meeting.topics = k % 3 == 0 ? "digital_literacy" : (k % 3 == 1 ? "green_transition" : "")
                meeting.notes = k % 4 == 0 ? "Trao đổi kinh nghiệm chăn nuôi; nhắc lịch khám sức khỏe tháng tới." : nil
                meeting.attendeeCount = present.count
                try await meeting.create(on: db)
                let id = try meeting.requireID()
                try await present.map { MeetingAttendance(meetingID: id, memberID: $0.id!) }.create(on: db)
                let areas = Set([1, 2, 4] + [3 + k % 6, 1 + (k * 5) % 8])
                try await areas.sorted().map { MeetingArea(meetingID: id, area: $0) }.create(on: db)
            }
        }
    }

    /// The one-time keys of the secretary's last meetings, as the meeting form keeps them: sending
    /// one of those forms again opens the meeting saved, "Đã lưu lúc …", and writes nothing.
    private static func addKeptKeys(club: Club, unit: OrgUnit, by user: User, now: Date, on db: any Database) async throws {
        let meetings = try await Meeting.query(on: db).filter(\.$club.$id == club.requireID()).sort(\.$heldOn, .descending).range(..<3).all()
        for (i, meeting) in meetings.enumerated() {
            let id = try meeting.requireID()
            let claim = OnceClaim(
                userID: try user.requireID(), key: "demo-meeting-\(i + 1)-\(id.uuidString.prefix(8))",
                route: "POST \(Paths.newMeeting.link(try unit.requireID()))", hash: "demo")
            let at = now.addingTimeInterval(-Double(i + 1) * 3_600)
            try await claim.claim(kind: "meeting", id: id.uuidString, at: at, on: db)
            try await OneTimeKeyStore.finish(claim, status: 303, location: Paths.meeting.link(id), body: nil, on: db)
        }
    }

    /// A list the secretary uploaded and has not yet confirmed: three new people, one whose village
    /// the commune does not have yet, one already in the club.
    private static func addPendingImport(club: Club, existing: Member, by user: User, today: Day, on db: any Database) async throws {
        let csv = """
            DANH SÁCH THÀNH VIÊN BỔ SUNG
            STT;Họ và tên;Giới tính;Năm sinh;Dân tộc;Thôn;Điện thoại;Hộ nghèo
            1;Lò Thị Phượng;Nữ;12/5/1957;Thái;Bản Hạnh Tiến;0912345678;x
            2;Vi Văn Lả;Nam;1961;Thái;Bản Hạnh Tiến;;
            3;Quang Thị Nhàn;nữ;1990;Thái;Bản Na Lướm;;
            4;Lương Thị Bình;F;1/2/52;Thái;Hạnh Tiến;;x
            5;\(existing.fullName);\(existing.gender == "female" ? "Nữ" : "Nam");\(existing.birthYear ?? 1950);Thái;Bản Hạnh Tiến;;
            """
        let lines = CSVReader.parse(csv)
        let villages = try await UnitQueries.villages(inCommune: club.$commune.id, on: db)
            .map { MemberSheet.Village(id: $0.id!.uuidString, name: $0.name) }
        var result = MemberSheet.read(lines, today: today, villages: villages, defaultJoined: Day(iso: club.foundedOn ?? "")!)
        try await ImportController.checkAgainstRegister(&result, club: club, on: db)
        let record = MemberImport()
        record.$club.id = try club.requireID()
        record.$user.id = try user.requireID()
        record.fileName = "danh-sach-bo-sung.csv"
        record.payload = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        record.rowCount = result.rows.count
        try await record.create(on: db)
    }

    private static func addVillage(_ name: String, to commune: OrgUnit, on db: any Database) async throws -> OrgUnit {
        let id = UUID()
        let kind = ["Bản", "Khối", "Thôn"].first { name.hasPrefix($0 + " ") }
        let village = OrgUnit(
            id: id, structure: .current, level: .village, code: nil, name: name, kind: kind,
            parentID: try commune.requireID(), path: UnitPath.child(of: commune.path, segment: UnitPath.segment("v", id: id)))
        village.validFrom = "2025-07-01"
        try await village.create(on: db)
        return village
    }

    private static func addClub(_ spec: ClubSpec, commune: OrgUnit, village: OrgUnit, days: Days, on db: any Database) async throws -> (
        unit: OrgUnit, club: Club, members: [Member]
    ) {
        let id = UUID()
        let unit = OrgUnit(
            id: id, structure: .current, level: .club, code: nil, name: spec.name, kind: nil,
            parentID: try village.requireID(), path: UnitPath.child(of: village.path, segment: UnitPath.segment("k", id: id)))
        unit.validFrom = spec.founded
        try await unit.create(on: db)
        let club = Club()
        club.$unit.id = id
        club.$commune.id = try commune.requireID()
        club.$village.id = try village.requireID()
        club.foundedOn = spec.founded
        club.decisionNumber = spec.decision
        club.cohort = Int(spec.founded.prefix(4))! <= 2020 ? "2016-2020" : "2021-2025"
        club.fundingSource = spec.funding
        club.status = "active"
        try await club.create(on: db)
        var history = [("active", spec.founded, spec.decision)]
        if spec.seed == clubs[3].seed {
            // One club paused for a while, to show the history and "active on a past day".
            history += [("paused", "2024-01-10", "Ban chủ nhiệm kiện toàn lại"), ("active", "2024-06-01", "Hoạt động trở lại")]
        }
        for (status, from, note) in history {
            let change = ClubStatusChange()
            change.$club.id = try club.requireID()
            change.status = status
            change.fromDate = from
            change.note = note
            try await change.create(on: db)
        }

        var rng = SeededGenerator(seed: spec.seed)
        var members: [Member] = []
        for i in 0..<spec.members {
            let woman = Double.random(in: 0..<1, using: &rng) < 0.66
            let older = Double.random(in: 0..<1, using: &rng) < 0.66
            let name = MemberNames.make(woman: woman, using: &rng)
            let age = older ? Int.random(in: 60...88, using: &rng) : Int.random(in: 25...59, using: &rng)
            let member = Member(clubID: try club.requireID(), fullName: name, gender: woman ? "female" : "male", birthYear: days.birthYear(age: age))
            member.joinedOn = spec.founded
            member.ethnicity = spec.commune == thanhVinh || spec.commune == socSon ? "Kinh" : (i % 3 == 0 ? "Kinh" : "Thái")
            member.homeCareVolunteer = i % 9 == 0
            member.poorHousehold = i % 7 == 0
            member.nearPoorHousehold = i % 11 == 0
            member.livesAlone = older && i % 6 == 0
            member.healthInsurance = i % 5 != 0
            member.consentOn = spec.founded
            try await member.create(on: db)
            members.append(member)
        }
        if spec.seed == clubs[0].seed {
            for _ in 0..<formerMembers {
                let member = Member(
                    clubID: try club.requireID(), fullName: MemberNames.make(woman: true, using: &rng),
                    gender: "female", birthYear: days.birthYear(age: 78))
                member.joinedOn = spec.founded
                member.leftOn = days.formerLeftOn.iso
                member.consentOn = spec.founded
                try await member.create(on: db)
            }
        }
        return (unit, club, members)
    }

}

/// Vietnamese names for demo members.
enum MemberNames {
    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vi", "Lương", "Lô", "Đặng", "Bùi", "Đỗ", "Hồ", "Lang", "Quang"]
    static let womenMiddle = ["Thị", "Thị", "Thị Thu", "Thị Minh", "Thị Kim"]
    static let menMiddle = ["Văn", "Văn", "Đức", "Hữu", "Công"]
    static let women = ["Hoa", "Lan", "Mai", "Hương", "Thảo", "Xuân", "Hằng", "Nga", "Tuyết", "Ánh", "Bích", "Loan", "Yến", "Đào", "Liên", "Nhung"]
    static let men = ["Hùng", "Dũng", "Thắng", "Sơn", "Bình", "Minh", "Tâm", "Quý", "Đông", "Phúc", "Khánh"]

    static func make<G: RandomNumberGenerator>(woman: Bool, using rng: inout G) -> String {
        let family = families.randomElement(using: &rng)!
        let middle = (woman ? womenMiddle : menMiddle).randomElement(using: &rng)!
        let given = (woman ? women : men).randomElement(using: &rng)!
        return "\(family) \(middle) \(given)"
    }
}

/// A small deterministic generator (SplitMix64), so the demo is the same on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
