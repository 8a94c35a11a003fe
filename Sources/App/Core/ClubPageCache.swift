import Vapor
import Fluent
import SQLKit
import NIOConcurrencyHelpers
import ISHCCore

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
        /// The page cut at each placeholder of the form token.
        var parts: [ByteBuffer]
        var bytes: Int
        var used: UInt64
    }

    let maxBytes: Int
    /// Stands for the form token in a kept page; random, so no content can contain it.
    let placeholder = "csrf" + SessionToken.random()
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
    func keep(_ key: Key, stamp: String, parts: [ByteBuffer]) {
        let size = parts.reduce(0) { $0 + $1.readableBytes }
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

    /// A page made with `placeholder` for the form token, cut where it stands.
    func split(_ body: String) -> [ByteBuffer] {
        body.components(separatedBy: placeholder).map { ByteBuffer(string: $0) }
    }

    static func join(_ parts: [ByteBuffer], token: String) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: parts.reduce(0) { $0 + $1.readableBytes } + parts.count * token.utf8.count)
        for (i, part) in parts.enumerated() {
            if i > 0 { out.writeString(token) }
            out.writeImmutableBuffer(part)
        }
        return out
    }

    /// The stamp of a club's page as the database has it now, in one query; nil when the page is
    /// not to be kept. The ancestors come as one text of their columns, in the order of their paths.
    static func stamp(_ req: Request, user: CurrentUser, unit: OrgUnit, today: Day) async throws -> String? {
        guard let sql = req.db as? any SQLDatabase, let unitID = unit.id else { return nil }
        let paths = Array(UnitPath.ancestors(unit.path).dropLast())
        let above: SQLQueryString = paths.isEmpty ? "NULL" : "\(binds: paths)"
        let sqlite = sql.dialect.name == "sqlite"
        func text(_ column: String) -> String {
            "COALESCE(CAST(\(column) AS TEXT), '')"
        }
        let id = sqlite ? "hex(a.id)" : "CAST(a.id AS TEXT)"
        let parent = sqlite ? "COALESCE(hex(a.parent_id), '')" : text("a.parent_id")
        let line = ([id, "a.structure", "a.level", text("a.code"), "a.name", text("a.kind"), parent, "a.path", "a.scope_path"]
            + ["a.lat", "a.lon", "a.area_km2", "a.valid_from", "a.valid_to"].map(text))
            .joined(separator: " || '|' || ")
        let gathered: SQLQueryString = sqlite
            ? "(SELECT group_concat(line, '~') FROM (SELECT \(unsafeRaw: line) AS line FROM units a WHERE a.path IN (\(above)) ORDER BY a.path))"
            : "(SELECT string_agg(\(unsafeRaw: line), '~' ORDER BY a.path) FROM units a WHERE a.path IN (\(above)))"
        guard let row = try await sql.raw("""
            SELECT c.facts_version AS version, c.merged_into_id AS merged,
                   (SELECT facts_version FROM units WHERE id = c.commune_id) AS commune,
                   (SELECT COUNT(*) FROM plans WHERE unit_id = c.unit_id
                        OR unit_id IN (SELECT id FROM units WHERE path IN (\(above)))) AS plans,
                   \(gathered) AS ancestors
            FROM clubs c WHERE c.unit_id = \(bind: unitID)
            """).first() else { return nil }
        guard try row.decode(column: "merged", as: UUID?.self) == nil else { return nil }
        var parts = [today.iso,
                     String(try row.decode(column: "version", as: Int64.self)),
                     String(try row.decode(column: "plans", as: Int64.self)),
                     user.role.keepsUnits ? String(try row.decode(column: "commune", as: Int64?.self) ?? -1) : "",
                     user.role.rawValue, user.fullName, user.unitID.uuidString, user.unitName, user.unitPath,
                     user.mustChangePassword ? "1" : "0",
                     try row.decode(column: "ancestors", as: String?.self) ?? ""]
        parts += [unitID.uuidString, unit.structure, unit.level, unit.code ?? "", unit.name, unit.kind ?? "",
                  unit.$parent.id?.uuidString ?? "", unit.path, unit.scopePath,
                  unit.lat.map { "\($0)" } ?? "", unit.lon.map { "\($0)" } ?? "", unit.areaKm2.map { "\($0)" } ?? "",
                  unit.validFrom ?? "", unit.validTo ?? ""]
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
