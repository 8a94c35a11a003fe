import Fluent
import ISHCCore
import Vapor

/// Six-month and annual reports: a unit's officers write and send theirs; officers above approve
/// it or return it with a comment; an approved report is frozen. Lists say who sent on time.
enum ReportController {
    // MARK: Who may do what

    /// The unit's own officers write and send its report.
    static func mayWrite(_ user: CurrentUser, _ unit: OrgUnit) -> Bool {
        user.role.canWrite && user.role.keepsUnits && user.unitID == unit.id && ReportStore.reports(unit)
    }

    /// Officers above the unit approve or return its report; the nation's report is approved by an
    /// administrator. Nobody approves a report they sent themselves.
    static func mayDecide(_ user: CurrentUser, _ unit: OrgUnit, sentBy: UUID?) -> Bool {
        guard user.role.canWrite, user.role.keepsUnits, sentBy != user.id, ReportStore.reports(unit) else { return false }
        if unit.unitLevel == .nation { return user.role == .administrator }
        return UnitPath.contains(user.unitPath, unit.path) && user.unitPath != unit.path
    }

    static func kind(_ req: Request) -> ReportKind {
        (try? req.query.get(String.self, at: "ky")).flatMap(ReportKind.init(rawValue:)) ?? .year
    }

    /// The report named by `reportID` in the user's subtree, with its unit.
    static func load(_ req: Request) async throws -> (CurrentUser, Report, OrgUnit) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("reportID", as: UUID.self), let report = try await Report.find(id, on: req.db),
            let unit = try await OrgUnit.find(report.$unit.id, on: req.db)
        else { throw AppError.notFound }
        guard Scope.contains(user, unit) else { throw AppError.forbidden }
        return (user, report, unit)
    }

    // MARK: A unit's reports

    static func list(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        let today = req.today
        if unit.unitLevel == .club { return try await clubView(req, unit: unit, today: today) }
        let own = try await Report.query(on: req.db).filter(\.$unit.$id == unit.requireID()).all()
            .sorted { ($0.year, $0.kind) > ($1.year, $1.kind) }
        guard ReportStore.reports(unit) else {
            guard unit.unitStructure == .legacy else { throw AppError.notFound }
            return ReportPages.list(
                req.page, unit: unit, kind: .year, year: today.year, today: today, own: own, current: nil,
                due: nil, canCreate: false, below: [])
        }
        let kind = kind(req)
        let year = req.chosenYear(today: today)
        let schedule = try await ReportStore.schedule(kind, on: req.db)
        let below = try await belowLines(req, user: user, unit: unit, kind: kind, year: year, schedule: schedule, today: today)
        let current = own.first { $0.kind == kind.rawValue && $0.year == year }
        return ReportPages.list(
            req.page, unit: unit, kind: kind, year: year, today: today, own: own, current: current,
            due: schedule.due(year), canCreate: mayWrite(user, unit) && schedule.start(year) <= today, below: below)
    }

    /// The units below whose reports this unit's rests on, with their reports and timeliness.
    static func belowLines(
        _ req: Request, user: CurrentUser, unit: OrgUnit, kind: ReportKind, year: Int, schedule: ReportSchedule,
        today: Day
    ) async throws -> [BelowLine] {
        let expected = try await ReportStore.expectedBelow(unit, on: req.db)
        let reports = try await ReportStore.reports(of: expected, kind: kind, year: year, on: req.db)
        return expected.map { u in
            let r = reports[u.id!]
            return BelowLine(
                unit: u, report: r,
                timeliness: Timeliness.of(
                    sentOn: r?.firstSentOn.flatMap { Day(iso: $0) },
                    due: schedule.due(year), today: today),
                visible: Scope.contains(user, u))
        }
    }

    /// A club's board sees its commune's reports and the club's own line in each.
    static func clubView(_ req: Request, unit: OrgUnit, today: Day) async throws -> Response {
        guard let club = try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first() else { throw AppError.notFound }
        let commune = try await OrgUnit.find(club.$commune.id, on: req.db)
        let reports = try await Report.query(on: req.db).filter(\.$unit.$id == club.$commune.id).all()
            .sorted { ($0.year, $0.kind) > ($1.year, $1.kind) }
        var lines: [ReportPages.ClubLine] = []
        for r in reports.prefix(6) {
            var figures = r.frozen?.rows.first { $0.unitID == unit.id!.uuidString }?.figures
            if figures == nil {
                let schedule = try await ReportStore.schedule(r.reportKind, on: req.db)
                let g = try await IndicatorStore.gather(
                    under: unit, start: schedule.start(r.year), end: schedule.end(r.year), today: today, on: req.db)
                let (standard, minClubs) = PlanStore.standard(try await PlanStore.covering(unit, on: req.db))
                figures = g.indicators(under: unit.path, standard: standard, minStandardClubs: minClubs).mapValues(ReportSnapshot.Figure.init)
            }
            lines.append(.init(report: r, figures: figures ?? [:]))
        }
        return ReportPages.clubView(req.page, unit: unit, commune: commune, lines: lines)
    }

    struct NewInput: Content {
        var kind: String?
        var year: String?
    }

    static func create(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard mayWrite(user, unit) else { throw AppError.forbidden }
        let input = try req.content.decode(NewInput.self)
        let today = req.today
        guard let kind = input.kind.flatMap(ReportKind.init(rawValue:)), let year = input.year.flatMap({ Int($0) }),
            (2000...today.year).contains(year)
        else {
            throw AppError.badRequest(req.t("report.error.period"))
        }
        let schedule = try await ReportStore.schedule(kind, on: req.db)
        guard schedule.start(year) <= today else { throw AppError.badRequest(req.t("report.error.period")) }
        if let existing = try await Report.query(on: req.db).filter(\.$unit.$id == unit.requireID())
            .filter(\.$kind == kind.rawValue).filter(\.$year == year).first()
        {
            return req.redirect(to: Paths.report.link(existing.id!), redirectType: .normal)
        }
        let report = Report()
        report.$unit.id = try unit.requireID()
        report.kind = kind.rawValue
        report.year = year
        report.status = ReportStatus.draft.rawValue
        report.place = ReportPages.placeName(unit)
        report.signerTitle = req.t("report.default_signer")
        report.signerName = user.fullName
        report.recipients = try await defaultRecipients(req, unit)
        report.createdBy = user.id
        try await req.db.transaction { db in
            try await report.create(on: db)
            try await ReportStore.record(report, action: nil, created: true, user: user, at: req.application.clock.now(), comment: nil, on: db)
        }
        return req.redirect(to: Paths.report.link(report.id!), redirectType: .normal)
    }

    static func defaultRecipients(_ req: Request, _ unit: OrgUnit) async throws -> String {
        var lines: [String] = []
        if unit.unitLevel == .nation {
            lines.append(req.t("report.recipient_government"))
        } else if let parent = try await unit.$parent.get(on: req.db) {
            lines.append(parent.unitLevel == .nation ? req.t("report.recipient_centre") : ReportPages.associationName(parent))
        }
        lines.append(req.t("report.recipient_archive"))
        return lines.joined(separator: "\n")
    }

    // MARK: One report

    static func show(req: Request) async throws -> Response {
        let (user, report, unit) = try await load(req)
        return try await page(req, user: user, report: report, unit: unit)
    }

    static func page(
        _ req: Request, user: CurrentUser, report: Report, unit: OrgUnit, input: ReportNarrativeInput? = nil,
        errors: FormErrors = FormErrors(), status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let m = try await model(req, user: user, report: report, unit: unit)
        return ReportPages.report(req.page, m, input: input ?? ReportNarrativeInput(report), errors: errors, status: status)
    }

    static func model(_ req: Request, user: CurrentUser, report: Report, unit: OrgUnit) async throws -> ReportModel {
        let today = req.today
        let schedule = try await ReportStore.schedule(report.reportKind, on: req.db)
        var figures: ReportSnapshot
        var recomputed: ReportSnapshot?
        var restated: [ReportSnapshot.Row]?
        if let frozen = report.frozen {
            figures = frozen
            if ReportStore.reports(unit), let asOf = Day(iso: frozen.asOf), let start = Day(iso: frozen.start) {
                // Over the same days as when it was sent: a report sent while its period ran is
                // recomputed as of its sending day within the running period (so the month then
                // under way counts the same way), one sent after the end as a closed period.
                let end = schedule.end(report.year)
                recomputed =
                    asOf < end
                    ? try await ReportStore.compute(unit, start: start, end: end, today: asOf, on: req.db)
                    : try await ReportStore.compute(unit, start: start, end: asOf, today: today, on: req.db)
            }
            if unit.unitStructure == .legacy { restated = try await restate(frozen.rows, on: req.db) }
        } else if ReportStore.reports(unit) {
            figures = try await ReportStore.compute(
                unit, start: schedule.start(report.year), end: schedule.end(report.year), today: today, on: req.db)
        } else {
            throw AppError.notFound
        }
        let events = try await ReportEvent.query(on: req.db).filter(\.$report.$id == report.requireID()).sort(\.$at).all()
        let sentBy = events.last { $0.action == ReportAction.submit.rawValue }?.userID
        let below = try await belowLines(req, user: user, unit: unit, kind: report.reportKind, year: report.year, schedule: schedule, today: today)
        let missingIDs = Set(
            ReportWorkflow.missing(
                expected: below.map { $0.unit.id!.uuidString },
                approved: Set(below.filter { $0.report?.reportStatus == .approved }.map { $0.unit.id!.uuidString })))
        return ReportModel(
            report: report, unit: unit, schedule: schedule, today: today, figures: figures, recomputed: recomputed, restated: restated,
            events: events, canWrite: mayWrite(user, unit) && report.reportStatus.editable,
            canDecide: mayDecide(user, unit, sentBy: sentBy) && report.reportStatus == .submitted,
            below: below, missing: below.map(\.unit).filter { missingIDs.contains($0.id!.uuidString) })
    }

    /// Rows of old units added into the units of today their land went into.
    static func restate(_ rows: [ReportSnapshot.Row], on db: any Database) async throws -> [ReportSnapshot.Row] {
        let ids = rows.compactMap { UUID(uuidString: $0.unitID) }
        let old = try await OrgUnit.query(on: db).filter(\.$id ~~ ids).all()
        let scopes = Set(old.map(\.scopePath))
        let today = try await OrgUnit.query(on: db).filter(\.$path ~~ Array(scopes)).filter(\.$structure == UnitStructure.current.rawValue).all()
        let byPath = Dictionary(today.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let successor = Dictionary(
            old.compactMap { o in byPath[o.scopePath].map { (o.id!.uuidString, (id: $0.id!.uuidString, name: $0.name)) } },
            uniquingKeysWith: { a, _ in a })
        return ReportSnapshot.restate(rows) { successor[$0] }
    }

    // MARK: Writing and sending

    static let textLimit = 20_000
    static let lineLimit = 200

    /// Checks the narrative; `sending` also needs the results written and a signer.
    static func check(_ req: Request, _ input: ReportNarrativeInput, sending: Bool) -> FormErrors {
        var errors = FormErrors()
        for (field, value) in [
            ("number", input.number), ("place", input.place), ("signer_title", input.signer_title), ("signer_name", input.signer_name),
        ]
        where VietnameseText.tooLong(value ?? "", lineLimit) {
            errors[field] = req.t("report.error.too_long", lineLimit)
        }
        for (field, value) in [
            ("results", input.results), ("difficulties", input.difficulties), ("proposals", input.proposals), ("recipients", input.recipients),
        ]
        where VietnameseText.tooLong(value ?? "", textLimit) {
            errors[field] = req.t("report.error.too_long", textLimit)
        }
        if sending {
            if clean(input.place) == nil { errors["place"] = req.t("report.error.place") }
            if clean(input.results) == nil { errors["results"] = req.t("report.error.results") }
            if clean(input.signer_name) == nil { errors["signer_name"] = req.t("report.error.signer") }
        }
        return errors
    }

    static func clean(_ s: String?) -> String? {
        let v = (s ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return v.isEmpty ? nil : v
    }

    static func apply(_ input: ReportNarrativeInput, to r: Report) {
        r.number = clean(input.number)
        r.place = clean(input.place)
        r.results = clean(input.results)
        r.difficulties = clean(input.difficulties)
        r.proposals = clean(input.proposals)
        r.recipients = clean(input.recipients)
        r.signerTitle = clean(input.signer_title)
        r.signerName = clean(input.signer_name)
    }

    /// Saves the narrative, or (with `gui=1`) saves it and sends the report with its figures frozen.
    static func save(req: Request) async throws -> Response {
        let (user, report, unit) = try await load(req)
        guard mayWrite(user, unit) else { throw AppError.forbidden }
        let input = try req.content.decode(ReportNarrativeInput.self)
        let sending = (try? req.content.get(String.self, at: "gui")) == "1"
        guard report.reportStatus.editable else {
            return try await page(
                req, user: user, report: report, unit: unit, input: input,
                errors: general(req.t("report.error.not_editable")), status: .conflict)
        }
        let errors = check(req, input, sending: sending)
        guard errors.isEmpty else {
            return try await page(req, user: user, report: report, unit: unit, input: input, errors: errors, status: .unprocessableEntity)
        }
        let today = req.today
        let now = req.application.clock.now()
        apply(input, to: report)
        if sending {
            let schedule = try await ReportStore.schedule(report.reportKind, on: req.db)
            let snapshot = try await ReportStore.compute(
                unit, start: schedule.start(report.year), end: schedule.end(report.year), today: today, on: req.db)
            report.snapshot = snapshot.encoded()
            report.status = ReportStatus.submitted.rawValue
            report.sentOn = today.iso
            if report.firstSentOn == nil { report.firstSentOn = today.iso }
        }
        try await req.db.transaction { db in
            // The status is checked again inside the transaction: two sends cannot both pass.
            guard let fresh = try await Report.find(report.id, on: db), fresh.reportStatus.editable else {
                throw Abort(.conflict, reason: req.t("report.error.not_editable"))
            }
            try await report.save(on: db)
            if sending { try await ReportStore.record(report, action: .submit, user: user, at: now, comment: nil, on: db) }
            try await Audit.record(req, sending ? "submit" : "update", "report", report.id!.uuidString, on: db)
        }
        return req.redirect(to: Paths.report.link(report.id!, query: [("done", sending ? "sent" : "saved")]), redirectType: .normal)
    }

    static func general(_ message: String) -> FormErrors {
        var e = FormErrors()
        e.general = message
        return e
    }
}
