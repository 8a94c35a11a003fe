import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing

@testable import App

/// The journal cannot be changed or emptied behind the ledger's back: the database itself refuses.
@Suite struct LedgerAppendOnlyTests {
    @Test func theDatabaseRefusesToChangeOrDeleteTheJournal() async throws {
        try await withApp(demo: false) { app in
            let build = Build(app)
            let club = try await build.club(members: 3)
            try await build.grant(5_000_000, to: club)
            try await build.loan(1_000_000, to: club.members[0], of: club)
            let sql = app.db as! any SQLDatabase
            struct N: Decodable {
                var n: Int
                var total: Int64
            }
            func counts() async throws -> N {
                try #require(
                    try await sql.raw("SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM postings").first(decoding: N.self)
                )
            }
            // An entry no posting points to: only the append-only rule keeps it from being deleted.
            let lone = UUID()
            try await sql.raw(
                """
                INSERT INTO journal_entries (id, club_id, kind, occurred_on, description)
                SELECT \(bind: lone), club_id, kind, occurred_on, description FROM journal_entries LIMIT 1
                """
            ).run()
            let before = try await counts()
            #expect(before.n > 0)
            let refused: [(String, SQLQueryString)] = [
                ("update an entry", "UPDATE journal_entries SET description = 'sửa' WHERE id = (SELECT id FROM journal_entries LIMIT 1)"),
                ("delete an entry", "DELETE FROM journal_entries WHERE id = \(bind: lone)"),
                ("delete every entry", "DELETE FROM journal_entries"),
                ("update a posting", "UPDATE postings SET amount = amount + 1 WHERE id = (SELECT id FROM postings LIMIT 1)"),
                ("delete a posting", "DELETE FROM postings WHERE id = (SELECT id FROM postings LIMIT 1)"),
                ("delete every posting", "DELETE FROM postings"),
            ]
            for (what, statement) in refused {
                await #expect(throws: (any Error).self, "\(what)") { try await sql.raw(statement).run() }
            }
            if sql.dialect.name == "postgresql" {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE postings").run() }
            }
            let after = try await counts()
            #expect(after.n == before.n && after.total == before.total)
            struct Lone: Decodable { var n: Int }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM journal_entries WHERE id = \(bind: lone)").first(decoding: Lone.self)?.n == 1)
        }
    }
}
