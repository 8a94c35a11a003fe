import Fluent
import ISHCCore
import Vapor

/// Recording a monthly meeting, new or edited: the draft is checked in ISHCCore
/// (`MeetingRules.check`), then the meeting, who came and the areas are written with the audit
/// entry in one transaction. Forms call this; so will the sync API.
enum MeetingOperations {
    struct Problems: Error, Equatable {
        var problems: [MeetingProblem]
    }

    /// `meeting` is new (no id) or the one being edited; `members` are those who could have come
    /// (the club's members on the day, and anyone already recorded as present).
    static func record(
        _ draft: MeetingDraft, meeting: Meeting, club: Club, members: [Member], areaCodes: Set<Int>, by author: Author, today: Day,
        on db: any Database
    ) async throws -> Result<Meeting, Problems> {
        let others = try await MeetingStore.facts(of: club, on: db).filter { $0.id != meeting.id?.uuidString }.map(\.heldOn)
        let checked = MeetingRules.check(
            draft, today: today, founded: club.foundedOn.flatMap(Day.init(iso:)), otherDays: Set(others),
            members: Set(members.compactMap { $0.id?.uuidString }), areaCodes: areaCodes)
        guard let values = checked.values else { return .failure(Problems(problems: checked.problems)) }
        let isNew = meeting.id == nil
        if isNew { meeting.createdBy = author.userID } else { meeting.updatedBy = author.userID }
        meeting.$club.id = try club.requireID()
        meeting.heldOn = values.day.iso
        meeting.topics = values.topics.joined(separator: ",")
        meeting.otherTopic = values.otherTopic
        meeting.notes = values.notes
        meeting.attendeeCount = values.attended.count
        let attended = values.attended.compactMap(UUID.init(uuidString:))
        let areas = values.areas.sorted()
        try await db.transaction { db in
            try await meeting.save(on: db)
            let id = try meeting.requireID()
            try await MeetingAttendance.query(on: db).filter(\.$meeting.$id == id).delete()
            try await MeetingArea.query(on: db).filter(\.$meeting.$id == id).delete()
            for chunk in attended.chunked(300) {
                try await chunk.map { MeetingAttendance(meetingID: id, memberID: $0) }.create(on: db)
            }
            try await areas.map { MeetingArea(meetingID: id, area: $0) }.create(on: db)
            try await Audit.record(
                by: author, isNew ? "create" : "update", "meeting", id.uuidString,
                detail: "\(values.day.iso): \(attended.count) people, areas \(areas.map(String.init).joined(separator: ","))", on: db)
        }
        return .success(meeting)
    }
}
