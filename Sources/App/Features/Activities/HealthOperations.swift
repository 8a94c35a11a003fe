import Fluent
import ISHCCore
import Vapor

/// Recording a day of health checks at a club: the draft is checked in ISHCCore
/// (`HealthRules.checkDay`) against the checks already kept for that day, then every reading is
/// written with one audit entry in one transaction. Forms call this; so will the sync API.
enum HealthOperations {
    struct Problems: Error {
        var problems: [HealthDayProblem]
    }

    /// `members` are the club's members on the day, in the form's order; rows for anyone else
    /// are not read.
    static func recordDay(
        _ draft: HealthDayDraft, club: Club, members: [Member], by author: Author, today: Day, on db: any Database
    ) async throws -> Result<[HealthCheck], Problems> {
        let ids = Set(members.compactMap { $0.id?.uuidString })
        var draft = draft
        draft.rows = draft.rows.filter { ids.contains($0.member) }
        let day = Day(vietnamese: draft.checkedOn)
        let recorded =
            try await day.asyncMap { d in
                try await HealthCheck.query(on: db).filter(\.$club.$id == club.requireID()).filter(\.$checkedOn == d.iso).all()
                    .map { $0.$member.id.uuidString }
            } ?? []
        let checked = HealthRules.checkDay(draft, today: today, founded: club.foundedOn.flatMap(Day.init(iso:)), recorded: Set(recorded))
        guard let day = checked.day else { return .failure(Problems(problems: checked.problems)) }
        let clubID = try club.requireID()
        let checks = checked.readings.compactMap { row -> HealthCheck? in
            guard let member = UUID(uuidString: row.member) else { return nil }
            let check = HealthCheck()
            check.$club.id = clubID
            check.$member.id = member
            check.checkedOn = day.iso
            check.place = checked.place
            check.systolic = row.reading.systolic
            check.diastolic = row.reading.diastolic
            check.weightTenths = row.reading.weightTenths
            check.createdBy = author.userID
            return check
        }
        try await db.transaction { db in
            for check in checks { try await check.create(on: db) }
            try await Audit.record(by: author, "create", "health_checks", clubID.uuidString, detail: "\(day.iso): \(checks.count)", on: db)
        }
        return .success(checks)
    }
}
