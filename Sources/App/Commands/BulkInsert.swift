import Vapor
import Fluent
import SQLKit

/// Writes many rows with few statements: rows are buffered and sent as multi-row INSERTs that stay
/// under the database's limit of bound values. Writers of one `BulkSet` flush together, parents
/// first (in the order they were made), so foreign keys always find their rows.
///
/// On PostgreSQL each flush is one transaction. On SQLite every statement goes through one
/// connection that skips syncing to disk and keeps a large page cache (the indexes of random ids
/// are written all over the file), and a transaction covers a few hundred thousand rows, so a
/// commit does not write the same index pages again and again. A generated nation that stops
/// half-way is thrown away, so syncing buys nothing here. Used by one task at a time.
final class BulkSet: @unchecked Sendable {
    let db: any Database
    let sqlite: Bool
    private(set) var writers: [BulkInsert] = []
    private var open = false
    private var rowsInTransaction = 0
    static let rowsPerCommit = 400_000

    init(on db: any Database) {
        self.db = db
        sqlite = (db as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    /// For SQLite: the connection's settings for a bulk write. Call once, before any row.
    func prepare() async throws {
        guard sqlite, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA synchronous = OFF").run()
        // In KiB: 4 GiB of pages at most, taken as they are needed.
        try await sql.raw("PRAGMA cache_size = -4194304").run()
        try await sql.raw("PRAGMA temp_store = MEMORY").run()
    }

    func writer(_ table: String, _ columns: [String]) -> BulkInsert {
        let w = BulkInsert(table, columns, set: self)
        writers.append(w)
        return w
    }

    func flushAll() async throws {
        let writers = self.writers
        guard sqlite, let sql = db as? any SQLDatabase else {
            try await db.transaction { tx in
                for w in writers { try await w.flush(on: tx as! any SQLDatabase) }
            }
            return
        }
        if !open { try await sql.raw("BEGIN").run(); open = true }
        do {
            for w in writers { rowsInTransaction += try await w.flush(on: sql) }
        } catch {
            try? await sql.raw("ROLLBACK").run()
            open = false
            throw error
        }
        if rowsInTransaction >= Self.rowsPerCommit { try await commit() }
    }

    /// Writes what is buffered and commits: call at the end.
    func finish() async throws {
        try await flushAll()
        try await commit()
    }

    private func commit() async throws {
        guard open, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("COMMIT").run()
        open = false
        rowsInTransaction = 0
    }
}

final class BulkInsert: @unchecked Sendable {
    let table: String
    let columns: [String]
    unowned let set: BulkSet
    private var rows: [[any Encodable & Sendable]] = []
    private let maxRows: Int
    private(set) var written = 0

    init(_ table: String, _ columns: [String], set: BulkSet) {
        self.table = table
        self.columns = columns
        self.set = set
        // SQLite takes 32,766 bound values a statement, PostgreSQL 65,535.
        maxRows = max(1, 30_000 / columns.count)
    }

    func add(_ values: [any Encodable & Sendable]) async throws {
        rows.append(values)
        if rows.count >= maxRows { try await set.flushAll() }
    }

    /// Sends the buffered rows; returns how many.
    @discardableResult
    func flush(on db: any SQLDatabase) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        var insert = db.insert(into: table).columns(columns)
        for row in rows { insert = insert.values(row) }
        try await insert.run()
        let n = rows.count
        written += n
        rows.removeAll(keepingCapacity: true)
        return n
    }
}
