import Fluent
import ISHCCore
import Vapor

/// Demo reports: Nghệ An's communes' six-month reports (on time, late, returned once and sent
/// again, all approved), the province's report waiting for the centre, this year's annual
/// reports (one draft, one sent, one missing), and a 2024 report of the old district of Quế
/// Phong, approved before the reform and restated to today's communes.
extension DemoData {
    static let legacyQuePhong = "/VN/lp40/ld415/"
    /// The old communes the demo clubs stood in before 1/7/2025, by club.
    static let legacyCommuneOfClub = [
        "/VN/lp40/ld415/lc16738/", "/VN/lp40/ld415/lc16763/", "/VN/lp40/ld415/lc16741/",
        nil, nil, "/VN/lp40/ld415/lc16741/",
    ]

    static func at(_ day: Day, hour: Int = 9) -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.vietnam
        return cal.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour))!
    }

    static func addReports(today: Day, users: [String: User], clubUnits: [OrgUnit], on db: any Database) async throws {
        func unit(_ path: String) async throws -> OrgUnit? { try await OrgUnit.query(on: db).filter(\.$path == path).first() }
        guard let province = try await unit(nghean), let quePhongUnit = try await unit(quePhong),
            let thongThuUnit = try await unit(thongThu), let thanhVinhUnit = try await unit(thanhVinh)
        else { return }
        // The last six-month period whose deadline has passed.
        let halfYear = today >= Day(year: today.year, month: 7, day: 1)! ? today.year : today.year - 1
        func day(_ y: Int, _ m: Int, _ d: Int) -> Day { min(Day(year: y, month: m, day: d)!, today) }

        struct Step {
            var action: ReportAction
            var day: Day
            var by: String
            var comment: String? = nil
        }
        func make(
            _ u: OrgUnit, _ kind: ReportKind, _ year: Int, number: String?, results: String?, difficulties: String? = nil,
            proposals: String? = nil, steps: [Step], by author: String
        ) async throws {
            let schedule = ReportSchedule.default(kind)
            let r = Report()
            r.$unit.id = try u.requireID()
            r.kind = kind.rawValue
            r.year = year
            r.status = ReportStatus.draft.rawValue
            r.number = number
            r.place = ReportPages.placeName(u)
            r.results = results
            r.difficulties = difficulties
            r.proposals = proposals
            let parent = try await u.$parent.get(on: db)
            r.recipients = [
                parent.map { $0.unitLevel == .nation ? "Trung ương Hội Người cao tuổi Việt Nam" : ReportPages.associationName($0) },
                "Đảng ủy, Ủy ban nhân dân " + (u.name.first.map { $0.lowercased() + u.name.dropFirst() } ?? u.name), "Lưu: VT",
            ]
            .compactMap { $0 }.joined(separator: "\n")
            r.signerTitle = "Chủ tịch"
            r.signerName = users[author]?.fullName ?? author
            r.createdBy = users[author]?.id
            try await r.create(on: db)
            var events: [(ReportAction?, Day, String, String?, ReportStatus)] = [(nil, steps.first?.day ?? today, author, nil, .draft)]
            for s in steps {
                let next = ReportWorkflow.next(r.reportStatus, s.action)!
                if s.action == .submit {
                    let snapshot = try await ReportStore.compute(u, start: schedule.start(year), end: schedule.end(year), today: s.day, on: db)
                    r.snapshot = snapshot.encoded()
                    r.sentOn = s.day.iso
                    if r.firstSentOn == nil { r.firstSentOn = s.day.iso }
                }
                if s.action == .approve { r.approvedOn = s.day.iso }
                r.status = next.rawValue
                events.append((s.action, s.day, s.by, s.comment, next))
            }
            try await r.save(on: db)
            for (i, (action, d, by, comment, status)) in events.enumerated() {
                let e = ReportEvent()
                e.$report.id = try r.requireID()
                e.action = action?.rawValue ?? "create"
                e.status = status.rawValue
                e.userID = users[by]?.id
                e.userName = users[by]?.fullName ?? by
                e.at = at(d, hour: 8 + i)
                e.comment = comment
                try await e.create(on: db)
            }
        }

        let y = halfYear
        // Quế Phong sent on time, approved.
        try await make(
            quePhongUnit, .half, y, number: "08/BC-HNCT",
            results:
                "Hai câu lạc bộ sinh hoạt đều hằng tháng, lồng ghép chăm sóc sức khỏe ban đầu và tuyên truyền chuyển đổi số.\nQuỹ tự giúp nhau tiếp tục cho thành viên vay chăn nuôi, trồng trọt; thu hồi vốn đúng hạn.",
            difficulties: "Một số thành viên đi làm ăn xa, khó sinh hoạt đủ tháng. Kinh phí hỗ trợ ban đầu còn hạn chế.",
            proposals: "Đề nghị tỉnh hội mở lớp tập huấn lại cho ban chủ nhiệm câu lạc bộ.",
            steps: [
                Step(action: .submit, day: day(y, 6, 3), by: "xa.quephong"),
                Step(action: .approve, day: day(y, 6, 10), by: "tinh.nghean"),
            ], by: "xa.quephong")
        // Thông Thụ sent late, approved.
        try await make(
            thongThuUnit, .half, y, number: "05/BC-HNCT",
            results: "Câu lạc bộ Bản Na Chạng nhận thêm thành viên từ câu lạc bộ Bản Cộng Thành sau khi sáp nhập.",
            steps: [
                Step(action: .submit, day: day(y, 6, 12), by: "Hội NCT xã Thông Thụ"),
                Step(action: .approve, day: day(y, 6, 20), by: "tinh.nghean"),
            ], by: "Hội NCT xã Thông Thụ")
        // Thành Vinh returned once, sent again, approved.
        try await make(
            thanhVinhUnit, .half, y, number: "11/BC-HNCT",
            results: "Câu lạc bộ Khối Tân Tiến duy trì sinh hoạt, tổ chức khám sức khỏe định kỳ cho thành viên.",
            steps: [
                Step(action: .submit, day: day(y, 6, 4), by: "Hội NCT phường Thành Vinh"),
                Step(action: .giveBack, day: day(y, 6, 6), by: "tinh.nghean", comment: "Đề nghị bổ sung phần khó khăn và kiến nghị."),
                Step(action: .submit, day: day(y, 6, 9), by: "Hội NCT phường Thành Vinh"),
                Step(action: .approve, day: day(y, 6, 16), by: "tinh.nghean"),
            ], by: "Hội NCT phường Thành Vinh")
        // The province's report, waiting for the centre.
        try await make(
            province, .half, y, number: "27/BC-HNCT",
            results: "Toàn tỉnh duy trì các câu lạc bộ liên thế hệ tự giúp nhau; các xã đều gửi báo cáo 6 tháng.",
            steps: [Step(action: .submit, day: day(y, 6, 25), by: "tinh.nghean")], by: "tinh.nghean")

        // This year's annual reports: Quế Phong drafting, Thông Thụ sent; Thành Vinh has none.
        if today >= Day(year: today.year, month: 1, day: 15)! {
            try await make(
                quePhongUnit, .year, today.year, number: nil,
                results: "Các câu lạc bộ sinh hoạt đều; đang tổng hợp số liệu cả năm.", steps: [], by: "xa.quephong")
            try await make(
                thongThuUnit, .year, today.year, number: "14/BC-HNCT",
                results: "Câu lạc bộ duy trì sinh hoạt hằng tháng và quỹ tự giúp nhau.",
                steps: [Step(action: .submit, day: day(today.year, 11, 14), by: "Hội NCT xã Thông Thụ")], by: "Hội NCT xã Thông Thụ")
        }

        try await addLegacyReport(users: users, clubUnits: clubUnits, on: db)
    }

    /// The old district of Quế Phong's 2024 report, made and approved before the reform: its
    /// rows are the old communes the clubs stood in.
    static func addLegacyReport(users: [String: User], clubUnits: [OrgUnit], on db: any Database) async throws {
        guard let district = try await OrgUnit.query(on: db).filter(\.$path == legacyQuePhong).first(),
            let province = try await OrgUnit.query(on: db).filter(\.$path == nghean).first()
        else { return }
        let sent = Day(year: 2024, month: 11, day: 8)!
        let approved = Day(year: 2024, month: 11, day: 13)!
        let g = try await IndicatorStore.gather(
            under: province, start: Day(year: 2024, month: 1, day: 1)!,
            end: Day(year: 2024, month: 12, day: 31)!, today: sent, on: db)
        // Counts and shares add up across clubs; averages and "communes with N clubs" do not.
        let additive = IndicatorCatalogue.all.filter { $0.unit != .average && $0.code != "communes_with_standard_clubs" }.map(\.code)
        var rows: [ReportSnapshot.Row] = []
        for (i, path) in legacyCommuneOfClub.enumerated() {
            guard let path, i < clubUnits.count, let old = try await OrgUnit.query(on: db).filter(\.$path == path).first() else { continue }
            let all = g.indicators(under: clubUnits[i].path, standard: .default, minStandardClubs: 1)
            let figures = Dictionary(uniqueKeysWithValues: additive.compactMap { c in all[c].map { (c, ReportSnapshot.Figure($0)) } })
            if let k = rows.firstIndex(where: { $0.unitID == old.id!.uuidString }) {
                for (c, f) in figures { rows[k].figures[c] = rows[k].figures[c].map { $0 + f } ?? f }
            } else {
                rows.append(.init(unitID: old.id!.uuidString, name: old.name, figures: figures))
            }
        }
        var total: [String: ReportSnapshot.Figure] = [:]
        for row in rows { for (c, f) in row.figures { total[c] = total[c].map { $0 + f } ?? f } }
        let r = Report()
        r.$unit.id = try district.requireID()
        r.kind = ReportKind.year.rawValue
        r.year = 2024
        r.status = ReportStatus.approved.rawValue
        r.number = "19/BC-HNCT"
        r.place = "Quế Phong"
        r.results = "Năm 2024 toàn huyện có bốn câu lạc bộ liên thế hệ tự giúp nhau, thành lập mới câu lạc bộ Bản Na Chạng."
        r.difficulties = "Địa bàn rộng, đi lại khó khăn vào mùa mưa."
        r.proposals = "Đề nghị tiếp tục hỗ trợ vốn ban đầu cho các câu lạc bộ mới."
        r.recipients = "Hội Người cao tuổi tỉnh Nghệ An\nLưu: VT"
        r.signerTitle = "Chủ tịch"
        r.signerName = "Lữ Văn Hùng"
        r.snapshot = ReportSnapshot(start: "2024-01-01", asOf: sent.iso, figures: total, rows: rows, targets: []).encoded()
        r.sentOn = sent.iso
        r.firstSentOn = sent.iso
        r.approvedOn = approved.iso
        try await r.create(on: db)
        for (action, d, by, status) in [
            ("create", Day(year: 2024, month: 11, day: 1)!, "Hội NCT huyện Quế Phong", ReportStatus.draft),
            ("submit", sent, "Hội NCT huyện Quế Phong", .submitted),
            ("approve", approved, "Hội NCT tỉnh Nghệ An", .approved),
        ] {
            let e = ReportEvent()
            e.$report.id = try r.requireID()
            e.action = action
            e.status = status.rawValue
            e.userName = by
            e.at = at(d)
            try await e.create(on: db)
        }
    }
}
