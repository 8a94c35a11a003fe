import Fluent
import ISHCCore
import Vapor

/// One movement of a club's money, as the treasurer would write it in the cash book. Never
/// changed or deleted: a mistake is undone by a reversing entry (`reverses`) with a reason.
final class JournalEntry: Model, @unchecked Sendable {
    static let schema = "journal_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    /// `Movement.kind`, or `reversal`.
    @Field(key: "kind") var kind: String
    @Field(key: "occurred_on") var occurredOn: String
    @Field(key: "description") var description: String
    /// For grants: `state`, `donor`, `elderly_fund`, `other`.
    @OptionalField(key: "source") var source: String?
    @OptionalField(key: "loan_id") var loanID: UUID?
    @OptionalField(key: "reverses_id") var reversesID: UUID?
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One line of an entry: an account and a signed amount (debit positive). The lines of an entry
/// sum to zero; the database transaction that writes them checks it.
final class LedgerPosting: Model, @unchecked Sendable {
    static let schema = "postings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "entry_id") var entry: JournalEntry
    @Field(key: "club_id") var clubID: UUID
    @Field(key: "account") var account: String
    @Field(key: "amount") var amount: Int64
    @Field(key: "occurred_on") var occurredOn: String

    init() {}
}

/// A loan to a member: its terms. What was repaid lives in the journal; the schedule in `loan_instalments`.
final class Loan: Model, @unchecked Sendable {
    static let schema = "loans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @Parent(key: "member_id") var member: Member
    @Field(key: "principal") var principal: Int64
    /// `livestock`, `crops`, `trade`, `other`.
    @Field(key: "purpose") var purpose: String
    @OptionalField(key: "purpose_note") var purposeNote: String?
    @Field(key: "disbursed_on") var disbursedOn: String
    @Field(key: "instalments") var instalments: Int
    @Field(key: "every_months") var everyMonths: Int
    @Field(key: "method") var method: String
    @Field(key: "rate_bp") var rateBasisPoints: Int
    @Field(key: "grace") var grace: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var terms: LoanTerms {
        LoanTerms(
            principal: principal, disbursedOn: Day(iso: disbursedOn) ?? Day.reform2025, instalments: instalments,
            everyMonths: everyMonths, method: FeeMethod(rawValue: method) ?? .none, monthlyRateBasisPoints: rateBasisPoints,
            graceInstalments: grace)
    }
}

/// A loan's schedule. Rescheduling adds a new version; the old one is kept.
final class LoanInstalment: Model, @unchecked Sendable {
    static let schema = "loan_instalments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "loan_id") var loan: Loan
    @Field(key: "version") var version: Int
    @Field(key: "number") var number: Int
    @Field(key: "due_on") var dueOn: String
    @Field(key: "principal") var principal: Int64
    @Field(key: "fee") var fee: Int64
    /// Why and when this version was made (for version 2 and later).
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "made_on") var madeOn: String?
    /// Principal and fee repaid before this version was made: the new schedule counts from there.
    @OptionalField(key: "base_principal") var basePrincipal: Int64?
    @OptionalField(key: "base_fee") var baseFee: Int64?

    init() {}
}
