import Fluent
import SQLKit
import Vapor

/// `ishc status [--json]`: the database kind and the count of every main kind of record.
struct StatusCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "json", help: "Print one JSON object.")
        var json: Bool
        init() {}
    }

    var help: String { "Prints the database kind and how many records of each kind it holds." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let counts = try await StatusReport.counts(on: app.db)
        if signature.json {
            var object: [String: Any] = ["database": app.config.databaseKind]
            for (key, value) in counts { object[key] = value }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            context.console.print(String(decoding: data, as: UTF8.self))
        } else {
            context.console.print("database".padding(toLength: 24, withPad: " ", startingAt: 0) + app.config.databaseKind)
            for (key, value) in counts {
                context.console.print(key.padding(toLength: 24, withPad: " ", startingAt: 0) + String(value))
            }
        }
    }
}

/// The counted kinds of record. A feature that adds a kind adds a line here.
enum StatusReport {
    static let kinds: [(key: String, sql: String)] = [
        ("provinces", "SELECT COUNT(*) AS n FROM units WHERE structure = '2025' AND level = 'province'"),
        ("communes", "SELECT COUNT(*) AS n FROM units WHERE structure = '2025' AND level = 'commune'"),
        ("villages", "SELECT COUNT(*) AS n FROM units WHERE level = 'village'"),
        ("legacy_provinces", "SELECT COUNT(*) AS n FROM units WHERE structure = 'legacy' AND level = 'province'"),
        ("legacy_districts", "SELECT COUNT(*) AS n FROM units WHERE structure = 'legacy' AND level = 'district'"),
        ("legacy_communes", "SELECT COUNT(*) AS n FROM units WHERE structure = 'legacy' AND level = 'commune'"),
        ("unit_successions", "SELECT COUNT(*) AS n FROM unit_successions"),
        ("clubs", "SELECT COUNT(*) AS n FROM clubs"),
        ("active_clubs", "SELECT COUNT(*) AS n FROM clubs WHERE status = 'active'"),
        ("club_status_changes", "SELECT COUNT(*) AS n FROM club_status_changes"),
        ("members", "SELECT COUNT(*) AS n FROM members WHERE left_on IS NULL"),
        ("former_members", "SELECT COUNT(*) AS n FROM members WHERE left_on IS NOT NULL"),
        ("people", "SELECT COUNT(DISTINCT person_id) AS n FROM members"),
        ("merged_clubs", "SELECT COUNT(*) AS n FROM clubs WHERE status = 'merged'"),
        ("board_terms", "SELECT COUNT(*) AS n FROM board_terms"),
        ("current_board_terms", "SELECT COUNT(*) AS n FROM board_terms WHERE to_date IS NULL"),
        ("member_imports", "SELECT COUNT(*) AS n FROM member_imports"),
        ("member_imports_applied", "SELECT COUNT(*) AS n FROM member_imports WHERE applied_at IS NOT NULL"),
        ("meetings", "SELECT COUNT(*) AS n FROM meetings"),
        ("meeting_attendances", "SELECT COUNT(*) AS n FROM meeting_attendance"),
        ("meeting_areas", "SELECT COUNT(*) AS n FROM meeting_areas"),
        ("activities", "SELECT COUNT(*) AS n FROM activities"),
        ("activities_mutual_help", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'mutual_help'"),
        ("activities_rights", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'rights'"),
        ("activities_events", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'event'"),
        ("trainings", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'training'"),
        ("supervision_visits", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'supervision'"),
        ("open_follow_ups", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'supervision' AND follow_up IS NOT NULL AND follow_up_done IS NULL"),
        ("communication_events", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'communication'"),
        ("commendations", "SELECT COUNT(*) AS n FROM activities WHERE kind = 'commendation'"),
        ("activity_participants", "SELECT COUNT(*) AS n FROM activity_members"),
        ("activity_clubs", "SELECT COUNT(*) AS n FROM activity_clubs"),
        ("health_checks", "SELECT COUNT(*) AS n FROM health_checks"),
        ("care_recipients", "SELECT COUNT(*) AS n FROM care_recipients"),
        ("care_visits", "SELECT COUNT(*) AS n FROM care_visits"),
        ("journal_entries", "SELECT COUNT(*) AS n FROM journal_entries"),
        ("postings", "SELECT COUNT(*) AS n FROM postings"),
        ("reversals", "SELECT COUNT(*) AS n FROM journal_entries WHERE kind = 'reversal'"),
        ("loans", "SELECT COUNT(*) AS n FROM loans"),
        ("loan_instalments", "SELECT COUNT(*) AS n FROM loan_instalments"),
        ("write_offs", "SELECT COUNT(*) AS n FROM journal_entries WHERE kind = 'write_off'"),
        ("clubs_with_funds", "SELECT COUNT(DISTINCT club_id) AS n FROM postings"),
        ("plans", "SELECT COUNT(*) AS n FROM plans"),
        ("plan_phases", "SELECT COUNT(*) AS n FROM plan_phases"),
        ("plan_targets", "SELECT COUNT(*) AS n FROM plan_targets"),
        ("plan_targets_below", "SELECT COUNT(*) AS n FROM plan_targets t JOIN plans p ON p.id = t.plan_id WHERE t.unit_id <> p.unit_id"),
        ("denominators", "SELECT COUNT(*) AS n FROM denominators"),
        ("reports", "SELECT COUNT(*) AS n FROM reports"),
        ("reports_approved", "SELECT COUNT(*) AS n FROM reports WHERE status = 'approved'"),
        ("reports_submitted", "SELECT COUNT(*) AS n FROM reports WHERE status = 'submitted'"),
        ("reports_legacy", "SELECT COUNT(*) AS n FROM reports r JOIN units u ON u.id = r.unit_id WHERE u.structure = 'legacy'"),
        ("report_events", "SELECT COUNT(*) AS n FROM report_events"),
        ("users", "SELECT COUNT(*) AS n FROM users"),
        ("sessions", "SELECT COUNT(*) AS n FROM user_sessions"),
        ("audit_entries", "SELECT COUNT(*) AS n FROM audit_log"),
        ("idempotency_keys", "SELECT COUNT(*) AS n FROM idempotency_keys"),
    ]

    static func counts(on db: any Database) async throws -> [(String, Int)] {
        let sql = db as! any SQLDatabase
        var result: [(String, Int)] = []
        for kind in kinds {
            let row = try await sql.raw(SQLQueryString(kind.sql)).first()
            result.append((kind.key, try row?.decode(column: "n", as: Int.self) ?? 0))
        }
        return result
    }
}
