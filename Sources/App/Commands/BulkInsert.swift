import Fluent
import SQLKit
import Vapor

/// Writes many rows with few statements: rows are buffered and sent as multi-row INSERTs that stay
/// under the database's limit of bound values. Writers of one `BulkSet` flush together, parents
/// first (in the order they were made), so foreign keys always find their rows.
///
/// A flush is written while the caller goes on making the next rows: the rows are handed to a
/// task, and the next flush first waits for it, so writes stay one at a time and in order, and
/// an error comes out at the next flush or at `finish`.
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
    /// The flush being written, which returns how many rows it wrote.
    private var pending: Task<Int, any Error>?
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

    /// Hands every writer's buffered rows to a task that writes them, once the flush before is written.
    func flushAll() async throws {
        try await settle()
        let batches = writers.map { (table: $0.table, columns: $0.columns, rows: $0.take()) }.filter { !$0.rows.isEmpty }
        guard !batches.isEmpty else { return }
        let db = self.db
        guard sqlite, let sql = db as? any SQLDatabase else {
            pending = Task {
                try await db.transaction { tx in
                    var n = 0
                    for b in batches { n += try await BulkInsert.write(b.rows, into: b.table, b.columns, on: tx as! any SQLDatabase) }
                    return n
                }
            }
            return
        }
        if rowsInTransaction >= Self.rowsPerCommit { try await commit() }
        if !open {
            try await sql.raw("BEGIN").run()
            open = true
        }
        pending = Task {
            var n = 0
            for b in batches { n += try await BulkInsert.write(b.rows, into: b.table, b.columns, on: sql) }
            return n
        }
    }

    /// Waits for the flush under way; on SQLite a failed one rolls the transaction back.
    private func settle() async throws {
        guard let task = pending else { return }
        pending = nil
        do {
            rowsInTransaction += try await task.value
        } catch {
            if sqlite, open, let sql = db as? any SQLDatabase {
                try? await sql.raw("ROLLBACK").run()
                open = false
            }
            throw error
        }
    }

    /// Writes what is buffered and commits: call at the end.
    func finish() async throws {
        try await flushAll()
        try await settle()
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
    /// Rows handed to be written so far.
    private(set) var written = 0

    init(_ table: String, _ columns: [String], set: BulkSet) {
        self.table = table
        self.columns = columns
        self.set = set
        // SQLite takes 32,766 bound values a statement, PostgreSQL 65,535.
        maxRows = max(1, 30_000 / columns.count)
        rows.reserveCapacity(maxRows)
    }

    func add(_ values: [any Encodable & Sendable]) async throws {
        rows.append(values)
        if rows.count >= maxRows { try await set.flushAll() }
    }

    /// The buffered rows, taken out to be written.
    func take() -> [[any Encodable & Sendable]] {
        let taken = rows
        written += taken.count
        rows = []
        rows.reserveCapacity(maxRows)
        return taken
    }

    /// Writes rows in one statement; returns how many.
    static func write(_ rows: [[any Encodable & Sendable]], into table: String, _ columns: [String], on db: any SQLDatabase) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        var insert = db.insert(into: table).columns(columns)
        for row in rows { insert = insert.values(row) }
        try await insert.run()
        return rows.count
    }
}

/// On PostgreSQL a foreign key is checked row by row, by a trigger that reads the parent row: for a
/// whole nation that is some fifty million reads. Loading into an empty database, the keys are taken
/// off first and put back after, when PostgreSQL checks each of them over the whole table at once.
/// SQLite checks a key by one look in an index it has in memory anyway, so there they stay.
enum ForeignKeys {
    struct Key: Equatable, Sendable {
        var table: String
        var name: String
        var definition: String
    }

    /// The foreign keys of the tables in the current schema (none listed on SQLite).
    static func list(on db: any SQLDatabase) async throws -> [Key] {
        guard db.dialect.name == "postgresql" else { return [] }
        return try await db.raw(
            """
            SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            ORDER BY 1, 2
            """
        ).all().map { row in
            Key(
                table: try row.decode(column: "tbl", as: String.self), name: try row.decode(column: "name", as: String.self),
                definition: try row.decode(column: "def", as: String.self))
        }
    }

    /// Takes the keys off and returns them, to be put back by `restore`.
    static func drop(on db: any SQLDatabase) async throws -> [Key] {
        let keys = try await list(on: db)
        for key in keys {
            try await db.raw("ALTER TABLE \(unsafeRaw: key.table) DROP CONSTRAINT \(ident: key.name)").run()
        }
        return keys
    }

    /// Puts the keys back; PostgreSQL checks every row against them.
    static func restore(_ keys: [Key], on db: any SQLDatabase) async throws {
        let present = Set(try await list(on: db).map(\.name))
        for key in keys where !present.contains(key.name) {
            try await db.raw("ALTER TABLE \(unsafeRaw: key.table) ADD CONSTRAINT \(ident: key.name) \(unsafeRaw: key.definition)").run()
        }
    }
}

/// The triggers that keep club and commune versions (`cf_…`, `uf_…`), taken off while a whole
/// generated nation is written into an empty database and put back after, exactly as the
/// migrations made them: their definitions are read from the database's own catalogue, so this
/// code never restates them. The ledger's append-only triggers stay on.
enum VersionTriggers {
    struct Trigger: Equatable, Sendable {
        var table: String
        var name: String
        var definition: String
    }

    static func list(on db: any SQLDatabase) async throws -> [Trigger] {
        struct Row: Decodable {
            var tbl: String
            var name: String
            var def: String
        }
        let rows: [Row]
        if db.dialect.name == "sqlite" {
            rows = try await db.raw(
                """
                SELECT tbl_name AS tbl, name, sql AS def FROM sqlite_master
                WHERE type = 'trigger' AND (name LIKE 'cf\\_%' ESCAPE '\\' OR name LIKE 'uf\\_%' ESCAPE '\\') ORDER BY name
                """
            ).all(decoding: Row.self)
        } else {
            rows = try await db.raw(
                """
                SELECT c.relname AS tbl, t.tgname AS name, pg_get_triggerdef(t.oid) AS def
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT t.tgisinternal AND n.nspname = current_schema()
                  AND (t.tgname LIKE 'cf\\_%' OR t.tgname LIKE 'uf\\_%') ORDER BY 2
                """
            ).all(decoding: Row.self)
        }
        return rows.map { Trigger(table: $0.tbl, name: $0.name, definition: $0.def) }
    }

    /// Takes the triggers off and returns them, to be put back by `restore`.
    static func drop(on db: any SQLDatabase) async throws -> [Trigger] {
        let triggers = try await list(on: db)
        for t in triggers {
            if db.dialect.name == "sqlite" {
                try await db.raw("DROP TRIGGER IF EXISTS \(ident: t.name)").run()
            } else {
                try await db.raw("DROP TRIGGER IF EXISTS \(ident: t.name) ON \(ident: t.table)").run()
            }
        }
        return triggers
    }

    static func restore(_ triggers: [Trigger], on db: any SQLDatabase) async throws {
        let present = Set(try await list(on: db).map(\.name))
        for t in triggers where !present.contains(t.name) {
            try await db.raw(SQLQueryString(t.definition)).run()
        }
    }
}
