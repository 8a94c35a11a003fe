import Fluent
import Foundation
import ISHCCore
import SQLKit

/// Counts below a unit, by kind.
struct SubtreeCounts: Equatable {
    var communes = 0
    var villages = 0
    var clubs = 0
    var members = 0
    var legacyCommunes = 0
}

enum UnitQueries {
    /// The most units, and the most members, one search shows.
    static let searchLimit = 50

    /// `column` names a unit path at or below `path`. On SQLite (binary comparison) a range the path
    /// index answers: from the path up to the first path after every path below it ("/" sorts just
    /// before "0"). PostgreSQL may compare text by a locale that ignores punctuation, so there a LIKE,
    /// which the `text_pattern_ops` index answers (`AddUnitPathPatternIndex`).
    /// Every unit is within the nation: no condition, so the database reads the other table first
    /// rather than every unit through the path index.
    static func within(_ column: String, _ path: String, on db: any SQLDatabase) -> SQLQueryString {
        if path == UnitPath.root { return "1 = 1" }
        if db.dialect.name == "sqlite" {
            return "\(unsafeRaw: column) >= \(bind: path) AND \(unsafeRaw: column) < \(bind: String(path.dropLast()) + "0")"
        }
        return "\(unsafeRaw: column) LIKE \(bind: path + "%")"
    }

    static func ancestors(of unit: OrgUnit, on db: any Database) async throws -> [OrgUnit] {
        let paths = Array(UnitPath.ancestors(unit.path).dropLast())
        guard !paths.isEmpty else { return [] }
        return try await units(where: "path IN (\(binds: paths))", on: db).sorted { $0.path.count < $1.path.count }
    }

    /// A unit by its id. Every page starts with one: read in plain SQL, as reading a model through
    /// Fluent's reflection costs more than the query itself.
    static func find(_ id: UUID, on db: any Database) async throws -> OrgUnit? {
        try await units(where: "id = \(bind: id)", on: db).first
    }

    static let columns =
        "id, structure, level, code, name, name_key, kind, parent_id, path, scope_path, lat, lon, area_km2, valid_from, valid_to, created_at"

    /// Units matching a condition, as models that may be saved again.
    static func units(where condition: SQLQueryString, on db: any Database) async throws -> [OrgUnit] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT \(unsafeRaw: columns) FROM units WHERE \(condition)").all().map(unit)
    }

    /// A unit from a row holding `columns`.
    static func unit(_ row: any SQLRow) throws -> OrgUnit {
        let u = OrgUnit()
        u.id = try row.decode(column: "id", as: UUID.self)
        u.$id.exists = true
        u.structure = try row.decode(column: "structure", as: String.self)
        u.level = try row.decode(column: "level", as: String.self)
        u.code = try row.decode(column: "code", as: String?.self)
        u.name = try row.decode(column: "name", as: String.self)
        u.nameKey = try row.decode(column: "name_key", as: String.self)
        u.kind = try row.decode(column: "kind", as: String?.self)
        u.$parent.id = try row.decode(column: "parent_id", as: UUID?.self)
        u.path = try row.decode(column: "path", as: String.self)
        u.scopePath = try row.decode(column: "scope_path", as: String.self)
        u.lat = try row.decode(column: "lat", as: Double?.self)
        u.lon = try row.decode(column: "lon", as: Double?.self)
        u.areaKm2 = try row.decode(column: "area_km2", as: Double?.self)
        u.validFrom = try row.decode(column: "valid_from", as: String?.self)
        u.validTo = try row.decode(column: "valid_to", as: String?.self)
        u.createdAt = try row.decode(column: "created_at", as: Date?.self)
        return u
    }

    static func children(of unit: OrgUnit, on db: any Database) async throws -> [OrgUnit] {
        try await OrgUnit.query(on: db).filter(\.$parent.$id == unit.requireID()).all()
            .sorted(byPlace: { $0.name })
    }

    /// Counts below each child, keyed by the child's path. All children of a unit have paths of
    /// the same length per structure, so one grouped query per length answers.
    static func counts(below children: [OrgUnit], of parent: OrgUnit, on db: any Database) async throws -> [String: SubtreeCounts] {
        var result: [String: SubtreeCounts] = [:]
        for child in children { result[child.path] = SubtreeCounts() }
        let sql = db as! any SQLDatabase
        let parentPath = parent.path
        for length in Set(children.map { $0.path.count }) {
            let rows = try await sql.raw(
                """
                SELECT substr(path, 1, CAST(\(bind: length) AS INTEGER)) AS child, level, structure, COUNT(*) AS n FROM units
                WHERE \(within("path", parentPath, on: sql)) AND level IN ('commune', 'village', 'club')
                GROUP BY 1, 2, 3
                """
            ).all()
            for row in rows {
                let child = try row.decode(column: "child", as: String.self)
                guard result[child] != nil else { continue }
                let n = try row.decode(column: "n", as: Int.self)
                switch (try row.decode(column: "level", as: String.self), try row.decode(column: "structure", as: String.self)) {
                case ("commune", UnitStructure.legacy.rawValue): result[child]!.legacyCommunes += n
                case ("commune", _): result[child]!.communes += n
                case ("village", _): result[child]!.villages += n
                case ("club", _): result[child]!.clubs += n
                default: break
                }
            }
            let members = try await sql.raw(
                """
                SELECT substr(u.path, 1, CAST(\(bind: length) AS INTEGER)) AS child, COUNT(*) AS n
                FROM members m JOIN clubs c ON c.id = m.club_id JOIN units u ON u.id = c.unit_id
                WHERE \(within("u.path", parentPath, on: sql)) AND m.left_on IS NULL
                GROUP BY 1
                """
            ).all()
            for row in members {
                let child = try row.decode(column: "child", as: String.self)
                guard result[child] != nil else { continue }
                result[child]!.members += try row.decode(column: "n", as: Int.self)
            }
        }
        return result
    }

    /// Counts below (and including) one unit.
    static func totals(of unit: OrgUnit, on db: any Database) async throws -> SubtreeCounts {
        let sql = db as! any SQLDatabase
        var counts = SubtreeCounts()
        let rows = try await sql.raw(
            """
            SELECT level, structure, COUNT(*) AS n FROM units
            WHERE \(within("path", unit.path, on: sql)) AND level IN ('commune', 'village', 'club')
            GROUP BY level, structure
            """
        ).all()
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            switch (try row.decode(column: "level", as: String.self), try row.decode(column: "structure", as: String.self)) {
            case ("commune", UnitStructure.legacy.rawValue): counts.legacyCommunes += n
            case ("commune", _): counts.communes += n
            case ("village", _): counts.villages += n
            case ("club", _): counts.clubs += n
            default: break
            }
        }
        let members = try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM members m JOIN clubs c ON c.id = m.club_id JOIN units u ON u.id = c.unit_id
            WHERE \(within("u.path", unit.path, on: sql)) AND m.left_on IS NULL
            """
        ).first()
        counts.members = try members?.decode(column: "n", as: Int.self) ?? 0
        return counts
    }

    /// The 2025 communes an old commune went into (primary first), or the old communes a 2025
    /// commune was formed from.
    static func successors(of unit: OrgUnit, on db: any Database) async throws -> [(OrgUnit, Bool)] {
        let links = try await UnitSuccession.query(on: db).filter(\.$oldUnit.$id == unit.requireID()).all()
        let units = try await OrgUnit.query(on: db).filter(\.$id ~~ links.map { $0.$newUnit.id }).all()
        let byID = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u) } })
        return links.compactMap { l in byID[l.$newUnit.id].map { ($0, l.isPrimary) } }.sorted { $0.1 && !$1.1 }
    }

    static func predecessors(of unit: OrgUnit, on db: any Database) async throws -> [OrgUnit] {
        let links = try await UnitSuccession.query(on: db).filter(\.$newUnit.$id == unit.requireID()).all()
        return try await OrgUnit.query(on: db).filter(\.$id ~~ links.map { $0.$oldUnit.id }).all()
            .sorted(byPlace: { $0.name })
    }

    /// The pre-2025 provinces whose land is now in this 2025 province.
    static func legacyProvinces(in province: OrgUnit, on db: any Database) async throws -> [OrgUnit] {
        try await OrgUnit.query(on: db).filter(\.$structure == UnitStructure.legacy.rawValue)
            .filter(\.$level == UnitLevel.province.rawValue).filter(\.$scopePath == province.path).all()
            .sorted(byPlace: { $0.name })
    }

    /// The villages and residential groups of a commune, in Vietnamese order.
    static func villages(inCommune communeID: UUID, on db: any Database) async throws -> [OrgUnit] {
        try await OrgUnit.query(on: db).filter(\.$parent.$id == communeID)
            .filter(\.$level == UnitLevel.village.rawValue).all()
            .sorted(byPlace: { $0.name })
    }

    /// The units named by their parent ids, for "district, province" lines of old communes.
    static func parents(of units: [OrgUnit], on db: any Database) async throws -> [UUID: OrgUnit] {
        let ids = Set(units.compactMap { $0.$parent.id })
        guard !ids.isEmpty else { return [:] }
        let parents = try await OrgUnit.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(uniqueKeysWithValues: parents.compactMap { p in p.id.map { ($0, p) } })
    }
}
