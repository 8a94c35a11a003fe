import Testing

@testable import ISHCCore

@Suite struct ReportRulesTests {
    @Test func theWorkflowGoesFromDraftToApprovedOrBackWithAComment() {
        #expect(ReportWorkflow.next(.draft, .save) == .draft)
        #expect(ReportWorkflow.next(.draft, .submit) == .submitted)
        #expect(ReportWorkflow.next(.submitted, .giveBack) == .returned)
        #expect(ReportWorkflow.next(.returned, .save) == .returned)
        #expect(ReportWorkflow.next(.returned, .submit) == .submitted)
        #expect(ReportWorkflow.next(.submitted, .approve) == .approved)
        // Nothing moves an approved report, and nothing skips a step.
        for action in ReportAction.allCases { #expect(ReportWorkflow.next(.approved, action) == nil, "\(action)") }
        #expect(ReportWorkflow.next(.draft, .approve) == nil)
        #expect(ReportWorkflow.next(.draft, .giveBack) == nil)
        #expect(ReportWorkflow.next(.submitted, .save) == nil)
        #expect(ReportWorkflow.next(.submitted, .submit) == nil)
        #expect(ReportWorkflow.next(.returned, .approve) == nil)
        #expect(ReportStatus.submitted.frozen && ReportStatus.approved.frozen && !ReportStatus.draft.frozen && !ReportStatus.returned.frozen)
    }

    @Test func periodsAndDeadlinesFollowTheSchedule() {
        let half = ReportSchedule.default(.half)
        let year = ReportSchedule.default(.year)
        #expect(half.start(2026) == Day(year: 2026, month: 1, day: 1))
        #expect(half.end(2026) == Day(year: 2026, month: 6, day: 30))
        #expect(half.due(2026) == Day(year: 2026, month: 6, day: 5))
        #expect(year.end(2026) == Day(year: 2026, month: 12, day: 31))
        #expect(year.due(2026) == Day(year: 2026, month: 11, day: 15))
        #expect(ReportSchedule.parseDayOfYear("15/11")! == (11, 15))
        #expect(ReportSchedule.parseDayOfYear(" 5/6 ")! == (6, 5))
        for bad in ["", "31/6", "29/2", "0/1", "1/13", "ngày 5", "5/6/2026"] { #expect(ReportSchedule.parseDayOfYear(bad) == nil, "\(bad)") }
    }

    @Test func timelinessCountsDaysPastTheDeadline() {
        let due = Day(year: 2026, month: 6, day: 5)!
        #expect(Timeliness.of(sentOn: Day(year: 2026, month: 6, day: 5), due: due, today: Day(year: 2026, month: 7, day: 1)!) == .onTime(due))
        #expect(
            Timeliness.of(sentOn: Day(year: 2026, month: 6, day: 8), due: due, today: Day(year: 2026, month: 7, day: 1)!)
                == .late(Day(year: 2026, month: 6, day: 8)!, days: 3))
        #expect(Timeliness.of(sentOn: nil, due: due, today: Day(year: 2026, month: 6, day: 5)!) == .pending)
        #expect(Timeliness.of(sentOn: nil, due: due, today: Day(year: 2026, month: 7, day: 5)!) == .overdue(days: 30))
    }

    @Test func timelinessOnTheDaysAroundADeadlineAndTheYearEnd() {
        // The annual report due on 15 December: pending on the day, overdue from the next.
        let due = Day(year: 2026, month: 12, day: 15)!
        #expect(Timeliness.of(sentOn: nil, due: due, today: Day(year: 2026, month: 12, day: 1)!) == .pending)
        #expect(Timeliness.of(sentOn: nil, due: due, today: due) == .pending)
        #expect(Timeliness.of(sentOn: nil, due: due, today: Day(year: 2026, month: 12, day: 16)!) == .overdue(days: 1))
        #expect(Timeliness.of(sentOn: nil, due: due, today: Day(year: 2027, month: 1, day: 1)!) == .overdue(days: 17))
        #expect(Timeliness.of(sentOn: due, due: due, today: Day(year: 2027, month: 1, day: 9)!) == .onTime(due))
        let lateDay = Day(year: 2027, month: 1, day: 1)!
        #expect(Timeliness.of(sentOn: lateDay, due: Day(year: 2026, month: 12, day: 31)!, today: lateDay) == .late(lateDay, days: 1))
    }

    @Test func approvalNamesTheReportsStillMissingBelow() {
        #expect(ReportWorkflow.missing(expected: ["a", "b", "c"], approved: ["b"]) == ["a", "c"])
        #expect(ReportWorkflow.missing(expected: ["a"], approved: ["a", "z"]).isEmpty)
    }

    @Test func aSnapshotKeepsItsFiguresThroughJSON() {
        let s = ReportSnapshot(
            start: "2026-01-01", asOf: "2026-06-04",
            figures: ["members": .init(n: 308), "women_share": .init(n: 200, d: 308)],
            rows: [.init(unitID: "x", name: "Xã Quế Phong", figures: ["members": .init(n: 117)])],
            targets: [
                .init(
                    plan: "Kế hoạch", planUnit: "Tỉnh Nghệ An", phase: "2026 - 2030", indicator: "members",
                    target: 8_450, own: false, figure: .init(n: 308))
            ])
        #expect(ReportSnapshot.decode(s.encoded()) == s)
        #expect(ReportSnapshot.decode("not json") == nil)
        #expect(ReportSnapshot.decode(nil) == nil)
    }

    @Test func restatingAddsOldUnitsIntoTodaysAndKeepsEveryPart() {
        let rows: [ReportSnapshot.Row] = [
            .init(unitID: "old1", name: "Xã Hạnh Dịch", figures: ["members": .init(n: 60), "women_share": .init(n: 40, d: 60)]),
            .init(unitID: "old2", name: "Xã Tiền Phong", figures: ["members": .init(n: 50), "women_share": .init(n: 30, d: 50)]),
            .init(unitID: "old3", name: "Xã Châu Kim", figures: ["members": .init(n: 10), "women_share": .init(n: 5, d: 10)]),
            .init(unitID: "gone", name: "Xã không còn", figures: ["members": .init(n: 1)]),
        ]
        let map = ["old1": ("new1", "Xã Quế Phong"), "old2": ("new1", "Xã Quế Phong"), "old3": ("new2", "Xã Châu Kim")]
        let restated = ReportSnapshot.restate(rows) { map[$0].map { (id: $0.0, name: $0.1) } }
        #expect(restated.map(\.name) == ["Xã Quế Phong", "Xã Châu Kim", "Xã không còn"])
        #expect(restated[0].figures["members"] == .init(n: 110))
        #expect(restated[0].figures["women_share"] == .init(n: 70, d: 110))
        // Nothing is lost: the restated rows add up to the old ones.
        #expect(restated.map { $0.figures["members"]!.n }.reduce(0, +) == rows.map { $0.figures["members"]!.n }.reduce(0, +))
    }

    @Test func theDateLineFollowsTheAdministrativeFormat() {
        #expect(AdministrativeDate.line(place: "Quế Phong", Day(year: 2026, month: 6, day: 4)!) == "Quế Phong, ngày 04 tháng 6 năm 2026")
        #expect(AdministrativeDate.line(place: "Hà Nội", Day(year: 2026, month: 2, day: 15)!) == "Hà Nội, ngày 15 tháng 02 năm 2026")
        #expect(AdministrativeDate.line(place: "Vinh", Day(year: 2026, month: 11, day: 20)!) == "Vinh, ngày 20 tháng 11 năm 2026")
    }
}
