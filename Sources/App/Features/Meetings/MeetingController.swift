import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Monthly meetings, recorded as the secretary would on paper: the day, who came, which of the
/// eight areas, topics, notes. The club's board edits only its latest meeting; officers any.
enum MeetingController {
    static func form(req: Request) async throws -> Response {
        let (_, clubUnit, club) = try await Scope.writableClub(req)
        let members = try await MemberStore.activeMembers(of: club, on: req.today, db: req.db)
        var input = MeetingInput()
        input.heldOn = req.today.vietnamese
        return MeetingPages.form(req.page, clubUnit: clubUnit, meeting: nil, members: members, input: input, errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (user, clubUnit, club) = try await Scope.writableClub(req)
        return try await save(req, meeting: Meeting(), club: club, clubUnit: clubUnit, user: user)
    }

    static func show(req: Request) async throws -> Response {
        let (user, meeting, club, clubUnit) = try await authorise(req)
        let attendees =
            user.role.seesPersonalData
            ? try await MeetingAttendance.query(on: req.db).filter(\.$meeting.$id == meeting.requireID()).with(\.$member).all()
                .map(\.member).sorted(byPerson: { $0.fullName })
            : nil
        let areas = try await MeetingArea.query(on: req.db).filter(\.$meeting.$id == meeting.requireID()).all().map(\.area)
        let all = try await MeetingStore.facts(of: club, on: req.db)
        let done = try? req.query.get(String.self, at: "done")
        return MeetingPages.show(
            req.page, clubUnit: clubUnit, meeting: meeting, attendees: attendees, areas: Set(areas),
            canEdit: MeetingRules.canEdit(meeting.id!.uuidString, in: all, role: user.role),
            notice: done.map { req.t("meeting.done.\($0)") })
    }

    static func editForm(req: Request) async throws -> Response {
        let (user, meeting, club, clubUnit) = try await authorise(req)
        try await requireEditable(meeting, club: club, user: user, on: req.db)
        let day = Day(iso: meeting.heldOn) ?? req.today
        let attended = try await MeetingAttendance.query(on: req.db).filter(\.$meeting.$id == meeting.requireID()).all().map { $0.$member.id }
        let members = try await MemberStore.activeMembers(of: club, on: day, db: req.db, including: Set(attended))
        var input = MeetingInput()
        input.heldOn = day.vietnamese
        input.attended = attended.map(\.uuidString)
        input.areas = try await MeetingArea.query(on: req.db).filter(\.$meeting.$id == meeting.requireID()).all().map { String($0.area) }
        input.topics = meeting.topicList
        input.otherTopic = meeting.otherTopic
        input.notes = meeting.notes
        return MeetingPages.form(req.page, clubUnit: clubUnit, meeting: meeting, members: members, input: input, errors: FormErrors())
    }

    static func update(req: Request) async throws -> Response {
        let (user, meeting, club, clubUnit) = try await authorise(req)
        try await requireEditable(meeting, club: club, user: user, on: req.db)
        return try await save(req, meeting: meeting, club: club, clubUnit: clubUnit, user: user)
    }

    /// Reads the form; on "all"/"none" or errors shows it again, otherwise writes the meeting with
    /// its attendance and areas in one transaction.
    private static func save(_ req: Request, meeting: Meeting, club: Club, clubUnit: OrgUnit, user: CurrentUser) async throws -> Response {
        var input = try req.content.decode(MeetingInput.self)
        let t = req.t
        let today = req.today
        let day = Day(vietnamese: input.heldOn ?? "")
        let isNew = meeting.id == nil
        let previous =
            isNew ? [] : try await MeetingAttendance.query(on: req.db).filter(\.$meeting.$id == meeting.requireID()).all().map { $0.$member.id }
        let members = try await MemberStore.activeMembers(of: club, on: day ?? today, db: req.db, including: Set(previous))
        if let pick = input.pick {
            input.attended = pick == "all" ? members.map { $0.id!.uuidString } : []
            return MeetingPages.form(
                req.page, clubUnit: clubUnit, meeting: isNew ? nil : meeting, members: members, input: input,
                errors: FormErrors(), focus: "attendance")
        }
        let codes = Set(req.application.areas.map(\.code))
        switch try await MeetingOperations.record(
            input.draft, meeting: meeting, club: club, members: members, areaCodes: codes, by: req.author, today: today, on: req.db)
        {
        case .failure(let failure):
            return MeetingPages.form(
                req.page, clubUnit: clubUnit, meeting: isNew ? nil : meeting, members: members, input: input,
                errors: MeetingInput.errors(failure.problems, t), status: .unprocessableEntity)
        case .success: break
        }
        return req.redirect(to: Paths.meeting.link(try meeting.requireID(), query: [("done", isNew ? "created" : "saved")]), redirectType: .normal)
    }

    private static func requireEditable(_ meeting: Meeting, club: Club, user: CurrentUser, on db: any Database) async throws {
        let all = try await MeetingStore.facts(of: club, on: db)
        guard MeetingRules.canEdit(meeting.id!.uuidString, in: all, role: user.role) else { throw AppError.forbidden }
    }

    /// A meeting of a club inside the user's subtree.
    private static func authorise(_ req: Request) async throws -> (CurrentUser, Meeting, Club, OrgUnit) {
        let (user, meeting, unit, club) = try await Scope.owned(Meeting.self, req, parameter: "meetingID", write: false, personal: false)
        return (user, meeting, club, unit)
    }
}
