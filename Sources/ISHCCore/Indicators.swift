import Foundation

/// The indicators the replication plans set targets on (Hà Nội to 2035, Nghệ An to 2025): what each one means, and how it is computed from the facts of
/// the clubs (and units) of a period. The database gathers the facts; this file only counts, so
/// every figure can be checked on hand-built data.
public enum IndicatorUnit: String, Sendable, Codable {
    /// A number of clubs, communes, villages, people or events.
    case count
    /// A share: numerator over denominator.
    case share
    /// Whole đồng.
    case dong
    /// An average: numerator over denominator, shown as a number (1,33 clubs per commune).
    case average
}

public struct IndicatorDefinition: Sendable, Equatable {
    public var code: String
    public var vi: String
    public var en: String
    /// In plain Vietnamese: what is counted, over what.
    public var definition: String
    /// The formula over the facts' names.
    public var formula: String
    public var unit: IndicatorUnit
    /// What the figure counts, in Vietnamese, for gaps in words ("còn thiếu 37 CLB").
    public var noun: String
}

/// The facts of one club for a period (its last day is `periodEnd`).
public struct ClubPeriodFacts: Sendable, Equatable {
    public var clubID: String
    public var communeID: String
    public var villageID: String?
    public var foundedOn: Day?
    /// Active or paused on the last day of the period.
    public var active: Bool
    public var members = 0, women = 0, older = 0, olderWomen = 0, disadvantaged = 0
    /// The composition standard (`CompositionStandard`) is met on the last day.
    public var compositionMet = false
    /// Months of the period with a meeting, and the months the club had to meet in (since its
    /// founding; the month under way only once it has met in it): `MonthlyMeetings.tally`.
    public var monthsMet = 0, monthsInPeriod = 0
    public var areasCovered: Set<Int> = []
    /// Meeting topics recorded in the period (`digital_literacy`, `green_transition`, `startups`).
    public var topics: Set<String> = []
    public var boardTrainedAtFounding = false
    public var boardRefreshedThisYear = false
    /// The club keeps a fund ledger (it has entries).
    public var keepsLedger = false
    public var incomeFund: Int64 = 0
    /// Members who borrowed in the period (people), principal outstanding, and of it at risk over 30 days.
    public var borrowers = 0
    public var outstanding: Int64 = 0
    public var atRisk30: Int64 = 0
    public var healthChecks = 0
    public var careVisits = 0

    public init(clubID: String, communeID: String, villageID: String? = nil, foundedOn: Day? = nil, active: Bool = true) {
        self.clubID = clubID
        self.communeID = communeID
        self.villageID = villageID
        self.foundedOn = foundedOn
        self.active = active
    }

    /// No month of the period missed (`MonthlyMeetings`): on the 1st of January nothing is missed yet.
    public var metEveryMonth: Bool { monthsMet >= monthsInPeriod }
    public var coversAllAreas: Bool { Set(1...8).isSubset(of: areasCovered) }
}

/// The facts kept per unit rather than per club, for the same period.
public struct UnitPeriodFacts: Sendable, Equatable {
    /// Villages in the unit's communes (the denominator of "villages with a club"): the number
    /// entered for each commune and year, or else the villages registered under it.
    public var villages = 0
    /// Communes in the unit (today's structure).
    public var communes = 0
    /// Older people living in the unit's communes, as entered per commune and year (0 when none was).
    public var olderPeople = 0
    public var peopleReached = 0
    public var officersTrained = 0
    public init(villages: Int = 0, communes: Int = 0, olderPeople: Int = 0, peopleReached: Int = 0, officersTrained: Int = 0) {
        self.villages = villages
        self.communes = communes
        self.olderPeople = olderPeople
        self.peopleReached = peopleReached
        self.officersTrained = officersTrained
    }

    public static func + (a: UnitPeriodFacts, b: UnitPeriodFacts) -> UnitPeriodFacts {
        UnitPeriodFacts(
            villages: a.villages + b.villages, communes: a.communes + b.communes, olderPeople: a.olderPeople + b.olderPeople,
            peopleReached: a.peopleReached + b.peopleReached, officersTrained: a.officersTrained + b.officersTrained)
    }
}

/// "Đạt chuẩn": a rule set per plan. The plans do not define it; the default is built from what
/// they ask of every club: the composition standard, a meeting every month, all eight areas in
/// the period, a board trained at founding, and a kept fund ledger.
public struct StandardRules: Sendable, Equatable {
    public enum Rule: String, CaseIterable, Sendable {
        case composition
        case monthlyMeetings = "monthly_meetings"
        case allAreas = "all_areas"
        case trainedBoard = "trained_board"
        case fundLedger = "fund_ledger"
        case refresher
        case fundGoal = "fund_goal"
    }
    public var rules: [Rule]
    public var fundGoal: Int64
    /// The income fund a club should reach (plan 2026–2030: 50 million đồng).
    public static let defaultFundGoal: Int64 = 50_000_000
    public init(rules: [Rule], fundGoal: Int64 = StandardRules.defaultFundGoal) {
        self.rules = rules
        self.fundGoal = fundGoal
    }

    public static let `default` = StandardRules(rules: [.composition, .monthlyMeetings, .allAreas, .trainedBoard, .fundLedger])

    public func met(_ rule: Rule, by c: ClubPeriodFacts) -> Bool {
        switch rule {
        case .composition: return c.compositionMet
        case .monthlyMeetings: return c.metEveryMonth
        case .allAreas: return c.coversAllAreas
        case .trainedBoard: return c.boardTrainedAtFounding
        case .fundLedger: return c.keepsLedger
        case .refresher: return c.boardRefreshedThisYear
        case .fundGoal: return c.incomeFund >= fundGoal
        }
    }

    /// Which rules the club meets and which it misses, in the rule set's order.
    public func evaluate(_ c: ClubPeriodFacts) -> (met: [Rule], missed: [Rule]) {
        (rules.filter { met($0, by: c) }, rules.filter { !met($0, by: c) })
    }

    public func isMet(by c: ClubPeriodFacts) -> Bool { c.active && evaluate(c).missed.isEmpty }
}

/// A computed figure: a count or amount, or a share with its parts.
public struct IndicatorValue: Sendable, Equatable {
    public var numerator: Int64
    /// For shares; nil for counts and amounts.
    public var denominator: Int64?
    public init(_ n: Int64, of d: Int64? = nil) {
        numerator = n
        denominator = d
    }
    public var ratio: Ratio? { denominator.flatMap { $0 > 0 ? Ratio(numerator, $0) : nil } }
}

public enum IndicatorCatalogue {
    static func d(
        _ code: String, _ vi: String, _ en: String, _ definition: String, _ formula: String, _ unit: IndicatorUnit,
        _ noun: String
    ) -> IndicatorDefinition {
        IndicatorDefinition(code: code, vi: vi, en: en, definition: definition, formula: formula, unit: unit, noun: noun)
    }

    public static let all: [IndicatorDefinition] = [
        d(
            "active_clubs", "Câu lạc bộ đang hoạt động", "Active clubs", "Câu lạc bộ đang hoạt động hoặc tạm dừng vào ngày cuối kỳ.", "count(active)",
            .count, "CLB"),
        d(
            "new_clubs", "Câu lạc bộ thành lập mới trong kỳ", "New clubs in the period", "Câu lạc bộ có ngày thành lập trong kỳ.",
            "count(founded in period)", .count, "CLB"),
        d(
            "clubs_per_commune", "Số câu lạc bộ bình quân mỗi xã có câu lạc bộ", "Clubs per commune with a club",
            "Câu lạc bộ đang hoạt động chia cho số xã có ít nhất một câu lạc bộ.", "active / communes with a club", .average, "CLB"),
        d(
            "communes_with_standard_clubs", "Xã có từ N câu lạc bộ đạt chuẩn", "Communes with at least N clubs meeting the standard",
            "Xã có ít nhất N câu lạc bộ đạt chuẩn (N theo kế hoạch), trên số xã của đơn vị.", "communes with standard clubs ≥ N / communes", .share,
            "xã"),
        d(
            "standard_clubs", "Câu lạc bộ đạt chuẩn", "Clubs meeting the standard",
            "Câu lạc bộ đang hoạt động đạt mọi tiêu chí của bộ chuẩn, trên số câu lạc bộ đang hoạt động.", "standard / active", .share, "CLB"),
        d(
            "villages_with_club", "Thôn, tổ dân phố có câu lạc bộ", "Villages with a club",
            "Thôn có câu lạc bộ đang hoạt động, trên số thôn đã nhập cho xã.", "villages with an active club / villages entered", .share, "thôn"),
        d(
            "new_club_members", "Thành viên của các câu lạc bộ thành lập mới trong kỳ", "Members of the clubs founded in the period",
            "Thành viên đang tham gia các câu lạc bộ có ngày thành lập trong kỳ.", "sum(members of new clubs)", .count, "thành viên"),
        d(
            "new_club_older_members", "Người cao tuổi tham gia các câu lạc bộ thành lập mới", "Older people in the clubs founded in the period",
            "Thành viên từ 60 tuổi của các câu lạc bộ có ngày thành lập trong kỳ.", "sum(older members of new clubs)", .count, "người cao tuổi"),
        d("members", "Thành viên", "Members", "Thành viên đang tham gia vào ngày cuối kỳ.", "sum(members)", .count, "thành viên"),
        d("women_share", "Tỉ lệ thành viên nữ", "Share of women", "Thành viên nữ trên tổng thành viên.", "women / members", .share, "thành viên nữ"),
        d(
            "older_share", "Tỉ lệ thành viên từ 60 tuổi", "Share aged 60+", "Thành viên từ 60 tuổi trở lên trên tổng thành viên.", "older / members",
            .share, "thành viên cao tuổi"),
        d(
            "older_women_share", "Tỉ lệ nữ trong thành viên cao tuổi", "Women among older members",
            "Thành viên nữ từ 60 tuổi trên thành viên từ 60 tuổi.", "older women / older", .share, "nữ cao tuổi"),
        d(
            "older_people_coverage", "Người cao tuổi trên địa bàn tham gia câu lạc bộ", "Older people of the area in a club",
            "Thành viên từ 60 tuổi trên số người cao tuổi sống trên địa bàn (số đã nhập cho xã, có nguồn).", "older members / older people entered",
            .share, "người cao tuổi"),
        d(
            "disadvantaged_share", "Tỉ lệ thành viên khó khăn", "Share of disadvantaged members",
            "Thành viên hộ nghèo, cận nghèo, khuyết tật, sống một mình hoặc dân tộc thiểu số trên tổng thành viên.", "disadvantaged / members",
            .share, "thành viên"),
        d(
            "clubs_meeting_monthly", "Câu lạc bộ sinh hoạt đủ các tháng", "Clubs meeting every month",
            "Câu lạc bộ có buổi sinh hoạt trong mọi tháng của kỳ (từ khi thành lập), trên câu lạc bộ đang hoạt động.", "met every month / active",
            .share, "CLB"),
        d(
            "clubs_all_areas", "Câu lạc bộ hoạt động đủ 8 nội dung", "Clubs covering all eight areas",
            "Câu lạc bộ có cả 8 nội dung trong các buổi sinh hoạt của kỳ, trên câu lạc bộ đang hoạt động.", "all 8 areas / active", .share, "CLB"),
        d(
            "clubs_monthly_all_areas", "Câu lạc bộ sinh hoạt hằng tháng với đủ 8 nội dung", "Clubs meeting monthly with all eight areas",
            "Câu lạc bộ vừa sinh hoạt đủ các tháng vừa đủ 8 nội dung, trên câu lạc bộ đang hoạt động.", "both / active", .share, "CLB"),
        d(
            "clubs_new_tasks", "Câu lạc bộ thực hiện chuyển đổi số, chuyển đổi xanh, khởi nghiệp", "Clubs doing digital, green or start-up tasks",
            "Câu lạc bộ có ít nhất một buổi sinh hoạt về chuyển đổi số, chuyển đổi xanh hoặc khởi nghiệp, trên câu lạc bộ đang hoạt động.",
            "any topic / active", .share, "CLB"),
        d(
            "boards_trained", "Ban chủ nhiệm được tập huấn khi thành lập", "Boards trained at founding",
            "Câu lạc bộ có ban chủ nhiệm tập huấn ban đầu trong năm đầu, trên câu lạc bộ đang hoạt động.", "trained at founding / active", .share,
            "CLB"),
        d(
            "boards_refreshed", "Ban chủ nhiệm được tập huấn lại trong năm", "Boards refreshed this year",
            "Câu lạc bộ có tập huấn lại ban chủ nhiệm trong năm, trên câu lạc bộ đang hoạt động.", "refreshed / active", .share, "CLB"),
        d(
            "clubs_fund_goal", "Câu lạc bộ có quỹ từ 50 triệu đồng", "Clubs with a fund of 50,000,000 đ or more",
            "Câu lạc bộ có quỹ tăng thu nhập từ 50.000.000 đ, trên câu lạc bộ đang hoạt động.", "income fund ≥ 50,000,000 / active", .share, "CLB"),
        d(
            "borrowers_share", "Thành viên được vay vốn", "Members who borrowed", "Thành viên được vay trong kỳ trên tổng thành viên.",
            "borrowers / members", .share, "thành viên"),
        d(
            "par30", "Nợ có rủi ro trên 30 ngày (PAR30)", "Portfolio at risk over 30 days",
            "Dư nợ gốc của các khoản vay có kỳ trả chậm quá 30 ngày, trên tổng dư nợ gốc.", "at risk / outstanding", .share, "đ"),
        d(
            "fund_total", "Tổng quỹ tăng thu nhập", "Income-generation funds in all", "Tổng quỹ tăng thu nhập của các câu lạc bộ vào ngày cuối kỳ.",
            "sum(income fund)", .dong, "đ"),
        d(
            "health_checks", "Lượt khám sức khỏe", "Health check readings", "Số lượt thành viên được khám sức khỏe trong kỳ.", "sum(health checks)",
            .count, "lượt"),
        d(
            "care_visits", "Lượt chăm sóc tại nhà", "Home-care visits", "Số lần tình nguyện viên đến chăm sóc tại nhà trong kỳ.", "sum(visits)",
            .count, "lượt"),
        d(
            "people_reached", "Lượt người được truyền thông", "People reached by communication",
            "Tổng số người được tiếp cận qua các hoạt động truyền thông trong kỳ.", "sum(reached)", .count, "lượt người"),
        d(
            "reach_share", "Người cao tuổi và cộng đồng được truyền thông", "Older people and community reached",
            "Lượt người được truyền thông trong kỳ, trên số người cao tuổi sống trên địa bàn (số đã nhập cho xã); có thể vượt 100 % vì tính cả cộng đồng.",
            "people reached / older people entered", .share, "lượt người"),
        d(
            "officers_trained", "Cán bộ được tập huấn", "Officers trained",
            "Số người được tập huấn trong các lớp cán bộ và giảng viên nguồn trong kỳ.", "sum(people trained)", .count, "người"),
    ]

    public static func definition(_ code: String) -> IndicatorDefinition? { all.first { $0.code == code } }

    /// Indicators that add up over time: a plan's target for them counts the whole phase (new clubs
    /// in 2026-2030). The others are measured at a moment, on the period's last day or over its year.
    public static let flows: Set<String> = [
        "new_clubs", "new_club_members", "new_club_older_members", "reach_share", "health_checks", "care_visits", "people_reached",
        "officers_trained",
    ]

    /// Every indicator for the clubs and unit facts of one unit and period. `minStandardClubs` is
    /// the plan's N for "communes with at least N clubs meeting the standard".
    public static func compute(
        _ clubs: [ClubPeriodFacts], unit: UnitPeriodFacts, periodStart: Day, periodEnd: Day,
        standard: StandardRules = .default, minStandardClubs: Int = 1
    ) -> [String: IndicatorValue] {
        let active = clubs.filter(\.active)
        let n = Int64(active.count)
        func count(_ f: (ClubPeriodFacts) -> Bool) -> Int64 { Int64(active.filter(f).count) }
        func sum(_ f: (ClubPeriodFacts) -> Int) -> Int64 { active.reduce(0) { $0 + Int64(f($1)) } }
        let members = sum(\.members)
        let older = sum(\.older)
        let standardClubs = active.filter { standard.isMet(by: $0) }
        let communes = Set(active.map(\.communeID))
        let standardByCommune = Dictionary(grouping: standardClubs, by: \.communeID)
        let villagesWithClub = Set(active.compactMap(\.villageID)).count
        let outstanding = active.reduce(Int64(0)) { $0 + $1.outstanding }
        let newClubs = active.filter { ($0.foundedOn.map { $0 >= periodStart && $0 <= periodEnd }) ?? false }
        return [
            "active_clubs": IndicatorValue(n),
            "new_clubs": IndicatorValue(Int64(clubs.filter { ($0.foundedOn.map { $0 >= periodStart && $0 <= periodEnd }) ?? false }.count)),
            "clubs_per_commune": IndicatorValue(n, of: Int64(communes.count)),
            "communes_with_standard_clubs": IndicatorValue(
                Int64(standardByCommune.values.filter { $0.count >= minStandardClubs }.count),
                of: Int64(unit.communes)),
            "standard_clubs": IndicatorValue(Int64(standardClubs.count), of: n),
            "villages_with_club": IndicatorValue(Int64(villagesWithClub), of: Int64(unit.villages)),
            "new_club_members": IndicatorValue(Int64(newClubs.reduce(0) { $0 + $1.members })),
            "new_club_older_members": IndicatorValue(Int64(newClubs.reduce(0) { $0 + $1.older })),
            "members": IndicatorValue(members),
            "women_share": IndicatorValue(sum(\.women), of: members),
            "older_share": IndicatorValue(older, of: members),
            "older_women_share": IndicatorValue(sum(\.olderWomen), of: older),
            "older_people_coverage": IndicatorValue(older, of: Int64(unit.olderPeople)),
            "disadvantaged_share": IndicatorValue(sum(\.disadvantaged), of: members),
            "clubs_meeting_monthly": IndicatorValue(count(\.metEveryMonth), of: n),
            "clubs_all_areas": IndicatorValue(count(\.coversAllAreas), of: n),
            "clubs_monthly_all_areas": IndicatorValue(count { $0.metEveryMonth && $0.coversAllAreas }, of: n),
            "clubs_new_tasks": IndicatorValue(count { !$0.topics.isDisjoint(with: MeetingTopics.all) }, of: n),
            "boards_trained": IndicatorValue(count(\.boardTrainedAtFounding), of: n),
            "boards_refreshed": IndicatorValue(count(\.boardRefreshedThisYear), of: n),
            "clubs_fund_goal": IndicatorValue(count { $0.incomeFund >= standard.fundGoal }, of: n),
            "borrowers_share": IndicatorValue(sum(\.borrowers), of: members),
            "par30": IndicatorValue(active.reduce(Int64(0)) { $0 + $1.atRisk30 }, of: outstanding),
            "fund_total": IndicatorValue(active.reduce(Int64(0)) { $0 + $1.incomeFund }),
            "health_checks": IndicatorValue(sum(\.healthChecks)),
            "care_visits": IndicatorValue(sum(\.careVisits)),
            "people_reached": IndicatorValue(Int64(unit.peopleReached)),
            "reach_share": IndicatorValue(Int64(unit.peopleReached), of: Int64(unit.olderPeople)),
            "officers_trained": IndicatorValue(Int64(unit.officersTrained)),
        ]
    }
}

extension ClubPeriodFacts {
    static let topicCodes = MeetingTopics.all

    /// The facts of a period as one line of `|`-separated numbers (without the ids, which the
    /// club's row gives), for keeping them between requests: fast to write and to read back.
    public func compact() -> String {
        let areas = areasCovered.reduce(0) { $0 | (1 << $1) }
        let topicBits = ClubPeriodFacts.topicCodes.enumerated().reduce(0) { $0 | (topics.contains($1.element) ? 1 << $1.offset : 0) }
        let flags =
            (active ? 1 : 0) | (compositionMet ? 2 : 0) | (boardTrainedAtFounding ? 4 : 0) | (boardRefreshedThisYear ? 8 : 0) | (keepsLedger ? 16 : 0)
        return [
            flags, members, women, older, olderWomen, disadvantaged, monthsMet, monthsInPeriod, areas, topicBits, borrowers,
            healthChecks, careVisits,
        ].map(String.init).joined(separator: "|")
            + "|\(incomeFund)|\(outstanding)|\(atRisk30)"
    }

    /// Reads `compact()` back onto facts that carry the club's ids; nil when the line is not one.
    public init?(compact line: String, clubID: String, communeID: String, villageID: String?, foundedOn: Day?) {
        let parts = line.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 16 else { return nil }
        let ints = parts.prefix(13).compactMap { Int($0) }
        let money = parts.suffix(3).compactMap { Int64($0) }
        guard ints.count == 13, money.count == 3 else { return nil }
        self.init(clubID: clubID, communeID: communeID, villageID: villageID, foundedOn: foundedOn, active: ints[0] & 1 != 0)
        compositionMet = ints[0] & 2 != 0
        boardTrainedAtFounding = ints[0] & 4 != 0
        boardRefreshedThisYear = ints[0] & 8 != 0
        keepsLedger = ints[0] & 16 != 0
        members = ints[1]
        women = ints[2]
        older = ints[3]
        olderWomen = ints[4]
        disadvantaged = ints[5]
        monthsMet = ints[6]
        monthsInPeriod = ints[7]
        areasCovered = Set((1...8).filter { ints[8] & (1 << $0) != 0 })
        topics = Set(ClubPeriodFacts.topicCodes.enumerated().filter { ints[9] & (1 << $0.offset) != 0 }.map(\.element))
        borrowers = ints[10]
        healthChecks = ints[11]
        careVisits = ints[12]
        incomeFund = money[0]
        outstanding = money[1]
        atRisk30 = money[2]
    }
}
