import Fluent
import SQLKit
import Vapor

/// A kept one-time key: what the first write with it was and what it answered.
struct OneTimeKeyRow: Decodable {
    var route: String
    var requestHash: String
    var targetKind: String?
    var targetID: String?
    var status: Int?
    var location: String?
    var body: String?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case route, status, location, body
        case requestHash = "request_hash"
        case targetKind = "target_kind"
        case targetID = "target_id"
        case createdAt = "created_at"
    }
}

enum OneTimeKeyStore {
    static func find(user: UUID, key: String, on db: any Database) async throws -> OneTimeKeyRow? {
        try await (db as! any SQLDatabase).raw(
            """
            SELECT route, request_hash, target_kind, target_id, status, location, body, created_at
            FROM idempotency_keys WHERE user_id = \(bind: user) AND once_key = \(bind: key)
            """
        ).first(decoding: OneTimeKeyRow.self)
    }

    /// Claims the key inside the write's transaction. A second writer of the same key waits on the
    /// primary key until the first commits, then fails, and its whole write is rolled back.
    static func insert(_ claim: OnceClaim, kind: String?, id: String?, at: Date, on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO idempotency_keys (user_id, once_key, route, request_hash, target_kind, target_id, created_at)
            VALUES (\(bind: claim.userID), \(bind: claim.key), \(bind: claim.route), \(bind: claim.hash), \(bind: kind), \(bind: id), \(bind: at))
            """
        ).run()
    }

    static func finish(_ claim: OnceClaim, status: Int, location: String?, body: String?, on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw(
            """
            UPDATE idempotency_keys SET status = \(bind: status), location = \(bind: location), body = \(bind: body)
            WHERE user_id = \(bind: claim.userID) AND once_key = \(bind: claim.key)
            """
        ).run()
    }

    /// Drops keys older than `OneTimeKeys.keepDays`; returns how many.
    @discardableResult
    static func prune(now: Date, on db: any Database) async throws -> Int {
        let before = now.addingTimeInterval(-Double(OneTimeKeys.keepDays) * 86_400)
        let sql = db as! any SQLDatabase
        let n =
            try await sql.raw("SELECT COUNT(*) AS n FROM idempotency_keys WHERE created_at < \(bind: before)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        if n > 0 { try await sql.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: before)").run() }
        return n
    }
}
