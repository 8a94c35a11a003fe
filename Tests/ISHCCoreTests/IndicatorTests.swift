import Testing

@testable import ISHCCore

@Suite struct IndicatorTests {
    let start = Day(year: 2026, month: 1, day: 1)!
    let end = Day(year: 2026, month: 6, day: 30)!

    /// Three clubs in two communes, with known answers.
    var clubs: [ClubPeriodFacts] {
        var a = ClubPeriodFacts(clubID: "a", communeID: "x", villageID: "v1", foundedOn: Day(year: 2021, month: 3, day: 15)!)
        a.members = 60
        a.women = 40
        a.older = 45
        a.olderWomen = 30
        a.disadvantaged = 20
        a.compositionMet = true
        a.monthsMet = 6
        a.monthsInPeriod = 6
        a.areasCovered = Set(1...8)
        a.topics = ["digital_literacy"]
        a.boardTrainedAtFounding = true
        a.boardRefreshedThisYear = true
        a.keepsLedger = true
        a.incomeFund = 60_000_000
        a.borrowers = 30
        a.outstanding = 20_000_000
        a.atRisk30 = 5_000_000
        a.healthChecks = 70
        a.careVisits = 24
        var b = ClubPeriodFacts(clubID: "b", communeID: "x", villageID: "v2", foundedOn: Day(year: 2026, month: 2, day: 10)!)
        b.members = 50
        b.women = 30
        b.older = 35
        b.olderWomen = 20
        b.disadvantaged = 10
        b.compositionMet = true
        b.monthsMet = 4
        b.monthsInPeriod = 5
        b.areasCovered = [1, 2, 4]
        b.keepsLedger = true
        b.incomeFund = 25_000_000
        b.borrowers = 10
        b.outstanding = 10_000_000
        var c = ClubPeriodFacts(clubID: "c", communeID: "y", villageID: "v3", foundedOn: Day(year: 2019, month: 11, day: 2)!)
        c.members = 68
        c.women = 50
        c.older = 50
        c.olderWomen = 36
        c.disadvantaged = 30
        c.compositionMet = true
        c.monthsMet = 6
        c.monthsInPeriod = 6
        c.areasCovered = Set(1...8)
        c.topics = ["startups"]
        c.boardTrainedAtFounding = true
        c.keepsLedger = true
        c.incomeFund = 50_000_000
        c.outstanding = 0
        var closed = ClubPeriodFacts(clubID: "d", communeID: "y", villageID: "v4", foundedOn: Day(year: 2022, month: 4, day: 10)!, active: false)
        closed.members = 14
        closed.incomeFund = 99_000_000
        return [a, b, c, closed]
    }

    @Test func everyIndicatorHasAKnownAnswer() {
        let v = IndicatorCatalogue.compute(
            clubs, unit: UnitPeriodFacts(villages: 10, communes: 2, olderPeople: 400, peopleReached: 770, officersTrained: 24),
            periodStart: start, periodEnd: end, minStandardClubs: 1)
        #expect(v["active_clubs"] == IndicatorValue(3))
        #expect(v["new_clubs"] == IndicatorValue(1))
        #expect(v["clubs_per_commune"] == IndicatorValue(3, of: 2))
        // a and c meet every default rule; b misses monthly meetings, all areas and a trained board.
        #expect(v["standard_clubs"] == IndicatorValue(2, of: 3))
        #expect(v["communes_with_standard_clubs"] == IndicatorValue(2, of: 2))
        // Only b was founded in the period.
        #expect(v["new_club_members"] == IndicatorValue(50))
        #expect(v["new_club_older_members"] == IndicatorValue(35))
        #expect(v["older_people_coverage"] == IndicatorValue(130, of: 400))
        #expect(v["reach_share"] == IndicatorValue(770, of: 400))
        #expect(v["villages_with_club"] == IndicatorValue(3, of: 10))
        #expect(v["members"] == IndicatorValue(178))
        #expect(v["women_share"] == IndicatorValue(120, of: 178))
        #expect(v["older_share"] == IndicatorValue(130, of: 178))
        #expect(v["older_women_share"] == IndicatorValue(86, of: 130))
        #expect(v["disadvantaged_share"] == IndicatorValue(60, of: 178))
        #expect(v["clubs_meeting_monthly"] == IndicatorValue(2, of: 3))
        #expect(v["clubs_all_areas"] == IndicatorValue(2, of: 3))
        #expect(v["clubs_monthly_all_areas"] == IndicatorValue(2, of: 3))
        #expect(v["clubs_new_tasks"] == IndicatorValue(2, of: 3))
        #expect(v["boards_trained"] == IndicatorValue(2, of: 3))
        #expect(v["boards_refreshed"] == IndicatorValue(1, of: 3))
        #expect(v["clubs_fund_goal"] == IndicatorValue(2, of: 3))
        #expect(v["borrowers_share"] == IndicatorValue(40, of: 178))
        #expect(v["par30"] == IndicatorValue(5_000_000, of: 30_000_000))
        #expect(v["par30"]?.ratio?.percent == "16,7 %")
        #expect(v["fund_total"] == IndicatorValue(135_000_000))
        #expect(v["health_checks"] == IndicatorValue(70))
        #expect(v["care_visits"] == IndicatorValue(24))
        #expect(v["people_reached"] == IndicatorValue(770))
        #expect(v["officers_trained"] == IndicatorValue(24))
        // Every catalogued indicator is computed, and nothing else.
        #expect(Set(v.keys) == Set(IndicatorCatalogue.all.map(\.code)))
        #expect(Set(IndicatorCatalogue.all.map(\.code)).count == IndicatorCatalogue.all.count)
    }

    @Test func theStandardSaysWhichRulesAClubMeetsAndMisses() {
        let b = clubs[1]
        let result = StandardRules.default.evaluate(b)
        #expect(result.met == [.composition, .fundLedger])
        #expect(result.missed == [.monthlyMeetings, .allAreas, .trainedBoard])
        let plan = StandardRules(rules: [.composition, .fundGoal], fundGoal: 20_000_000)
        #expect(plan.isMet(by: b))
        #expect(!plan.isMet(by: clubs[3]))  // not active
    }

    @Test func countsAtEveryLevelAreTheSumsOfTheirParts() {
        let commune = UnitPeriodFacts(villages: 5, communes: 1, olderPeople: 200, peopleReached: 385, officersTrained: 12)
        let all = IndicatorCatalogue.compute(clubs, unit: commune + commune, periodStart: start, periodEnd: end)
        let byCommune = Dictionary(grouping: clubs, by: \.communeID).map { _, list in
            IndicatorCatalogue.compute(list, unit: commune, periodStart: start, periodEnd: end)
        }
        // Averages are not sums; every count, amount and both parts of every share are.
        for def in IndicatorCatalogue.all where def.unit != .average {
            let whole = all[def.code]!
            let parts = byCommune.map { $0[def.code]! }
            if def.unit == .share {
                #expect(whole.denominator == parts.reduce(0) { $0 + ($1.denominator ?? 0) }, "\(def.code)")
            }
            #expect(whole.numerator == parts.reduce(0) { $0 + $1.numerator }, "\(def.code)")
        }
    }
}

@Suite struct ClubFactsLineTests {
    @Test func factsSurviveTheirLineWhateverTheyHold() {
        var f = ClubPeriodFacts(clubID: "c", communeID: "m", villageID: "v", foundedOn: Day(year: 2021, month: 3, day: 15), active: true)
        f.members = 62
        f.women = 41
        f.older = 40
        f.olderWomen = 30
        f.disadvantaged = 12
        f.compositionMet = true
        f.monthsMet = 10
        f.monthsInPeriod = 11
        f.areasCovered = [1, 2, 5, 8]
        f.topics = ["startups", "digital_literacy"]
        f.boardTrainedAtFounding = true
        f.keepsLedger = true
        f.incomeFund = 60_155_000
        f.borrowers = 4
        f.outstanding = 15_583_328
        f.atRisk30 = 4_500_000
        f.healthChecks = 75
        f.careVisits = 24
        let back = ClubPeriodFacts(compact: f.compact(), clubID: "c", communeID: "m", villageID: "v", foundedOn: f.foundedOn)
        #expect(back == f)
        // Every flag and set on its own, so none is read from another's bit.
        for area in 1...8 {
            var g = ClubPeriodFacts(clubID: "c", communeID: "m", active: false)
            g.areasCovered = [area]
            g.boardRefreshedThisYear = true
            g.atRisk30 = -1
            #expect(ClubPeriodFacts(compact: g.compact(), clubID: "c", communeID: "m", villageID: nil, foundedOn: nil) == g)
        }
        #expect(ClubPeriodFacts(compact: "1|2|3", clubID: "c", communeID: "m", villageID: nil, foundedOn: nil) == nil)
        #expect(
            ClubPeriodFacts(compact: String(repeating: "x|", count: 15) + "x", clubID: "c", communeID: "m", villageID: nil, foundedOn: nil) == nil)
    }
}
