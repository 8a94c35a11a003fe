import Fluent
import Foundation
import ISHCCore
import SQLKit
import Vapor

/// `ishc generate [--scale S] [--seed N]`: a deterministic synthetic nation for measuring the system
/// at the size of the 2035 programme: 20,000 clubs over the 3,321 real communes (times `--scale`),
/// about 65 members each with realistic ages and genders, three years of monthly meetings with
/// attendance and areas, each club's funds and loans with their repayments in the ledger, health
/// checks, home-care visits and board trainings. Rows are written in large multi-row inserts, on
/// SQLite or PostgreSQL, into a database that has no clubs yet. Prints how long each part took.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "scale", help: "Share of the full size (1 = 20,000 clubs; 0.01 = 200).")
        var scale: Double?
        @Option(name: "seed", help: "Seed of the random choices (default 1).")
        var seed: Int?
        init() {}
    }

    var help: String { "Generates a synthetic nation of clubs, members, meetings and money for benchmarks." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Bootstrap.prepare(app)
        guard try await Club.query(on: app.db).count() == 0 else {
            throw Abort(.badRequest, reason: "generate needs a database without clubs; set ISHC_SQLITE_PATH or DATABASE_URL to a new one")
        }
        let generator = NationGenerator(
            app: app, scale: signature.scale ?? 1, seed: UInt64(signature.seed ?? 1),
            today: Day(app.clock.now()))
        let report = try await generator.run { line in context.console.print(line) }
        context.console.print("generated: \(report.counts.map { "\($0.0) \($0.1)" }.joined(separator: ", "))")
        context.console.print(String(format: "generate_s %.1f", report.seconds))
    }
}

struct NationGenerator {
    let app: Application
    let scale: Double
    let seed: UInt64
    let today: Day

    struct Report {
        var counts: [(String, Int)]
        var seconds: Double
    }

    /// A deterministic id: `sequence` in its first 48 bits, the rest from the generator. Rows are
    /// written in the order their ids are made, so every index of ids grows at its end instead of
    /// at random places all over the file (which, at the size of the nation, no page cache holds).
    static func uuid<G: RandomNumberGenerator>(_ rng: inout G, sequence: UInt64) -> UUID {
        let a = rng.next()
        let b = rng.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i)))
        }
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: sequence >> (8 * UInt64(5 - i))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// Writes the nation with the club-facts and commune-version triggers off (the clubs are new, no facts are kept
    /// yet) and, on PostgreSQL, the foreign keys off, and puts them back whatever happens; putting the keys
    /// back checks every row written.
    func run(_ say: (String) -> Void) async throws -> Report {
        let sql = app.db as! any SQLDatabase
        let triggers = try await VersionTriggers.drop(on: sql)
        var keys: [ForeignKeys.Key] = []
        do {
            keys = try await ForeignKeys.drop(on: sql)
            var report = try await write(say)
            let clock = ContinuousClock()
            let started = clock.now
            try await ForeignKeys.restore(keys, on: sql)
            let spent = clock.now - started
            if !keys.isEmpty {
                let seconds = Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18
                say(String(format: "foreign keys checked: %.1f s", seconds))
                report.seconds += seconds
            }
            try await VersionTriggers.restore(triggers, on: sql)
            return report
        } catch {
            try? await ForeignKeys.restore(keys, on: sql)
            try? await VersionTriggers.restore(triggers, on: sql)
            throw error
        }
    }

    func write(_ say: (String) -> Void) async throws -> Report {
        let sql = app.db as! any SQLDatabase
        let clock = ContinuousClock()
        let started = clock.now
        var rng = SeededGenerator(seed: 0x15C_0000 &+ seed)
        var sequence: UInt64 = 0
        func newID() -> UUID {
            sequence += 1
            return Self.uuid(&rng, sequence: sequence)
        }
        let now = app.clock.now()

        struct Commune: Decodable {
            var id: UUID
            var path: String
            var name: String
        }
        let communes = try await sql.raw(
            """
            SELECT id, path, name FROM units WHERE level = 'commune' AND structure = \(bind: UnitStructure.current.rawValue) ORDER BY path
            """
        ).all(decoding: Commune.self)
        guard !communes.isEmpty else { throw Abort(.internalServerError, reason: "no communes: import the units first") }
        let clubCount = max(1, Int((20_000 * scale).rounded()))

        // SQLite: one connection for every row (its pool has one per event loop), so its settings
        // and the open transaction hold for all of them.
        let bulk = BulkSet(on: app.databases.database(logger: app.logger, on: app.eventLoopGroup.next()) ?? app.db)
        try await bulk.prepare()
        let units = bulk.writer(
            "units", ["id", "structure", "level", "name", "name_key", "kind", "parent_id", "path", "scope_path", "valid_from", "created_at"])
        let clubs = bulk.writer(
            "clubs",
            ["id", "unit_id", "commune_id", "village_id", "founded_on", "decision_number", "cohort", "funding_source", "status", "created_at"])
        let statuses = bulk.writer("club_status_changes", ["id", "club_id", "status", "from_date", "created_at"])
        let members = bulk.writer(
            "members",
            [
                "id", "club_id", "full_name", "name_key", "gender", "birth_year", "ethnicity", "joined_on", "left_on",
                "home_care_volunteer", "poor_household", "near_poor_household", "disability", "lives_alone",
                "health_insurance", "consent_on", "village_id", "ethnic_minority", "single_older_woman",
                "chronic_illness", "person_id", "created_at",
            ])
        let meetings = bulk.writer("meetings", ["id", "club_id", "held_on", "topics", "attendee_count", "created_at"])
        let attendance = bulk.writer(MeetingAttendance.schema, ["id", "meeting_id", "member_id"])
        let areas = bulk.writer("meeting_areas", ["id", "meeting_id", "area"])
        let entries = bulk.writer("journal_entries", ["id", "club_id", "kind", "occurred_on", "description", "source", "loan_id", "created_at"])
        let postings = bulk.writer("postings", ["id", "entry_id", "club_id", "account", "amount", "occurred_on"])
        let loans = bulk.writer(
            "loans",
            [
                "id", "club_id", "member_id", "principal", "purpose", "disbursed_on", "instalments", "every_months",
                "method", "rate_bp", "grace", "created_at",
            ])
        let instalments = bulk.writer("loan_instalments", ["id", "loan_id", "version", "number", "due_on", "principal", "fee"])
        let checks = bulk.writer(
            "health_checks", ["id", "club_id", "member_id", "checked_on", "place", "systolic", "diastolic", "weight_tenths", "created_at"])
        let recipients = bulk.writer(
            "care_recipients", ["id", "club_id", "member_id", "full_name", "birth_year", "needs", "volunteer_id", "since", "created_at"])
        let visits = bulk.writer("care_visits", ["id", "recipient_id", "club_id", "volunteer_id", "visited_on", "tasks", "minutes", "created_at"])
        let activities = bulk.writer(
            "activities", ["id", "kind", "unit_id", "held_on", "subtype", "title", "others_count", "people_count", "created_at"])
        let activityClubs = bulk.writer("activity_clubs", ["id", "activity_id", "club_id"])
        var timings: [(String, Duration)] = []
        var mark = clock.now
        func lap(_ label: String) {
            let t = clock.now
            timings.append((label, t - mark))
            say(String(format: "%@: %.1f s", label, Double((t - mark).components.seconds) + Double((t - mark).components.attoseconds) / 1e18))
            mark = t
        }

        let threeYearsAgo = MonthKey(today).lastMonths(36)[0]
        let families = MemberNames.families
        let womenMiddle = MemberNames.womenMiddle
        let menMiddle = MemberNames.menMiddle
        let topics = MeetingTopics.all + ["", "", ""]
        // Trainings by commune and year, so many clubs share one training (as they do).
        var initialTrainings: [String: (UUID, [UUID])] = [:]
        var refreshers: [UUID: [UUID]] = [:]

        for c in 0..<clubCount {
            let commune = communes[(c * 7919) % communes.count]
            // Founded between 2016 and this year, most of them recently (the programme is growing).
            let yearsBack = Int((pow(Double.random(in: 0..<1, using: &rng), 1.6) * Double(today.year - 2016)).rounded(.down))
            let founded = Day(year: today.year - yearsBack, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
            let foundedOn = min(founded, today.adding(days: -30))
            let villageID = newID()
            let clubUnitID = newID()
            let clubID = newID()
            let villagePath = UnitPath.child(of: commune.path, segment: UnitPath.segment("v", id: villageID))
            let villageName = "Thôn \(c / communes.count + 1) \(commune.name)"
            try await units.add([
                villageID, UnitStructure.current.rawValue, UnitLevel.village.rawValue, villageName, VietnameseText.fold(villageName),
                "Thôn", commune.id, villagePath, villagePath, "2025-07-01", now,
            ])
            let clubPath = UnitPath.child(of: villagePath, segment: UnitPath.segment("k", id: clubUnitID))
            let clubName = "CLB Liên thế hệ tự giúp nhau \(villageName)"
            try await units.add([
                clubUnitID, UnitStructure.current.rawValue, UnitLevel.club.rawValue, clubName, VietnameseText.fold(clubName),
                nil as String?, villageID, clubPath, clubPath, foundedOn.iso, now,
            ])
            try await clubs.add([
                clubID, clubUnitID, commune.id, villageID, foundedOn.iso, "\(c + 1)/QĐ-UBND",
                foundedOn.year <= 2020 ? "2016-2020" : (foundedOn.year <= 2025 ? "2021-2025" : "2026-2030"),
                ["state_budget", "helpage", "province_programme"][c % 3], "active", now,
            ])
            try await statuses.add([newID(), clubID, "active", foundedOn.iso, now])

            // Members: 50 to 80, two thirds women and two thirds aged 60 or more; a few left.
            let size = Int.random(in: 50...80, using: &rng)
            var active: [UUID] = []
            var volunteers: [UUID] = []
            for i in 0..<size {
                let id = newID()
                let woman = Double.random(in: 0..<1, using: &rng) < 0.66
                let older = Double.random(in: 0..<1, using: &rng) < 0.66
                let age = older ? Int.random(in: 60...90, using: &rng) : Int.random(in: 22...59, using: &rng)
                let name =
                    "\(families[Int.random(in: 0..<families.count, using: &rng)]) \(woman ? womenMiddle[i % womenMiddle.count] : menMiddle[i % menMiddle.count]) \(woman ? MemberNames.women[Int.random(in: 0..<MemberNames.women.count, using: &rng)] : MemberNames.men[Int.random(in: 0..<MemberNames.men.count, using: &rng)])"
                let left: String? = i % 33 == 5 ? today.adding(days: -Int.random(in: 30...700, using: &rng)).iso : nil
                let leftOn = left.map { max($0, foundedOn.adding(days: 1).iso) }
                try await members.add([
                    id, clubID, name, VietnameseText.fold(name), woman ? "female" : "male", today.year - age,
                    i % 4 == 0 ? "Kinh" : "Thái", foundedOn.iso, leftOn, i % 9 == 0, i % 7 == 0, i % 11 == 0, i % 23 == 0,
                    older && i % 6 == 0, i % 5 != 0, foundedOn.iso, villageID, i % 4 != 0, woman && older && i % 8 == 0,
                    older && i % 5 == 0, id, now,
                ])
                if leftOn == nil {
                    active.append(id)
                    if i % 9 == 0 { volunteers.append(id) }
                }
            }

            // Monthly meetings over the last three years (since founding), a few months missed.
            var month = max(threeYearsAgo, MonthKey(foundedOn))
            while month <= MonthKey(today) {
                defer { month = month.next }
                guard let day = Day(year: month.year, month: month.month, day: 10 + Int.random(in: 0...8, using: &rng)), day <= today,
                    day >= foundedOn,
                    Int.random(in: 0..<100, using: &rng) >= 6
                else { continue }
                let id = newID()
                let present = active.filter { _ in Int.random(in: 0..<100, using: &rng) < 72 }
                try await meetings.add([id, clubID, day.iso, topics[Int.random(in: 0..<topics.count, using: &rng)], present.count, now])
                for m in present { try await attendance.add([newID(), id, m]) }
                var covered: Set<Int> = [1, 4]
                while covered.count < 3 + Int.random(in: 0...2, using: &rng) { covered.insert(Int.random(in: 1...8, using: &rng)) }
                for a in covered.sorted() { try await areas.add([newID(), id, a]) }
            }

            // Money: a seed grant, quarterly contributions to both funds, loans with their repayments.
            // Loans are lent from the seed grant only, so cash never goes below zero on any day.
            var lendable: Int64 = 0
            func entry(
                _ kind: String, _ day: Day, _ description: String, loan: UUID? = nil, source: String? = nil,
                _ lines: [(String, Int64)]
            ) async throws {
                let id = newID()
                try await entries.add([id, clubID, kind, day.iso, description, source, loan, now])
                for (account, amount) in lines { try await postings.add([newID(), id, clubID, account, amount, day.iso]) }
            }
            let grant = Int64(Int.random(in: 20...60, using: &rng)) * 1_000_000
            try await entry("grant", foundedOn, "Hỗ trợ ban đầu", source: "state_budget", [("income_cash", grant), ("income_fund", -grant)])
            lendable = grant
            var quarter = Day(year: foundedOn.year, month: foundedOn.month, day: 28)!
            while quarter <= today {
                let income = Int64(active.count) * 20_000
                let activity = Int64(active.count) * 10_000
                if quarter >= threeYearsAgo.firstDay {
                    try await entry(
                        "contribution", quarter, "Thành viên góp quỹ quý",
                        [
                            ("income_cash", income), ("income_fund", -income),
                            ("activity_cash", activity), ("activity_fund", -activity),
                        ])
                }
                quarter = quarter.adding(months: 3)
            }
            // Loans over the last three years, as cash allows: 12 monthly instalments, a flat fee of 0,5 % a month.
            let borrowers = active.shuffled(using: &rng).prefix(Int(Double(active.count) * 0.3))
            for (k, member) in borrowers.enumerated() {
                let disbursed = max(foundedOn, today.adding(days: -Int.random(in: 20...1_080, using: &rng)))
                let principal = Int64(Int.random(in: 3...10, using: &rng)) * 1_000_000
                guard principal <= lendable else { continue }
                let terms = LoanTerms(principal: principal, disbursedOn: disbursed, instalments: 12, method: .flat, monthlyRateBasisPoints: 50)
                let schedule = LoanSchedule.make(terms)
                let loanID = newID()
                try await loans.add([
                    loanID, clubID, member, principal, ["livestock", "crops", "trade", "other"][k % 4], disbursed.iso, 12, 1, "flat", 50, 0, now,
                ])
                for i in schedule { try await instalments.add([newID(), loanID, 1, i.number, i.due.iso, i.principal, i.fee]) }
                try await entry("disbursement", disbursed, "Cho vay", loan: loanID, [("loans_outstanding", principal), ("income_cash", -principal)])
                lendable -= principal
                // One borrower in twenty stops paying after a few instalments.
                let stopsAfter = Int.random(in: 0..<20, using: &rng) == 0 ? Int.random(in: 2...6, using: &rng) : 12
                for i in schedule where i.due <= today && i.number <= stopsAfter {
                    let paidOn = min(today, i.due.adding(days: Int.random(in: -3...10, using: &rng)))
                    try await entry(
                        "repayment", paidOn, "Trả nợ kỳ \(i.number)", loan: loanID,
                        [("income_cash", i.total), ("loans_outstanding", -i.principal), ("income_fund", -i.fee)])
                }
            }

            // Health checks twice in the last year for two members in five; home care for three people.
            for back in [40, 220] {
                let day = today.adding(days: -back)
                guard day >= foundedOn else { continue }
                for (n, m) in active.enumerated() where n % 5 < 2 {
                    try await checks.add([
                        newID(), clubID, m, day.iso, "Trạm y tế xã", 110 + (n * 7) % 45, 68 + (n * 3) % 25, 450 + (n * 13) % 200, now,
                    ])
                }
            }
            if let volunteer = volunteers.first {
                for r in 0..<3 {
                    let recipient = newID()
                    let since = max(foundedOn, today.adding(days: -365))
                    try await recipients.add([
                        recipient, clubID, active[(r * 5 + 3) % active.count], "Cụ \(r + 1) \(villageName)", 1935 + r,
                        "Thăm hỏi, giúp việc nhà", volunteer, since.iso, now,
                    ])
                    var visit = since.adding(days: 7)
                    while visit <= today {
                        try await visits.add([newID(), recipient, clubID, volunteer, visit.iso, "company,housework", 45 + (r * 15), now])
                        visit = visit.adding(months: 1)
                    }
                }
            }
            // Boards: an initial training in the founding year (per commune and year), and for most clubs a refresher this year.
            let key = "\(commune.id) \(foundedOn.year)"
            initialTrainings[key, default: (commune.id, [])].1.append(clubID)
            if Int.random(in: 0..<10, using: &rng) < 7 { refreshers[commune.id, default: []].append(clubID) }

            if c % 1_000 == 999 { say("… \(c + 1) clubs") }
        }
        for (key, value) in initialTrainings.sorted(by: { $0.key < $1.key }) {
            let year = Int(key.split(separator: " ")[1])!
            let id = newID()
            try await activities.add([
                id, "training", value.0, "\(year)-\(year == today.year ? "0\(min(today.month, 9))" : "06")-15", "board_initial",
                "Tập huấn ban chủ nhiệm câu lạc bộ mới", 0, value.1.count * 3, now,
            ])
            for club in value.1 { try await activityClubs.add([newID(), id, club]) }
        }
        for (commune, list) in refreshers.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let id = newID()
            let day = Day(year: today.year, month: max(1, today.month - 1), day: 12)!
            try await activities.add([id, "training", commune, day.iso, "board_refresher", "Tập huấn lại ban chủ nhiệm", 0, list.count * 3, now])
            for club in list { try await activityClubs.add([newID(), id, club]) }
        }
        try await bulk.finish()
        lap("clubs, members, meetings, money and activities")
        try await ensureUsers()
        try await sql.raw("ANALYZE").run()
        lap("users and statistics")
        let total = clock.now - started
        let counts: [(String, Int)] = [
            ("clubs", clubs.written), ("members", members.written), ("meetings", meetings.written),
            ("attendances", attendance.written), ("meeting_areas", areas.written),
            ("journal_entries", entries.written), ("postings", postings.written), ("loans", loans.written),
            ("loan_instalments", instalments.written), ("health_checks", checks.written),
            ("care_visits", visits.written), ("trainings", activities.written),
        ]
        return Report(counts: counts, seconds: Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18)
    }

    /// Logins for the benchmarks: an administrator, an officer of the first province with clubs, and
    /// the secretary of its first club (password as the demo's).
    func ensureUsers() async throws {
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(DemoData.password).get()
        let nation = try await OrgUnit.query(on: app.db).filter(\.$level == UnitLevel.nation.rawValue).filter(
            \.$structure == UnitStructure.current.rawValue
        ).first()
        let firstClub = try await OrgUnit.query(on: app.db).filter(\.$level == UnitLevel.club.rawValue).sort(\.$path).first()
        guard let nation, let firstClub else { return }
        let province = try await UnitQueries.ancestors(of: firstClub, on: app.db).first { $0.unitLevel == .province }
        for (username, role, unit) in [
            ("admin", Role.administrator, nation), ("gen.tinh", .provinceOfficer, province ?? nation),
            ("gen.clb", .clubSecretary, firstClub),
        ] {
            guard try await User.query(on: app.db).filter(\.$username == username).first() == nil else { continue }
            try await User(username: username, fullName: username, role: role, unitID: unit.requireID(), passwordHash: hash).create(on: app.db)
        }
    }
}

extension MonthKey {
    var firstDay: Day { Day(year: year, month: month, day: 1)! }
}
