import Vapor
import Fluent
import ISHCCore

/// Member lists as CSV and Excel for the unit's subtree: for the club board and the officers above,
/// never for viewers; every export is written to the audit log.
enum ExportController {
    static func membersCSV(req: Request) async throws -> Response {
        let (unit, header, rows) = try await memberTable(req)
        let response = Response(status: .ok, body: .init(string: SpreadsheetText.csv(header: header, rows: rows)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: fileName(unit, "csv"))
        return response
    }

    static func membersXLSX(req: Request) async throws -> Response {
        let (unit, header, rows) = try await memberTable(req)
        let data = try XLSXWriter.workbook(sheetName: req.t("export.sheet_members"), header: header, rows: rows)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers.contentDisposition = .init(.attachment, filename: fileName(unit, "xlsx"))
        return response
    }

    static func fileName(_ unit: OrgUnit, _ ext: String) -> String {
        let plain = VietnameseText.fold(unit.name).map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "thanh-vien-\(String(plain).split(separator: "-").joined(separator: "-")).\(ext)"
    }

    /// The header and rows, in Vietnamese list order within each club.
    static func memberTable(_ req: Request) async throws -> (OrgUnit, [String], [[String]]) {
        let (user, unit) = try await Scope.unit(req)
        guard user.role.seesPersonalData, unit.unitStructure == .current else { throw AppError.forbidden }
        let rows = try await Member.query(on: req.db)
            .join(Club.self, on: \Member.$club.$id == \Club.$id)
            .join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$path =~ unit.path)
            .all()
        let villageIDs = Set(rows.compactMap { $0.$village.id })
        let villages = try await OrgUnit.query(on: req.db).filter(\.$id ~~ Array(villageIDs)).all()
        let villageName = Dictionary(uniqueKeysWithValues: villages.map { ($0.id!, $0.name) })
        let t = req.t
        let yes = t("export.yes")
        let members = try rows.map { (member: $0, club: try $0.joined(OrgUnit.self)) }
            .sorted { a, b in
                a.club.name != b.club.name ? VietnameseText.less(a.club.name, b.club.name)
                    : VietnameseText.nameLess(a.member.fullName, b.member.fullName)
            }
        let header = ["export.col.name", "export.col.gender", "export.col.birth_year", "export.col.birth_date", "export.col.ethnicity",
                      "export.col.village", "export.col.phone", "export.col.joined_on", "export.col.left_on", "export.col.leave_reason",
                      "export.col.club"].map { t($0) } + MemberController.flags.map { t("member.flag.\($0.key)") }
        let table: [[String]] = members.map { row in
            let m = row.member
            return [m.fullName, t("gender.\(m.gender)"), m.birthYear.map(String.init) ?? "",
                    m.birthDate.flatMap(Day.init(iso:))?.vietnamese ?? "", m.ethnicity ?? "",
                    m.$village.id.flatMap { villageName[$0] } ?? "", m.phone ?? "",
                    m.joinedOn.flatMap(Day.init(iso:))?.vietnamese ?? "", m.leftOn.flatMap(Day.init(iso:))?.vietnamese ?? "",
                    m.leaveReason ?? "", row.club.name] + MemberController.flags.map { m[keyPath: $0.path] ? yes : "" }
        }
        try await Audit.record(req, "export", "members", unit.id?.uuidString, detail: "\(table.count) rows")
        return (unit, header, table)
    }
}
