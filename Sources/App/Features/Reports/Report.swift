import Fluent
import ISHCCore
import Vapor

/// A unit's report for a period: computed from the data, with the narrative its officers write.
/// Once sent its figures are kept in `snapshot`, so later changes to the data do not alter it.
final class Report: Model, @unchecked Sendable {
    static let schema = "reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "kind") var kind: String
    @Field(key: "year") var year: Int
    @Field(key: "status") var status: String
    /// Number and symbol of the document ("15/BC-HNCT").
    @OptionalField(key: "number") var number: String?
    @OptionalField(key: "place") var place: String?
    @OptionalField(key: "results") var results: String?
    @OptionalField(key: "difficulties") var difficulties: String?
    @OptionalField(key: "proposals") var proposals: String?
    /// Recipients, one per line.
    @OptionalField(key: "recipients") var recipients: String?
    @OptionalField(key: "signer_title") var signerTitle: String?
    @OptionalField(key: "signer_name") var signerName: String?
    /// The approver's word on reports below that were missing at approval.
    @OptionalField(key: "missing_note") var missingNote: String?
    /// `ReportSnapshot` as JSON, from the last submission.
    @OptionalField(key: "snapshot") var snapshot: String?
    /// The day it was last sent (yyyy-mm-dd), for timeliness.
    @OptionalField(key: "sent_on") var sentOn: String?
    @OptionalField(key: "first_sent_on") var firstSentOn: String?
    @OptionalField(key: "approved_on") var approvedOn: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var reportKind: ReportKind { ReportKind(rawValue: kind) ?? .year }
    var reportStatus: ReportStatus { ReportStatus(rawValue: status) ?? .draft }
    var frozen: ReportSnapshot? { reportStatus.frozen ? ReportSnapshot.decode(snapshot) : nil }
}

/// One step of a report's life: who did what, when, with what comment.
final class ReportEvent: Model, @unchecked Sendable {
    static let schema = "report_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: Report
    @Field(key: "action") var action: String
    @Field(key: "status") var status: String
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "user_name") var userName: String
    @Field(key: "at") var at: Date
    @OptionalField(key: "comment") var comment: String?

    init() {}
}

/// The period end and the deadline of a kind of report, set by the centre.
final class ReportScheduleRow: Model, @unchecked Sendable {
    static let schema = "report_schedules"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "end_month") var endMonth: Int
    @Field(key: "end_day") var endDay: Int
    @Field(key: "due_month") var dueMonth: Int
    @Field(key: "due_day") var dueDay: Int

    init() {}

    var schedule: ReportSchedule? {
        ReportKind(rawValue: kind).map { ReportSchedule(kind: $0, endMonth: endMonth, endDay: endDay, dueMonth: dueMonth, dueDay: dueDay) }
    }
}
