import ISHCCore
import NIOConcurrencyHelpers
import Vapor

/// Each commune's gathered club facts for a period and day, kept in the server's memory with the
/// commune's `facts_version`, so a province or the nation adds up thousands of clubs without
/// reading them again: only the communes whose version moved since are gathered again.
///
/// The database moves a commune's version whenever anything of its clubs' facts changes (the
/// club's own `facts_version`, a club added, moved or renamed, a village added or removed), by
/// triggers, whatever code path wrote (made by migration 011). The version is read before the
/// clubs, so a write that lands in between makes the entry stale, never wrong.
///
/// Bounded by the number of clubs held (200,000: ten periods of the 2035 nation); the period used
/// longest ago goes first.
final class FactsMemo: @unchecked Sendable {
    struct Key: Hashable {
        var start: Day
        var end: Day
        var asOf: Day
    }

    struct Commune {
        var version: Int64
        var path: String
        /// Villages registered under the commune.
        var villages: Int
        /// Sorted by path.
        var clubs: [IndicatorStore.ClubFacts]
    }

    private struct Period {
        var communes: [String: Commune] = [:]
        var clubs = 0
        var used: UInt64 = 0
    }

    /// The memo of the request or task under way, if any (set by `FactsMemoMiddleware`).
    @TaskLocal static var current: FactsMemo?

    /// The communes' versions as first read in a request that only reads (a dashboard gathers
    /// several periods), so the request reads them once and all its periods agree.
    @TaskLocal static var versions: RequestVersions?

    final class RequestVersions: @unchecked Sendable {
        private let lock = NIOLock()
        private var byPath: [String: [(id: String, version: Int64, path: String)]] = [:]
        func get(_ path: String) -> [(id: String, version: Int64, path: String)]? { lock.withLock { byPath[path] } }
        func set(_ path: String, _ list: [(id: String, version: Int64, path: String)]) { lock.withLock { byPath[path] = list } }
    }

    let maxClubs: Int
    private let lock = NIOLock()
    private var periods: [Key: Period] = [:]
    private var tick: UInt64 = 0
    /// Communes gathered again and communes read from memory since the start, for tests and logs.
    private(set) var gatheredCommunes = 0
    private(set) var reusedCommunes = 0

    init(maxClubs: Int = 200_000) { self.maxClubs = maxClubs }

    /// Texts and sets that recur across clubs and periods, kept once: a club's id, path and name
    /// stand in every period, its commune's and village's ids in each of their clubs, and a few
    /// sets of areas and of topics in all clubs. A club kept points at these instead of copies
    /// of its own (about an eighth of the server's memory at full scale). Emptied when it outgrows the
    /// clubs held, as renamed clubs leave texts no club uses.
    private struct Shared {
        var texts = Set<String>()
        var areas = Set<Set<Int>>()
        var topics = Set<Set<String>>()
        var count: Int { texts.count }

        mutating func one(_ club: IndicatorStore.ClubFacts) -> IndicatorStore.ClubFacts {
            var c = club
            c.path = texts.insert(c.path).memberAfterInsert
            c.name = texts.insert(c.name).memberAfterInsert
            c.facts.clubID = texts.insert(c.facts.clubID).memberAfterInsert
            c.facts.communeID = texts.insert(c.facts.communeID).memberAfterInsert
            c.facts.villageID = c.facts.villageID.map { texts.insert($0).memberAfterInsert }
            c.facts.areasCovered = areas.insert(c.facts.areasCovered).memberAfterInsert
            c.facts.topics = topics.insert(c.facts.topics).memberAfterInsert
            return c
        }
    }
    private var shared = Shared()

    /// The communes kept for the period and day (a copy: arrays are shared, not copied).
    func communes(_ key: Key) -> [String: Commune] {
        lock.withLock {
            tick += 1
            periods[key]?.used = tick
            return periods[key]?.communes ?? [:]
        }
    }

    /// Keeps communes just gathered; an entry already kept with a later version stays.
    func store(_ key: Key, _ fresh: [String: Commune], reused: Int) {
        lock.withLock {
            tick += 1
            gatheredCommunes += fresh.count
            reusedCommunes += reused
            var period = periods[key] ?? Period()
            if shared.count > maxClubs { shared = Shared() }
            for (id, entry) in fresh {
                if let old = period.communes[id], old.version > entry.version { continue }
                period.clubs += entry.clubs.count - (period.communes[id]?.clubs.count ?? 0)
                var kept = entry
                kept.clubs = entry.clubs.map { shared.one($0) }
                period.communes[id] = kept
            }
            period.used = tick
            periods[key] = period
            var total = periods.values.reduce(0) { $0 + $1.clubs }
            while total > maxClubs, let oldest = periods.filter({ $0.key != key }).min(by: { $0.value.used < $1.value.used }) {
                total -= oldest.value.clubs
                periods[oldest.key] = nil
            }
        }
    }

    func noteReused(_ n: Int) {
        lock.withLock { reusedCommunes += n }
    }

    var clubsHeld: Int { lock.withLock { periods.values.reduce(0) { $0 + $1.clubs } } }

    /// The clubs kept, period by period (for tests).
    var clubsKept: [[IndicatorStore.ClubFacts]] {
        lock.withLock { periods.values.map { $0.communes.values.flatMap(\.clubs) } }
    }
}

extension Application {
    private struct FactsMemoKey: StorageKey { typealias Value = FactsMemo }

    /// The server's memo of communes' facts (one per application, so per database).
    var factsMemo: FactsMemo {
        get {
            if let memo = storage[FactsMemoKey.self] { return memo }
            let memo = FactsMemo()
            storage[FactsMemoKey.self] = memo
            return memo
        }
        set { storage[FactsMemoKey.self] = newValue }
    }
}

/// Makes the application's memo the current one for the request, and for a request that only
/// reads, a fresh record of the communes' versions it has read.
struct FactsMemoMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let reads = request.method == .GET || request.method == .HEAD
        return try await FactsMemo.$current.withValue(request.application.factsMemo) {
            try await FactsMemo.$versions.withValue(reads ? FactsMemo.RequestVersions() : nil) {
                try await next.respond(to: request)
            }
        }
    }
}
