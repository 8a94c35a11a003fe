import Fluent
import ISHCCore
import Vapor

/// Recording an activity, new or edited: the draft is checked in ISHCCore (`ActivityRules.check`)
/// against the members and clubs that may be named, then the activity, its participants and the
/// clubs it names are written with the audit entry in one transaction.
enum ActivityOperations {
    struct Problems: Error, Equatable {
        var problems: [ActivityProblem]
    }

    /// `club` is the club the activity is kept at, if any; `members` and `clubs` those the form offered.
    static func record(
        _ kind: ActivityKind, _ draft: ActivityDraft, activity: Activity, club: Club?, members: [Member], clubs: [UUID],
        by author: Author, today: Day, on db: any Database
    ) async throws -> Result<Activity, Problems> {
        let founded = club?.foundedOn.flatMap(Day.init(iso:))
        let (values, problems) = ActivityRules.check(
            kind, draft, today: today, earliest: founded,
            members: Set(members.compactMap { $0.id?.uuidString }),
            clubs: Set(clubs.map(\.uuidString)))
        guard problems.isEmpty else { return .failure(Problems(problems: problems)) }
        let isNew = activity.id == nil
        activity.heldOn = values.heldOn.iso
        activity.subtype = values.subtype
        activity.area = values.area
        activity.title = values.title
        activity.memberID = values.beneficiary.flatMap(UUID.init(uuidString:))
        activity.personName = values.personName
        activity.amount = values.amount
        activity.provider = values.provider
        activity.othersCount = values.others
        activity.peopleCount = kind == .mutualHelp ? 1 : values.people
        activity.attendees = values.attendees
        activity.reached = values.reached
        activity.reference = values.reference
        activity.checklist = kind == .supervision ? values.checklist.joined(separator: ",") : nil
        activity.findings = values.findings
        activity.followUp = values.followUp
        activity.followUpDue = values.followUpDue?.iso
        activity.followUpDone = values.followUpDone?.iso
        activity.notes = values.notes
        try await db.transaction { db in
            try await activity.save(on: db)
            let id = try activity.requireID()
            try await ActivityMember.query(on: db).filter(\.$activity.$id == id).delete()
            try await ActivityClub.query(on: db).filter(\.$activity.$id == id).delete()
            for chunk in values.participants.compactMap(UUID.init(uuidString:)).chunked(300) {
                try await chunk.map { ActivityMember(activityID: id, memberID: $0) }.create(on: db)
            }
            let clubIDs = (kind.clubOnly ? [club?.id].compactMap { $0 } : values.clubs.compactMap(UUID.init(uuidString:)))
            try await clubIDs.map { ActivityClub(activityID: id, clubID: $0) }.create(on: db)
            try await Audit.record(
                by: author, isNew ? "create" : "update", "activity", id.uuidString,
                detail: "\(kind.rawValue) \(values.subtype) \(values.heldOn.iso)", on: db)
        }
        return .success(activity)
    }
}
