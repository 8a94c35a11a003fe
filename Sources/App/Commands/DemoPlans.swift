import Fluent
import ISHCCore
import Vapor

/// Demo plans: the national scheme (Decision 1648), Hà Nội's plan to 2035 and Nghệ An's plan to
/// 2025 as the sources give them, and for Nghệ An a sample 2026-2035 plan with Hà Nội's kind of
/// targets so its dashboard shows every target against recorded data. Also a commune's
/// denominators (villages, older people) with their source.
extension DemoData {
    struct DemoTarget {
        var phase: Int
        var indicator: String
        var value: Int64
        var unitPath: String? = nil
        var minClubs: Int? = nil
        var note: String? = nil
    }

    /// Hà Nội's targets per phase (Kế hoạch thực hiện Đề án … đến năm 2035 trên địa bàn thành phố Hà Nội, I.2.3).
    static func haNoiStyleTargets() -> [DemoTarget] {
        var out: [DemoTarget] = []
        for (phase, reach, communeClubs, villages) in [(0, 6_000, 1, 3_000), (1, 8_000, 4, 4_000)] as [(Int, Int64, Int, Int64)] {
            out += [
                DemoTarget(phase: phase, indicator: "reach_share", value: reach),
                DemoTarget(phase: phase, indicator: "communes_with_standard_clubs", value: 10_000, minClubs: communeClubs),
                DemoTarget(phase: phase, indicator: "villages_with_club", value: villages),
                DemoTarget(phase: phase, indicator: "clubs_monthly_all_areas", value: 5_000),
                DemoTarget(phase: phase, indicator: "clubs_new_tasks", value: 5_000),
                DemoTarget(phase: phase, indicator: "boards_trained", value: 10_000),
                DemoTarget(phase: phase, indicator: "boards_refreshed", value: 10_000),
                DemoTarget(phase: phase, indicator: "clubs_fund_goal", value: 5_000, note: "50 - 70 %"),
                DemoTarget(phase: phase, indicator: "borrowers_share", value: 5_000),
                DemoTarget(phase: phase, indicator: "older_women_share", value: 5_000, note: "50 - 60 %"),
            ]
        }
        return out
    }

    static func addPlans(today: Day, on db: any Database) async throws {
        func unit(_ path: String) async throws -> OrgUnit? { try await OrgUnit.query(on: db).filter(\.$path == path).first() }
        func add(
            _ path: String, title: String, source: String, rules: StandardRules = .default, minClubs: Int = 1,
            phases: [(String, Int, Int)], targets: [DemoTarget]
        ) async throws {
            guard let owner = try await unit(path) else { return }
            let plan = Plan()
            plan.$unit.id = try owner.requireID()
            plan.title = title
            plan.source = source
            plan.standardRules = rules.rules.map(\.rawValue).joined(separator: ",")
            plan.minStandardClubs = minClubs
            let rows = try await PlanStore.create(plan, phases: phases.map { (name: $0.0, from: $0.1, to: $0.2) }, on: db)
            for t in targets {
                guard let target = try await unit(t.unitPath ?? path) else { continue }
                let row = PlanTarget()
                row.$plan.id = try plan.requireID()
                row.$phase.id = try rows[t.phase].requireID()
                row.$unit.id = try target.requireID()
                row.indicator = t.indicator
                row.value = t.value
                row.minClubs = t.minClubs
                row.note = t.note
                try await row.create(on: db)
            }
        }

        try await add(
            UnitPath.root, title: "Đề án nhân rộng câu lạc bộ liên thế hệ tự giúp nhau đến năm 2035",
            source: "Quyết định số 1648/QĐ-TTg ngày 01/8/2025 của Thủ tướng Chính phủ",
            phases: [("2025 - 2030", 2025, 2030), ("2031 - 2035", 2031, 2035)],
            targets: [
                DemoTarget(phase: 0, indicator: "new_clubs", value: 6_000),
                DemoTarget(phase: 1, indicator: "new_clubs", value: 6_000, note: "ít nhất 12.000 câu lạc bộ mới đến năm 2035"),
            ])

        try await add(
            hanoi, title: "Kế hoạch thực hiện Đề án nhân rộng câu lạc bộ liên thế hệ tự giúp nhau đến năm 2035 trên địa bàn thành phố Hà Nội",
            source: "Kế hoạch của UBND thành phố Hà Nội năm 2026, thực hiện Quyết định số 1648/QĐ-TTg",
            phases: [("2026 - 2030", 2026, 2030), ("2031 - 2035", 2031, 2035)],
            targets: haNoiStyleTargets() + [
                DemoTarget(phase: 0, indicator: "new_clubs", value: 250),
                DemoTarget(phase: 0, indicator: "new_club_older_members", value: 10_000),
                DemoTarget(phase: 1, indicator: "new_clubs", value: 250, note: "ít nhất 500 câu lạc bộ mới đến năm 2035"),
                DemoTarget(phase: 1, indicator: "new_club_older_members", value: 10_000),
            ])

        try await add(
            nghean, title: "Kế hoạch thực hiện Đề án nhân rộng mô hình câu lạc bộ liên thế hệ tự giúp nhau trên địa bàn tỉnh Nghệ An đến năm 2025",
            source: "Kế hoạch của UBND tỉnh Nghệ An, thực hiện Quyết định số 1336/QĐ-TTg ngày 31/8/2020",
            phases: [("2021 - 2025", 2021, 2025)],
            targets: [
                DemoTarget(phase: 0, indicator: "active_clubs", value: 275, note: "145 đã có và 130 thành lập mới"),
                DemoTarget(phase: 0, indicator: "new_clubs", value: 130),
                DemoTarget(phase: 0, indicator: "new_club_members", value: 8_450),
                DemoTarget(phase: 0, indicator: "new_club_older_members", value: 5_500),
                DemoTarget(phase: 0, indicator: "borrowers_share", value: 5_000),
            ])

        // Sample data: Nghệ An's plan to 2035 with targets of Hà Nội's kind, one broken down to Quế Phong.
        try await add(
            nghean, title: "Kế hoạch nhân rộng câu lạc bộ đến năm 2035 (dữ liệu mẫu)",
            source: "Dữ liệu mẫu: chỉ tiêu theo cách của Kế hoạch thành phố Hà Nội",
            phases: [("2026 - 2030", 2026, 2030), ("2031 - 2035", 2031, 2035)],
            targets: haNoiStyleTargets() + [
                DemoTarget(phase: 0, indicator: "new_clubs", value: 150),
                DemoTarget(phase: 0, indicator: "new_club_older_members", value: 6_000),
                DemoTarget(phase: 0, indicator: "active_clubs", value: 425),
                DemoTarget(phase: 0, indicator: "health_checks", value: 20_000),
                DemoTarget(phase: 0, indicator: "care_visits", value: 10_000),
                DemoTarget(phase: 0, indicator: "officers_trained", value: 600),
                DemoTarget(phase: 0, indicator: "new_clubs", value: 3, unitPath: quePhong),
                DemoTarget(phase: 0, indicator: "active_clubs", value: 5, unitPath: quePhong),
                DemoTarget(phase: 1, indicator: "new_clubs", value: 150),
            ])

        // Quế Phong's denominators, as a commune officer would enter them from the commune's figures.
        if let commune = try await unit(quePhong) {
            for (year, kind, value) in [
                (today.year - 1, Denominator.Kind.villages, 14), (today.year - 1, .olderPeople, 1_820),
                (today.year, .villages, 14), (today.year, .olderPeople, 1_865),
            ] {
                let row = Denominator()
                row.$unit.id = try commune.requireID()
                row.year = year
                row.kind = kind.rawValue
                row.value = value
                row.source = "Dữ liệu mẫu: báo cáo dân số của UBND xã Quế Phong cuối năm \(year - 1)"
                try await row.create(on: db)
            }
        }
    }
}
