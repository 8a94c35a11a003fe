import Fluent
import FluentPostgresDriver
import ISHCCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Club pages as last rendered, kept in the server's memory with a stamp of everything they were
/// made from, so a club's secretary opening the page again costs a few small reads instead of
/// some fifteen queries and rendering its members, meetings and funds.
///
/// The stamp holds:
/// - the club's `facts_version`, which the database moves on every write to the club's row and to
///   every table the page shows of it (members, board, meetings, funds and loans, health checks,
///   care, activities kept at the club or naming it: `ClubFactsCache`'s triggers);
/// - the club's unit and its ancestors as read (names and paths in the breadcrumbs and access);
/// - the number of plans covering the club (plans are only ever added), which set its standard;
/// - for the officers who may merge clubs, the commune's `facts_version` (its other clubs);
/// - the day, the visitor (role, unit, name) and the language.
///
/// A page is kept only for a plain GET without a query string, and never for a merged club
/// (it names the club it went into). It is kept with a placeholder where the visitor's form token
/// goes, filled in for each response. The stamp is read before the page is made, so a write that
/// lands in between makes the kept page stale, never wrong.
///
/// Bounded by bytes (`ISHC_PAGE_CACHE_MB`, 32 MB unless set; 0 turns it off); the page used
/// longest ago goes first.
final class ClubPageCache: @unchecked Sendable {
    struct Key: Hashable {
        var unit: UUID
        var user: UUID
        var lang: String
    }

    private struct Entry {
        var stamp: String
        /// The page cut at each placeholder of the form token, and each part cut at each
        /// placeholder of a form's one-time key.
        var parts: [[ByteBuffer]]
        var bytes: Int
        var used: UInt64
    }

    let maxBytes: Int
    /// Stands for the form token in a kept page; random, so no content can contain it.
    let placeholder = "csrf" + SessionToken.random()
    /// Stands for a form's one-time key in a kept page: every visit gets keys of its own.
    let oncePlaceholder = "once" + SessionToken.random()
    /// Switched off by tests to compare a kept page with one made afresh.
    var enabled: Bool {
        get { lock.withLock { _enabled } }
        set { lock.withLock { _enabled = newValue } }
    }
    private var _enabled = true
    private let lock = NIOLock()
    private var entries: [Key: Entry] = [:]
    private var bytes = 0
    private var tick: UInt64 = 0
    /// Pages answered from memory and pages made, since the start (for tests and logs).
    private(set) var hits = 0
    private(set) var misses = 0

    init(maxBytes: Int = 32 << 20) { self.maxBytes = maxBytes }

    var counts: (hits: Int, misses: Int, pages: Int, bytes: Int) {
        lock.withLock { (hits, misses, entries.count, bytes) }
    }

    /// The kept page for this key if its stamp is still the one given, with `token` in its forms.
    func page(_ key: Key, stamp: String, token: String) -> ByteBuffer? {
        lock.withLock {
            guard _enabled, maxBytes > 0, var entry = entries[key], entry.stamp == stamp else {
                misses += 1
                return nil
            }
            hits += 1
            tick += 1
            entry.used = tick
            entries[key] = entry
            return Self.join(entry.parts, token: token)
        }
    }

    /// Keeps a page cut at the placeholder (`split`).
    func keep(_ key: Key, stamp: String, parts: [[ByteBuffer]]) {
        let size = parts.reduce(0) { $0 + $1.reduce(0) { $0 + $1.readableBytes } }
        guard maxBytes > 0, size <= maxBytes / 4 else { return }
        lock.withLock {
            guard _enabled else { return }
            if let old = entries[key] { bytes -= old.bytes }
            tick += 1
            entries[key] = Entry(stamp: stamp, parts: parts, bytes: size, used: tick)
            bytes += size
            while bytes > maxBytes, let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
                bytes -= oldest.value.bytes
                entries[oldest.key] = nil
            }
        }
    }

    var active: Bool { maxBytes > 0 && enabled }

    /// A page made with `placeholder` for the form token and `oncePlaceholder` for the forms'
    /// one-time keys, cut where they stand.
    func split(_ body: String) -> [[ByteBuffer]] {
        body.components(separatedBy: placeholder).map { $0.components(separatedBy: oncePlaceholder).map { ByteBuffer(string: $0) } }
    }

    /// The page with `token` in its forms and a new one-time key in each form that changes data.
    static func join(_ parts: [[ByteBuffer]], token: String) -> ByteBuffer {
        let size = parts.reduce(0) { $0 + $1.reduce(0) { $0 + $1.readableBytes } + $1.count * 44 } + parts.count * token.utf8.count
        var out = ByteBufferAllocator().buffer(capacity: size)
        for (i, part) in parts.enumerated() {
            if i > 0 { out.writeString(token) }
            for (j, piece) in part.enumerated() {
                if j > 0 { out.writeString(OneTimeKeys.newKey()) }
                out.writeImmutableBuffer(piece)
            }
        }
        return out
    }

    /// What a unit's page is kept by, read with the unit itself.
    struct Probe {
        /// The club's version, plans and commune's version, its unit and the units above as text;
        /// nil for a unit that is not a club, or a club that was merged.
        var club: (version: Int64, plans: Int64, commune: Int64?, units: [String])?
    }

    /// How many units above a club the probe reads (nation, province, commune, village).
    static let levelsAbove = 4

    /// A unit and what its page is kept by, in one query prepared once per connection (`PreparedSQLQuery`).
    struct ProbeQuery: PreparedSQLQuery {
        static let sql = text(sqlite: false)
        static let sqliteSQL = text(sqlite: true)
        var id: UUID
        var values: [PreparedValue] { [id] }

        static func text(sqlite: Bool) -> String {
            func text(_ column: String) -> String { "COALESCE(CAST(\(column) AS TEXT), '')" }
            func line(_ a: String) -> String {
                let id = sqlite ? "hex(\(a).id)" : "CAST(\(a).id AS TEXT)"
                let parent = sqlite ? "COALESCE(hex(\(a).parent_id), '')" : text("\(a).parent_id")
                return
                    ([
                        id, "\(a).structure", "\(a).level", text("\(a).code"), "\(a).name", text("\(a).kind"), parent,
                        "\(a).path", "\(a).scope_path",
                    ]
                    + ["lat", "lon", "area_km2", "valid_from", "valid_to"].map { text("\(a).\($0)") })
                    .joined(separator: " || '|' || ")
            }
            let levels = 1...levelsAbove
            let unitColumns = UnitQueries.columns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }
            let select =
                (unitColumns + [
                    "c.facts_version AS club_version", "c.merged_into_id AS club_merged",
                    "(SELECT facts_version FROM units WHERE id = c.commune_id) AS commune_version",
                    "(SELECT COUNT(*) FROM plans WHERE unit_id IN (u.id, \(levels.map { "p\($0).id" }.joined(separator: ", ")))) AS plans",
                    "\(line("u")) AS unit_line",
                ] + levels.flatMap { ["p\($0).path AS above\($0)_path", "\(line("p\($0)")) AS above\($0)"] })
                .joined(separator: ", ")
            let joins = levels.map { "LEFT JOIN units p\($0) ON p\($0).id = \($0 == 1 ? "u" : "p\($0 - 1)").parent_id" }
                .joined(separator: " ")
            return "SELECT \(select) FROM units u LEFT JOIN clubs c ON c.unit_id = u.id \(joins) WHERE u.id = $1"
        }
    }

    /// A unit and the stamp of its page in one query, so a kept page costs the session's read and
    /// this one. The units above come through `parent_id`, each as one text of its columns; they
    /// must be the units of the club's path, or the page is not kept.
    static func probe(_ id: UUID, on db: any Database) async throws -> (OrgUnit, Probe)? {
        guard let row = try await ProbeQuery(id: id).first(on: db) else { return nil }
        let levels = 1...levelsAbove
        let unit = try UnitQueries.unit(row)
        guard let version = try row.decode(column: "club_version", as: Int64?.self),
            try row.decode(column: "club_merged", as: UUID?.self) == nil
        else { return (unit, Probe()) }
        // From the parent up; kept from the root down, as the path lists them.
        var paths: [String] = []
        var lines = [try row.decode(column: "unit_line", as: String.self)]
        for level in levels {
            guard let path = try row.decode(column: "above\(level)_path", as: String?.self) else { break }
            paths.insert(path, at: 0)
            lines.insert(try row.decode(column: "above\(level)", as: String.self), at: 0)
        }
        guard paths == Array(UnitPath.ancestors(unit.path).dropLast()) else { return (unit, Probe()) }
        return (
            unit,
            Probe(
                club: (
                    version, try row.decode(column: "plans", as: Int64.self),
                    try row.decode(column: "commune_version", as: Int64?.self), lines
                ))
        )
    }

    /// The stamp of a club's page from its probe; nil when the page is not to be kept.
    static func stamp(_ probe: Probe, user: CurrentUser, today: Day) -> String? {
        guard let club = probe.club else { return nil }
        var parts = [
            today.iso, String(club.version), String(club.plans),
            user.role.keepsUnits ? String(club.commune ?? -1) : "",
            user.role.rawValue, user.fullName, user.unitID.uuidString, user.unitName, user.unitPath,
            user.mustChangePassword ? "1" : "0",
        ]
        parts += club.units
        return parts.joined(separator: "\u{1F}")
    }
}

extension Application {
    private struct ClubPageCacheKey: StorageKey { typealias Value = ClubPageCache }

    var clubPages: ClubPageCache {
        get {
            if let cache = storage[ClubPageCacheKey.self] { return cache }
            let cache = ClubPageCache(maxBytes: 0)
            storage[ClubPageCacheKey.self] = cache
            return cache
        }
        set { storage[ClubPageCacheKey.self] = newValue }
    }
}
