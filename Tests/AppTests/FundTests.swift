import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

@Suite struct FundTests {
    @Test func theDemoLedgerPassesTheCheck() async throws {
        try await withApp { app in
            let checks = try await LedgerStore.verify(on: app.db)
            #expect(checks.count == 5)
            for check in checks { #expect(check.problems.isEmpty, "\(check.problems)") }
            // A posting that breaks an entry's balance is found.
            let entry = try #require(try await JournalEntry.query(on: app.db).filter(\.$kind == "contribution").first())
            let bad = LedgerPosting()
            bad.$entry.id = entry.id!
            bad.clubID = entry.$club.id
            bad.account = LedgerAccount.incomeCash.rawValue
            bad.amount = 1
            bad.occurredOn = entry.occurredOn
            try await bad.create(on: app.db)
            let after = try await LedgerStore.verify(on: app.db)
            #expect(after.first { $0.club == entry.$club.id }?.problems.count == 2)
        }
    }

    @Test func moneyInAndOutBalancesAndBadInputIsExplained() async throws {
        try await withApp { app in
            let (unit, club, _) = try await app.demoClub(1)
            let today = Day(app.clock.now())
            let before = try await LedgerStore.balances(club: club.id!, on: app.db)
            let b = Browser(app)
            try await b.login("xa.quephong")
            let entries = try await JournalEntry.query(on: app.db).count()
            // Spending more than the activity fund holds is refused in words.
            let tooMuch = try await b.post(
                Paths.newFundEntry.link(unit.id!),
                [
                    "kind": "spending", "fund": "activity", "amount": VND.group(before.activityCash + 1), "occurred_on": today.vietnamese,
                    "description": "Mua loa",
                ])
            #expect(tooMuch.status == .unprocessableEntity)
            #expect(tooMuch.text.contains("Quỹ hoạt động chỉ còn \(VND.format(before.activityCash)) tiền mặt"))
            let bad = try await b.post(
                Paths.newFundEntry.link(unit.id!),
                [
                    "kind": "grant", "fund": "income", "amount": "năm triệu", "occurred_on": "32/01/2026", "description": "",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Ghi số tiền lớn hơn 0"))
            #expect(bad.text.contains("Chọn nguồn của khoản hỗ trợ"))
            #expect(try await JournalEntry.query(on: app.db).count() == entries)
            // A grant and a transfer.
            #expect(
                try await b.post(
                    Paths.newFundEntry.link(unit.id!),
                    [
                        "kind": "grant", "fund": "income", "amount": "20.000.000", "occurred_on": today.vietnamese,
                        "description": "Quỹ Chăm sóc người cao tuổi xã hỗ trợ", "source": "elderly_fund",
                    ]
                ).status == .seeOther)
            #expect(
                try await b.post(
                    Paths.newFundEntry.link(unit.id!),
                    [
                        "kind": "transfer", "fund": "income", "amount": "1.000.000", "occurred_on": today.vietnamese,
                        "description": "Chuyển sang quỹ hoạt động",
                    ]
                ).status == .seeOther)
            let after = try await LedgerStore.balances(club: club.id!, on: app.db)
            #expect(after.incomeFund == before.incomeFund + 19_000_000)
            #expect(after.activityFund == before.activityFund + 1_000_000)
            #expect(after.isConsistent)
        }
    }

    @Test func aLoanIsDisbursedRepaidReversedAndWrittenOff() async throws {
        try await withApp { app in
            let (unit, club, members) = try await app.demoClub(0)
            let today = Day(app.clock.now())
            let borrower = members[30]
            let start = try await LedgerStore.balances(club: club.id!, on: app.db)
            let b = Browser(app)
            try await b.login("thuquy.hanhtien")
            // More than the fund's cash is refused.
            let tooBig = try await b.post(
                Paths.newLoan.link(unit.id!),
                [
                    "member": borrower.id!.uuidString, "principal": VND.group(start.incomeCash + 1), "purpose": "livestock",
                    "disbursed_on": today.vietnamese, "instalments": "6", "every_months": "1", "method": "flat", "rate": "1", "grace": "0",
                ])
            #expect(tooBig.status == .unprocessableEntity)
            #expect(tooBig.text.contains("Quỹ tăng thu nhập chỉ còn"))
            // 6 000 000 đ over 6 months at a flat 1 % a month, disbursed 40 days ago.
            let res = try await b.post(
                Paths.newLoan.link(unit.id!),
                [
                    "member": borrower.id!.uuidString, "principal": "6.000.000", "purpose": "livestock", "purpose_note": "Nuôi bò",
                    "disbursed_on": today.adding(days: -40).vietnamese, "instalments": "6", "every_months": "1", "method": "flat",
                    "rate": "1", "grace": "0",
                ])
            #expect(res.status == .seeOther)
            let loan = try #require(try await Loan.query(on: app.db).filter(\.$member.$id == borrower.id!).filter(\.$principal == 6_000_000).first())
            let page = try await b.get(res.location!)
            #expect(page.text.contains("Vay 6.000.000 đ ngày"))
            #expect(page.text.contains("Tổng phải trả 6.360.000 đ, trong đó phí, lãi 360.000 đ"))
            // The first instalment fell due 10 days ago: its fee is taken first.
            let repay = try await b.post(Paths.loanRepayments.link(loan.id!), ["amount": "1.060.000", "paid_on": today.vietnamese])
            #expect(repay.status == .seeOther)
            var state = try await LedgerStore.state(of: loan, on: app.db)
            #expect(state.paidFee == 60_000 && state.paidPrincipal == 1_000_000)
            // More than is owed is refused, saying how much may be paid.
            let over = try await b.post(Paths.loanRepayments.link(loan.id!), ["amount": "5.000.001", "paid_on": today.vietnamese])
            #expect(over.status == .unprocessableEntity)
            #expect(over.text.contains("hôm nay trả tối đa 5.000.000 đ"))
            // A second repayment, then reversed with a reason.
            #expect(try await b.post(Paths.loanRepayments.link(loan.id!), ["amount": "500.000", "paid_on": today.vietnamese]).status == .seeOther)
            let second = try #require(
                try await JournalEntry.query(on: app.db).filter(\.$loanID == loan.id!).filter(\.$kind == "repayment")
                    .sort(\.$createdAt, .descending).first())
            let noReason = try await b.post(Paths.reverseEntry.link(second.id!), ["reason": " "])
            #expect(noReason.status == .seeOther)
            #expect(try await JournalEntry.query(on: app.db).filter(\.$reversesID == second.id!).count() == 0)
            #expect(try await b.post(Paths.reverseEntry.link(second.id!), ["reason": "Ghi nhầm số tiền"]).status == .seeOther)
            #expect(try await b.post(Paths.reverseEntry.link(second.id!), ["reason": "Lần nữa"]).status == .badRequest)
            state = try await LedgerStore.state(of: loan, on: app.db)
            #expect(state.paidPrincipal == 1_000_000 && state.outstanding == 5_000_000)
            // Balances: the fund grew by the fee only; cash moved out by the loan and back by what was repaid.
            var now = try await LedgerStore.balances(club: club.id!, on: app.db)
            #expect(now.incomeFund == start.incomeFund + 60_000)
            #expect(now.incomeCash == start.incomeCash - 6_000_000 + 1_060_000)
            #expect(now.isConsistent)
            // The cash book's last line holds the balance.
            let book = try await b.get(Paths.cashBook.link(unit.id!, "income"))
            #expect(book.text.contains("Tồn: \(VND.format(now.incomeCash))"))
            #expect(book.text.contains("Hủy: "))
            let xlsx = try await b.get(Paths.cashBookXLSX.link(unit.id!, "income"))
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers.contentType?.subType.contains("spreadsheetml") == true)
            // Written off with a reason: the fund shrinks by what is outstanding.
            let wo = try await b.post(Paths.loanWriteOff.link(loan.id!), ["reason": "Người vay qua đời, gia đình không có khả năng trả"])
            #expect(wo.status == .seeOther)
            state = try await LedgerStore.state(of: loan, on: app.db)
            #expect(state.outstanding == 0 && state.writtenOff == 5_000_000)
            now = try await LedgerStore.balances(club: club.id!, on: app.db)
            #expect(now.incomeFund == start.incomeFund + 60_000 - 5_000_000)
            #expect(try await LedgerStore.verify(on: app.db).allSatisfy { $0.problems.isEmpty })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "reverse").count() == 1)
        }
    }

    @Test func viewersSeeTheFundsButNoNames() async throws {
        try await withApp { app in
            let (unit, club, _) = try await app.demoClub(0)
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            let page = try await viewer.get(Paths.funds.link(unit.id!))
            #expect(page.status == .ok)
            #expect(page.text.contains("Quỹ tăng thu nhập"))
            #expect(page.text.contains("PAR30"))
            let loan = try #require(try await Loan.query(on: app.db).filter(\.$club.$id == club.id!).with(\.$member).first())
            #expect(!page.text.contains(loan.member.fullName))
            #expect(try await viewer.get(Paths.loan.link(loan.id!)).status == .forbidden)
            #expect(try await viewer.get(Paths.cashBook.link(unit.id!, "income")).status == .forbidden)
            #expect(try await viewer.get(Paths.newLoan.link(unit.id!)).status == .forbidden)
        }
    }

    @Test func theDemoHasALateLoanAndPAR30Shows() async throws {
        try await withApp { app in
            let (unit, club, _) = try await app.demoClub(0)
            let today = Day(app.clock.now())
            var states: [LoanState] = []
            for loan in try await Loan.query(on: app.db).filter(\.$club.$id == club.id!).all() {
                states.append(try await LedgerStore.state(of: loan, on: app.db))
            }
            let late = states.filter { LoanRules.arrears($0, on: today).days > 30 }
            #expect(late.count == 1)
            let par = try #require(LoanRules.par30(states.filter { $0.outstanding > 0 }, on: today))
            let b = Browser(app)
            try await b.login("thuquy.hanhtien")
            let page = try await b.get(Paths.funds.link(unit.id!))
            #expect(page.text.contains(par.percent))
            // The late loan stopped paying after its third instalment, four months ago: over 90 days.
            #expect(LoanRules.Bucket(days: LoanRules.arrears(late[0], on: today).days) == .over90)
            #expect(page.text.contains("trên 90 ngày: 1"))
        }
    }

    @Test func aLateLoanIsRescheduledAndKeepsItsHistory() async throws {
        try await withApp { app in
            let (unit, club, members) = try await app.demoClub(0)
            let today = Day(app.clock.now())
            let b = Browser(app)
            try await b.login("thuquy.hanhtien")
            // 6 000 000 đ over 6 months at 1 %, disbursed 100 days ago; only the first instalment paid.
            #expect(
                try await b.post(
                    Paths.newLoan.link(unit.id!),
                    [
                        "member": members[33].id!.uuidString, "principal": "6000000", "purpose": "crops",
                        "disbursed_on": today.adding(days: -100).vietnamese,
                        "instalments": "6", "every_months": "1", "method": "flat", "rate": "1", "grace": "0",
                    ]
                ).status == .seeOther)
            let loan = try #require(
                try await Loan.query(on: app.db).filter(\.$member.$id == members[33].id!).filter(\.$principal == 6_000_000).first())
            let first = try await LedgerStore.state(of: loan, on: app.db).schedule[0]
            #expect(
                try await b.post(Paths.loanRepayments.link(loan.id!), ["amount": "1.060.000", "paid_on": first.due.vietnamese]).status == .seeOther)
            let old = try #require(try await JournalEntry.query(on: app.db).filter(\.$loanID == loan.id!).filter(\.$kind == "repayment").first())
            let late = try await LedgerStore.state(of: loan, on: app.db)
            #expect(LoanRules.arrears(late, on: today).days > 30)
            let unpaidFee = late.feeDue(on: today)
            // A reason is required.
            let noReason = try await b.post(Paths.loanReschedule.link(loan.id!), ["new_instalments": "10", "every_months": "1"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Ghi lý do"))
            // act
            let res = try await b.post(
                Paths.loanReschedule.link(loan.id!), ["new_instalments": "10", "every_months": "1", "reschedule_reason": "Lợn bị dịch, xin giãn nợ"])
            #expect(res.status == .seeOther)
            let state = try await LedgerStore.state(of: loan, on: app.db)
            #expect(state.schedule.count == 10)
            #expect(state.principal == 5_000_000 && state.outstanding == 5_000_000)
            #expect(state.schedule[0].fee == 50_000 + unpaidFee)
            #expect(LoanRules.arrears(state, on: today).days == 0)
            #expect(try await LedgerStore.versions(of: loan, on: app.db).count == 2)
            let page = try await b.get(Paths.loan.link(loan.id!))
            #expect(page.text.contains("Lịch trả nợ cũ (lần 1)"))
            #expect(page.text.contains("Lợn bị dịch, xin giãn nợ"))
            // Repayments count against the new schedule; the old one cannot be reversed any more.
            #expect(try await b.post(Paths.loanRepayments.link(loan.id!), ["amount": "1.000.000", "paid_on": today.vietnamese]).status == .seeOther)
            #expect(try await LedgerStore.state(of: loan, on: app.db).outstanding == 4_000_000)
            #expect(try await b.post(Paths.reverseEntry.link(old.id!), ["reason": "Thử"]).status == .badRequest)
            #expect(try await LedgerStore.verify(on: app.db).allSatisfy { $0.problems.isEmpty })
            _ = club
        }
    }

    @Test func theTreasurerSetsTheClubsLoanRules() async throws {
        try await withApp { app in
            let (unit, club, members) = try await app.demoClub(0)
            let today = Day(app.clock.now())
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(
                try await secretary.post(Paths.fundSettings.link(unit.id!), ["repayment_order": "principal_first", "fee_fund": "activity"]).status
                    == .forbidden)
            let b = Browser(app)
            try await b.login("thuquy.hanhtien")
            #expect(
                try await b.post(Paths.fundSettings.link(unit.id!), ["repayment_order": "principal_first", "fee_fund": "activity"]).status
                    == .seeOther)
            let saved = try #require(try await Club.find(club.id!, on: app.db))
            #expect(saved.repaymentOrder == .principalFirst && saved.feeFund == .activity)
            // A repayment now pays principal first, and its fee goes to the activity fund.
            #expect(
                try await b.post(
                    Paths.newLoan.link(unit.id!),
                    [
                        "member": members[35].id!.uuidString, "principal": "2000000", "purpose": "trade",
                        "disbursed_on": today.adding(days: -35).vietnamese,
                        "instalments": "2", "every_months": "1", "method": "flat", "rate": "1", "grace": "0",
                    ]
                ).status == .seeOther)
            let loan = try #require(
                try await Loan.query(on: app.db).filter(\.$member.$id == members[35].id!).filter(\.$principal == 2_000_000).first())
            let before = try await LedgerStore.balances(club: club.id!, on: app.db)
            #expect(try await b.post(Paths.loanRepayments.link(loan.id!), ["amount": "2.010.000", "paid_on": today.vietnamese]).status == .seeOther)
            let state = try await LedgerStore.state(of: loan, on: app.db)
            #expect(state.paidPrincipal == 2_000_000 && state.paidFee == 10_000)
            let after = try await LedgerStore.balances(club: club.id!, on: app.db)
            #expect(after.activityFund == before.activityFund + 10_000)
            #expect(after.incomeFund == before.incomeFund)
        }
    }

    /// Five treasurers' phones send the whole repayment at the same moment: the club's write lock
    /// lets exactly one through, the others see the loan repaid and are refused.
    @Test func simultaneousRepaymentsCannotOverpay() async throws {
        try await withApp { app in
            let (unit, _, members) = try await app.demoClub(0)
            let today = Day(app.clock.now())
            let first = Browser(app)
            try await first.login("thuquy.hanhtien")
            #expect(
                try await first.post(
                    Paths.newLoan.link(unit.id!),
                    [
                        "member": members[37].id!.uuidString, "principal": "1.000.000", "purpose": "trade", "disbursed_on": today.vietnamese,
                        "instalments": "2", "every_months": "1", "method": "none", "rate": "0", "grace": "0",
                    ]
                ).status == .seeOther)
            let loan = try #require(
                try await Loan.query(on: app.db).filter(\.$member.$id == members[37].id!).filter(\.$principal == 1_000_000).first())
            var phones: [UncheckedBrowser] = []
            for _ in 0..<5 {
                let b = Browser(app)
                try await b.login("thuquy.hanhtien")
                phones.append(UncheckedBrowser(browser: b))
            }
            let path = Paths.loanRepayments.link(loan.id!)
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for phone in phones {
                    group.addTask { try await phone.browser.post(path, ["amount": "1.000.000", "paid_on": today.vietnamese]).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == 303 }.count == 1, "\(codes)")
            #expect(codes.filter { $0 == 422 }.count == 4, "\(codes)")
            let state = try await LedgerStore.state(of: loan, on: app.db)
            #expect(state.outstanding == 0 && state.paidPrincipal == 1_000_000)
            #expect(try await LedgerStore.verify(on: app.db).allSatisfy { $0.problems.isEmpty })
        }
    }
}

/// A browser handed to a concurrent task; each task uses its own.
struct UncheckedBrowser: @unchecked Sendable { let browser: Browser }
