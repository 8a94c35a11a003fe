import Testing

@testable import ISHCCore

@Suite struct ActivityRulesTests {
    let today = Day(year: 2026, month: 11, day: 24)!
    let members: Set<String> = ["m1", "m2", "m3"]
    let clubs: Set<String> = ["c1", "c2"]

    func draft(_ fill: (inout ActivityDraft) -> Void) -> ActivityDraft {
        var d = ActivityDraft()
        d.heldOn = "20/11/2026"
        fill(&d)
        return d
    }

    func keys(_ r: (values: ActivityValues, problems: [ActivityProblem])) -> [String: String] {
        Dictionary(r.problems.map { ($0.field.rawValue, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func mutualHelpNeedsSomeoneHelpedAndAValueUnlessLabour() {
        let cash = ActivityRules.check(
            .mutualHelp,
            draft {
                $0.subtype = "cash"
                $0.provider = "Cả câu lạc bộ"
            }, today: today, members: members)
        #expect(keys(cash) == ["beneficiary": "activity.error.beneficiary", "amount": "activity.error.amount_required"])
        let labour = ActivityRules.check(
            .mutualHelp,
            draft {
                $0.subtype = "labour"
                $0.provider = "6 thành viên"
                $0.personName = "Cụ Tâm"
            },
            today: today, members: members)
        #expect(labour.problems.isEmpty)
        #expect(labour.values.amount == nil)
        #expect(labour.values.personName == "Cụ Tâm")
        #expect(labour.values.area == 4)
        let good = ActivityRules.check(
            .mutualHelp,
            draft {
                $0.subtype = "cash"
                $0.provider = "Quỹ"
                $0.beneficiary = "m2"
                $0.amount = "1.500.000 đ"
            },
            today: today, members: members)
        #expect(good.problems.isEmpty)
        #expect(good.values.amount == 1_500_000)
        #expect(good.values.beneficiary == "m2")
    }

    @Test func mutualHelpRefusesStrangersBothKindsOfRecipientAndBadMoney() {
        let stranger = ActivityRules.check(
            .mutualHelp,
            draft {
                $0.subtype = "cash"
                $0.provider = "Quỹ"
                $0.beneficiary = "x9"
                $0.amount = "100000"
            },
            today: today, members: members)
        #expect(keys(stranger)["beneficiary"] == "activity.error.member")
        let both = ActivityRules.check(
            .mutualHelp,
            draft {
                $0.subtype = "in_kind"
                $0.provider = "Quỹ"
                $0.beneficiary = "m1"
                $0.personName = "Bà Lan"
                $0.amount = "100000"
            },
            today: today, members: members)
        #expect(keys(both)["beneficiary"] == "activity.error.beneficiary_both")
        for bad in ["1,5", "abc", "2.000.000.000", "-5000"] {
            let r = ActivityRules.check(
                .mutualHelp,
                draft {
                    $0.subtype = "cash"
                    $0.provider = "Quỹ"
                    $0.beneficiary = "m1"
                    $0.amount = bad
                },
                today: today, members: members)
            #expect(keys(r)["amount"] == "activity.error.amount", "\(bad)")
        }
    }

    @Test func eventsTakeAnAreaFromSixToEightWithAMatchingTypeAndSomeoneTakingPart() {
        let wrongType = ActivityRules.check(
            .event,
            draft {
                $0.area = "7"
                $0.subtype = "class"
                $0.title = "Lớp"
                $0.others = "3"
            }, today: today, members: members)
        #expect(keys(wrongType)["subtype"] == "activity.error.subtype")
        let wrongArea = ActivityRules.check(
            .event,
            draft {
                $0.area = "4"
                $0.subtype = "class"
                $0.title = "Lớp"
                $0.others = "3"
            }, today: today, members: members)
        #expect(keys(wrongArea)["area"] == "activity.error.area")
        let nobody = ActivityRules.check(
            .event,
            draft {
                $0.area = "7"
                $0.subtype = "sports"
                $0.title = "Đi bộ"
            }, today: today, members: members)
        #expect(keys(nobody)["participants"] == "activity.error.nobody")
        let good = ActivityRules.check(
            .event,
            draft {
                $0.area = "8"
                $0.subtype = "fundraising"
                $0.title = "Gây quỹ"
                $0.participants = ["m1", "m3", "m1", "zz"]
                $0.others = "12"
                $0.amount = "3.500.000"
            }, today: today, members: members)
        #expect(good.problems.isEmpty)
        #expect(good.values.participants == ["m1", "m3"])
        #expect(good.values.people == 14)
        #expect(good.values.amount == 3_500_000)
        #expect(good.values.area == 8)
    }

    @Test func boardTrainingsNameTheirClubsAndCountPeople() {
        let noClubs = ActivityRules.check(
            .training,
            draft {
                $0.subtype = "board_initial"
                $0.title = "Tập huấn"
                $0.people = "5"
            }, today: today, clubs: clubs)
        #expect(keys(noClubs)["clubs"] == "activity.error.clubs")
        let tot = ActivityRules.check(
            .training,
            draft {
                $0.subtype = "tot"
                $0.title = "TOT"
                $0.people = "24"
            }, today: today, clubs: clubs)
        #expect(tot.problems.isEmpty)
        #expect(tot.values.people == 24)
        let zero = ActivityRules.check(
            .training,
            draft {
                $0.subtype = "tot"
                $0.title = "TOT"
                $0.people = "0"
            }, today: today, clubs: clubs)
        #expect(keys(zero)["people"] == "activity.error.at_least")
        let foreign = ActivityRules.check(
            .training,
            draft {
                $0.subtype = "board_refresher"
                $0.title = "T"
                $0.people = "4"
                $0.clubs = ["c1", "c9"]
            },
            today: today, clubs: clubs)
        #expect(foreign.problems.isEmpty)
        #expect(foreign.values.clubs == ["c1"])
    }

    @Test func supervisionNeedsAClubFindingsAndSensibleFollowUpDays() {
        let empty = ActivityRules.check(.supervision, draft { $0.subtype = "model" }, today: today, clubs: clubs)
        #expect(keys(empty)["club"] == "activity.error.club")
        #expect(keys(empty)["findings"] == "activity.error.required")
        let days = ActivityRules.check(
            .supervision,
            draft {
                $0.subtype = "spot"
                $0.club = "c2"
                $0.findings = "Tốt"
                $0.followUp = "Cập nhật sổ"
                $0.followUpDue = "01/11/2026"
                $0.followUpDone = "30/11/2026"
            }, today: today, clubs: clubs)
        #expect(keys(days)["follow_up_due"] == "activity.error.due_before")
        #expect(keys(days)["follow_up_done"] == "activity.error.future")
        let dueWithoutWhat = ActivityRules.check(
            .supervision,
            draft {
                $0.subtype = "spot"
                $0.club = "c2"
                $0.findings = "Tốt"
                $0.followUpDue = "30/12/2026"
            },
            today: today, clubs: clubs)
        #expect(keys(dueWithoutWhat)["follow_up"] == "activity.error.follow_up_missing")
        let good = ActivityRules.check(
            .supervision,
            draft {
                $0.subtype = "spot"
                $0.club = "c2"
                $0.findings = "Tốt"
                $0.checklist = ["fund_book", "nonsense", "meets_monthly"]
            }, today: today, clubs: clubs)
        #expect(good.problems.isEmpty)
        #expect(good.values.checklist == ["meets_monthly", "fund_book"])
        #expect(good.values.clubs == ["c2"])
    }

    @Test func commendationsNameAClubOrAPerson() {
        let none = ActivityRules.check(.commendation, draft { $0.subtype = "merit" }, today: today, clubs: clubs)
        #expect(keys(none)["club"] == "activity.error.recipient")
        let person = ActivityRules.check(
            .commendation,
            draft {
                $0.subtype = "certificate"
                $0.personName = "Vi Thị Mai"
            }, today: today, clubs: clubs)
        #expect(person.problems.isEmpty)
    }

    @Test func daysMustBeRealPastAndAfterFounding() {
        let founded = Day(year: 2021, month: 3, day: 15)!
        func held(_ text: String) -> String? {
            let r = ActivityRules.check(
                .communication,
                draft {
                    $0.heldOn = text
                    $0.subtype = "print"
                    $0.title = "Tờ rơi"
                    $0.reached = "100"
                },
                today: today, earliest: founded)
            return keys(r)["held_on"]
        }
        #expect(held("31/02/2026") == "activity.error.day")
        #expect(held("") == "activity.error.day")
        #expect(held("25/11/2026") == "activity.error.future")
        #expect(held("14/03/2021") == "activity.error.before_founding")
        #expect(held("15/03/2021") == nil)
        #expect(held("24/11/2026") == nil)
    }

    @Test func kindsAreKeptAtTheRightLevels() {
        #expect(ActivityKind.mutualHelp.allowed(at: .club))
        #expect(!ActivityKind.mutualHelp.allowed(at: .commune))
        #expect(ActivityKind.training.allowed(at: .province))
        #expect(ActivityKind.communication.allowed(at: .club))
        #expect(!ActivityKind.supervision.allowed(at: .club))
        #expect(!ActivityKind.commendation.allowed(at: .village))
        #expect(ActivityKind.allCases.allSatisfy { !$0.subtypes().isEmpty })
    }

    @Test func boardTrainingFactsAnswerForEveryClub() {
        let founded = Day(year: 2023, month: 9, day: 8)!
        let initialLate = [TrainingFacts(subtype: "board_initial", heldOn: Day(year: 2025, month: 1, day: 10)!)]
        #expect(TrainingRules.initialTraining(initialLate) == Day(year: 2025, month: 1, day: 10)!)
        #expect(!TrainingRules.trainedAtFounding(initialLate, founded: founded))
        let onTime = [
            TrainingFacts(subtype: "board_initial", heldOn: Day(year: 2023, month: 9, day: 22)!),
            TrainingFacts(subtype: "board_refresher", heldOn: Day(year: 2026, month: 3, day: 1)!),
        ]
        #expect(TrainingRules.trainedAtFounding(onTime, founded: founded))
        #expect(TrainingRules.refreshed(onTime, year: 2026))
        #expect(!TrainingRules.refreshed(onTime, year: 2025))
        #expect(!TrainingRules.trainedAtFounding([], founded: founded))
    }

    @Test func healthReadingsAreReadAsTypedAndCheckedForSense() {
        let ok = HealthRules.read(systolic: " 135", diastolic: "85", weight: "52,5")
        #expect(ok.problems.isEmpty)
        #expect(ok.reading == HealthReading(systolic: 135, diastolic: 85, weightTenths: 525))
        #expect(HealthReading.formatWeight(525) == "52,5 kg")
        #expect(HealthReading.formatWeight(600) == "60 kg")
        #expect(!ok.reading.isHigh)
        #expect(HealthRules.read(systolic: "150", diastolic: "80", weight: "").reading.isHigh)
        #expect(HealthRules.read(systolic: "", diastolic: "", weight: "").reading.isEmpty)
        #expect(HealthRules.read(systolic: "", diastolic: "", weight: "48.0 kg").reading.weightTenths == 480)
        #expect(HealthRules.read(systolic: "130", diastolic: "", weight: "").problems.map(\.key) == ["health.error.pair"])
        #expect(HealthRules.read(systolic: "80", diastolic: "120", weight: "").problems.map(\.key) == ["health.error.order"])
        #expect(HealthRules.read(systolic: "300", diastolic: "80", weight: "").problems.map(\.key) == ["health.error.systolic"])
        #expect(HealthRules.read(systolic: "", diastolic: "", weight: "52,55").problems.map(\.key) == ["health.error.weight"])
        #expect(HealthRules.read(systolic: "", diastolic: "", weight: "5").problems.map(\.key) == ["health.error.weight"])
    }

    @Test func visitDurationsAreReadTheWayVolunteersWriteThem() {
        #expect(HomeCareRules.minutes("45") == 45)
        #expect(HomeCareRules.minutes("90 phút") == 90)
        #expect(HomeCareRules.minutes("1 giờ 30") == 90)
        #expect(HomeCareRules.minutes("1,5 giờ") == 90)
        #expect(HomeCareRules.minutes("2h") == 120)
        #expect(HomeCareRules.minutes("0") == nil)
        #expect(HomeCareRules.minutes("13 giờ") == nil)
        #expect(HomeCareRules.minutes("một lúc") == nil)
        #expect(HomeCareRules.describe(minutes: 90) == "1 giờ 30 phút")
        #expect(HomeCareRules.describe(minutes: 45) == "45 phút")
    }

    @Test func dayArithmeticCrossesMonthsAndYears() {
        let d = Day(year: 2024, month: 12, day: 30)!
        #expect(d.adding(days: 2) == Day(year: 2025, month: 1, day: 1)!)
        #expect(Day(year: 2024, month: 3, day: 1)!.adding(days: -1) == Day(year: 2024, month: 2, day: 29)!)
        #expect(d.days(to: Day(year: 2025, month: 12, day: 30)!) == 365)
        #expect(d.adding(days: 365) == Day(year: 2025, month: 12, day: 30)!)
    }
}

/// Numbers too large to count are refused in words, never computed (a trap would stop the server).
@Suite struct HugeNumberTests {
    static let huge = [
        String(Int64.max), String(Int64.min), "1" + String(repeating: "0", count: 30), "-5", "1000000000000000000", "1000000000000000000,5",
    ]

    @Test(arguments: huge) func aHugeWeightIsOutOfRange(text: String) {
        let r = HealthRules.read(systolic: "", diastolic: "", weight: text)
        #expect(r.reading.weightTenths == nil)
        #expect(r.problems.map(\.0) == ["weight"])
    }

    @Test func aShareOfAnySizeIsWrittenWithoutOverflow() {
        #expect(Ratio(1, 8).percent == "12,5 %")
        #expect(Ratio(2, 3).percent == "66,7 %")
        #expect(Ratio(Int64.max, Int64.max).percent == "100,0 %")
        #expect(Ratio(Int64.max / 2, Int64.max).percent == "50,0 %")
        #expect(Ratio(1, Int64.max).percent == "0,0 %")
        #expect(Ratio(Int64.max, 1).percent == "∞ %")
        #expect(Ratio(-1, 3).percent == "-33,3 %")
        #expect(Ratio(5, 0).percent == "—")
    }

    @Test func monthsAddedBeyondTheCalendarStopAtItsEnds() {
        let day = Day(year: 2026, month: 1, day: 31)!
        #expect(day.adding(months: 1) == Day(year: 2026, month: 2, day: 28)!)
        #expect(day.adding(months: -12) == Day(year: 2025, month: 1, day: 31)!)
        #expect(day.adding(months: Int.max) == Day(year: 2200, month: 12, day: 31)!)
        #expect(day.adding(months: Int.min) == Day(year: 1800, month: 1, day: 1)!)
        #expect(day.adding(months: 12 * 500) == Day(year: 2200, month: 12, day: 31)!)
    }

    @Test(arguments: huge + ["2020-99999999999999999999-1", "1/1/99999999999999999999", "٢٠٢٠-01-01", "2020-٠١-01", "1956.0.0"])
    func aHugeOrForeignDayInASheetIsNotADay(text: String) {
        let today = Day(year: 2026, month: 11, day: 16)!
        #expect(MemberSheet.parseDay(text, today: today, birth: true) == nil)
        #expect(MemberSheet.parseBirth(text, today: today) == nil)
    }

    @Test func aPhoneNumberHasNineToFifteenDigits() {
        for ok in ["0912345678", "091 234 5678", "+84 912 345 678", "0912.345.678", "0912-345-678"] { #expect(MemberRules.isPhone(ok), "\(ok)") }
        for bad in Self.huge + ["12345678", "-0912345678", "0912345678+", "٠٩١٢٣٤٥٦٧٨", "0912345678901234"] {
            #expect(!MemberRules.isPhone(bad), "\(bad)")
        }
    }

    @Test func hugeCellsInAMemberSheetAreProblemsNotTraps() {
        let today = Day(year: 2026, month: 11, day: 16)!
        var lines: [(line: Int, cells: [String])] = [(1, ["Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Ngày vào"])]
        for (i, h) in Self.huge.enumerated() { lines.append((i + 2, ["Lò Thị \(i)", "Nữ", h, h, h])) }
        let result = MemberSheet.read(lines, today: today, villages: [], defaultJoined: today)
        #expect(result.rows.count == Self.huge.count)
        #expect(result.rows.allSatisfy { $0.errors.count >= 2 })
    }

    @Test(arguments: huge) func aHugePressureIsOutOfRange(text: String) {
        let r = HealthRules.read(systolic: text, diastolic: "80", weight: "")
        #expect(r.reading.systolic == nil)
        #expect(r.problems.contains { $0.0 == "systolic" })
    }
}
