import ISHCCore
import Vapor

// What the fund and loan pages show and what their forms send.

/// The choices the fund and loan forms offer.
enum FundChoices {
    static let entryKinds = FundEntryRules.kinds
    static let sources = FundEntryRules.sources
    static let purposes = LoanRules.purposes
}

struct CashBookMonth {
    var month: MonthKey
    var opening: Int64
    var lines: [CashBookLine]
    var closing: Int64
    var receipts: Int64 { lines.filter { $0.amount > 0 }.reduce(0) { $0 + $1.amount } }
    var payments: Int64 { lines.filter { $0.amount < 0 }.reduce(0) { $0 - $1.amount } }
}

struct LoanInput: Content {
    var member: String?, principal: String?, purpose: String?, purposeNote: String?, disbursedOn: String?
    var instalments: String?, everyMonths: String?, method: String?, rate: String?, grace: String?
    enum CodingKeys: String, CodingKey {
        case member, principal, purpose
        case purposeNote = "purpose_note"
        case disbursedOn = "disbursed_on"
        case instalments
        case everyMonths = "every_months"
        case method, rate, grace
    }
}

struct RepaymentInput: Content {
    var amount: String?, paidOn: String?, reason: String?
    enum CodingKeys: String, CodingKey {
        case amount
        case paidOn = "paid_on"
        case reason
    }

    var draft: RepaymentDraft { RepaymentDraft(amount: amount ?? "", paidOn: paidOn ?? "") }

    /// The repayment form's fields and words for what `FundOperations.repay` refused.
    static func errors(_ refusal: FundOperations.RepaymentRefusal, _ t: Texts) -> FormErrors {
        var errors = FormErrors()
        switch refusal {
        case .problems(let problems):
            for p in problems {
                switch p {
                case .amount: errors[p.field] = t("fund.error.amount")
                case .day(.beforeEarliest(let lent)): errors[p.field] = t("loan.error.before_disbursement", lent.vietnamese)
                case .day(let d): errors[p.field] = DayProblem.text(d, t)
                }
            }
        case .overpayment(let most): errors["amount"] = t("loan.error.overpayment", VND.format(most))
        case .notPositive: errors["amount"] = t("fund.error.amount")
        case .ledger(let p): errors["amount"] = LedgerProblem.message(p, t)
        }
        return errors
    }
}

struct LoanRow {
    var loan: Loan
    var member: Member
    var state: LoanState
    var days: Int
    var overdue: Int64
}

struct FundEntryInput: Content {
    var kind: String?, fund: String?, amount: String?, occurredOn: String?, description: String?, source: String?
    enum CodingKeys: String, CodingKey {
        case kind, fund, amount
        case occurredOn = "occurred_on"
        case description, source
    }

    var draft: FundEntryDraft {
        FundEntryDraft(
            kind: kind ?? "", fund: fund ?? "", amount: amount ?? "", occurredOn: occurredOn ?? "",
            description: description ?? "", source: source ?? "")
    }

    /// The form's fields and words for what `FundOperations.postEntry` refused.
    static func errors(_ failure: FundOperations.EntryFailure, _ t: Texts) -> FormErrors {
        var errors = FormErrors()
        switch failure {
        case .ledger(let problem): errors.general = LedgerProblem.message(problem, t)
        case .problems(let problems):
            for p in problems {
                let text: String
                switch p {
                case .kind: text = t("fund.error.kind")
                case .fund: text = t("fund.error.fund")
                case .amount: text = t("fund.error.amount")
                case .amountTooLarge(let max): text = t("fund.error.too_large_max", VND.format(max))
                case .day(let d): text = DayProblem.text(d, t)
                case .descriptionRequired: text = t("activity.error.required")
                case .descriptionTooLong(let max): text = t("activity.error.too_long", max)
                case .source: text = t("fund.error.source")
                }
                errors[p.field.rawValue] = text
            }
        }
        return errors
    }
}

struct FundOverview {
    var unit: OrgUnit
    var club: Club
    var balances: Balances
    var loans: [LoanRow]
    var entries: [JournalEntry]
    var reversed: Set<UUID>
    var canWrite: Bool
    var showsNames: Bool
    var today: Day
    var activeMembers: Int
    var borrowersThisYear: Int
    var disbursedThisYear: Int64
    var repaidThisYear: Int64
    var canSetRules: Bool
}

struct CashBookLine {
    var day: Day
    var description: String
    var amount: Int64
    var balance: Int64
    var reversal: Bool
}

extension LedgerProblem {
    static func message(_ p: LedgerProblem, _ t: Texts) -> String {
        switch p {
        case .notPositive: return t("fund.error.amount")
        case .tooLarge: return t("fund.error.too_large")
        case .notEnoughCash(let fund, let available): return t("fund.error.not_enough", t("fund.name.\(fund.rawValue)"), VND.format(available))
        case .moreThanOutstanding(let limit): return t("fund.error.more_than_outstanding", VND.format(limit))
        case .sameFund: return t("fund.error.fund")
        case .unbalanced: return t("fund.error.unbalanced")
        }
    }
}

extension LoanTermsProblem {
    /// In the loan forms' words.
    func text(_ t: Texts) -> String { t("loan.error.\(rawValue)", LoanTerms.maxInstalments) }
}

extension LoanInput {
    var draft: LoanDraft {
        var d = LoanDraft()
        d.member = member ?? ""
        d.principal = principal ?? ""
        d.purpose = purpose ?? ""
        d.purposeNote = purposeNote ?? ""
        d.disbursedOn = disbursedOn ?? ""
        d.instalments = instalments ?? ""
        d.everyMonths = everyMonths ?? ""
        d.method = method ?? ""
        d.rate = rate ?? ""
        d.grace = grace ?? "0"
        return d
    }

    /// The loan form's fields and words for what `FundOperations.lend` refused.
    static func errors(_ failure: FundOperations.LendFailure, _ t: Texts) -> FormErrors {
        var errors = FormErrors()
        switch failure {
        case .ledger(let problem, _): errors.general = LedgerProblem.message(problem, t)
        case .problems(let problems, _):
            for p in problems {
                let text: String
                switch p {
                case .member: text = t("loan.error.member")
                case .principal: text = t("fund.error.amount")
                case .principalTooLarge(let max): text = t("fund.error.too_large_max", VND.format(max))
                case .purpose: text = t("loan.error.purpose")
                case .day(let d): text = DayProblem.text(d, t)
                case .rateUnreadable: text = t("loan.error.rate")
                case .terms(let terms): text = terms.text(t)
                }
                errors[p.field] = text
            }
        }
        return errors
    }
}
