import Vapor
import Fluent
import ISHCCore

/// Demo data: Nghệ An with three communes, villages, clubs and members, and one commune of Hà Nội,
/// so that the separation between provinces can be seen; one login per role.
enum DemoData {
    static let password = "demo-ishc-2025"

    struct Login { let username: String; let fullName: String; let role: Role; let unitPath: String }

    static let nghean = "/VN/p40/"
    static let hanoi = "/VN/p01/"
    static let quePhong = "/VN/p40/c16738/"
    static let thongThu = "/VN/p40/c16744/"
    static let thanhVinh = "/VN/p40/c16681/"
    static let socSon = "/VN/p01/c00376/"

    struct ClubSpec { let name: String; let commune: String; let village: String; let founded: String; let decision: String; let funding: String; let members: Int; let seed: UInt64 }

    static let clubs: [ClubSpec] = [
        ClubSpec(name: "CLB Liên thế hệ tự giúp nhau Bản Hạnh Tiến", commune: quePhong, village: "Bản Hạnh Tiến", founded: "2021-03-15", decision: "45/QĐ-UBND", funding: "state_budget", members: 62, seed: 11),
        ClubSpec(name: "CLB Liên thế hệ tự giúp nhau Bản Mường Nọc", commune: quePhong, village: "Bản Mường Nọc", founded: "2023-09-08", decision: "112/QĐ-UBND", funding: "helpage", members: 55, seed: 12),
        ClubSpec(name: "CLB Liên thế hệ tự giúp nhau Bản Na Chạng", commune: thongThu, village: "Bản Na Chạng", founded: "2024-05-20", decision: "78/QĐ-UBND", funding: "province_programme", members: 51, seed: 13),
        ClubSpec(name: "CLB Liên thế hệ tự giúp nhau Khối Tân Tiến", commune: thanhVinh, village: "Khối Tân Tiến", founded: "2019-11-02", decision: "301/QĐ-UBND", funding: "helpage", members: 68, seed: 14),
        ClubSpec(name: "CLB Liên thế hệ tự giúp nhau Thôn Đông Xuân", commune: socSon, village: "Thôn Đông Xuân", founded: "2022-06-06", decision: "19/QĐ-UBND", funding: "state_budget", members: 58, seed: 15),
    ]
    /// Members of the first club who left on 31/03/2026, so its composition differs by date.
    static let formerMembers = 4
    static let formerLeftOn = "2026-03-31"

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
        try await app.db.transaction { db in
            var clubUnits: [OrgUnit] = []
            for spec in clubs {
                guard let commune = try await OrgUnit.query(on: db).filter(\.$path == spec.commune).first() else { continue }
                let village = try await addVillage(spec.village, to: commune, on: db)
                let club = try await addClub(spec, commune: commune, village: village, on: db)
                clubUnits.append(club)
            }
            for (communePath, name) in extraVillages {
                if let commune = try await OrgUnit.query(on: db).filter(\.$path == communePath).first() {
                    _ = try await addVillage(name, to: commune, on: db)
                }
            }
            for login in logins {
                let unit: OrgUnit?
                if login.unitPath.hasPrefix("club:") {
                    unit = clubUnits[Int(login.unitPath.dropFirst(5))!]
                } else {
                    unit = try await OrgUnit.query(on: db).filter(\.$path == login.unitPath).first()
                }
                guard let unit else { continue }
                let user = User(username: login.username, fullName: login.fullName, role: login.role,
                                unitID: try unit.requireID(), passwordHash: hash)
                try await user.create(on: db)
            }
        }
        return true
    }

    private static func addVillage(_ name: String, to commune: OrgUnit, on db: any Database) async throws -> OrgUnit {
        let id = UUID()
        let kind = ["Bản", "Khối", "Thôn"].first { name.hasPrefix($0 + " ") }
        let village = OrgUnit(id: id, structure: .current, level: .village, code: nil, name: name, kind: kind,
                           parentID: try commune.requireID(), path: UnitPath.child(of: commune.path, segment: UnitPath.segment("v", id: id)))
        village.validFrom = "2025-07-01"
        try await village.create(on: db)
        return village
    }

    private static func addClub(_ spec: ClubSpec, commune: OrgUnit, village: OrgUnit, on db: any Database) async throws -> OrgUnit {
        let id = UUID()
        let unit = OrgUnit(id: id, structure: .current, level: .club, code: nil, name: spec.name, kind: nil,
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
        for i in 0..<spec.members {
            let woman = Double.random(in: 0..<1, using: &rng) < 0.66
            let older = Double.random(in: 0..<1, using: &rng) < 0.66
            let name = MemberNames.make(woman: woman, using: &rng)
            let age = older ? Int.random(in: 60...88, using: &rng) : Int.random(in: 25...59, using: &rng)
            let member = Member(clubID: try club.requireID(), fullName: name, gender: woman ? "female" : "male", birthYear: 2026 - age)
            member.joinedOn = spec.founded
            member.ethnicity = spec.commune == thanhVinh || spec.commune == socSon ? "Kinh" : (i % 3 == 0 ? "Kinh" : "Thái")
            member.homeCareVolunteer = i % 9 == 0
            member.poorHousehold = i % 7 == 0
            member.nearPoorHousehold = i % 11 == 0
            member.livesAlone = older && i % 6 == 0
            member.healthInsurance = i % 5 != 0
            member.boardRole = [0: "club_chair", 1: "club_vice_chair", 2: "club_secretary", 3: "club_treasurer"][i]
            member.consentOn = spec.founded
            try await member.create(on: db)
        }
        if spec.seed == clubs[0].seed {
            for _ in 0..<formerMembers {
                let member = Member(clubID: try club.requireID(), fullName: MemberNames.make(woman: true, using: &rng),
                                    gender: "female", birthYear: 1948)
                member.joinedOn = spec.founded
                member.leftOn = formerLeftOn
                member.consentOn = spec.founded
                try await member.create(on: db)
            }
        }
        return unit
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
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
