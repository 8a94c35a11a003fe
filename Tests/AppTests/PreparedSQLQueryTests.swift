import Fluent
import FluentPostgresDriver
import Foundation
import ISHCCore
import SQLKit
import Testing

@testable import App

/// Queries run on every request (`PreparedSQLQuery`): the same rows on both databases, each `$n` bound
/// to its value wherever it stands, and on PostgreSQL prepared once on the connection.
@Suite struct PreparedSQLQueryTests {
    struct Echo: PreparedSQLQuery {
        static let sql = "SELECT $1 AS a, $2 AS b, $1 AS c, '$' || $2 AS d"
        var a: String
        var b: String
        var values: [PreparedValue] { [a, b] }
    }

    @Test func valuesAreBoundWhereverTheyStand() async throws {
        try await withApp(demo: false) { app in
            // A quote in a value is a value, not SQL.
            let rows = try await Echo(a: "x'); DROP TABLE units; --", b: "2").rows(on: app.db)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(try row.decode(column: "a", as: String.self) == "x'); DROP TABLE units; --")
            #expect(try row.decode(column: "b", as: String.self) == "2")
            #expect(try row.decode(column: "c", as: String.self) == "x'); DROP TABLE units; --")
            #expect(try row.decode(column: "d", as: String.self) == "$2")
            // The table is still there (reading it throws otherwise).
            _ = try await OrgUnit.query(on: app.db).count()
        }
    }

    @Test func theSessionQueryFindsTheSessionOfACookie() async throws {
        try await withApp { app in
            let browser = Browser(app)
            try await browser.login("clb.hanhtien")
            let hash = SessionToken.hash(try #require(browser.cookies[SessionToken.cookieName]))
            let row = try #require(try await SessionQuery(hash: hash).first(on: app.db))
            #expect(try row.decode(column: "username", as: String.self) == "clb.hanhtien")
            #expect(try await SessionQuery(hash: SessionToken.hash("no such cookie")).first(on: app.db) == nil)
        }
    }

    @Test(.enabled(if: TestEnv.databaseURL != nil, "a PostgreSQL test: DATABASE_URL is not set"))
    func onPostgreSQLTheQueryIsPreparedOnceOnTheConnection() async throws {
        try await withApp(demo: false) { app in
            let pg = try #require(app.db as? any PostgresDatabase)
            let names: [String] = try await pg.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    for _ in 0..<3 {
                        _ = try await connection.execute(Echo(a: "a", b: "b"), logger: app.logger).reduce(0) { n, _ in n + 1 }
                    }
                    return try await connection.query("SELECT name FROM pg_prepared_statements", logger: app.logger)
                        .decode(String.self).reduce(into: []) { $0.append($1) }
                }
            }.get()
            #expect(names.filter { $0 == Echo.name }.count == 1)
        }
    }
}
