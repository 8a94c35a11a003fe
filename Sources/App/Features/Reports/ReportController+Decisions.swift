import Fluent
import ISHCCore
import Vapor

/// Reports, above the unit that wrote them: approving or returning a sent report, its print and
/// Excel sheet, and the periods and deadlines the centre sets.
extension ReportController {
    // MARK: Approving or returning

    struct DecisionInput: Content {
        var decision: String?
        var comment: String?
        var missing_note: String?
    }

    static func decide(req: Request) async throws -> Response {
        let (user, report, unit) = try await load(req)
        let events = try await ReportEvent.query(on: req.db).filter(\.$report.$id == report.requireID()).sort(\.$at).all()
        guard mayDecide(user, unit, sentBy: events.last { $0.action == ReportAction.submit.rawValue }?.userID) else { throw AppError.forbidden }
        let input = try req.content.decode(DecisionInput.self)
        let action: ReportAction? = input.decision == "approve" ? .approve : input.decision == "return" ? .giveBack : nil
        var errors = FormErrors()
        guard let action, let next = ReportWorkflow.next(report.reportStatus, action) else {
            errors.general = req.t(report.reportStatus == .submitted ? "report.error.decision" : "report.error.not_submitted")
            return try await page(req, user: user, report: report, unit: unit, errors: errors, status: .unprocessableEntity)
        }
        let comment = clean(input.comment)
        var missingNote: String?
        if action == .giveBack && comment == nil { errors["comment"] = req.t("report.error.comment") }
        if action == .approve {
            let m = try await model(req, user: user, report: report, unit: unit)
            if !m.missing.isEmpty {
                if let why = clean(input.missing_note) {
                    missingNote = req.t("report.missing_list", m.missing.map(\.name).joined(separator: ", ")) + " " + why
                } else {
                    errors["missing_note"] = req.t("report.error.missing", m.missing.count)
                }
            }
        }
        if VietnameseText.tooLong(comment ?? "", textLimit) { errors["comment"] = req.t("report.error.too_long", textLimit) }
        guard errors.isEmpty else {
            return try await page(req, user: user, report: report, unit: unit, errors: errors, status: .unprocessableEntity)
        }
        try await ReportOperations.decide(
            report, action, becoming: next, comment: comment, missingNote: missingNote, by: user, author: req.author, today: req.today,
            notSubmitted: req.t("report.error.not_submitted"), on: req.db)
        return req.redirect(to: Paths.report.link(report.id!, query: [("done", action == .approve ? "approved" : "returned")]), redirectType: .normal)
    }

    // MARK: Print and Excel

    static func printView(req: Request) async throws -> Response {
        let (user, report, unit) = try await load(req)
        let m = try await model(req, user: user, report: report, unit: unit)
        let parent = try await unit.$parent.get(on: req.db)
        return ReportPages.document(req.page, m, parent: parent)
    }

    static func xlsx(req: Request) async throws -> Response {
        let (user, report, unit) = try await load(req)
        let m = try await model(req, user: user, report: report, unit: unit)
        let (header, rows) = ReportPages.sheet(req.t, m)
        try await Audit.record(req, "export", "report", report.id!.uuidString)
        return try ExportController.xlsx(
            sheet: req.t("report.sheet"), header: header, rows: rows,
            fileName: "bao-cao-\(report.kind)-\(report.year)-\(unit.code ?? "dv").xlsx", numericColumns: [2, 3])
    }

    // MARK: Schedule

    static func mayKeepSchedule(_ user: CurrentUser) -> Bool {
        user.role.canWrite && (user.role == .administrator || user.role == .centralOfficer)
    }

    static func schedules(req: Request) async throws -> Response {
        let user = try req.requireUser()
        var rows: [ReportSchedule] = []
        for k in ReportKind.allCases { rows.append(try await ReportStore.schedule(k, on: req.db)) }
        let input = Dictionary(
            uniqueKeysWithValues: rows.flatMap { s in
                [("\(s.kind.rawValue)_end", "\(s.endDay)/\(s.endMonth)"), ("\(s.kind.rawValue)_due", "\(s.dueDay)/\(s.dueMonth)")]
            })
        return ReportPages.schedules(
            req.page, rows: rows, input: input, canEdit: mayKeepSchedule(user), errors: FormErrors(),
            notice: (try? req.query.get(String.self, at: "done")) == "saved" ? req.t("report.schedule.saved") : nil)
    }

    static func saveSchedules(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard mayKeepSchedule(user) else { throw AppError.forbidden }
        let body = try req.content.decode([String: String].self)
        var errors = FormErrors()
        var parsed: [ReportSchedule] = []
        for k in ReportKind.allCases {
            let end = ReportSchedule.parseDayOfYear(body["\(k.rawValue)_end"] ?? "")
            let due = ReportSchedule.parseDayOfYear(body["\(k.rawValue)_due"] ?? "")
            if end == nil { errors["\(k.rawValue)_end"] = req.t("report.schedule.error") }
            if due == nil { errors["\(k.rawValue)_due"] = req.t("report.schedule.error") }
            if let end, let due { parsed.append(ReportSchedule(kind: k, endMonth: end.month, endDay: end.day, dueMonth: due.month, dueDay: due.day)) }
        }
        guard errors.isEmpty else {
            var rows: [ReportSchedule] = []
            for k in ReportKind.allCases { rows.append(try await ReportStore.schedule(k, on: req.db)) }
            return ReportPages.schedules(req.page, rows: rows, input: body, canEdit: true, errors: errors, notice: nil, status: .unprocessableEntity)
        }
        let schedules = parsed
        try await req.db.transaction { db in
            for s in schedules {
                let row = try await ReportScheduleRow.query(on: db).filter(\.$kind == s.kind.rawValue).first() ?? ReportScheduleRow()
                row.kind = s.kind.rawValue
                row.endMonth = s.endMonth
                row.endDay = s.endDay
                row.dueMonth = s.dueMonth
                row.dueDay = s.dueDay
                try await row.save(on: db)
                try await Audit.record(
                    req, "update", "report_schedule", s.kind.rawValue,
                    detail: "\(s.endDay)/\(s.endMonth) \(s.dueDay)/\(s.dueMonth)", on: db)
            }
        }
        return req.redirect(to: Paths.reportSchedules.link(query: [("done", "saved")]), redirectType: .normal)
    }
}
