import Testing

@testable import ISHCCore

/// A month counts as missed only once it is over (`MonthlyMeetings`), tested on the days around a
/// month's start and end and across a year end.
@Suite struct MonthlyMeetingsTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }
    let year2026 = (start: Day(year: 2026, month: 1, day: 1)!, end: Day(year: 2026, month: 12, day: 31)!)

    /// A club that meets on the 10th of every month, up to and including `through`.
    func tenths(through last: Day) -> [Day] {
        var days: [Day] = []
        var m = MonthKey(year: 2025, month: 1)
        while let d = Day(year: m.year, month: m.month, day: 10), d <= last {
            days.append(d)
            m = m.next
        }
        return days
    }

    func tally(_ meetings: [Day], today: Day, founded: Day? = nil, start: Day? = nil, end: Day? = nil) -> (met: Int, due: Int) {
        MonthlyMeetings.tally(meetings, periodStart: start ?? year2026.start, periodEnd: end ?? year2026.end, founded: founded, today: today)
    }

    @Test func theMonthUnderWayIsNotMissedBeforeTheClubMeets() {
        // On the 1st and the 9th December has not been missed: eleven months due, eleven met.
        for today in [day(2026, 12, 1), day(2026, 12, 9)] {
            let t = tally(tenths(through: today), today: today)
            #expect(t.met == 11 && t.due == 11, "\(today)")
        }
        // On the 10th the club met: December counts, twelve of twelve.
        let tenth = tally(tenths(through: day(2026, 12, 10)), today: day(2026, 12, 10))
        #expect(tenth.met == 12 && tenth.due == 12)
        // On the last day December is still under way: without a meeting it is not missed yet.
        let withoutDecember = tenths(through: day(2026, 11, 30))
        let lastDay = tally(withoutDecember, today: day(2026, 12, 31))
        #expect(lastDay.met == 11 && lastDay.due == 11)
        #expect(tally(tenths(through: day(2026, 12, 31)), today: day(2026, 12, 31)) == (12, 12))
    }

    @Test func aMonthOverWithoutAMeetingIsMissed() {
        // November without a meeting: on 1 December it is over and missed.
        let meetings = tenths(through: day(2026, 12, 31)).filter { $0.month != 11 }
        let t = tally(meetings, today: day(2026, 12, 1))
        #expect(t.met == 10 && t.due == 11)
    }

    @Test func acrossTheYearEnd() {
        // On 1 January 2027 the year 2026 is over: December is due, met or not.
        let all = tenths(through: day(2026, 12, 31))
        #expect(tally(all, today: day(2027, 1, 1)) == (12, 12))
        #expect(tally(all.filter { $0.month != 12 || $0.year != 2026 }, today: day(2027, 1, 1)) == (11, 12))
        // The new year has nothing due yet on its 1st and 9th, so nothing is missed.
        let y2027 = (start: day(2027, 1, 1), end: day(2027, 12, 31))
        for today in [day(2027, 1, 1), day(2027, 1, 9)] {
            let t = tally(all, today: today, start: y2027.start, end: y2027.end)
            #expect(t.met == 0 && t.due == 0)
            var f = ClubPeriodFacts(clubID: "c", communeID: "x")
            (f.monthsMet, f.monthsInPeriod) = t
            #expect(f.metEveryMonth)
        }
        // The second half of 2026, seen on 5 January: six months over, all met.
        #expect(tally(all, today: day(2027, 1, 5), start: day(2026, 7, 1), end: year2026.end) == (6, 6))
    }

    @Test func aClubFoundedInThePeriodOwesTheMonthsSinceItsFounding() {
        let founded = day(2026, 6, 20)
        let meetings = tenths(through: day(2026, 12, 31)).filter { $0 >= founded }
        // June (its founding month) to November are over: six due; it met July to November.
        let t = tally(meetings, today: day(2026, 12, 2), founded: founded)
        #expect(t.due == 6 && t.met == 5)
        // A club founded this month owes nothing yet.
        #expect(tally([], today: day(2026, 12, 2), founded: day(2026, 12, 1)) == (0, 0))
    }

    @Test func theGridShowsTheMonthUnderWayAsNotYet() {
        let months = MonthKey(year: 2026, month: 12).lastMonths(5)
        let met: Set<MonthKey> = [MonthKey(year: 2026, month: 9), MonthKey(year: 2026, month: 11)]
        let states = MonthlyMeetings.states(months, met: met, founded: day(2026, 9, 1), today: day(2026, 12, 2))
        #expect(states[MonthKey(year: 2026, month: 8)] == .notDue)
        #expect(states[MonthKey(year: 2026, month: 9)] == .met)
        #expect(states[MonthKey(year: 2026, month: 10)] == .missed)
        #expect(states[MonthKey(year: 2026, month: 12)] == .open)
        #expect(
            MonthlyMeetings.states(months, met: [MonthKey(year: 2026, month: 12)], founded: nil, today: day(2026, 12, 2))[
                MonthKey(year: 2026, month: 12)] == .met)
    }

    @Test func monthsMissedInARowCountOnlyMonthsThatAreOver() {
        // Met on 10 October: on 1 and 30 December only November is over and missed.
        #expect(MonthlyMeetings.monthsMissedInARow(lastMeeting: day(2026, 10, 10), founded: nil, today: day(2026, 12, 1)) == 1)
        #expect(MonthlyMeetings.monthsMissedInARow(lastMeeting: day(2026, 10, 31), founded: nil, today: day(2026, 12, 31)) == 1)
        // On 1 January November and December are: two.
        #expect(MonthlyMeetings.monthsMissedInARow(lastMeeting: day(2026, 10, 10), founded: nil, today: day(2027, 1, 1)) == 2)
        #expect(MonthlyMeetings.monthsMissedInARow(lastMeeting: day(2026, 12, 1), founded: nil, today: day(2026, 12, 2)) == 0)
        // Never met: the months since the founding month.
        #expect(MonthlyMeetings.monthsMissedInARow(lastMeeting: nil, founded: day(2026, 10, 15), today: day(2026, 12, 1)) == 2)
        #expect(MonthlyMeetings.monthsMissedInARow(lastMeeting: nil, founded: day(2026, 12, 1), today: day(2026, 12, 9)) == 0)
    }

    @Test func theEarlyWarningWaitsForTwoWholeMonths() {
        var f = WarningFacts(
            foundedOn: day(2021, 3, 15), lastMeeting: day(2026, 10, 10), members: 60, outstanding: 0, atRisk30: 0,
            refreshedThisYear: true, fundAtYearStart: 0, fundNow: 0)
        // Met on 10 October, so November is missed; December is under way on every day of it.
        for today in [day(2026, 12, 1), day(2026, 12, 9), day(2026, 12, 10), day(2026, 12, 31)] {
            #expect(EarlyWarnings.check(f, today: today).isEmpty, "\(today)")
        }
        #expect(EarlyWarnings.check(f, today: day(2027, 1, 1)) == [.noRecentMeeting(last: day(2026, 10, 10))])
        f.lastMeeting = nil
        f.foundedOn = day(2026, 11, 20)
        #expect(EarlyWarnings.check(f, today: day(2026, 12, 31)).isEmpty)
        #expect(EarlyWarnings.check(f, today: day(2027, 1, 1)) == [.noRecentMeeting(last: nil)])
    }
}
