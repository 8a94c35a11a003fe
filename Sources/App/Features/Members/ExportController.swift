import Vapor
import Fluent
import ISHCCore
import SQLKit

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

    struct ClubCounts: Decodable { var club_id: UUID; var members: Int; var women: Int; var older: Int }

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
        let sql = req.db as! any SQLDatabase
        let counts = try await sql.raw("""
            SELECT m.club_id AS club_id, COUNT(*) AS members,
                   SUM(CASE WHEN m.gender = 'female' THEN 1 ELSE 0 END) AS women,
                   SUM(CASE WHEN m.birth_year <= \(bind: today.year - CompositionStandard.standard.olderAge) THEN 1 ELSE 0 END) AS older
            FROM members m JOIN clubs c ON c.id = m.club_id JOIN units u ON u.id = c.unit_id
            WHERE m.left_on IS NULL AND u.path LIKE \(bind: unit.path + "%")
            GROUP BY m.club_id
            """).all(decoding: ClubCounts.self)
        let countByClub = Dictionary(uniqueKeysWithValues: counts.map { ($0.club_id, $0) })
        let rows = try clubs.map { club -> (String, String, [String]) in
            let clubUnit = try club.joined(OrgUnit.self)
            let commune = byID[club.$commune.id]
            let province = commune.flatMap { c in byPath[String(c.path.prefix(UnitPath.root.count + 4))] }
            let village = club.$village.id.flatMap { byID[$0] }
            let c = countByClub[club.id!]
            return (province?.name ?? "", commune?.name ?? "", [
                clubUnit.name, province?.name ?? "", commune?.name ?? "", commune?.code ?? "", village?.name ?? "",
                club.foundedOn.flatMap(Day.init(iso:))?.vietnamese ?? "", club.decisionNumber ?? "", club.cohort ?? "",
                club.fundingSource.map { t("club.funding.\($0)") } ?? "", t("club.status.\(club.status)"),
                String(c?.members ?? 0), String(c?.women ?? 0), String(c?.older ?? 0),
            ])
        }
        .sorted(byPlace: { "\($0.0) | \($0.1) | \($0.2[0])" })
        .map(\.2)
        let header = ["name", "province", "commune", "commune_code", "village", "founded_on", "decision", "cohort", "funding", "status",
                      "members", "women", "older"].map { t("export.club_col.\($0)") }
        try await Audit.record(req, "export", "clubs", unit.id?.uuidString, detail: "\(rows.count) rows")
        return (unit, header, rows)
    }

    /// One member row as the export reads it (plain SQL: thousands of rows at a time).
    struct MemberRow: Decodable {
        var full_name: String, gender: String, birth_year: Int?, birth_date: String?, ethnicity: String?, village: String?
        var phone: String?, joined_on: String?, left_on: String?, leave_reason: String?, club: String
        var home_care_volunteer: Bool, poor_household: Bool, near_poor_household: Bool, disability: Bool, lives_alone: Bool
        var ethnic_minority: Bool, single_older_woman: Bool, chronic_illness: Bool, health_insurance: Bool

        func flag(_ key: String) -> Bool {
            switch key {
            case "volunteer": return home_care_volunteer
            case "poor": return poor_household
            case "near_poor": return near_poor_household
            case "disability": return disability
            case "lives_alone": return lives_alone
            case "ethnic_minority": return ethnic_minority
            case "single_older_woman": return single_older_woman
            case "chronic_illness": return chronic_illness
            case "health_insurance": return health_insurance
            default: return false
            }
        }
    }

    /// The header and rows, in Vietnamese list order within each club.
    static func memberTable(_ req: Request) async throws -> (OrgUnit, [String], [[String]]) {
        let (user, unit) = try await Scope.unit(req)
        guard user.role.seesPersonalData, unit.unitStructure == .current else { throw AppError.forbidden }
        let sql = req.db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT m.full_name, m.gender, m.birth_year, m.birth_date, m.ethnicity, v.name AS village, m.phone, m.joined_on,
                   m.left_on, m.leave_reason, u.name AS club, m.home_care_volunteer, m.poor_household, m.near_poor_household,
                   m.disability, m.lives_alone, m.ethnic_minority, m.single_older_woman, m.chronic_illness, m.health_insurance
            FROM members m JOIN clubs c ON c.id = m.club_id JOIN units u ON u.id = c.unit_id
            LEFT JOIN units v ON v.id = m.village_id
            WHERE u.path LIKE \(bind: unit.path + "%")
            """).all(decoding: MemberRow.self)
        let t = req.t
        let yes = t("export.yes")
        var clubKeys: [String: VietnameseText.CollationKey] = [:]
        var names = VietnameseText.KeyCache()
        let members = rows.map { row -> (row: MemberRow, key: (VietnameseText.CollationKey, VietnameseText.CollationKey)) in
            let clubKey = clubKeys[row.club] ?? VietnameseText.placeKey(row.club)
            clubKeys[row.club] = clubKey
            return (row, (clubKey, names.nameKey(row.full_name)))
        }
        .sorted { $0.key < $1.key }
        let header = ["export.col.name", "export.col.gender", "export.col.birth_year", "export.col.birth_date", "export.col.ethnicity",
                      "export.col.village", "export.col.phone", "export.col.joined_on", "export.col.left_on", "export.col.leave_reason",
                      "export.col.club"].map { t($0) } + MemberInput.flags.map { t("member.flag.\($0.key)") }
        let genders = Dictionary(uniqueKeysWithValues: Gender.allCases.map { ($0.rawValue, t("gender.\($0.rawValue)")) })
        let table: [[String]] = members.map { item in
            let m = item.row
            return [m.full_name, genders[m.gender] ?? m.gender, m.birth_year.map(String.init) ?? "",
                    m.birth_date.flatMap(Day.init(iso:))?.vietnamese ?? "", m.ethnicity ?? "", m.village ?? "", m.phone ?? "",
                    m.joined_on.flatMap(Day.init(iso:))?.vietnamese ?? "", m.left_on.flatMap(Day.init(iso:))?.vietnamese ?? "",
                    m.leave_reason ?? "", m.club] + MemberInput.flags.map { m.flag($0.key) ? yes : "" }
        }
        try await Audit.record(req, "export", "members", unit.id?.uuidString, detail: "\(table.count) rows")
        return (unit, header, table)
    }
}
