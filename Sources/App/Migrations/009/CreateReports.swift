import Fluent
import SQLKit
import ISHCCore

/// Six-month and annual reports with their steps, and the schedule of periods and deadlines.
struct CreateReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Report.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("status", .string, .required)
            .field("number", .string)
            .field("place", .string)
            .field("results", .string)
            .field("difficulties", .string)
            .field("proposals", .string)
            .field("recipients", .string)
            .field("signer_title", .string)
            .field("signer_name", .string)
            .field("missing_note", .string)
            .field("snapshot", .string)
            .field("sent_on", .string)
            .field("first_sent_on", .string)
            .field("approved_on", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "unit_id", "kind", "year")
            .create()
        try await database.schema(ReportEvent.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("action", .string, .required)
            .field("status", .string, .required)
            .field("user_id", .uuid)
            .field("user_name", .string, .required)
            .field("at", .datetime, .required)
            .field("comment", .string)
            .create()
        try await database.schema(ReportScheduleRow.schema)
            .id()
            .field("kind", .string, .required)
            .field("end_month", .int, .required)
            .field("end_day", .int, .required)
            .field("due_month", .int, .required)
            .field("due_day", .int, .required)
            .unique(on: "kind")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "report_events_report_idx").on(ReportEvent.schema).column("report_id").run()
        try await sql.create(index: "reports_period_idx").on(Report.schema).column("kind").column("year").run()
        for s in ReportSchedule.defaults {
            let row = ReportScheduleRow()
            row.kind = s.kind.rawValue
            row.endMonth = s.endMonth; row.endDay = s.endDay; row.dueMonth = s.dueMonth; row.dueDay = s.dueDay
            try await row.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportScheduleRow.schema).delete()
        try await database.schema(ReportEvent.schema).delete()
        try await database.schema(Report.schema).delete()
    }
}
