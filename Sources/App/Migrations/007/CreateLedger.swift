import Fluent
import SQLKit

/// The clubs' funds: an append-only journal of entries and their postings, loans and their
/// schedules, and each club's rules for repayments.
struct CreateLedger: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JournalEntry.schema)
            .id()
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("kind", .string, .required)
            .field("occurred_on", .string, .required)
            .field("description", .string, .required)
            .field("source", .string)
            .field("loan_id", .uuid)
            .field("reverses_id", .uuid, .references(JournalEntry.schema, .id))
            .field("reason", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "reverses_id")
            .create()
        try await database.schema(LedgerPosting.schema)
            .id()
            .field("entry_id", .uuid, .required, .references(JournalEntry.schema, .id))
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("account", .string, .required)
            .field("amount", .int64, .required)
            .field("occurred_on", .string, .required)
            .create()
        try await database.schema(Loan.schema)
            .id()
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("member_id", .uuid, .required, .references(Member.schema, .id))
            .field("principal", .int64, .required)
            .field("purpose", .string, .required)
            .field("purpose_note", .string)
            .field("disbursed_on", .string, .required)
            .field("instalments", .int, .required)
            .field("every_months", .int, .required)
            .field("method", .string, .required)
            .field("rate_bp", .int, .required)
            .field("grace", .int, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.schema(LoanInstalment.schema)
            .id()
            .field("loan_id", .uuid, .required, .references(Loan.schema, .id))
            .field("version", .int, .required)
            .field("number", .int, .required)
            .field("due_on", .string, .required)
            .field("principal", .int64, .required)
            .field("fee", .int64, .required)
            .field("reason", .string)
            .field("made_on", .string)
            .field("base_principal", .int64)
            .field("base_fee", .int64)
            .unique(on: "loan_id", "version", "number")
            .create()
        // One column per statement: SQLite adds only one column per ALTER TABLE.
        try await database.schema(Club.schema).field("repayment_order", .string).update()
        try await database.schema(Club.schema).field("fee_fund", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "journal_club_idx").on(JournalEntry.schema).column("club_id").column("occurred_on").run()
        try await sql.create(index: "journal_loan_idx").on(JournalEntry.schema).column("loan_id").run()
        try await sql.create(index: "postings_club_idx").on(LedgerPosting.schema).column("club_id").column("account").column("occurred_on").run()
        try await sql.create(index: "postings_entry_idx").on(LedgerPosting.schema).column("entry_id").run()
        try await sql.create(index: "loans_club_idx").on(Loan.schema).column("club_id").run()
        try await sql.create(index: "loan_instalments_loan_idx").on(LoanInstalment.schema).column("loan_id").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [LoanInstalment.schema, Loan.schema, LedgerPosting.schema, JournalEntry.schema] {
            try await database.schema(schema).delete()
        }
    }
}
