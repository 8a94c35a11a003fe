import Fluent
import Foundation
import ISHCCore

/// A unit of the tree: the nation, a province, a (pre-2025) district, a commune, a village or a club.
/// Official units carry their code; a code names a unit only together with its structure.
final class OrgUnit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @Field(key: "structure") var structure: String
    @Field(key: "level") var level: String
    @OptionalField(key: "code") var code: String?
    @Field(key: "name") var name: String
    /// Folded name for accent-insensitive search.
    @Field(key: "name_key") var nameKey: String
    /// Official type word: Tỉnh, Thành phố, Xã, Phường, Đặc khu, Huyện, Thôn, Tổ dân phố ...
    @OptionalField(key: "kind") var kind: String?
    @OptionalParent(key: "parent_id") var parent: OrgUnit?
    /// Position in its own tree, `/VN/p01/c00004/`.
    @Field(key: "path") var path: String
    /// Path that access checks use: the unit's own path for 2025 units, and for pre-2025 units the
    /// path of the 2025 unit their land belongs to now.
    @Field(key: "scope_path") var scopePath: String
    @OptionalField(key: "lat") var lat: Double?
    @OptionalField(key: "lon") var lon: Double?
    @OptionalField(key: "area_km2") var areaKm2: Double?
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_to") var validTo: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(
        id: UUID? = nil, structure: UnitStructure, level: UnitLevel, code: String?, name: String,
        kind: String?, parentID: UUID?, path: String, scopePath: String? = nil
    ) {
        self.id = id
        self.structure = structure.rawValue
        self.level = level.rawValue
        self.code = code
        self.name = VietnameseText.normalize(name)
        self.nameKey = VietnameseText.fold(name)
        self.kind = kind
        self.$parent.id = parentID
        self.path = path
        self.scopePath = scopePath ?? path
    }

    var unitLevel: UnitLevel { UnitLevel(rawValue: level) ?? .village }
    var unitStructure: UnitStructure { UnitStructure(rawValue: structure) ?? .current }
}

/// Old commune → new commune, from the official mapping; `is_primary` marks the main successor.
final class UnitSuccession: Model, @unchecked Sendable {
    static let schema = "unit_successions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "old_unit_id") var oldUnit: OrgUnit
    @Parent(key: "new_unit_id") var newUnit: OrgUnit
    @Field(key: "is_primary") var isPrimary: Bool

    init() {}
}

extension OrgUnit {
    /// What a village is called where it is, in the order the form offers them.
    static let villageKinds = ["Thôn", "Tổ dân phố", "Khu dân cư", "Xóm", "Bản", "Ấp", "Buôn", "Làng", "Khối", "Khu phố"]
}
