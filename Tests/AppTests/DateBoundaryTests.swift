import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// The demo loaded on days around a month's start and end and across the year end: the club
/// that meets on the 10th of every month has missed nothing, is not warned about, and keeps
/// the standard's monthly-meeting rule; its members' ages and the trend follow the day.
@Suite struct DateBoundaryTests {
    static let days = [
        Day(year: 2026, month: 12, day: 1)!, Day(year: 2026, month: 12, day: 9)!, Day(year: 2026, month: 12, day: 10)!,
        Day(year: 2026, month: 12, day: 31)!, Day(year: 2027, month: 1, day: 1)!, Day(year: 2027, month: 1, day: 9)!,
    ]

    @Test(arguments: days) func theMonthUnderWayIsNeverMissed(today: Day) async throws {
        try await withApp(clock: TestClock(day: today)) { app in
            let nation = try await app.unit(path: UnitPath.root)
            let year = (start: Day(year: today.year, month: 1, day: 1)!, end: Day(year: today.year, month: 12, day: 31)!)
            let g = try await IndicatorStore.gather(under: nation, start: year.start, end: year.end, today: today, on: app.db)
            let first = try #require(g.clubs.first { $0.name == DemoData.clubs[0].name }?.facts)
            // Every month that is over is met, and the month under way counts once the club met (the 10th).
            #expect(first.metEveryMonth, "\(today)")
            let overMonths = today.month - 1
            #expect(first.monthsInPeriod == overMonths + (today.day >= 10 ? 1 : 0), "\(today)")
            // The ages are the day's: the composition standard holds every year.
            #expect(first.compositionMet, "\(today)")

            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let (unit, _, _) = try await app.demoClub(0)
            let page = try await b.get(Paths.unit.link(unit.id!)).text
            #expect(page.contains("Sinh hoạt đủ các tháng: <strong>Đạt"), "\(today)")
            let month = MonthKey(today).description
            #expect(!page.contains("chưa có buổi sinh hoạt: \(month)") && !page.contains(", \(month)"), "\(today)")
            #expect(page.contains("Tháng \(month) chưa ghi buổi sinh hoạt") == (today.day < 10), "\(today)")

            // The province's early warnings: no club that meets monthly is said to have stopped.
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let province = try await app.unit(path: DemoData.nghean)
            let warnings = try await officer.get(Paths.warnings.link(province.id!))
            #expect(warnings.status == .ok)
            #expect(!warnings.text.contains("quá 2 tháng"), "\(today)")
            #expect(!warnings.text.contains("Chưa ghi buổi sinh hoạt nào"), "\(today)")

            // The province's reports, with who sent on time, read on every day.
            let reports = try await officer.get(Paths.reports.link(province.id!))
            #expect(reports.status == .ok, "\(today)")

            // The trend ends with the day's year.
            let trend = try await DashboardStore.trend(under: province, today: today, on: app.db)
            #expect(trend.last?.year == today.year)
        }
    }
}
