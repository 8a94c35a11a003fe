import Fluent
import Foundation
import ISHCCore
import SQLKit

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
        // The plan's dates as they stood when reports came in: the half year is due on 5/6 for the
        // period to 30/6, the year on 15/11 for the period to 31/12.
        for (kind, endMonth, endDay, dueMonth, dueDay) in [("6t", 6, 30, 6, 5), ("nam", 12, 31, 11, 15)] {
            try await sql.insert(into: ReportScheduleRow.schema)
                .columns("id", "kind", "end_month", "end_day", "due_month", "due_day")
                .values(SQLBind(UUID()), SQLBind(kind), SQLBind(endMonth), SQLBind(endDay), SQLBind(dueMonth), SQLBind(dueDay))
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportScheduleRow.schema).delete()
        try await database.schema(ReportEvent.schema).delete()
        try await database.schema(Report.schema).delete()
    }
}
