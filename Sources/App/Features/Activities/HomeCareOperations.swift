import Fluent
import ISHCCore
import Vapor

/// Recording a home-care visit, new or edited: checked in ISHCCore (`HomeCareRules.checkVisit`)
/// against the person's time in care and the club's volunteers, then written with the audit
/// entry in one transaction.
enum HomeCareOperations {
    struct Problems: Error, Equatable {
        var problems: [CareVisitProblem]
    }

    static func recordVisit(
        _ draft: CareVisitDraft, visit: CareVisit, recipient: CareRecipient, volunteers: [Member], by author: Author, today: Day,
        on db: any Database
    ) async throws -> Result<CareVisit, Problems> {
        let checked = HomeCareRules.checkVisit(
            draft, today: today, since: Day(iso: recipient.since), until: recipient.until.flatMap(Day.init(iso:)),
            volunteers: Set(volunteers.compactMap { $0.id?.uuidString }))
        guard let v = checked.values, let volunteer = UUID(uuidString: v.volunteer) else { return .failure(Problems(problems: checked.problems)) }
        let isNew = visit.id == nil
        visit.visitedOn = v.day.iso
        visit.$volunteer.id = volunteer
        visit.tasks = v.tasks.joined(separator: ",")
        visit.minutes = v.minutes
        visit.notes = v.notes
        try await db.transaction { db in
            try await visit.save(on: db)
            try await Audit.record(
                by: author, isNew ? "create" : "update", "care_visit", visit.id!.uuidString, detail: "\(v.day.iso) \(v.minutes) min", on: db)
        }
        return .success(visit)
    }
}
