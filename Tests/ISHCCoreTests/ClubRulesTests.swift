import ISHCCore
import Testing

@Suite struct ClubHistoryTests {
    let changes = [
        StatusChange(status: .active, from: Day(year: 2021, month: 3, day: 15)!),
        StatusChange(status: .paused, from: Day(year: 2025, month: 9, day: 1)!),
        StatusChange(status: .active, from: Day(year: 2026, month: 2, day: 1)!),
    ]

    @Test func statusOnAnyDay() {
        #expect(ClubHistory.status(on: Day(year: 2021, month: 3, day: 14)!, changes: changes) == nil)
        #expect(ClubHistory.status(on: Day(year: 2021, month: 3, day: 15)!, changes: changes) == .active)
        #expect(ClubHistory.status(on: Day(year: 2025, month: 12, day: 31)!, changes: changes) == .paused)
        #expect(ClubHistory.status(on: Day(year: 2026, month: 6, day: 30)!, changes: changes.reversed()) == .active)
    }

    @Test func changesMustMoveForwardAndBeAllowed() {
        let today = Day(year: 2026, month: 6, day: 30)!
        #expect(ClubHistory.check(.dissolved, from: Day(year: 2026, month: 6, day: 1)!, after: changes, today: today) == nil)
        #expect(
            ClubHistory.check(.paused, from: Day(year: 2026, month: 1, day: 1)!, after: changes, today: today)
                == .beforeLastChange(Day(year: 2026, month: 2, day: 1)!))
        #expect(ClubHistory.check(.paused, from: Day(year: 2026, month: 7, day: 1)!, after: changes, today: today) == .inFuture)
        #expect(
            ClubHistory.check(.active, from: Day(year: 2026, month: 6, day: 1)!, after: changes, today: today)
                == .notAllowed(from: .active, to: .active))
        let dissolved = changes + [StatusChange(status: .dissolved, from: Day(year: 2026, month: 3, day: 1)!)]
        #expect(
            ClubHistory.check(.active, from: Day(year: 2026, month: 6, day: 1)!, after: dissolved, today: today)
                == .notAllowed(from: .dissolved, to: .active))
    }

    @Test func cohorts() {
        #expect(ClubHistory.cohort(foundedOn: Day(year: 2020, month: 12, day: 31)!) == "2016-2020")
        #expect(ClubHistory.cohort(foundedOn: Day(year: 2021, month: 1, day: 1)!) == "2021-2025")
        #expect(ClubHistory.cohort(foundedOn: Day(year: 2026, month: 7, day: 1)!) == "2026-2030")
        #expect(ClubHistory.cohort(foundedOn: Day(year: 2015, month: 1, day: 1)!) == nil)
    }
}
