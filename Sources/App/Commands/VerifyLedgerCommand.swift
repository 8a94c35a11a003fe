import Fluent
import ISHCCore
import Vapor

/// `ishc verify-ledger`: proves, for every club with money, that each entry balances, each fund
/// equals its cash (plus principal lent out), no account is below zero, and the loans add up to
/// what the ledger says is lent out. Exits non-zero when a club fails.
struct VerifyLedgerCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }

    var help: String { "Checks every club's ledger: entries balance, funds equal cash plus loans, loans add up." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let checks = try await LedgerStore.verify(on: app.db)
        let failed = checks.filter { !$0.problems.isEmpty }
        for check in failed {
            context.console.print("club \(check.club): " + check.problems.joined(separator: "; "))
        }
        let total = checks.reduce(Int64(0)) { $0 + $1.balances.incomeFund + $1.balances.activityFund }
        let entries = try await JournalEntry.query(on: app.db).count()
        context.console.print(
            "\(checks.count) clubs, \(entries) entries, \(VND.format(total)) in all funds: "
                + (failed.isEmpty ? "every ledger balances" : "\(failed.count) clubs fail"))
        if !failed.isEmpty { throw VerifyFailed() }
    }

    struct VerifyFailed: Error, CustomStringConvertible {
        var description: String { "ledger check failed" }
    }
}
