import Testing

@testable import ISHCCore

@Suite struct PlanTests {
    let nbsp = "\u{00A0}"

    @Test func targetsAreWrittenAndReadAsPeopleWriteThem() {
        #expect(Target.percent(basisPoints: 5_000) == "50\(nbsp)%")
        #expect(Target.percent(basisPoints: 6_250) == "62,5\(nbsp)%")
        #expect(Target.percent(basisPoints: 6_205) == "62,05\(nbsp)%")
        #expect(Target.parsePercent("50") == 5_000)
        #expect(Target.parsePercent(" 62,5 % ") == 6_250)
        #expect(Target.parsePercent("62,05") == 6_205)
        #expect(Target.parsePercent("100") == 10_000)
        for bad in ["", "abc", "101", "-5", "50,123", "5,0,1", "50.5"] { #expect(Target.parsePercent(bad) == nil, "\(bad)") }
        #expect(Target.parseHundredths("1,5") == 150)
        #expect(Target.parseHundredths("3") == 300)
        #expect(Target.parseHundredths("x") == nil)
        #expect(Target(indicator: "new_clubs", value: 250).formatted(.count) == "250")
        #expect(Target(indicator: "fund_total", value: 50_000_000).formatted(.dong) == "50.000.000 đ")
        #expect(Target(indicator: "clubs_per_commune", value: 150).formatted(.average) == "1,50")
    }

    @Test func progressSaysHowManyAreStillMissing() {
        // 213 of 250 new clubs: 37 missing, 85 % along.
        let count = TargetProgress.of(IndicatorValue(213), against: Target(indicator: "new_clubs", value: 250), unit: .count)
        #expect(count.gap == 37 && count.percentDone == 85 && !count.met)
        let over = TargetProgress.of(IndicatorValue(260), against: Target(indicator: "new_clubs", value: 250), unit: .count)
        #expect(over.gap == 0 && over.percentDone == 100 && over.met)
        // 50 % of 7 clubs needs 4 (3,5 rounded up): with 2, 2 are missing and the bar is at half.
        let share = TargetProgress.of(IndicatorValue(2, of: 7), against: Target(indicator: "clubs_fund_goal", value: 5_000), unit: .share)
        #expect(share.gap == 2 && share.percentDone == 50)
        // 100 % of 3: all three.
        let all = TargetProgress.of(IndicatorValue(3, of: 3), against: Target(indicator: "boards_trained", value: 10_000), unit: .share)
        #expect(all.met && all.gap == 0)
        // 30 % of 19 villages needs 6 (5,7 rounded up).
        let villages = TargetProgress.of(IndicatorValue(4, of: 19), against: Target(indicator: "villages_with_club", value: 3_000), unit: .share)
        #expect(villages.gap == 2)
        // Without a denominator a share cannot be measured, and is never "met".
        let none = TargetProgress.of(IndicatorValue(0, of: 0), against: Target(indicator: "reach_share", value: 6_000), unit: .share)
        #expect(!none.measurable && !none.met)
        // 1,5 clubs per commune over 4 communes needs 6 clubs.
        let avg = TargetProgress.of(IndicatorValue(5, of: 4), against: Target(indicator: "clubs_per_commune", value: 150), unit: .average)
        #expect(avg.gap == 1)
    }

    @Test func thePhaseInForceIsTheOneThatCoversTheDayOrTheNext() {
        let phases = [
            PlanPhase(name: "2031 - 2035", start: Day(year: 2031, month: 1, day: 1)!, end: Day(year: 2035, month: 12, day: 31)!),
            PlanPhase(name: "2026 - 2030", start: Day(year: 2026, month: 1, day: 1)!, end: Day(year: 2030, month: 12, day: 31)!),
        ]
        #expect(PlanPhase.current(phases, on: Day(year: 2026, month: 11, day: 24)!)?.name == "2026 - 2030")
        #expect(PlanPhase.current(phases, on: Day(year: 2030, month: 12, day: 31)!)?.name == "2026 - 2030")
        #expect(PlanPhase.current(phases, on: Day(year: 2031, month: 1, day: 1)!)?.name == "2031 - 2035")
        #expect(PlanPhase.current(phases, on: Day(year: 2025, month: 5, day: 1)!)?.name == "2026 - 2030")
        #expect(PlanPhase.current(phases, on: Day(year: 2036, month: 1, day: 1)!) == nil)
    }

    @Test func earlyWarningsFireAtTheirLimitsAndNotBefore() {
        let today = Day(year: 2026, month: 11, day: 24)!
        let calm = WarningFacts(
            foundedOn: Day(year: 2021, month: 3, day: 15)!, lastMeeting: Day(year: 2026, month: 9, day: 24)!,
            members: 50, outstanding: 10_000_000, atRisk30: 1_000_000, refreshedThisYear: true,
            fundAtYearStart: 50_000_000, fundNow: 50_000_000)
        // A meeting two months ago (only October is over and missed), PAR30 exactly 10 %, exactly
        // 50 members, the same fund: no warning.
        #expect(EarlyWarnings.check(calm, today: today).isEmpty)
        var f = calm
        f.lastMeeting = Day(year: 2026, month: 9, day: 1)!
        #expect(EarlyWarnings.check(f, today: today).isEmpty)
        // Last met in August: September and October are over without a meeting.
        f.lastMeeting = Day(year: 2026, month: 8, day: 31)!
        #expect(EarlyWarnings.check(f, today: today) == [.noRecentMeeting(last: Day(year: 2026, month: 8, day: 31)!)])
        f = calm
        f.lastMeeting = nil
        #expect(EarlyWarnings.check(f, today: today) == [.noRecentMeeting(last: nil)])
        // A club founded less than two months ago is not expected to have met yet.
        f.foundedOn = Day(year: 2026, month: 10, day: 1)!
        #expect(EarlyWarnings.check(f, today: today).isEmpty)
        f = calm
        f.atRisk30 = 1_000_001
        #expect(EarlyWarnings.check(f, today: today) == [.highPAR30(Ratio(1_000_001, 10_000_000))])
        f = calm
        f.outstanding = 0
        f.atRisk30 = 0
        #expect(EarlyWarnings.check(f, today: today).isEmpty)
        f = calm
        f.members = 49
        #expect(EarlyWarnings.check(f, today: today) == [.fewMembers(49)])
        f = calm
        f.refreshedThisYear = false
        #expect(EarlyWarnings.check(f, today: today) == [.boardNotRefreshed])
        f = calm
        f.fundNow = 49_999_999
        #expect(EarlyWarnings.check(f, today: today) == [.fundShrank(from: 50_000_000, to: 49_999_999)])
        #expect(EarlyWarnings.check(f, today: today).map(\.code) == ["fund_shrank"])
    }

    @Test func compositionFromCountsAgreesWithCompositionFromMembers() {
        let day = Day(year: 2026, month: 11, day: 24)!
        var members: [MemberFacts] = []
        for i in 0..<57 {
            members.append(
                MemberFacts(
                    gender: i % 3 == 0 ? .male : .female, birthYear: i % 10 == 0 ? nil : 1940 + i,
                    birthDate: i == 7 ? Day(year: 1966, month: 11, day: 25)! : nil,
                    leftOn: i == 56 ? Day(year: 2026, month: 1, day: 1)! : nil, homeCareVolunteer: i < 6))
        }
        let counts = Composition.counts(members, on: day)
        #expect(counts.members == 56)
        #expect(Composition.evaluate(counts) == Composition.evaluate(members, on: day))
        #expect(Composition.isMet(Composition.evaluate(counts)) == Composition.evaluate(members, on: day).allSatisfy { $0.verdict == .ok })
        #expect(!Composition.isMet([]))
    }
}
