import Fluent
import Foundation
import ISHCCore
import OpenAPIRuntime
import OpenAPIVapor
import Vapor

/// The request an API call came with, for the access checks and the operations, which are the
/// forms' own (`Scope`, `MeetingOperations`, `FundOperations`, …).
enum APIContext {
    @TaskLocal static var request: Request?
}

/// Puts the request where the API's handlers find it.
struct APIRequestInjection: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await APIContext.$request.withValue(req) { try await next.respond(to: req) }
    }
}

/// `/api/v1`: the club's daily work as JSON, described by `Resources/api/openapi.json`. Each
/// handler authorises through the same scope call as the form, calls the same operation, and
/// answers with what it wrote or with the problems in Vietnamese. One-time keys
/// (`Idempotency-Key`) and refusals as problem+json are handled for every route alike
/// (`OneTimeKeyMiddleware`, `PageErrorMiddleware`).
struct ClubAPI: APIProtocol {
    static let base = APIPaths.base

    static func register(on app: Application) throws {
        let transport = VaporTransport(routesBuilder: app.grouped(APIRequestInjection()))
        try ClubAPI().registerHandlers(on: transport, serverURL: URL(string: base)!)
        app.get("api", "v1", "openapi.json") { req async throws -> Response in
            let response = Response(status: .ok, body: .init(data: req.application.apiDocument))
            response.headers.contentType = .json
            return response
        }
    }

    private var req: Request {
        get throws {
            guard let req = APIContext.request else { throw Abort(.internalServerError) }
            return req
        }
    }

    func getClub(_ input: Operations.GetClub.Input) async throws -> Operations.GetClub.Output {
        let req = try req
        let (_, unit, club) = try await Scope.club(req, write: false, personal: true)
        let today = req.today
        let members = try await MemberStore.activeMembers(of: club, on: today, db: req.db)
        var loans: [Components.Schemas.OpenLoan] = []
        for loan in try await Loan.query(on: req.db).filter(\.$club.$id == club.requireID()).with(\.$member).all() {
            let state = try await LedgerStore.state(of: loan, on: req.db)
            guard state.outstanding > 0 else { continue }
            let scheduled = state.schedule.filter { $0.due <= today }.reduce(Int64(0)) { $0 + $1.principal + $1.fee }
            let due = min(max(0, scheduled - state.paidPrincipal - state.paidFee - state.writtenOff), state.payable(on: today))
            loans.append(
                .init(
                    id: try loan.requireID().uuidString, memberID: loan.$member.id.uuidString, memberName: loan.member.fullName,
                    principal: loan.principal, outstanding: state.outstanding, dueNow: due,
                    nextDueOn: state.schedule.first { $0.due > today }?.due.iso))
        }
        let t = req.t
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: try unit.requireID().uuidString, name: unit.name, today: today.iso, open: club.isOpen,
                        members: members.map {
                            .init(id: $0.id!.uuidString, fullName: $0.fullName, gender: $0.gender, birthYear: $0.birthYear)
                        },
                        openLoans: loans,
                        areas: req.application.areas.map { .init(code: $0.code, name: t.lang == .vi ? $0.vi : $0.en) },
                        topics: MeetingTopics.all.map { .init(code: $0, name: t("meeting.topic.\($0)")) }))))
    }

    func recordMeeting(_ input: Operations.RecordMeeting.Input) async throws -> Operations.RecordMeeting.Output {
        let req = try req
        let (_, _, club) = try await Scope.writableClub(req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = MeetingDraft(
            heldOn: Self.day(body.heldOn), attended: body.attended, areas: body.areas.map(String.init), topics: body.topics ?? [],
            otherTopic: body.otherTopic ?? "", notes: body.notes ?? "")
        let members = try await MemberStore.activeMembers(of: club, on: Day(vietnamese: draft.heldOn) ?? req.today, db: req.db)
        let meeting = Meeting()
        switch try await MeetingOperations.record(
            draft, meeting: meeting, club: club, members: members, areaCodes: Set(req.application.areas.map(\.code)), by: req.author,
            today: req.today, on: req.db)
        {
        case .failure(let failure): return .unprocessableContent(Self.problem(MeetingInput.errors(failure.problems, req.t), req))
        case .success(let saved):
            let id = try saved.requireID()
            return .created(Self.created(id, Paths.meeting.link(id)))
        }
    }

    func postFundEntry(_ input: Operations.PostFundEntry.Input) async throws -> Operations.PostFundEntry.Output {
        let req = try req
        let (_, unit, club) = try await Scope.club(req, write: true, personal: true)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = FundEntryDraft(
            kind: body.kind.rawValue, fund: body.fund?.rawValue ?? "", amount: String(body.amount), occurredOn: Self.day(body.occurredOn),
            description: body.description, source: body.source?.rawValue ?? "")
        switch try await FundOperations.postEntry(draft, club: club, by: req.author, today: req.today, on: req.db) {
        case .failure(let failure): return .unprocessableContent(Self.problem(FundEntryInput.errors(failure, req.t), req))
        case .success(let entry): return .created(Self.created(try entry.requireID(), Paths.funds.link(try unit.requireID())))
        }
    }

    func repayLoan(_ input: Operations.RepayLoan.Input) async throws -> Operations.RepayLoan.Output {
        let req = try req
        let (_, loan, _, club) = try await Scope.owned(Loan.self, req, parameter: "loanID", write: true, personal: true)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let t = req.t
        let name = try await loan.$member.get(on: req.db).fullName
        let draft = RepaymentDraft(amount: String(body.amount), paidOn: Self.day(body.paidOn))
        switch try await FundOperations.repay(
            loan, draft, club: club, by: req.author, today: req.today,
            describe: { principal, fee in t("loan.repayment_of", name, VND.format(principal), VND.format(fee)) }, on: req.db)
        {
        case .failure(let refusal): return .unprocessableContent(Self.problem(RepaymentInput.errors(refusal, t), req))
        case .success(let entry): return .created(Self.created(try entry.requireID(), Paths.loan.link(try loan.requireID())))
        }
    }

    func addMember(_ input: Operations.AddMember.Input) async throws -> Operations.AddMember.Output {
        let req = try req
        let (_, _, club) = try await Scope.writableClub(req)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        var draft = MemberDraft()
        draft.fullName = body.fullName
        draft.gender = body.gender.rawValue
        draft.birth = Self.day(body.birth)
        draft.village = body.village ?? ""
        draft.phone = body.phone ?? ""
        draft.joinedOn = body.joinedOn.map(Self.day) ?? ""
        draft.ethnicity = body.ethnicity ?? ""
        draft.flags = Set((body.flags ?? []).map(\.rawValue))
        draft.consent = body.consent
        switch try await MemberOperations.add(draft, to: club, by: req.author, today: req.today, on: req.db) {
        case .failure(let failure): return .unprocessableContent(Self.problem(MemberInput.errors(failure.problems, req.t), req))
        case .success(let member):
            let id = try member.requireID()
            return .created(Self.created(id, Paths.member.link(id)))
        }
    }

    func recordCareVisit(_ input: Operations.RecordCareVisit.Input) async throws -> Operations.RecordCareVisit.Output {
        let req = try req
        let (user, recipient, _, club) = try await Scope.owned(CareRecipient.self, req, parameter: "recipientID", write: true, personal: true)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = CareVisitDraft(
            visitedOn: Self.day(body.visitedOn), volunteer: body.volunteer, tasks: body.tasks.map(\.rawValue), minutes: String(body.minutes),
            notes: body.notes ?? "")
        let volunteers = try await MemberStore.activeMembers(of: club, on: req.today, db: req.db).filter(\.homeCareVolunteer)
        let visit = CareVisit()
        visit.$recipient.id = try recipient.requireID()
        visit.$club.id = try club.requireID()
        visit.createdBy = user.id
        switch try await HomeCareOperations.recordVisit(
            draft, visit: visit, recipient: recipient, volunteers: volunteers, by: req.author, today: req.today, on: req.db)
        {
        case .failure(let failure): return .unprocessableContent(Self.problem(CareVisitInput.errors(failure.problems, req.t), req))
        case .success(let saved): return .created(Self.created(try saved.requireID(), Paths.careRecipient.link(try recipient.requireID())))
        }
    }

    // MARK: Answers

    /// An ISO day as the drafts read days (the forms' Vietnamese form); anything else as sent, so
    /// the draft's check says what is wrong with it.
    static func day(_ iso: String) -> String { Day(iso: iso)?.vietnamese ?? iso }

    static func created(_ id: UUID, _ location: String) -> Components.Responses.Created {
        .init(body: .json(.init(id: id.uuidString, location: location)))
    }

    /// The form's problems as problem+json: each field by its name in the API (`held_on` → `heldOn`).
    static func problem(_ errors: FormErrors, _ req: Request) -> Components.Responses.Problem {
        let fields = errors.fields.map { Components.Schemas.FieldProblem(field: camel($0.field), message: $0.message) }
        let detail = ([errors.general].compactMap { $0 } + errors.fields.map(\.message)).joined(separator: " ")
        return .init(
            body: .applicationProblemJson(
                .init(
                    _type: "about:blank", title: req.t("form.errors_title"), status: 422, detail: detail,
                    errors: fields.isEmpty ? nil : fields)))
    }

    static func camel(_ field: String) -> String {
        let parts = field.split(separator: "_")
        guard let first = parts.first else { return field }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

extension Application {
    private struct APIDocumentKey: StorageKey { typealias Value = Data }
    private struct APIPathsKey: StorageKey { typealias Value = [([String], [String])] }
    /// The OpenAPI document, read once at start.
    var apiDocument: Data {
        get { storage[APIDocumentKey.self] ?? Data() }
        set {
            storage[APIDocumentKey.self] = newValue
            // Its paths, as segments under the server's address, with their methods.
            let document = (try? JSONSerialization.jsonObject(with: newValue)) as? [String: Any]
            let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
            let base = ClubAPI.base.split(separator: "/").map(String.init)
            storage[APIPathsKey.self] = paths.map { path, operations in
                (base + path.split(separator: "/").map(String.init), operations.keys.map { $0.uppercased() }.sorted())
            }
        }
    }

    var apiPaths: [([String], [String])] { storage[APIPathsKey.self] ?? [] }
}
