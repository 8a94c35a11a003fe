import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Member lists as CSV and Excel for the unit's subtree: for the club board and the officers above,
/// never for viewers; every export is written to the audit log.
enum ExportController {
    static func membersCSV(req: Request) async throws -> Response {
        let (unit, header, rows) = try await memberTable(req)
        return csv(header: header, rows: rows, fileName: fileName(unit, "csv"))
    }

    static func membersXLSX(req: Request) async throws -> Response {
        let (unit, header, rows) = try await memberTable(req)
        return try xlsx(sheet: req.t("export.sheet_members"), header: header, rows: rows, fileName: fileName(unit, "xlsx"))
    }

    static func clubsCSV(req: Request) async throws -> Response {
        let (unit, header, rows) = try await clubTable(req)
        return csv(header: header, rows: rows, fileName: fileName(unit, "csv", prefix: "cau-lac-bo"))
    }

    static func clubsXLSX(req: Request) async throws -> Response {
        let (unit, header, rows) = try await clubTable(req)
        return try xlsx(sheet: req.t("export.sheet_clubs"), header: header, rows: rows, fileName: fileName(unit, "xlsx", prefix: "cau-lac-bo"))
    }

    /// A table as a CSV download (UTF-8 with BOM, formulas defused).
    static func csv(header: [String], rows: [[String]], fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(string: SpreadsheetText.csv(header: header, rows: rows)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: fileName)
        return response
    }

    /// A table as a one-sheet Excel download.
    static func xlsx(sheet: String, header: [String], rows: [[String]], fileName: String, numericColumns: Set<Int> = []) throws -> Response {
        let data = try XLSXWriter.workbook(sheetName: sheet, header: header, rows: rows, numericColumns: numericColumns)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers.contentDisposition = .init(.attachment, filename: fileName)
        return response
    }

    static func fileName(_ unit: OrgUnit, _ ext: String, prefix: String = "thanh-vien") -> String {
        let plain = VietnameseText.fold(unit.name).map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "\(prefix)-\(String(plain).split(separator: "-").joined(separator: "-")).\(ext)"
    }

    /// Every club of the unit's subtree with where it is, its identity and today's member counts.
    /// No personal data: viewers may take it too.
    static func clubTable(_ req: Request) async throws -> (OrgUnit, [String], [[String]]) {
        let (_, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current else { throw AppError.notFound }
        let t = req.t
        let today = req.today
        let clubs = try await Club.query(on: req.db)
            .join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$path =~ unit.path)
            .all()
        let places = try await OrgUnit.query(on: req.db)
            .filter(\.$path =~ String(unit.path.prefix(UnitPath.root.count + 4)))
            .filter(\.$level ~~ [UnitLevel.province.rawValue, UnitLevel.commune.rawValue, UnitLevel.village.rawValue])
            .filter(\.$structure == UnitStructure.current.rawValue)
            .all()
        let byID = Dictionary(uniqueKeysWithValues: places.map { ($0.id!, $0) })
        let byPath = Dictionary(places.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let counts = try await ExportStore.clubCounts(under: unit, olderBornBy: today.year - CompositionStandard.standard.olderAge, on: req.db)
        let countByClub = Dictionary(uniqueKeysWithValues: counts.map { ($0.club_id, $0) })
        let rows = try clubs.map { club -> (String, String, [String]) in
            let clubUnit = try club.joined(OrgUnit.self)
            let commune = byID[club.$commune.id]
            let province = commune.flatMap { c in byPath[String(c.path.prefix(UnitPath.root.count + 4))] }
            let village = club.$village.id.flatMap { byID[$0] }
            let c = countByClub[club.id!]
            return (
                province?.name ?? "", commune?.name ?? "",
                [
                    clubUnit.name, province?.name ?? "", commune?.name ?? "", commune?.code ?? "", village?.name ?? "",
                    club.foundedOn.flatMap(Day.init(iso:))?.vietnamese ?? "", club.decisionNumber ?? "", club.cohort ?? "",
                    club.fundingSource.map { t("club.funding.\($0)") } ?? "", t("club.status.\(club.status)"),
                    String(c?.members ?? 0), String(c?.women ?? 0), String(c?.older ?? 0),
                ]
            )
        }
        .sorted(byPlace: { "\($0.0) | \($0.1) | \($0.2[0])" })
        .map(\.2)
        let header = [
            "name", "province", "commune", "commune_code", "village", "founded_on", "decision", "cohort", "funding", "status",
            "members", "women", "older",
        ].map { t("export.club_col.\($0)") }
        try await Audit.record(req, "export", "clubs", unit.id?.uuidString, detail: "\(rows.count) rows")
        return (unit, header, rows)
    }

    /// The header and rows, in Vietnamese list order within each club.
    static func memberTable(_ req: Request) async throws -> (OrgUnit, [String], [[String]]) {
        let (user, unit) = try await Scope.unit(req)
        guard user.role.seesPersonalData, unit.unitStructure == .current else { throw AppError.forbidden }
        let rows = try await ExportStore.memberRows(under: unit, on: req.db)
        let t = req.t
        let yes = t("export.yes")
        var clubKeys: [String: VietnameseText.CollationKey] = [:]
        var names = VietnameseText.KeyCache()
        let members = rows.map { row -> (row: ExportMemberRow, key: (VietnameseText.CollationKey, VietnameseText.CollationKey)) in
            let clubKey = clubKeys[row.club] ?? VietnameseText.placeKey(row.club)
            clubKeys[row.club] = clubKey
            return (row, (clubKey, names.nameKey(row.full_name)))
        }
        .sorted { $0.key < $1.key }
        let header =
            [
                "export.col.name", "export.col.gender", "export.col.birth_year", "export.col.birth_date", "export.col.ethnicity",
                "export.col.village", "export.col.phone", "export.col.joined_on", "export.col.left_on", "export.col.leave_reason",
                "export.col.club",
            ].map { t($0) } + MemberInput.flags.map { t("member.flag.\($0.key)") }
        let genders = Dictionary(uniqueKeysWithValues: Gender.allCases.map { ($0.rawValue, t("gender.\($0.rawValue)")) })
        let table: [[String]] = members.map { item in
            let m = item.row
            return [
                m.full_name, genders[m.gender] ?? m.gender, m.birth_year.map(String.init) ?? "",
                m.birth_date.flatMap(Day.init(iso:))?.vietnamese ?? "", m.ethnicity ?? "", m.village ?? "", m.phone ?? "",
                m.joined_on.flatMap(Day.init(iso:))?.vietnamese ?? "", m.left_on.flatMap(Day.init(iso:))?.vietnamese ?? "",
                m.leave_reason ?? "", m.club,
            ] + MemberInput.flags.map { m.flag($0.key) ? yes : "" }
        }
        try await Audit.record(req, "export", "members", unit.id?.uuidString, detail: "\(table.count) rows")
        return (unit, header, table)
    }
}
