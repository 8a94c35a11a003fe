import Fluent
import Foundation
import ISHCCore
import SQLKit

/// Imports the official unit lists shipped in `Resources/units/`: the 2025 structure (34 provinces,
/// 3,321 communes), the pre-2025 structure (63 provinces, districts, 10,040 communes) and the
/// mapping from old communes to new. Idempotent: a unit already present (same structure, level and
/// code) is left as it is, so running it again adds nothing.
struct UnitImporter {
    let directory: String

    struct Result: Equatable {
        var unitsAdded = 0
        var successionsAdded = 0
    }

    private struct Row {
        var id: UUID
        var structure: UnitStructure
        var level: UnitLevel
        var code: String
        var name: String
        var kind: String?
        var parentKey: String?
        var path: String
        var scopePath: String
        var lat: Double?, lon: Double?, area: Double?
        var key: String { UnitImporter.key(structure, level, code) }
    }

    static func key(_ s: UnitStructure, _ l: UnitLevel, _ code: String) -> String { "\(s.rawValue)|\(l.rawValue)|\(code)" }

    static func readCSV(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (i, name) in header.enumerated() where i < cells.count { row[name] = cells[i] }
            return row
        }
    }

    /// Strips the type word from an official name for the short form: "Tỉnh Nghệ An" → "Nghệ An".
    static func kind(of name: String, candidates: [String]) -> String? {
        candidates.first { name.hasPrefix($0 + " ") }
    }

    @discardableResult
    func run(on database: any Database, now: Date = Date()) async throws -> Result {
        let current = try Self.readCSV(directory + "vn-admin-units-2025.csv")
        let legacy = try Self.readCSV(directory + "vn-admin-units-legacy.csv")
        let mapping = try Self.readCSV(directory + "vn-admin-units-2025-mapping.csv")

        var rows: [Row] = []
        var byKey: [String: Row] = [:]
        func add(_ row: Row) {
            guard byKey[row.key] == nil else { return }
            byKey[row.key] = row
            rows.append(row)
        }

        let nation = Row(
            id: UUID(), structure: .current, level: .nation, code: "VN", name: "Việt Nam", kind: nil,
            parentKey: nil, path: UnitPath.root, scopePath: UnitPath.root)
        add(nation)

        // The 2025 structure.
        var newCommunePath: [String: String] = [:]
        var newCommuneProvince: [String: String] = [:]
        for r in current {
            guard let pcode = r["province_code"], let pname = r["province_name"], let wcode = r["ward_code"], let wname = r["ward_name"] else {
                continue
            }
            let ppath = UnitPath.child(of: UnitPath.root, segment: "p\(pcode)")
            add(
                Row(
                    id: UUID(), structure: .current, level: .province, code: pcode, name: pname,
                    kind: Self.kind(of: pname, candidates: ["Thành phố", "Tỉnh"]), parentKey: nation.key,
                    path: ppath, scopePath: ppath))
            let cpath = UnitPath.child(of: ppath, segment: "c\(wcode)")
            newCommunePath[wcode] = cpath
            newCommuneProvince[wcode] = pcode
            add(
                Row(
                    id: UUID(), structure: .current, level: .commune, code: wcode, name: wname,
                    kind: r["ward_type"].flatMap { $0.isEmpty ? nil : $0 },
                    parentKey: Self.key(.current, .province, pcode), path: cpath, scopePath: cpath,
                    lat: r["lat"].flatMap(Double.init), lon: r["lon"].flatMap(Double.init),
                    area: r["area_km2"].flatMap(Double.init)))
        }

        // Old commune → new communes; the primary successor gives the old commune its scope.
        var successors: [String: [(String, Bool)]] = [:]
        for r in mapping {
            guard let old = r["legacy_ward_code"], let new = r["ward_code_2025"] else { continue }
            successors[old, default: []].append((new, r["is_primary"] == "1"))
        }
        func primarySuccessor(_ old: String) -> String? {
            guard let list = successors[old] else { return nil }
            return (list.first { $0.1 } ?? list.first)?.0
        }

        // Each old province went whole into one new province: take the one most of its communes went to.
        var votes: [String: [String: Int]] = [:]
        for r in legacy {
            guard let p = r["province_code"], let w = r["ward_code"], let s = primarySuccessor(w), let np = newCommuneProvince[s] else { continue }
            votes[p, default: [:]][np, default: 0] += 1
        }
        func newProvincePath(ofLegacy p: String) -> String {
            guard let np = votes[p]?.max(by: { $0.value < $1.value })?.key else { return UnitPath.root }
            return UnitPath.child(of: UnitPath.root, segment: "p\(np)")
        }

        for r in legacy {
            guard let pcode = r["province_code"], let pname = r["province_name"], let dcode = r["district_code"],
                let dname = r["district_name"], let wcode = r["ward_code"], let wname = r["ward_name"]
            else { continue }
            let scope = newProvincePath(ofLegacy: pcode)
            let ppath = UnitPath.child(of: UnitPath.root, segment: "lp\(pcode)")
            add(
                Row(
                    id: UUID(), structure: .legacy, level: .province, code: pcode, name: pname,
                    kind: Self.kind(of: pname, candidates: ["Thành phố", "Tỉnh"]), parentKey: nation.key,
                    path: ppath, scopePath: scope))
            let dpath = UnitPath.child(of: ppath, segment: "ld\(dcode)")
            add(
                Row(
                    id: UUID(), structure: .legacy, level: .district, code: dcode, name: dname,
                    kind: r["district_type"].flatMap { $0.isEmpty ? nil : $0 },
                    parentKey: Self.key(.legacy, .province, pcode), path: dpath, scopePath: scope))
            // Island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) had no communes.
            guard !wcode.isEmpty else { continue }
            let cpath = UnitPath.child(of: dpath, segment: "lc\(wcode)")
            let cscope = primarySuccessor(wcode).flatMap { newCommunePath[$0] } ?? scope
            add(
                Row(
                    id: UUID(), structure: .legacy, level: .commune, code: wcode, name: wname,
                    kind: r["ward_type"].flatMap { $0.isEmpty ? nil : $0 },
                    parentKey: Self.key(.legacy, .district, dcode), path: cpath, scopePath: cscope))
        }

        let allRows = rows
        let successorLists = successors
        return try await database.transaction { db in
            let sql = db as! any SQLDatabase
            // What is there already, by structure|level|code.
            var existing: [String: UUID] = [:]
            let present = try await sql.select().column("id").column("structure").column("level").column("code")
                .from(OrgUnit.schema).where("code", .isNot, SQLLiteral.null).all()
            for row in present {
                let s = try row.decode(column: "structure", as: String.self)
                let l = try row.decode(column: "level", as: String.self)
                let c = try row.decode(column: "code", as: String.self)
                existing["\(s)|\(l)|\(c)"] = try row.decode(column: "id", as: UUID.self)
            }
            var result = Result()
            var idFor: [String: UUID] = existing
            let missing = allRows.filter { existing[$0.key] == nil }
            for r in missing { idFor[r.key] = r.id }

            let validFrom = Day.reform2025.iso
            let validTo = "2025-06-30"
            // Parents come before children in `rows`, so batches keep foreign keys satisfied.
            for batch in stride(from: 0, to: missing.count, by: 250).map({ Array(missing[$0..<min($0 + 250, missing.count)]) }) {
                var insert = sql.insert(into: OrgUnit.schema).columns(
                    "id", "structure", "level", "code", "name", "name_key", "kind", "parent_id", "path", "scope_path",
                    "lat", "lon", "area_km2", "valid_from", "valid_to", "created_at")
                for r in batch {
                    let isLegacy = r.structure == .legacy
                    insert = insert.values(
                        SQLBind(r.id), SQLBind(r.structure.rawValue), SQLBind(r.level.rawValue), SQLBind(r.code),
                        SQLBind(VietnameseText.normalize(r.name)), SQLBind(VietnameseText.fold(r.name)), SQLBind(r.kind),
                        SQLBind(r.parentKey.flatMap { idFor[$0] }), SQLBind(r.path), SQLBind(r.scopePath),
                        SQLBind(r.lat), SQLBind(r.lon), SQLBind(r.area),
                        SQLBind(isLegacy || r.level == .nation ? nil : validFrom), SQLBind(isLegacy ? validTo : nil), SQLBind(now))
                }
                try await insert.run()
                result.unitsAdded += batch.count
            }

            // Successions.
            var pairs = Set<String>()
            let presentPairs = try await sql.select().column("old_unit_id").column("new_unit_id").from(UnitSuccession.schema).all()
            for row in presentPairs {
                pairs.insert("\(try row.decode(column: "old_unit_id", as: UUID.self))>\(try row.decode(column: "new_unit_id", as: UUID.self))")
            }
            var links: [(UUID, UUID, Bool)] = []
            for (old, list) in successorLists.sorted(by: { $0.key < $1.key }) {
                guard let oldID = idFor[Self.key(.legacy, .commune, old)] else { continue }
                for (new, primary) in list {
                    guard let newID = idFor[Self.key(.current, .commune, new)], !pairs.contains("\(oldID)>\(newID)") else { continue }
                    pairs.insert("\(oldID)>\(newID)")
                    links.append((oldID, newID, primary))
                }
            }
            for start in stride(from: 0, to: links.count, by: 500) {
                var insert = sql.insert(into: UnitSuccession.schema).columns("id", "old_unit_id", "new_unit_id", "is_primary")
                for (o, n, p) in links[start..<min(start + 500, links.count)] {
                    insert = insert.values(SQLBind(UUID()), SQLBind(o), SQLBind(n), SQLBind(p))
                }
                try await insert.run()
            }
            result.successionsAdded = links.count
            return result
        }
    }
}
