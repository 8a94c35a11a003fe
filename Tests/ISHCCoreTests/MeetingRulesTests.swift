import Testing

@testable import ISHCCore

@Suite struct MeetingRulesTests {
    func m(_ id: String, _ y: Int, _ mo: Int, _ d: Int, _ areas: Set<Int>) -> MeetingFacts {
        MeetingFacts(id: id, heldOn: Day(year: y, month: mo, day: d)!, areas: areas)
    }

    @Test func onlyTheLatestMeetingIsTheClubsToEdit() {
        let meetings = [m("a", 2026, 9, 10, [1]), m("c", 2026, 11, 10, [2]), m("b", 2026, 10, 10, [1])]
        #expect(MeetingRules.latest(meetings)?.id == "c")
        #expect(MeetingRules.canEdit("c", in: meetings, role: .clubSecretary))
        #expect(!MeetingRules.canEdit("b", in: meetings, role: .clubSecretary))
        #expect(!MeetingRules.canEdit("a", in: meetings, role: .clubChair))
        #expect(MeetingRules.canEdit("a", in: meetings, role: .communeOfficer))
        #expect(MeetingRules.canEdit("b", in: meetings, role: .administrator))
        #expect(!MeetingRules.canEdit("c", in: meetings, role: .viewer))
    }

    @Test func areaCoverageOverAPeriod() {
        let months = MonthKey(year: 2026, month: 2).lastMonths(4)
        #expect(months.map(\.description) == ["11/2025", "12/2025", "1/2026", "2/2026"])
        let meetings = [m("a", 2025, 11, 3, [1, 2]), m("b", 2025, 11, 20, [2, 5]), m("c", 2026, 1, 10, [8]), m("d", 2025, 10, 10, [7])]
        let coverage = MeetingRules.coverage(meetings, months: months)
        #expect(coverage[MonthKey(year: 2025, month: 11)] == [1, 2, 5])
        #expect(coverage[MonthKey(year: 2025, month: 12)] == [])
        #expect(coverage[MonthKey(year: 2026, month: 1)] == [8])
        #expect(coverage[MonthKey(year: 2025, month: 10)] == nil)
    }

    @Test func metEveryMonthOfThePeriod() {
        let year = MonthKey.range(MonthKey(year: 2026, month: 1), MonthKey(year: 2026, month: 6))
        #expect(year.count == 6)
        var meetings = (1...6).map { m("x\($0)", 2026, $0, 15, [1]) }
        #expect(MeetingRules.metEveryMonth(meetings, months: year))
        meetings.remove(at: 2)
        #expect(!MeetingRules.metEveryMonth(meetings, months: year))
        #expect(MeetingRules.missedMonths(meetings, months: year) == [MonthKey(year: 2026, month: 3)])
        #expect(MeetingRules.metEveryMonth([], months: []))
    }
}
