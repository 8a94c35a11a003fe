import Fluent
import SQLKit

/// The journal is append-only in the database itself: an UPDATE or DELETE of a journal entry or a
/// posting is refused whatever code path tries it. A mistake is put right by a reversal entry.
struct MakeLedgerAppendOnly: AsyncMigration {
    static let message = "journal entries and postings are append-only; record a reversal instead"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let statements: [String]
        if sql.dialect.name == "sqlite" {
            statements = ["journal_entries", "postings"].flatMap { t in
                ["UPDATE", "DELETE"].map { op in
                    "CREATE TRIGGER ledger_\(t)_no_\(op.lowercased()) BEFORE \(op) ON \(t) BEGIN SELECT RAISE(ABORT, '\(Self.message)'); END"
                }
            }
        } else {
            statements =
                [
                    """
                    CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger AS $$ BEGIN
                      RAISE EXCEPTION '\(Self.message)' USING ERRCODE = 'restrict_violation';
                    END $$ LANGUAGE plpgsql
                    """
                ]
                + ["journal_entries", "postings"].flatMap { t in
                    [
                        "CREATE TRIGGER ledger_\(t)_append_only BEFORE UPDATE OR DELETE ON \(t) FOR EACH ROW EXECUTE FUNCTION ledger_append_only()",
                        "CREATE TRIGGER ledger_\(t)_no_truncate BEFORE TRUNCATE ON \(t) FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()",
                    ]
                }
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let statements: [String]
        if sql.dialect.name == "sqlite" {
            statements = ["journal_entries", "postings"].flatMap { t in
                ["update", "delete"].map { "DROP TRIGGER IF EXISTS ledger_\(t)_no_\($0)" }
            }
        } else {
            statements =
                ["journal_entries", "postings"].flatMap { t in
                    [
                        "DROP TRIGGER IF EXISTS ledger_\(t)_append_only ON \(t)", "DROP TRIGGER IF EXISTS ledger_\(t)_no_truncate ON \(t)",
                    ]
                } + ["DROP FUNCTION IF EXISTS ledger_append_only()"]
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }
}
