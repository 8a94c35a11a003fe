import Fluent
import ISHCCore
import Vapor

/// A club's board: who holds each role from which day. Giving a role to a member ends the previous
/// holder's term (and any other role the member held) on that day; the history stays.
enum BoardController {

    struct FormKey: StorageKey { typealias Value = (FormErrors, BoardInput) }

    static func assign(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitLevel == .club,
            let club = try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first()
        else { throw AppError.notFound }
        guard user.role.canWrite else { throw AppError.forbidden }
        let input = try req.content.decode(BoardInput.self)
        let t = req.t
        let today = req.today
        var errors = FormErrors()
        let role = BoardRole(rawValue: input.role ?? "")
        if role == nil { errors["role"] = t("board.error.role") }
        let day = Day(vietnamese: input.fromDate ?? "")
        if day == nil { errors["board_from"] = t("club.error.date") }
        let memberID = UUID(uuidString: input.member ?? "")
        var member: Member?
        if let memberID {
            member = try await Member.query(on: req.db).filter(\.$id == memberID).filter(\.$club.$id == club.requireID()).first()
            if member == nil { errors["member"] = t("board.error.member") }
        } else if (input.member ?? "").isEmpty == false {
            errors["member"] = t("board.error.member")
        }
        let terms = try await BoardTerm.query(on: req.db).filter(\.$club.$id == club.requireID()).all()
        let facts = terms.compactMap(\.facts)
        if let role, let day {
            if let member {
                switch Board.check(
                    role, memberID: member.id!.uuidString, from: day, terms: facts,
                    joined: member.joinedOn.flatMap(Day.init(iso:)), left: member.leftOn.flatMap(Day.init(iso:)), today: today)
                {
                case .none: break
                case .inFuture: errors["board_from"] = t("club.error.future")
                case .beforeJoined(let joined): errors["board_from"] = t("board.error.before_joined", joined.vietnamese)
                case .memberLeft: errors["member"] = t("board.error.member")
                case .beforeCurrentTerm(let from): errors["board_from"] = t("board.error.before_term", from.vietnamese)
                case .alreadyHolds: errors["member"] = t("board.error.already", t("role.\(role.rawValue)"))
                }
            } else if errors["member"] == nil {
                // Leaving the role empty from that day.
                if day > today {
                    errors["board_from"] = t("club.error.future")
                } else if let open = facts.first(where: { $0.role == role && $0.to == nil }) {
                    if day <= open.from { errors["board_from"] = t("board.error.before_term", open.from.vietnamese) }
                } else {
                    errors["member"] = t("board.error.nobody")
                }
            }
        }
        guard errors.isEmpty, let role, let day else {
            req.storage[FormKey.self] = (errors, input)
            return try await UnitController.show(req: req).withStatus(.unprocessableEntity)
        }
        let holder = member
        let ending =
            member.map { m in terms.filter { $0.toDate == nil && ($0.role == role.rawValue || $0.$member.id == m.id) } }
            ?? terms.filter { $0.toDate == nil && $0.role == role.rawValue }
        try await req.db.transaction { db in
            for term in ending {
                term.toDate = day.iso
                try await term.update(on: db)
            }
            if let member = holder {
                let term = BoardTerm()
                term.$club.id = try club.requireID()
                term.$member.id = try member.requireID()
                term.role = role.rawValue
                term.fromDate = day.iso
                term.createdBy = user.id
                try await term.create(on: db)
            }
            try await Audit.record(
                req, "board", "club", club.id?.uuidString,
                detail: "\(role.rawValue) \(holder?.id?.uuidString ?? "-") \(day.iso)", on: db)
        }
        return req.redirect(to: Paths.unit.link(try unit.requireID(), query: [("done", "board_saved")]) + "#board-h", redirectType: .normal)
    }
}
