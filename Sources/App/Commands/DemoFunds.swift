import Fluent
import ISHCCore
import Vapor

/// The demo's money, relative to the day it is loaded: each club's seed grant, monthly
/// contributions and spending, loans repaid on time, one loan running late, one repaid in full,
/// and a repayment typed twice and reversed.
extension DemoData {
    static func addFunds(_ made: [(club: Club, members: [Member])], today: Day, on db: any Database) async throws {
        // Written by no one: the demo's history is not audited.
        let demo = Author(userID: nil, at: Date())
        for (i, entry) in made.enumerated() where i != mergedClub {
            let club = entry.club
            let clubID = try club.requireID()
            let founded = Day(iso: clubs[i].founded)!
            let members = try await Member.query(on: db).filter(\.$club.$id == clubID).all()
                .filter { $0.leftOn == nil }.sorted(byPerson: { $0.fullName })
            guard members.count > 20 else { continue }
            var b = Balances()
            func post(_ m: Movement, on day: Day, _ description: String, source: String? = nil, loan: UUID? = nil) async throws -> JournalEntry? {
                guard Ledger.check(m, against: b) == nil else { return nil }
                let post = LedgerPost(m, day: day, description: description, source: source, loanID: loan, audit: nil)
                let e = try await LedgerStore.postInTransaction(club: clubID, by: demo, on: db) { _, _ in
                    Result<LedgerPost, LedgerProblem>.success(post)
                }.get()
                b.apply(post.postings)
                return e
            }
            // The seed grant, a year ago or at founding.
            let start = max(founded.adding(days: 20), today.adding(months: -14))
            let grant: Int64 = i == 0 ? 50_000_000 : 25_000_000
            _ = try await post(
                .grant(.income, grant), on: start, i == 0 ? "Hỗ trợ ban đầu từ ngân sách tỉnh" : "Hỗ trợ ban đầu của nhà tài trợ",
                source: i == 0 ? "state" : (i % 2 == 0 ? "elderly_fund" : "donor"))
            // Monthly contributions to both funds; spending on meetings every other month.
            for (k, month) in MonthKey.range(MonthKey(start), MonthKey(today)).enumerated() {
                guard let day = Day(year: month.year, month: month.month, day: 10), day <= today, day > start else { continue }
                _ = try await post(.contribution(.income, Int64(members.count) * 10_000), on: day, "Thành viên góp quỹ tháng \(month)")
                _ = try await post(.contribution(.activity, Int64(members.count) * 5_000), on: day, "Thành viên đóng quỹ hoạt động tháng \(month)")
                if k % 2 == 1 { _ = try await post(.spending(250_000), on: day, "Nước chè, hoa quả buổi sinh hoạt tháng \(month)") }
            }
            // Loans: monthly, flat 0,5 % a month.
            let plans: [(member: Int, amount: Int64, monthsAgo: Int, paysUntil: Int?)] =
                i == 0
                ? [
                    (2, 10_000_000, 11, nil), (5, 8_000_000, 9, nil), (9, 6_000_000, 7, 3), (14, 5_000_000, 13, nil),
                    (19, 7_000_000, 5, nil), (23, 5_000_000, 2, nil),
                ]
                : [(1, 5_000_000, 6, nil), (4, 5_000_000, 3, nil)]
            for (n, plan) in plans.enumerated() {
                let day = max(start.adding(days: 5 + n), today.adding(months: -plan.monthsAgo))
                guard day <= today else { continue }
                let member = members[plan.member]
                let loan = Loan()
                loan.$club.id = clubID
                loan.$member.id = try member.requireID()
                loan.principal = plan.amount
                loan.purpose = ["livestock", "crops", "trade", "livestock", "other", "crops"][n % 6]
                loan.purposeNote = ["Nuôi 2 con lợn nái", "Giống ngô lai", "Bán tạp hóa", "Nuôi gà", nil, "Trồng sắn"][n % 6]
                loan.disbursedOn = day.iso
                loan.instalments = 12
                loan.everyMonths = 1
                loan.method = FeeMethod.flat.rawValue
                loan.rateBasisPoints = 50
                loan.grace = 0
                let schedule = LoanSchedule.make(loan.terms)
                guard Ledger.check(.disbursement(plan.amount), against: b) == nil else { continue }
                try await loan.create(on: db)
                let loanID = try loan.requireID()
                _ = try await post(.disbursement(plan.amount), on: day, "Cho \(member.fullName) vay", loan: loanID)
                for inst in schedule {
                    let row = LoanInstalment()
                    row.$loan.id = loanID
                    row.version = 1
                    row.number = inst.number
                    row.dueOn = inst.due.iso
                    row.principal = inst.principal
                    row.fee = inst.fee
                    try await row.create(on: db)
                }
                var state = LoanState(schedule: schedule)
                for inst in schedule where inst.due <= today {
                    if let stop = plan.paysUntil, inst.number > stop { break }
                    // The loan of 13 months ago was repaid in full early, at its tenth instalment.
                    let amount = n == 3 && inst.number == 10 ? state.payable(on: inst.due) : inst.total
                    guard case .success(let split) = LoanRules.allocate(amount, to: state, on: inst.due) else { continue }
                    let m = Movement.repayment(principal: split.principal, fee: split.fee, feeTo: .income)
                    let e = try await post(m, on: inst.due, "\(member.fullName) trả nợ kỳ \(inst.number)", loan: loanID)
                    state.paidPrincipal += split.principal
                    state.paidFee += split.fee
                    // One repayment typed twice, and the copy reversed the same day.
                    if i == 0 && n == 1 && inst.number == 2, e != nil {
                        let copy = try await post(m, on: inst.due, "\(member.fullName) trả nợ kỳ \(inst.number)", loan: loanID)
                        if let copy {
                            let undo = LedgerPost(
                                kind: "reversal", day: inst.due, description: "Hủy: \(copy.description)",
                                postings: Ledger.reversal(of: Ledger.postings(for: m)), loanID: loanID,
                                reverses: copy.id, reason: "Ghi trùng hai lần", audit: nil)
                            _ = try await LedgerStore.postInTransaction(club: clubID, by: demo, on: db) { _, _ in
                                Result<LedgerPost, LedgerProblem>.success(undo)
                            }.get()
                            b.apply(undo.postings)
                        }
                    }
                    if state.outstanding == 0 { break }
                }
            }
        }
    }
}
