import Fluent
import ISHCCore
import SQLKit
import Vapor

/// A club's member list from the spreadsheet it keeps: the file is read and every row checked, the
/// user sees what would happen to each row, and only on confirmation are all rows written, in one
/// transaction (all or nothing).
enum ImportController {
    struct Upload: Content {
        var file: File?
        var consent: String?
    }

    static func form(req: Request) async throws -> Response {
        let (_, clubUnit, _) = try await Scope.writableClub(req)
        return ImportPages.form(req.page, clubUnit: clubUnit, errors: FormErrors())
    }

    static func upload(req: Request) async throws -> Response {
        let (user, clubUnit, club) = try await Scope.writableClub(req)
        let t = req.t
        var errors = FormErrors()
        let upload = try? req.content.decode(Upload.self)
        let file = upload?.file
        let data = file.map { Data(buffer: $0.data) } ?? Data()
        if data.isEmpty { errors["file"] = t("import.error.no_file") }
        if upload?.consent != "on" { errors["consent"] = t("import.error.consent") }
        var result: MemberSheet.Result?
        if errors["file"] == nil {
            do {
                result = try await read(data, fileName: file?.filename ?? "", club: club, today: req.today, on: req.db)
            } catch XLSXReader.Failure.legacyXLS {
                errors["file"] = t("import.error.xls")
            } catch XLSXReader.Failure.tooLarge {
                errors["file"] = t("import.error.unpacked", "50 MB")
            } catch CSVReader.Failure.encoding {
                errors["file"] = t("import.error.encoding")
            } catch {
                errors["file"] = t("import.error.unreadable")
            }
        }
        // More lines than a list may have is refused at once: nothing is kept of such a file.
        if let result, result.tooManyRows {
            errors["file"] = t("import.problem.too_many", VND.group(Int64(MemberSheet.rowLimit)))
        }
        guard errors.isEmpty, let result else {
            return ImportPages.form(req.page, clubUnit: clubUnit, errors: errors, status: .unprocessableEntity)
        }
        try await pruneExpired(req)
        let record = MemberImport()
        record.$club.id = try club.requireID()
        record.$user.id = user.id
        record.fileName = String(VietnameseText.normalize(file?.filename ?? "").prefix(200))
        record.payload = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        record.rowCount = result.rows.count
        try await record.create(on: req.db)
        try await Audit.record(req, "import_upload", "club", club.id?.uuidString, detail: "\(record.fileName): \(result.rows.count) rows")
        return req.redirect(to: Paths.importPreview.link(try record.requireID()), redirectType: .normal)
    }

    /// Reads the file (xlsx by its zip signature, otherwise CSV) and checks every row.
    static func read(_ data: Data, fileName: String, club: Club, today: Day, on db: any Database) async throws -> MemberSheet.Result {
        let lines =
            data.starts(with: [0x50, 0x4B]) || data.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
            ? try XLSXReader.rows(data) : try CSVReader.rows(data)
        let villages = try await UnitQueries.villages(inCommune: club.$commune.id, on: db)
            .map { MemberSheet.Village(id: $0.id!.uuidString, name: $0.name) }
        let founded = club.foundedOn.flatMap(Day.init(iso:)).map { min($0, today) } ?? today
        var result = MemberSheet.read(lines, today: today, villages: villages, defaultJoined: founded)
        // A file that will be refused is not checked against the register.
        guard !result.tooManyRows else { return result }
        try await checkAgainstRegister(&result, club: club, on: db)
        return result
    }

    /// Rows already in the club are skipped; people active in another club of the commune with the
    /// same name and birth year are flagged (never merged).
    static func checkAgainstRegister(_ result: inout MemberSheet.Result, club: Club, on db: any Database) async throws {
        let keys = Set(result.rows.compactMap { $0.person?.nameKey })
        guard !keys.isEmpty else { return }
        var existing: [(key: String, year: Int?, clubID: UUID, clubName: String)] = []
        for chunk in Array(keys).chunked(500) {
            let rows = try await Member.query(on: db)
                .join(Club.self, on: \Member.$club.$id == \Club.$id)
                .join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
                .filter(Club.self, \.$commune.$id == club.$commune.id)
                .filter(\.$leftOn == nil)
                .filter(\.$nameKey ~~ chunk)
                .all()
            existing += try rows.map { ($0.nameKey, $0.birthYear, $0.$club.id, try $0.joined(OrgUnit.self).name) }
        }
        let index = Dictionary(grouping: existing) { "\($0.key)|\($0.year.map(String.init) ?? "")" }
        for i in result.rows.indices {
            guard let person = result.rows[i].person else { continue }
            result.rows[i].skipped = false
            result.rows[i].warnings.removeAll { if case .likelyDuplicate = $0 { return true } else { return false } }
            let matches = index["\(person.nameKey)|\(person.birthYear)"] ?? []
            if matches.contains(where: { $0.clubID == club.id }) {
                result.rows[i].skipped = true
            } else if let other = matches.first {
                result.rows[i].warnings.append(.likelyDuplicate(name: person.fullName, club: other.clubName))
            }
        }
    }

    static func preview(req: Request) async throws -> Response {
        let (_, record, clubUnit, _) = try await authoriseImport(req)
        let result = try JSONDecoder().decode(MemberSheet.Result.self, from: Data(record.payload.utf8))
        return ImportPages.preview(req.page, record: record, result: result, clubUnit: clubUnit)
    }

    static func confirm(req: Request) async throws -> Response {
        let (user, record, clubUnit, club) = try await authoriseImport(req)
        guard record.appliedAt == nil else {
            return req.redirect(to: Paths.importPreview.link(try record.requireID()), redirectType: .normal)
        }
        var result = try JSONDecoder().decode(MemberSheet.Result.self, from: Data(record.payload.utf8))
        // The register may have changed since the preview: check again.
        try await checkAgainstRegister(&result, club: club, on: req.db)
        guard result.canImport else {
            return ImportPages.preview(req.page, record: record, result: result, clubUnit: clubUnit, status: .unprocessableEntity)
        }
        let people = result.rows.filter(\.willImport).compactMap(\.person)
        record.appliedAt = req.application.clock.now()
        record.appliedCount = people.count
        record.payload = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        let today = req.today
        try await req.db.transaction { db in
            try await MemberImportStore.insert(people, into: club, consentOn: today, at: req.application.clock.now(), on: db)
            try await record.update(on: db)
            try await Audit.record(req, "import", "club", club.id?.uuidString, detail: "\(people.count) members from \(record.fileName)", on: db)
        }
        req.logger.info(
            "import applied",
            metadata: [
                "club": .string(club.id?.uuidString ?? ""), "members": .stringConvertible(people.count),
                "user": .string(user.id.uuidString),
            ])
        return req.redirect(
            to: Paths.unit.link(try clubUnit.requireID(), query: [("done", "imported"), ("n", String(people.count))]),
            redirectType: .normal)
    }

    /// How long a preview waits for its confirmation.
    static let previewLifetime: TimeInterval = 24 * 3600

    /// Deletes the previews nobody confirmed within a day (each holds a whole file's reading).
    static func pruneExpired(_ req: Request) async throws {
        let limit = req.application.clock.now().addingTimeInterval(-previewLifetime)
        try await MemberImport.query(on: req.db).filter(\.$appliedAt == nil).filter(\.$createdAt < limit).delete()
    }

    /// An upload of a club in the user's subtree, for someone who writes. A preview left a day
    /// unconfirmed is gone, and the user is told so.
    private static func authoriseImport(_ req: Request) async throws -> (CurrentUser, MemberImport, OrgUnit, Club) {
        let user = try req.requireUser()
        try await pruneExpired(req)
        guard let id = req.parameters.get("importID", as: UUID.self),
            let record = try await MemberImport.find(id, on: req.db),
            let club = try await Club.find(record.$club.id, on: req.db),
            let unit = try await OrgUnit.find(club.$unit.id, on: req.db)
        else { throw Abort(.gone) }
        guard Scope.contains(user, unit), user.role.canWrite else { throw AppError.forbidden }
        return (user, record, unit, club)
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
