import Foundation
import ISHCCore
import Testing

/// The writes' drafts, checked into values or typed problems in the order of their forms.
@Suite struct DraftTests {
    let today = Day(year: 2026, month: 12, day: 2)!
    let founded = Day(year: 2021, month: 3, day: 16)!

    @Test func aFundEntryIsCheckedIntoAMovement() {
        let good = FundEntryRules.check(
            FundEntryDraft(kind: "transfer", fund: "income", amount: "1.500.000", occurredOn: "1/12/2026", description: " Chuyển  quỹ "),
            today: today, earliest: founded)
        #expect(good.problems.isEmpty)
        #expect(good.values?.movement == .transfer(from: .income, to: .activity, amount: 1_500_000))
        #expect(good.values?.description == "Chuyển quỹ")
        let bad = FundEntryRules.check(
            FundEntryDraft(kind: "gift", amount: "99999999999", occurredOn: "1/1/2020", description: ""), today: today, earliest: founded)
        #expect(bad.values == nil)
        #expect(
            bad.problems == [
                .kind, .fund, .amountTooLarge(max: Ledger.maxAmount), .day(.beforeEarliest(founded)), .descriptionRequired,
            ])
        #expect(bad.problems.map(\.field) == [.kind, .fund, .amount, .occurredOn, .description])
        let grant = FundEntryRules.check(
            FundEntryDraft(kind: "grant", fund: "income", amount: "0", occurredOn: "3/12/2026", description: "Hỗ trợ"), today: today,
            earliest: nil)
        #expect(grant.problems == [.amount, .day(.future), .source])
    }

    @Test func aMeetingNeedsADayPeopleAndAnArea() {
        let members: Set<String> = ["a", "b", "c"]
        let good = MeetingRules.check(
            MeetingDraft(heldOn: "10/11/2026", attended: ["a", "b", "x"], areas: ["1", "3", "99"], topics: ["startups", "?"]),
            today: today, founded: founded, otherDays: [], members: members, areaCodes: Set(1...8))
        #expect(good.values?.attended == ["a", "b"])
        #expect(good.values?.areas == [1, 3])
        #expect(good.values?.topics == ["startups"])
        let sameDay = Day(year: 2026, month: 11, day: 10)!
        let clash = MeetingRules.check(
            MeetingDraft(heldOn: "10/11/2026", attended: ["x"], areas: [], otherTopic: String(repeating: "á", count: 201)),
            today: today, founded: founded, otherDays: [sameDay], members: members, areaCodes: Set(1...8))
        #expect(clash.problems == [.sameDay(sameDay), .nobody, .noArea, .tooLong(.otherTopic, max: 200)])
        let early = MeetingRules.check(
            MeetingDraft(heldOn: "1/1/2020", attended: ["a"], areas: ["1"]), today: today, founded: founded, otherDays: [],
            members: members, areaCodes: Set(1...8))
        #expect(early.problems == [.day(.beforeEarliest(founded))])
    }

    @Test func aMemberNeedsANameAGenderABirthAndConsent() {
        var d = MemberDraft()
        d.fullName = "  lò thị   bích "
        d.gender = "female"
        d.birth = "1956"
        d.village = "not a village"
        d.flags = ["poor"]
        d.consent = true
        let good = MemberRules.check(d, today: today, villages: [], isNew: true)
        #expect(good.problems.isEmpty)
        #expect(good.values?.birth == .year(1956) && good.values?.village == nil && good.values?.joinedOn == today)
        let village = UUID().uuidString
        var bad = MemberDraft()
        bad.fullName = "Tên\u{7}"
        bad.birth = "1899"
        bad.village = UUID().uuidString
        bad.phone = "12"
        bad.joinedOn = "3/12/2026"
        let refused = MemberRules.check(bad, today: today, villages: [village], isNew: true)
        #expect(refused.problems == [.nameControl, .gender, .birth(latest: 2026), .village, .phone, .joinedOn, .consent])
        #expect(MemberRules.check(bad, today: today, villages: [], isNew: false).problems.contains(.consent) == false)
    }

    @Test func leavingNeedsADayAfterJoiningAndAReason() {
        let joined = Day(year: 2024, month: 5, day: 1)!
        #expect(MemberRules.checkLeave(leftOn: "1/12/2026", reason: " Chuyển đi ", joined: joined, alreadyLeft: false, today: today).day != nil)
        #expect(
            MemberRules.checkLeave(leftOn: "1/1/2024", reason: "", joined: joined, alreadyLeft: false, today: today).problems == [
                .leftBeforeJoined(joined), .reasonRequired,
            ])
        #expect(MemberRules.checkLeave(leftOn: "1/12/2026", reason: "x", joined: joined, alreadyLeft: true, today: today).problems == [.alreadyLeft])
    }

    @Test func aLoanIsCheckedWithItsSchedule() {
        var d = LoanDraft()
        d.member = "m1"
        d.principal = "1.200.000"
        d.purpose = "crops"
        d.disbursedOn = "1/12/2026"
        d.instalments = "12"
        d.everyMonths = "1"
        d.method = "flat"
        d.rate = "0,5"
        let good = LoanRules.check(d, members: ["m1"], today: today)
        #expect(good.problems.isEmpty)
        #expect(good.values?.terms.monthlyRateBasisPoints == 50 && good.schedule.count == 12)
        #expect(good.schedule.reduce(0) { $0 + $1.principal } == 1_200_000)
        d.member = "someone else"
        d.grace = "12"
        d.rate = "abc"
        let bad = LoanRules.check(d, members: ["m1"], today: today)
        #expect(bad.values == nil)
        #expect(bad.problems == [.member, .rateUnreadable])
        d.rate = "0,5"
        let grace = LoanRules.check(d, members: ["m1"], today: today)
        #expect(grace.problems == [.member, .terms(.grace)])
        #expect(grace.problems.map(\.field) == ["member", "grace"])
        #expect(LoanRules.rateBasisPoints("99999999999999999999") == nil && LoanRules.rateBasisPoints("1,25 %") == 125)
    }

    @Test func aRepaymentNeedsAnAmountAndADayAfterTheLoan() {
        let lent = Day(year: 2026, month: 6, day: 1)!
        let good = LoanRules.checkRepayment(RepaymentDraft(amount: "500.000", paidOn: "2/12/2026"), today: today, lentOn: lent)
        #expect(good.amount == 500_000 && good.day == today && good.problems.isEmpty)
        #expect(
            LoanRules.checkRepayment(RepaymentDraft(amount: "-5", paidOn: "1/1/2026"), today: today, lentOn: lent).problems == [
                .amount, .day(.beforeEarliest(lent)),
            ])
        #expect(LoanRules.checkRepayment(RepaymentDraft(amount: "5", paidOn: "x"), today: today, lentOn: lent).problems.map(\.field) == ["paid_on"])
    }

    @Test func aCareVisitIsWithinTheTimeInCareByAVolunteer() {
        let since = Day(year: 2026, month: 1, day: 1)!
        let until = Day(year: 2026, month: 11, day: 30)!
        let good = HomeCareRules.checkVisit(
            CareVisitDraft(visitedOn: "15/11/2026", volunteer: "v", tasks: ["company", "?"], minutes: "90"), today: today, since: since,
            until: until, volunteers: ["v"])
        #expect(good.values?.tasks == ["company"] && good.problems.isEmpty)
        let late = HomeCareRules.checkVisit(
            CareVisitDraft(visitedOn: "1/12/2026", volunteer: "x", tasks: [], minutes: "0"), today: today, since: since, until: until,
            volunteers: [])
        #expect(late.problems.first == .afterUntil(until))
        #expect(late.problems.dropFirst().first == .volunteer(none: true))
        #expect(late.problems.map(\.field) == ["visited_on", "volunteer", "tasks", "minutes"])
        let early = HomeCareRules.checkVisit(
            CareVisitDraft(visitedOn: "1/1/2025", volunteer: "v", tasks: ["company"], minutes: "30"), today: today, since: since,
            until: nil, volunteers: ["v"])
        #expect(early.problems == [.day(.beforeEarliest(since))])
    }
}
