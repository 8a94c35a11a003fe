import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Computing clubs' facts from their records, for the clubs whose kept facts are missing or stale.
extension IndicatorStore {
    /// Computes the facts of the clubs in `byID` for the period from their records, in grouped
    /// queries that read only those clubs (`scope`).
    static func compute(
        _ byID: inout [UUID: ClubFacts], scope: SQLQueryString, start: Day, asOf: Day, monthStart: Day,
        yearStart: Day, on sql: any SQLDatabase
    ) async throws {
        struct StatusRow: Decodable {
            var club_id: UUID
            var status: String
            var from_date: String
        }
        var latest: [UUID: (String, String)] = [:]
        for r in try await sql.raw(
            """
            SELECT x.club_id, x.status, x.from_date FROM club_status_changes x \(scope)
            AND x.from_date <= \(bind: asOf.iso)
            """
        ).all(decoding: StatusRow.self) where latest[r.club_id].map({ $0.1 <= r.from_date }) ?? true {
            latest[r.club_id] = (r.status, r.from_date)
        }
        for (id, s) in latest where s.0 == ClubStatus.active.rawValue || s.0 == ClubStatus.paused.rawValue {
            byID[id]?.facts.active = true
        }

        // Members on the last day, counted per club.
        let olderCut = String(format: "%04d-%02d-%02d", asOf.year - 60, asOf.month, asOf.day)
        struct MemberRow: Decodable {
            var club_id: UUID
            var n: Int
            var women: Int?
            var known: Int?
            var older: Int?
            var older_women: Int?
            var volunteers: Int?
            var disadvantaged: Int?
        }
        let older = "((x.birth_date IS NOT NULL AND x.birth_date <= '\(olderCut)') OR (x.birth_date IS NULL AND x.birth_year <= \(asOf.year - 60)))"
        for r in try await sql.raw(
            """
            SELECT x.club_id, COUNT(*) AS n,
              CAST(SUM(CASE WHEN x.gender = 'female' THEN 1 ELSE 0 END) AS BIGINT) AS women,
              CAST(SUM(CASE WHEN x.birth_date IS NOT NULL OR x.birth_year IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS known,
              CAST(SUM(CASE WHEN \(unsafeRaw: older) THEN 1 ELSE 0 END) AS BIGINT) AS older,
              CAST(SUM(CASE WHEN x.gender = 'female' AND \(unsafeRaw: older) THEN 1 ELSE 0 END) AS BIGINT) AS older_women,
              CAST(SUM(CASE WHEN x.home_care_volunteer THEN 1 ELSE 0 END) AS BIGINT) AS volunteers,
              CAST(SUM(CASE WHEN x.poor_household OR x.near_poor_household OR x.disability OR x.lives_alone OR x.ethnic_minority THEN 1 ELSE 0 END) AS BIGINT) AS disadvantaged
            FROM members x \(scope)
            AND (x.joined_on IS NULL OR x.joined_on <= \(bind: asOf.iso)) AND (x.left_on IS NULL OR x.left_on > \(bind: asOf.iso))
            GROUP BY x.club_id
            """
        ).all(decoding: MemberRow.self) {
            guard var c = byID[r.club_id] else { continue }
            c.facts.members = r.n
            c.facts.women = r.women ?? 0
            c.facts.older = r.older ?? 0
            c.facts.olderWomen = r.older_women ?? 0
            c.facts.disadvantaged = r.disadvantaged ?? 0
            let counts = CompositionCounts(
                members: r.n, women: r.women ?? 0, knownAge: r.known ?? 0, older: r.older ?? 0, volunteers: r.volunteers ?? 0)
            c.facts.compositionMet = Composition.isMet(Composition.evaluate(counts))
            byID[r.club_id] = c
        }

        // Meetings of the period: months met, topics, and (for warnings) the last one ever.
        struct MeetingRow: Decodable {
            var club_id: UUID
            var full_months: Int?
            var this_month: Int?
            var digital: Int?
            var green: Int?
            var startups: Int?
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id,
              COUNT(DISTINCT CASE WHEN x.held_on < \(bind: monthStart.iso) THEN substr(x.held_on, 1, 7) END) AS full_months,
              MAX(CASE WHEN x.held_on >= \(bind: monthStart.iso) THEN 1 ELSE 0 END) AS this_month,
              MAX(CASE WHEN x.topics LIKE '%digital_literacy%' THEN 1 ELSE 0 END) AS digital,
              MAX(CASE WHEN x.topics LIKE '%green_transition%' THEN 1 ELSE 0 END) AS green,
              MAX(CASE WHEN x.topics LIKE '%startups%' THEN 1 ELSE 0 END) AS startups
            FROM meetings x \(scope)
            AND x.held_on >= \(bind: start.iso) AND x.held_on <= \(bind: asOf.iso)
            GROUP BY x.club_id
            """
        ).all(decoding: MeetingRow.self) {
            guard var c = byID[r.club_id] else { continue }
            (c.facts.monthsMet, c.facts.monthsInPeriod) = MonthlyMeetings.tally(
                overMonthsMet: r.full_months ?? 0, metInOpenMonth: (r.this_month ?? 0) > 0, periodStart: start,
                founded: c.facts.foundedOn, openFrom: monthStart)
            if (r.digital ?? 0) > 0 { c.facts.topics.insert("digital_literacy") }
            if (r.green ?? 0) > 0 { c.facts.topics.insert("green_transition") }
            if (r.startups ?? 0) > 0 { c.facts.topics.insert("startups") }
            byID[r.club_id] = c
        }
        struct LastRow: Decodable {
            var club_id: UUID
            var last: String?
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id, MAX(x.held_on) AS last FROM meetings x \(scope)
            AND x.held_on <= \(bind: asOf.iso) GROUP BY x.club_id
            """
        ).all(decoding: LastRow.self) {
            byID[r.club_id]?.lastMeeting = r.last.flatMap { Day(iso: $0) }
        }
        struct AreaRow: Decodable {
            var club_id: UUID
            var area: Int
        }
        for r in try await sql.raw(
            """
            SELECT DISTINCT x.club_id, a.area FROM meeting_areas a JOIN meetings x ON x.id = a.meeting_id \(scope)
            AND x.held_on >= \(bind: start.iso) AND x.held_on <= \(bind: asOf.iso)
            """
        ).all(decoding: AreaRow.self) {
            byID[r.club_id]?.facts.areasCovered.insert(r.area)
        }

        // Board trainings that name the club.
        struct TrainingRow: Decodable {
            var club_id: UUID
            var subtype: String
            var first: String
            var last: String
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id, a.subtype, MIN(a.held_on) AS first, MAX(a.held_on) AS last
            FROM activity_clubs x JOIN activities a ON a.id = x.activity_id \(scope)
            AND a.kind = 'training' AND a.subtype IN ('board_initial', 'board_refresher') AND a.held_on <= \(bind: asOf.iso)
            GROUP BY x.club_id, a.subtype
            """
        ).all(decoding: TrainingRow.self) {
            guard var c = byID[r.club_id], let first = Day(iso: r.first), let last = Day(iso: r.last) else { continue }
            if r.subtype == "board_initial" {
                c.facts.boardTrainedAtFounding = TrainingRules.trainedAtFounding(
                    [TrainingFacts(subtype: r.subtype, heldOn: first)], founded: c.facts.foundedOn)
            } else {
                c.facts.boardRefreshedThisYear = last.year == asOf.year
            }
            byID[r.club_id] = c
        }

        // Funds on the last day and at the start of its year; a club with any entry keeps a ledger.
        struct FundRow: Decodable {
            var club_id: UUID
            var fund: Int64?
            var fund_then: Int64?
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id,
              CAST(SUM(-x.amount) AS BIGINT) AS fund,
              CAST(SUM(CASE WHEN x.occurred_on < \(bind: yearStart.iso) THEN -x.amount ELSE 0 END) AS BIGINT) AS fund_then
            FROM postings x \(scope) AND x.account = 'income_fund' AND x.occurred_on <= \(bind: asOf.iso)
            GROUP BY x.club_id
            """
        ).all(decoding: FundRow.self) {
            guard var c = byID[r.club_id] else { continue }
            c.facts.incomeFund = r.fund ?? 0
            c.fundAtYearStart = r.fund_then ?? 0
            byID[r.club_id] = c
        }

        struct CountRow: Decodable {
            var club_id: UUID
            var n: Int
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id, COUNT(*) AS n FROM journal_entries x \(scope)
            AND x.occurred_on <= \(bind: asOf.iso) GROUP BY x.club_id
            """
        ).all(decoding: CountRow.self) {
            byID[r.club_id]?.facts.keepsLedger = r.n > 0
        }

        // Loans: principal outstanding on the last day, and of it the loans with an instalment more
        // than 30 days late (what was due before the cut-off exceeds what came back, as `LoanRules.arrears`).
        let cutoff = asOf.adding(days: -30)
        struct LoanRow: Decodable {
            var club_id: UUID
            var outstanding: Int64?
            var at_risk: Int64?
        }
        for r in try await sql.raw(
            """
            WITH back AS (
              SELECT e.loan_id,
                CAST(SUM(CASE WHEN p.account = 'loans_outstanding' THEN p.amount ELSE 0 END) AS BIGINT) AS outstanding,
                CAST(-SUM(CASE WHEN COALESCE(r.kind, e.kind) = 'repayment' AND p.account IN ('loans_outstanding', 'income_fund', 'activity_fund') THEN p.amount
                               WHEN COALESCE(r.kind, e.kind) = 'write_off' AND p.account = 'loans_outstanding' THEN p.amount ELSE 0 END) AS BIGINT) AS paid
              FROM postings p JOIN journal_entries e ON e.id = p.entry_id LEFT JOIN journal_entries r ON r.id = e.reverses_id
              JOIN loans x ON x.id = e.loan_id \(scope) AND e.loan_id IS NOT NULL AND p.occurred_on <= \(bind: asOf.iso)
                AND p.account IN ('loans_outstanding', 'income_fund', 'activity_fund')
              GROUP BY e.loan_id
            ), cur AS (
              SELECT i.loan_id, MAX(i.version) AS v FROM loan_instalments i JOIN back ON back.loan_id = i.loan_id GROUP BY i.loan_id
            ), due AS (
              SELECT i.loan_id,
                CAST(SUM(CASE WHEN i.due_on < \(bind: cutoff.iso) THEN i.principal + i.fee ELSE 0 END) AS BIGINT) AS due,
                CAST(MAX(COALESCE(i.base_principal, 0) + COALESCE(i.base_fee, 0)) AS BIGINT) AS base
              FROM loan_instalments i JOIN cur ON cur.loan_id = i.loan_id AND cur.v = i.version
              GROUP BY i.loan_id
            )
            SELECT l.club_id,
              CAST(SUM(back.outstanding) AS BIGINT) AS outstanding,
              CAST(SUM(CASE WHEN back.outstanding > 0 AND due.due > back.paid - due.base THEN back.outstanding ELSE 0 END) AS BIGINT) AS at_risk
            FROM back JOIN loans l ON l.id = back.loan_id JOIN due ON due.loan_id = back.loan_id
            GROUP BY l.club_id
            """
        ).all(decoding: LoanRow.self) {
            byID[r.club_id]?.facts.outstanding = r.outstanding ?? 0
            byID[r.club_id]?.facts.atRisk30 = r.at_risk ?? 0
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id, COUNT(DISTINCT x.member_id) AS n FROM loans x \(scope)
            AND x.disbursed_on >= \(bind: start.iso) AND x.disbursed_on <= \(bind: asOf.iso) GROUP BY x.club_id
            """
        ).all(decoding: CountRow.self) {
            byID[r.club_id]?.facts.borrowers = r.n
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id, COUNT(*) AS n FROM health_checks x \(scope)
            AND x.checked_on >= \(bind: start.iso) AND x.checked_on <= \(bind: asOf.iso) GROUP BY x.club_id
            """
        ).all(decoding: CountRow.self) {
            byID[r.club_id]?.facts.healthChecks = r.n
        }
        for r in try await sql.raw(
            """
            SELECT x.club_id, COUNT(*) AS n FROM care_visits x \(scope)
            AND x.visited_on >= \(bind: start.iso) AND x.visited_on <= \(bind: asOf.iso) GROUP BY x.club_id
            """
        ).all(decoding: CountRow.self) {
            byID[r.club_id]?.facts.careVisits = r.n
        }

    }
}
