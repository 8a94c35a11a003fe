import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

@Suite struct DashboardTests {
    /// This year, to date.
    func gather(_ app: Application, under unit: OrgUnit) async throws -> IndicatorStore.Gathered {
        let today = Day(app.clock.now())
        return try await IndicatorStore.gather(
            under: unit, start: Day(year: today.year, month: 1, day: 1)!,
            end: Day(year: today.year, month: 12, day: 31)!, today: today, on: app.db)
    }

    /// Every figure of a unit equals the sum of its parts: the units below it, plus what the unit
    /// keeps itself (its own communication and trainings). Averages excepted. Returns the units checked.
    @discardableResult
    func checkSums(_ app: Application, _ g: IndicatorStore.Gathered, under unit: OrgUnit) async throws -> Int {
        var checked = 0
        let children = try await UnitQueries.children(of: unit, on: app.db).filter { $0.unitStructure == .current }
        let whole = g.indicators(under: unit.path, standard: .default, minStandardClubs: 1)
        var parts = children.map { g.indicators(under: $0.path, standard: .default, minStandardClubs: 1) }
        // What sits at this unit itself and not below it: its own activities.
        let own = g.units.filter { $0.path == unit.path }.reduce(UnitPeriodFacts()) { $0 + $1.facts }
        parts.append(
            IndicatorCatalogue.compute(
                g.clubs.filter { $0.path == unit.path }.map(\.facts), unit: own,
                periodStart: g.start, periodEnd: g.asOf))
        for def in IndicatorCatalogue.all where def.unit != .average {
            // A club's own figures have no communes or villages under them.
            if unit.unitLevel == .commune
                && ["villages_with_club", "communes_with_standard_clubs", "older_people_coverage", "reach_share"].contains(def.code)
            {
                continue
            }
            let w = whole[def.code]!
            #expect(w.numerator == parts.reduce(0) { $0 + $1[def.code]!.numerator }, "\(unit.name) \(def.code)")
            if def.unit == .share {
                #expect(w.denominator == parts.reduce(0) { $0 + ($1[def.code]!.denominator ?? 0) }, "\(unit.name) \(def.code)")
            }
        }
        checked += 1
        // Down the tree where there are clubs.
        for child in children where g.clubs.contains(where: { $0.path.hasPrefix(child.path) }) && child.unitLevel != .club {
            checked += try await checkSums(app, g, under: child)
        }
        return checked
    }

    func figure(_ g: IndicatorStore.Gathered, _ path: String, _ code: String) -> Int64 {
        g.indicators(under: path, standard: .default, minStandardClubs: 1)[code]!.numerator
    }

    @Test func everyLevelIsTheSumOfItsPartsAndFollowsChanges() async throws {
        try await withApp { app in
            let nation = try await app.unit(path: UnitPath.root)
            let province = try await app.unit(path: DemoData.nghean)
            let commune = try await app.unit(path: DemoData.quePhong)
            let (clubUnit, club, _) = try await app.demoClub(0)
            var g = try await gather(app, under: nation)
            // The nation, 2 provinces, 4 communes and their villages with clubs.
            #expect(try await checkSums(app, g, under: nation) >= 7)
            // Gathering at a lower level gives the same figures as the nation's gathering below it.
            let local = try await gather(app, under: commune)
            for code in IndicatorCatalogue.all.map(\.code) {
                #expect(
                    local.indicators(under: commune.path, standard: .default, minStandardClubs: 1)[code]
                        == g.indicators(under: commune.path, standard: .default, minStandardClubs: 1)[code], "\(code)")
            }
            let members = { (g: IndicatorStore.Gathered) in
                [UnitPath.root, DemoData.nghean, DemoData.quePhong, clubUnit.path].map { self.figure(g, $0, "members") }
            }
            let before = members(g)
            let fundBefore = [UnitPath.root, DemoData.nghean, clubUnit.path].map { figure(g, $0, "fund_total") }
            let clubsBefore = figure(g, DemoData.nghean, "active_clubs")

            // A member joins at the club: +1 at every level.
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(
                try await secretary.post(
                    Paths.newMember.link(clubUnit.id!),
                    [
                        "full_name": "Vi Thị Mới", "gender": "female", "birth": "1955", "ethnicity": "Thái", "joined_on": "", "consent": "on",
                    ]
                ).status == .seeOther)
            g = try await gather(app, under: nation)
            #expect(members(g) == before.map { $0 + 1 })
            try await checkSums(app, g, under: nation)

            // A contribution is recorded and then reversed: the funds move and come back at every level.
            let treasurer = Browser(app)
            try await treasurer.login("thuquy.hanhtien")
            let today = Day(app.clock.now())
            #expect(
                try await treasurer.post(
                    Paths.newFundEntry.link(clubUnit.id!),
                    [
                        "kind": "contribution", "fund": "income", "amount": "300.000", "occurred_on": today.vietnamese,
                        "description": "Góp quỹ tháng",
                    ]
                ).status == .seeOther)
            g = try await gather(app, under: nation)
            #expect([UnitPath.root, DemoData.nghean, clubUnit.path].map { figure(g, $0, "fund_total") } == fundBefore.map { $0 + 300_000 })
            let entry = try #require(
                try await JournalEntry.query(on: app.db).filter(\.$club.$id == club.id!)
                    .filter(\.$kind == "contribution").sort(\.$createdAt, .descending).first())
            #expect(try await treasurer.post(Paths.reverseEntry.link(entry.id!), ["reason": "Ghi nhầm"]).status == .seeOther)
            g = try await gather(app, under: nation)
            #expect([UnitPath.root, DemoData.nghean, clubUnit.path].map { figure(g, $0, "fund_total") } == fundBefore)
            try await checkSums(app, g, under: nation)

            // Two clubs of Quế Phong merge: one club fewer, the same members, still the sum of the parts.
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let source = try await app.unit(named: DemoData.clubs[1].name)
            let yesterday = today.adding(days: -1)
            #expect(
                try await officer.post(
                    Paths.clubStatus.link(source.id!),
                    [
                        "status": "merged", "from_date": yesterday.vietnamese, "into": clubUnit.id!.uuidString,
                    ]
                ).status == .seeOther)
            g = try await gather(app, under: nation)
            #expect(figure(g, DemoData.nghean, "active_clubs") == clubsBefore - 1)
            #expect(figure(g, DemoData.nghean, "members") == before[1] + 1)
            #expect(figure(g, source.path, "members") == 0)
            try await checkSums(app, g, under: nation)
            #expect(try await checkSums(app, g, under: province) >= 4)
        }
    }

    /// The grouped queries agree with the per-club code the club pages use.
    @Test func gatheredFactsAgreeWithTheClubsOwnRecords() async throws {
        try await withApp { app in
            let nation = try await app.unit(path: UnitPath.root)
            let g = try await gather(app, under: nation)
            let today = Day(app.clock.now())
            #expect(g.clubs.count == DemoData.clubs.count)
            for i in DemoData.clubs.indices {
                let (unit, club, _) = try await app.demoClub(i)
                let facts = try #require(g.clubs.first { $0.unitID == unit.id }?.facts)
                #expect(facts.active == (i != DemoData.mergedClub))
                let members = try await Member.query(on: app.db).filter(\.$club.$id == club.id!).all().map(\.facts)
                let composition = Composition.evaluate(members, on: today)
                #expect(facts.members == composition[0].count, "\(i)")
                #expect(facts.women == composition[1].count, "\(i)")
                #expect(facts.older == composition[2].count, "\(i)")
                #expect(facts.compositionMet == composition.allSatisfy { $0.verdict == .ok }, "\(i)")
                let meetings = try await MeetingStore.facts(of: club, on: app.db)
                let founded = Day(iso: DemoData.clubs[i].founded)!
                let months = MonthKey.range(MonthKey(max(founded, Day(year: today.year, month: 1, day: 1)!)), MonthKey(today).previous)
                let metThisMonth = meetings.contains { MonthKey($0.heldOn) == MonthKey(today) }
                #expect(facts.metEveryMonth == MeetingRules.metEveryMonth(meetings, months: months), "\(i)")
                #expect(facts.monthsInPeriod == months.count + (metThisMonth ? 1 : 0), "\(i)")
                let balances = try await LedgerStore.balances(club: club.id!, on: app.db)
                #expect(facts.incomeFund == balances.incomeFund, "\(i)")
                #expect(facts.outstanding == balances.loansOutstanding, "\(i)")
                let loans = try await Loan.query(on: app.db).filter(\.$club.$id == club.id!).all()
                var states: [LoanState] = []
                for loan in loans { states.append(try await LedgerStore.state(of: loan, on: app.db)) }
                let atRisk = states.filter { $0.outstanding > 0 && LoanRules.arrears($0, on: today).days > 30 }.reduce(Int64(0)) {
                    $0 + $1.outstanding
                }
                #expect(facts.atRisk30 == atRisk, "\(i)")
                let borrowers = Set(loans.filter { $0.disbursedOn >= "\(today.year)-01-01" }.map { $0.$member.id }).count
                #expect(facts.borrowers == borrowers, "\(i)")
                struct Row: Decodable {
                    var subtype: String
                    var held_on: String
                }
                let trainings = try await (app.db as! any SQLDatabase).raw(
                    """
                    SELECT a.subtype, a.held_on FROM activities a JOIN activity_clubs c ON c.activity_id = a.id
                    WHERE c.club_id = \(bind: club.id!) AND a.kind = 'training'
                    """
                ).all(decoding: Row.self).map { TrainingFacts(subtype: $0.subtype, heldOn: Day(iso: $0.held_on)!) }
                #expect(facts.boardTrainedAtFounding == TrainingRules.trainedAtFounding(trainings, founded: founded), "\(i)")
                #expect(facts.boardRefreshedThisYear == TrainingRules.refreshed(trainings, year: today.year), "\(i)")
            }
            // The demo's late loan puts Hạnh Tiến's PAR30 on record; Hạnh Tiến met every month this year.
            let first = try #require(g.clubs.first { $0.name == DemoData.clubs[0].name }?.facts)
            #expect(first.atRisk30 > 0)
            #expect(first.metEveryMonth)
        }
    }

    @Test func theProvinceDashboardSetsEachFigureAgainstItsTarget() async throws {
        try await withApp { app in
            let province = try await app.unit(path: DemoData.nghean)
            let commune = try await app.unit(path: DemoData.quePhong)
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let unitPage = try await b.get(Paths.unit.link(province.id!))
            #expect(unitPage.text.contains(Paths.dashboard.link(province.id!)))
            let page = try await b.get(Paths.dashboard.link(province.id!))
            #expect(page.status == .ok)
            let text = page.text
            // The sample plan's targets, each with a bar and a gap in words.
            #expect(text.contains("Kế hoạch nhân rộng câu lạc bộ đến năm 2035 (dữ liệu mẫu)"))
            #expect(text.contains("giai đoạn 2026 - 2030"))
            #expect(text.contains("<progress"))
            // 425 clubs targeted, 4 open in the demo.
            #expect(text.contains("Còn thiếu 421 CLB."))
            // Hạnh Tiến meets the standard, so Quế Phong counts: 129 of 130 communes to go.
            #expect(text.contains("Còn thiếu 129 xã để đạt 100"))
            // The national scheme's target shows below it, with the province's part.
            #expect(text.contains("Đề án nhân rộng câu lạc bộ liên thế hệ tự giúp nhau đến năm 2035"))
            #expect(text.contains("Chỉ tiêu chung 6.000 của Việt Nam"))
            // Every indicator of the catalogue, with its definition.
            for def in IndicatorCatalogue.all { #expect(text.contains(attrEscaped(def.vi)), "\(def.code)") }
            // Trend, ranking and map.
            #expect(text.contains("Số câu lạc bộ qua các năm"))
            #expect(text.contains("Xếp hạng các đơn vị trực thuộc"))
            #expect(text.contains("3 trong 130 xã, phường có câu lạc bộ"))
            #expect(text.contains("<svg class=\"map\""))
            #expect(text.contains("127 đơn vị chưa có câu lạc bộ"))
            // Nghệ An's plan to 2025 is shown for 2025, with its own targets.
            let last = try await b.get(Paths.dashboard.link(province.id!, query: [("nam", "2025")]))
            #expect(last.text.contains("đến năm 2025"))
            #expect(last.text.contains("145 đã có và 130 thành lập mới") || last.text.contains("Câu lạc bộ đang hoạt động"))
            // The first six months.
            #expect(try await b.get(Paths.dashboard.link(province.id!, query: [("ky", "6t")])).text.contains("6 tháng đầu năm"))
            // Ranked by another indicator.
            let ranked = try await b.get(Paths.dashboard.link(province.id!, query: [("xep", "members")]))
            #expect(ranked.text.contains("Xếp theo: Thành viên."))

            // The commune sees its own broken-down targets and those of the plans above.
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let mine = try await officer.get(Paths.dashboard.link(commune.id!))
            #expect(mine.status == .ok)
            #expect(mine.text.contains("Còn thiếu 3 CLB."))  // 5 clubs targeted for Quế Phong, 2 open
            #expect(mine.text.contains("chỉ tiêu của Tỉnh Nghệ An"))
            #expect(mine.text.contains("Xã đang xem"))
            // A club's users cannot open the commune's dashboard; a viewer can; clubs and villages have none.
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(try await secretary.get(Paths.dashboard.link(commune.id!)).status == .forbidden)
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            #expect(try await viewer.get(Paths.dashboard.link(province.id!)).status == .ok)
            let (clubUnit, _, _) = try await app.demoClub(0)
            #expect(try await b.get(Paths.dashboard.link(clubUnit.id!)).status == .notFound)
            // Another province's dashboard is not Nghệ An's to see.
            let hanoi = try await app.unit(path: DemoData.hanoi)
            #expect(try await b.get(Paths.dashboard.link(hanoi.id!)).status == .forbidden)
        }
    }

    func attrEscaped(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;") }

    @Test func earlyWarningsNameTheClubsToVisit() async throws {
        try await withApp { app in
            let province = try await app.unit(path: DemoData.nghean)
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let page = try await b.get(Paths.warnings.link(province.id!))
            #expect(page.status == .ok)
            // Hạnh Tiến's loan over 90 days late puts its PAR30 above 10 %.
            #expect(page.text.contains(DemoData.clubs[0].name))
            #expect(page.text.contains("Nợ có rủi ro trên 30 ngày (PAR30) là"))
            let (clubUnit, _, _) = try await app.demoClub(0)
            #expect(page.text.contains(Paths.unit.link(clubUnit.id!)))
            // Thanh Vinh's club has had no board refresher.
            #expect(page.text.contains(DemoData.clubs[3].name))
            // Filtered to one kind of warning.
            let par = try await b.get(Paths.warnings.link(province.id!, query: [("loai", "par30")]))
            #expect(par.text.contains(DemoData.clubs[0].name))
            #expect(!par.text.contains(DemoData.clubs[3].name))
            // The merged club is closed and never warned about.
            #expect(!page.text.contains(DemoData.clubs[DemoData.mergedClub].name))
            // The dashboard counts them.
            let dash = try await b.get(Paths.dashboard.link(province.id!))
            #expect(dash.text.contains("Cảnh báo sớm ("))
        }
    }

    @Test func aProvinceOfficerKeepsPlansAndTargets() async throws {
        try await withApp { app in
            let province = try await app.unit(path: DemoData.nghean)
            let commune = try await app.unit(path: DemoData.quePhong)
            let plan = try #require(
                try await Plan.query(on: app.db).filter(\.$unit.$id == province.id!)
                    .filter(\.$title == "Kế hoạch nhân rộng câu lạc bộ đến năm 2035 (dữ liệu mẫu)").first())
            let phase = try #require(try await PlanPhaseRow.query(on: app.db).filter(\.$plan.$id == plan.id!).sort(\.$startsOn).first())
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let list = try await b.get(Paths.plans.link(province.id!))
            #expect(list.text.contains("Thêm hoặc sửa chỉ tiêu"))
            #expect(list.text.contains("Quyết định số 1648/QĐ-TTg"))
            let targets = try await PlanTarget.query(on: app.db).count()
            // A percentage that is not one is refused in words, and nothing is written.
            let bad = try await b.post(
                Paths.planTargets.link(province.id!),
                [
                    "indicator": "clubs_fund_goal", "phase": phase.id!.uuidString, "unit": province.id!.uuidString, "value": "năm mươi",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Nhập tỉ lệ phần trăm từ 0 đến 100"))
            let noIndicator = try await b.post(
                Paths.planTargets.link(province.id!),
                [
                    "indicator": "", "phase": phase.id!.uuidString, "value": "5",
                ])
            #expect(noIndicator.text.contains("Chọn chỉ số."))
            #expect(try await PlanTarget.query(on: app.db).count() == targets)
            // A target broken down to Quế Phong, then changed: one row, both steps in the audit.
            for value in ["60", "62,5"] {
                #expect(
                    try await b.post(
                        Paths.planTargets.link(province.id!),
                        [
                            "indicator": "clubs_fund_goal", "phase": phase.id!.uuidString, "unit": commune.id!.uuidString, "value": value,
                        ]
                    ).status == .seeOther)
            }
            #expect(try await PlanTarget.query(on: app.db).count() == targets + 1)
            let row = try #require(
                try await PlanTarget.query(on: app.db).filter(\.$unit.$id == commune.id!).filter(\.$indicator == "clubs_fund_goal").first())
            #expect(row.value == 6_250)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$targetKind == "plan_target").count() == 2)
            // Quế Phong's dashboard now measures itself against 62,5 %.
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            #expect(try await officer.get(Paths.dashboard.link(commune.id!)).text.contains("chỉ tiêu 62,5\u{00A0}%"))
            // The commune sees the plans but may not change them.
            #expect(try await officer.get(Paths.plans.link(commune.id!)).text.contains("(cấp trên)"))
            #expect(
                try await officer.post(
                    Paths.planTargets.link(commune.id!),
                    [
                        "indicator": "new_clubs", "phase": phase.id!.uuidString, "value": "9",
                    ]
                ).status == .forbidden)
            #expect(try await officer.get(Paths.newPlan.link(commune.id!)).status == .forbidden)
            // A unit below another province cannot be given a target.
            let hanoiCommune = try await app.unit(path: DemoData.socSon)
            let foreign = try await b.post(
                Paths.planTargets.link(province.id!),
                [
                    "indicator": "new_clubs", "phase": phase.id!.uuidString, "unit": hanoiCommune.id!.uuidString, "value": "9",
                ])
            #expect(foreign.status == .unprocessableEntity)
            // A new plan: its errors first, then saved with two phases.
            let plans = try await Plan.query(on: app.db).count()
            let wrong = try await b.post(
                Paths.newPlan.link(province.id!), ["title": "", "phase1_from": "2030", "phase1_to": "2026", "min_clubs": "0"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Nhập tên kế hoạch."))
            #expect(wrong.text.contains("Giai đoạn 1: nhập năm bắt đầu và năm kết thúc"))
            #expect(wrong.text.contains("Chọn ít nhất một tiêu chí đạt chuẩn."))
            #expect(try await Plan.query(on: app.db).count() == plans)
            let created = try await b.post(
                Paths.newPlan.link(province.id!),
                [
                    "title": "Kế hoạch năm 2027", "source": "Kế hoạch số 12/KH-HNCT", "phase1_name": "", "phase1_from": "2027", "phase1_to": "2027",
                    "rules[]": "composition", "min_clubs": "2",
                ])
            #expect(created.status == .seeOther)
            let saved = try #require(try await Plan.query(on: app.db).filter(\.$title == "Kế hoạch năm 2027").first())
            #expect(saved.standard.rules == [.composition] && saved.minStandardClubs == 2)
            #expect(try await PlanPhaseRow.query(on: app.db).filter(\.$plan.$id == saved.id!).all().map(\.name) == ["2027 - 2027"])
        }
    }

    @Test func aCommuneEntersItsDenominatorsWithTheirSource() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let today = Day(app.clock.now())
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let page = try await officer.get(Paths.denominators.link(commune.id!))
            #expect(page.text.contains("Dữ liệu mẫu: báo cáo dân số của UBND xã Quế Phong"))
            let rows = try await Denominator.query(on: app.db).count()
            // Without a source, or with a word for a number, nothing is written.
            let noSource = try await officer.post(Paths.denominators.link(commune.id!), ["year": String(today.year), "villages": "20", "source": ""])
            #expect(noSource.status == .unprocessableEntity)
            #expect(noSource.text.contains("Ghi nguồn của số liệu."))
            let words = try await officer.post(
                Paths.denominators.link(commune.id!), ["year": String(today.year), "villages": "hai mươi", "source": "X"])
            #expect(words.text.contains("Nhập một số nguyên không âm"))
            #expect(try await Denominator.query(on: app.db).count() == rows)
            // This year's villages become 20: the share of villages with a club follows.
            #expect(
                try await officer.post(
                    Paths.denominators.link(commune.id!),
                    [
                        "year": String(today.year), "villages": "20", "older_people": "", "source": "Quyết định số 5 của UBND xã",
                    ]
                ).status == .seeOther)
            #expect(try await Denominator.query(on: app.db).count() == rows)
            let g = try await gather(app, under: commune)
            let v = g.indicators(under: commune.path, standard: .default, minStandardClubs: 1)
            #expect(v["villages_with_club"]?.denominator == 20)
            #expect(v["older_people_coverage"]?.denominator == 1_865)
            // A viewer may look but not write; a club's board neither.
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            #expect(try await viewer.get(Paths.denominators.link(commune.id!)).status == .ok)
            #expect(
                try await viewer.post(Paths.denominators.link(commune.id!), ["year": "2026", "villages": "1", "source": "x"]).status == .forbidden)
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(try await secretary.get(Paths.denominators.link(commune.id!)).status == .forbidden)
        }
    }

    @Test func aClubPageSaysWhichRulesOfTheStandardItMeets() async throws {
        try await withApp { app in
            let today = Day(app.clock.now())
            let (unit, _, _) = try await app.demoClub(3)
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let page = try await b.get(Paths.unit.link(unit.id!))
            #expect(page.text.contains("Câu lạc bộ đạt chuẩn năm \(today.year)"))
            // Thanh Vinh's club has no board training on record.
            #expect(page.text.contains("Ban chủ nhiệm được tập huấn khi thành lập: <strong>Chưa đạt</strong>"))
            #expect(page.text.contains("Có sổ quỹ ghi chép: <strong>Đạt</strong>"))
            #expect(page.text.contains("Theo tiêu chí của: Kế hoạch nhân rộng câu lạc bộ đến năm 2035 (dữ liệu mẫu)."))
        }
    }
}

/// Club facts kept between requests: used while the club has not changed, and never after any
/// write to a table they come from, whatever wrote it.
@Suite struct ClubFactsTests {
    func gather(_ app: Application, _ unit: OrgUnit) async throws -> IndicatorStore.Gathered {
        let today = Day(app.clock.now())
        return try await IndicatorStore.gather(
            under: unit, start: Day(year: today.year, month: 1, day: 1)!,
            end: Day(year: today.year, month: 12, day: 31)!, today: today, on: app.db)
    }

    /// Writes 999 members into the club's kept facts, keeping their version: a gathering that
    /// shows 999 read the kept row.
    func tamper(_ app: Application, club: UUID) async throws {
        let sql = app.db as! any SQLDatabase
        struct Row: Decodable { var facts: String }
        let year = Day(app.clock.now()).year
        let period: SQLQueryString = "club_id = \(bind: club) AND period_start = \(bind: "\(year)-01-01") AND period_end = \(bind: "\(year)-12-31")"
        let row = try #require(try await sql.raw("SELECT facts FROM club_facts WHERE \(period)").first(decoding: Row.self))
        var parts = row.facts.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        var f = try #require(ClubPeriodFacts(compact: parts[0], clubID: "", communeID: "", villageID: nil, foundedOn: nil))
        f.members = 999
        parts[0] = f.compact()
        try await sql.raw("UPDATE club_facts SET facts = \(bind: parts.joined(separator: ";")) WHERE \(period)").run()
    }

    func members(_ g: IndicatorStore.Gathered, _ unit: OrgUnit) -> Int {
        g.clubs.first { $0.unitID == unit.id }!.facts.members
    }

    @Test func keptFactsServeUntilAnyTableTheyComeFromChanges() async throws {
        try await withApp { app in
            let sql = app.db as! any SQLDatabase
            let nation = try await app.unit(path: UnitPath.root)
            let (clubUnit, club, _) = try await app.demoClub(0)
            let c = club.id!
            let first = try await gather(app, nation)
            struct N: Decodable { var n: Int }
            let year = Day(app.clock.now()).year
            #expect(
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM club_facts WHERE period_start = \(bind: "\(year)-01-01") AND period_end = \(bind: "\(year)-12-31")
                    """
                ).first(decoding: N.self)?.n == DemoData.clubs.count)
            let right = members(first, clubUnit)
            // The kept row is what a second gathering reads.
            try await tamper(app, club: c)
            #expect(members(try await gather(app, nation), clubUnit) == 999)
            // Any write to a table the facts come from makes it stale, even one that changes nothing.
            let emptyEntry = UUID()
            let writes: [(String, SQLQueryString)] = [
                ("members", "UPDATE members SET full_name = full_name WHERE id = (SELECT id FROM members WHERE club_id = \(bind: c) LIMIT 1)"),
                ("club_status_changes", "UPDATE club_status_changes SET status = status WHERE club_id = \(bind: c)"),
                ("meetings", "UPDATE meetings SET held_on = held_on WHERE id = (SELECT id FROM meetings WHERE club_id = \(bind: c) LIMIT 1)"),
                (
                    "meeting_areas",
                    "UPDATE meeting_areas SET area = area WHERE meeting_id = (SELECT id FROM meetings WHERE club_id = \(bind: c) LIMIT 1)"
                ),
                ("activity_clubs", "UPDATE activity_clubs SET club_id = club_id WHERE club_id = \(bind: c)"),
                (
                    "activities",
                    "UPDATE activities SET held_on = held_on WHERE id = (SELECT activity_id FROM activity_clubs WHERE club_id = \(bind: c) LIMIT 1)"
                ),
                (
                    "health_checks",
                    "UPDATE health_checks SET checked_on = checked_on WHERE id = (SELECT id FROM health_checks WHERE club_id = \(bind: c) LIMIT 1)"
                ),
                (
                    "care_visits",
                    "UPDATE care_visits SET visited_on = visited_on WHERE id = (SELECT id FROM care_visits WHERE club_id = \(bind: c) LIMIT 1)"
                ),
                // The journal is append-only: what moves it on is a new entry, and a new posting of nothing.
                (
                    "journal_entries",
                    """
                    INSERT INTO journal_entries (id, club_id, kind, occurred_on, description)
                    SELECT \(bind: emptyEntry), club_id, kind, occurred_on, description FROM journal_entries WHERE club_id = \(bind: c) LIMIT 1
                    """
                ),
                (
                    "postings",
                    """
                    INSERT INTO postings (id, entry_id, club_id, account, amount, occurred_on)
                    SELECT \(bind: UUID()), id, club_id, \(bind: LedgerAccount.incomeCash.rawValue), 0, occurred_on FROM journal_entries WHERE id = \(bind: emptyEntry)
                    """
                ),
                ("loans", "UPDATE loans SET principal = principal WHERE id = (SELECT id FROM loans WHERE club_id = \(bind: c) LIMIT 1)"),
                (
                    "loan_instalments",
                    "UPDATE loan_instalments SET due_on = due_on WHERE loan_id = (SELECT id FROM loans WHERE club_id = \(bind: c) LIMIT 1)"
                ),
                ("clubs", "UPDATE clubs SET founded_on = '2021-03-16' WHERE id = \(bind: c)"),
            ]
            for (table, write) in writes {
                try await tamper(app, club: c)
                try await sql.raw(write).run()
                let g = try await gather(app, nation)
                #expect(members(g, clubUnit) == right, "\(table)")
                // And what it computed again is what a gathering without kept facts computes.
                try await sql.raw("DELETE FROM club_facts").run()
                let fresh = try await gather(app, nation)
                #expect(g.clubs.map(\.facts) == fresh.clubs.map(\.facts), "\(table)")
                #expect(
                    g.clubs.map(\.lastMeeting) == fresh.clubs.map(\.lastMeeting)
                        && g.clubs.map(\.fundAtYearStart) == fresh.clubs.map(\.fundAtYearStart), "\(table)")
            }
            // Another club's kept row stays in use through all of that.
            let (otherUnit, other, _) = try await app.demoClub(1)
            _ = try await gather(app, nation)
            try await tamper(app, club: other.id!)
            try await sql.raw("UPDATE members SET full_name = full_name WHERE club_id = \(bind: c)").run()
            #expect(members(try await gather(app, nation), otherUnit) == 999)
            // A kept row of another day is not used.
            try await sql.raw("UPDATE club_facts SET as_of = '2000-01-01' WHERE club_id = \(bind: other.id!)").run()
            #expect(members(try await gather(app, nation), otherUnit) != 999)
        }
    }
}

extension ClubFactsTests {
    /// The trend counts the clubs open at each year's end, from the same kept facts as the figures.
    @Test func theTrendCountsTheClubsOfEachYearEnd() async throws {
        try await withApp { app in
            let province = try await app.unit(path: DemoData.nghean)
            let today = Day(app.clock.now())
            let trend = try await DashboardStore.trend(under: province, today: today, on: app.db)
            #expect(trend.map(\.year) == Array((today.year - 4)...today.year))
            for year in trend {
                let end = year.year == today.year ? today.iso : "\(year.year)-12-31"
                let expected = DemoData.clubs.enumerated().filter { i, spec in
                    spec.commune.hasPrefix(DemoData.nghean) && spec.founded <= end
                        && !(i == DemoData.mergedClub && DemoData.Days(today).mergedOn.iso <= end)
                }.count
                #expect(year.clubs == expected, "\(year.year)")
            }
            let v = try await gather(app, province).indicators(under: province.path, standard: .default, minStandardClubs: 1)
            #expect(Int64(trend.last!.clubs) == v["active_clubs"]!.numerator && Int64(trend.last!.members) == v["members"]!.numerator)
        }
    }
}
