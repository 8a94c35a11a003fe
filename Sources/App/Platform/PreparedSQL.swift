import Fluent
import FluentPostgresDriver
import SQLKit

/// A query that nearly every request runs (the session, a unit's page stamp). PostgreSQL parses and
/// plans a query sent as plain SQL every time, which for these costs more than running them; so on
/// PostgreSQL each is prepared once on every connection and then only executed. On SQLite it runs as
/// plain SQL, with `sqliteSQL` where the dialects differ.
///
/// `sql` is written with `$1`, `$2`… standing for `values`.
protocol PreparedSQLQuery: PostgresPreparedStatement where Row == PostgresRow {
    static var sqliteSQL: String { get }
    var values: [PreparedValue] { get }
}

/// A value bound to a `PreparedSQLQuery`, for either database.
typealias PreparedValue = any PostgresEncodable & Encodable & Sendable

extension PreparedSQLQuery {
    static var name: String { "ishc_" + String(describing: Self.self) }
    static var sqliteSQL: String { sql }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { try bindings.append(value) }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }

    /// The rows of the query on this database.
    func rows(on db: any Database) async throws -> [any SQLRow] {
        if let pg = db as? any PostgresDatabase {
            let logger = db.logger
            let rows = try await pg.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    try await connection.execute(self, logger: logger).reduce(into: [PostgresRow]()) { $0.append($1) }
                }
            }.get()
            return rows.map { $0.sql() }
        }
        return try await (db as! any SQLDatabase).raw(Self.bound(Self.sqliteSQL, values)).all()
    }

    func first(on db: any Database) async throws -> (any SQLRow)? {
        try await rows(on: db).first
    }

    /// `text` with every `$n` bound to `values[n - 1]`.
    static func bound(_ text: String, _ values: [any Encodable & Sendable]) -> SQLQueryString {
        var query: SQLQueryString = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            let digits = rest[rest.index(after: dollar)...].prefix { $0.isNumber }
            query.appendInterpolation(unsafeRaw: String(rest[..<dollar]))
            if let n = Int(digits), n >= 1, n <= values.count {
                query.appendInterpolation(bind: values[n - 1])
            } else {
                query.appendInterpolation(unsafeRaw: "$" + digits)
            }
            rest = rest[digits.endIndex...]
        }
        query.appendInterpolation(unsafeRaw: String(rest))
        return query
    }
}
