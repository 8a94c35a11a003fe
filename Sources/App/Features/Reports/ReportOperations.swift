import Fluent
import ISHCCore
import Vapor

/// The decisions on a report that change it, one operation each. The level above approves a sent
/// report (with a note on any figure it lacks) or gives it back with a comment; the report, its
/// step and the audit entry are written in one transaction, and only while it is still sent.
enum ReportOperations {
    static func decide(
        _ report: Report, _ action: ReportAction, becoming next: ReportStatus, comment: String?, missingNote: String?, by user: CurrentUser,
        author: Author, today: Day, notSubmitted: String, on db: any Database
    ) async throws {
        try await db.transaction { db in
            guard let fresh = try await Report.find(report.id, on: db), fresh.reportStatus == .submitted else {
                throw Abort(.conflict, reason: notSubmitted)
            }
            report.status = next.rawValue
            if action == .approve {
                report.approvedOn = today.iso
                report.missingNote = missingNote
            }
            try await report.save(on: db)
            try await ReportStore.record(
                report, action: action, user: user, at: author.at, comment: action == .approve ? (comment ?? missingNote) : comment, on: db)
            try await Audit.record(by: author, action.rawValue, "report", report.id!.uuidString, detail: comment, on: db)
        }
    }
}
