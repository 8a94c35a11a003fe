import ISHCCore
import Vapor

// What a report page shows and what its narrative form sends.

struct ReportModel {
    var report: Report
    var unit: OrgUnit
    var schedule: ReportSchedule
    var today: Day
    /// What the report says: frozen once sent, else computed now.
    var figures: ReportSnapshot
    /// Recomputed today over the same days, beside a frozen report.
    var recomputed: ReportSnapshot?
    /// A report of a unit from before 1/7/2025: its rows added into today's units.
    var restated: [ReportSnapshot.Row]?
    var events: [ReportEvent]
    var canWrite: Bool
    var canDecide: Bool
    var below: [BelowLine]
    var missing: [OrgUnit]
}

struct ReportNarrativeInput: Content {
    var number: String?
    var place: String?
    var results: String?
    var difficulties: String?
    var proposals: String?
    var recipients: String?
    var signer_title: String?
    var signer_name: String?

    init(_ r: Report) {
        number = r.number
        place = r.place
        results = r.results
        difficulties = r.difficulties
        proposals = r.proposals
        recipients = r.recipients
        signer_title = r.signerTitle
        signer_name = r.signerName
    }
}

struct BelowLine {
    var unit: OrgUnit
    var report: Report?
    var timeliness: Timeliness
    var visible: Bool
}
