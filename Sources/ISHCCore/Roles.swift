import Foundation

/// Levels of the unit tree. `district` exists only in the pre-2025 structure.
public enum UnitLevel: String, CaseIterable, Codable, Sendable {
    case nation, province, district, commune, village, club

    /// Depth order used to decide what may sit below what.
    public var depth: Int {
        switch self {
        case .nation: return 0
        case .province: return 1
        case .district: return 2
        case .commune: return 3
        case .village: return 4
        case .club: return 5
        }
    }
}

/// Which official structure a unit belongs to. A code names a unit only together with its structure.
public enum UnitStructure: String, CaseIterable, Codable, Sendable {
    /// 34 provinces and 3,321 communes, in force from 1/7/2025; villages and clubs hang below.
    case current = "2025"
    /// 63 provinces, districts and about 10,040 communes, valid until 30/6/2025.
    case legacy = "legacy"
}

public enum Role: String, CaseIterable, Codable, Sendable {
    case administrator
    case centralOfficer = "central_officer"
    case provinceOfficer = "province_officer"
    case communeOfficer = "commune_officer"
    case clubChair = "club_chair"
    case clubViceChair = "club_vice_chair"
    case clubSecretary = "club_secretary"
    case clubTreasurer = "club_treasurer"
    case viewer

    /// Higher ranks manage lower ones.
    public var rank: Int {
        switch self {
        case .administrator: return 100
        case .centralOfficer: return 80
        case .provinceOfficer: return 60
        case .communeOfficer: return 40
        case .clubChair, .clubViceChair, .clubSecretary, .clubTreasurer: return 20
        case .viewer: return 10
        }
    }

    public var isClubBoard: Bool { rank == 20 }
    public var isOfficer: Bool { self == .centralOfficer || self == .provinceOfficer || self == .communeOfficer }
    /// Officers and administrators keep the units: plans, denominators, clubs, reports.
    public var keepsUnits: Bool { isOfficer || self == .administrator }
    /// Sets a club's loan rules (repayment order, where fees go) and reschedules or writes off a
    /// loan: officers, the administrator, the club's chair and its treasurer.
    public var setsLoanRules: Bool { isOfficer || self == .administrator || self == .clubChair || self == .clubTreasurer }

    /// The unit levels a user with this role may belong to.
    public var allowedLevels: Set<UnitLevel> {
        switch self {
        case .administrator, .centralOfficer: return [.nation]
        case .provinceOfficer: return [.province]
        case .communeOfficer: return [.commune]
        case .clubChair, .clubViceChair, .clubSecretary, .clubTreasurer: return [.club]
        case .viewer: return [.nation, .province, .commune, .club]
        }
    }

    /// Administrators and officers create and reset users below them; nobody else does.
    public var managesUsers: Bool { self == .administrator || isOfficer }

    /// Viewers read only, and never see personal data.
    public var canWrite: Bool { self != .viewer }
    public var seesPersonalData: Bool { self != .viewer }

    /// Roles this role may give to a new user. Administrators may create anything; officers
    /// only roles of a lower rank.
    public var assignableRoles: [Role] {
        guard managesUsers else { return [] }
        if self == .administrator { return Role.allCases }
        return Role.allCases.filter { $0.rank < rank }
    }

    public func canManage(_ other: Role) -> Bool {
        managesUsers && (self == .administrator || other.rank < rank)
    }
}

/// A unit's place in the tree as a path of segments, `/VN/p01/c00004/`. A user sees a record
/// when the user's unit path is a prefix of the record's scope path.
public enum UnitPath {
    public static let root = "/VN/"

    public static func child(of parent: String, segment: String) -> String {
        parent + segment + "/"
    }

    /// The path segment of a unit the system creates (village `v…`, club `k…`): a letter and
    /// 12 hex digits of its id, so all children of a commune have paths of one length.
    public static func segment(_ kind: Character, id: UUID) -> String {
        String(kind) + String(id.uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
    }

    public static func contains(_ scope: String, _ path: String) -> Bool {
        path.hasPrefix(scope) && scope.hasSuffix("/")
    }

    /// The chain of ancestor paths from the root down to and including `path`.
    public static func ancestors(_ path: String) -> [String] {
        var result: [String] = []
        var current = "/"
        for segment in path.split(separator: "/") {
            current += segment + "/"
            result.append(current)
        }
        return result
    }
}
