import PropertyBased
import Testing

@testable import ISHCCore

/// Random loans, repayments, movements and reversals: every posting balances, schedules sum to
/// the principal, allocation never loses a đồng, and the fund always equals cash plus loans.
@Suite struct LedgerPropertyTests {
    static let start = Day(year: 2025, month: 1, day: 31)!

    static func terms(_ principal: Int64, _ n: Int, _ every: Int, _ method: FeeMethod, _ rate: Int, _ grace: Int) -> LoanTerms {
        LoanTerms(
            principal: principal, disbursedOn: start, instalments: n, everyMonths: every, method: method,
            monthlyRateBasisPoints: method == .none ? 0 : max(1, rate), graceInstalments: min(grace, n - 1))
    }

    @Test func schedulesSumToThePrincipalToTheDong() async {
        await propertyCheck(
            count: 400, input: Gen.int64(in: 1...2_000_000_000), Gen.int(in: 1...120), Gen.element(of: [1, 3, 6]),
            Gen.element(of: FeeMethod.allCases), Gen.int(in: 0...500), Gen.int(in: 0...6)
        ) { p, n, every, method, rate, grace in
            let t = Self.terms(p, n, every!, method!, rate, grace)
            let s = LoanSchedule.make(t)
            #expect(s.count == n)
            #expect(s.reduce(Int64(0)) { $0 + $1.principal } == p)
            #expect(s.allSatisfy { $0.principal >= 0 && $0.fee >= 0 })
            #expect(zip(s, s.dropFirst()).allSatisfy { $0.due < $1.due })
            #expect(s.prefix(t.graceInstalments).allSatisfy { $0.principal == 0 })
            // Shares differ by at most one đồng.
            let shares = s.dropFirst(t.graceInstalments).map(\.principal)
            #expect((shares.max() ?? 0) - (shares.min() ?? 0) <= 1)
            if method == FeeMethod.none { #expect(s.allSatisfy { $0.fee == 0 }) }
        }
    }

    @Test func allocationNeverLosesOrMakesADong() async {
        let payments = zip(Gen.int(in: 0...400), Gen.int(in: 1...1000)).array(of: 1...30)
        await propertyCheck(
            count: 300, input: Gen.int64(in: 100_000...100_000_000), Gen.int(in: 1...24),
            Gen.element(of: FeeMethod.allCases), Gen.element(of: RepaymentOrder.allCases), payments
        ) { p, n, method, order, pays in
            let schedule = LoanSchedule.make(Self.terms(p, n, 1, method!, 150, 0))
            var state = LoanState(schedule: schedule)
            var day = Self.start
            var received: Int64 = 0
            for (gap, share) in pays {
                day = day.adding(days: gap)
                // A payment somewhere between 1 đồng and twice what is owed.
                let owed = state.payable(on: day)
                let amount = max(1, (owed * 2 * Int64(share)) / 1000)
                switch LoanRules.allocate(amount, to: state, on: day, order: order!) {
                case .success(let split):
                    #expect(split.principal + split.fee == amount)
                    #expect(split.principal >= 0 && split.fee >= 0)
                    #expect(split.principal <= state.outstanding)
                    #expect(split.fee <= state.feeDue(on: day))
                    state.paidPrincipal += split.principal
                    state.paidFee += split.fee
                    received += amount
                case .failure(let problem):
                    #expect(problem == .overpayment(owed))
                    #expect(amount > owed)
                }
                #expect(state.outstanding >= 0)
                let late = LoanRules.arrears(state, on: day)
                #expect(late.days >= 0 && late.amount >= 0)
            }
            #expect(state.paidPrincipal + state.paidFee == received)
            #expect(state.paidPrincipal <= p)
        }
    }

    /// One step of a club's life: a movement by kind, fund and size, or the reversal of an earlier entry.
    static func movement(_ kind: Int, _ fund: Fund, _ amount: Int64, balances b: Balances) -> Movement {
        switch kind {
        case 0: return .grant(fund, amount)
        case 1: return .contribution(fund, amount)
        case 2: return .donation(fund, amount)
        case 3: return .disbursement(amount)
        case 4:
            let principal = min(amount, b.loansOutstanding)
            return .repayment(principal: principal, fee: amount / 50, feeTo: fund)
        case 5: return .spending(amount)
        case 6: return .transfer(from: fund, to: fund == .income ? .activity : .income, amount: amount)
        default: return .writeOff(min(amount, b.loansOutstanding))
        }
    }

    @Test func everyPostingBalancesAndTheFundIsCashPlusLoans() async {
        let steps = zip(Gen.int(in: 0...8), Gen.element(of: Fund.allCases), Gen.int64(in: 1...60_000_000), Gen.int(in: 0...1000)).array(of: 1...60)
        await propertyCheck(count: 300, input: steps) { steps in
            var b = Balances()
            var journal: [[Posting]] = []
            var reversed = Set<Int>()
            for (kind, fund, amount, pick) in steps {
                if kind == 8 {
                    // A reversal of an earlier entry, when undoing it leaves no account below zero.
                    guard !journal.isEmpty else { continue }
                    let i = pick % journal.count
                    guard !reversed.contains(i), Ledger.canReverse(journal[i], against: b) else { continue }
                    let undo = Ledger.reversal(of: journal[i])
                    #expect(Ledger.isBalanced(undo))
                    b.apply(undo)
                    journal.append(undo)
                    reversed.insert(i)
                } else {
                    let m = Self.movement(kind, fund!, amount, balances: b)
                    guard Ledger.check(m, against: b) == nil else { continue }
                    let lines = Ledger.postings(for: m)
                    #expect(Ledger.isBalanced(lines), "\(m)")
                    b.apply(lines)
                    journal.append(lines)
                }
                #expect(b.isConsistent, "\(b)")
                #expect(b.incomeCash >= 0 && b.activityCash >= 0 && b.loansOutstanding >= 0)
            }
            // The balances are the sum of the journal.
            #expect(Ledger.balances(journal.flatMap { $0 }) == b)
        }
    }

    @Test func checksRefuseWhatWouldBreakTheFund() {
        var b = Balances()
        b.apply(Ledger.postings(for: .grant(.income, 5_000_000)))
        #expect(Ledger.check(.disbursement(6_000_000), against: b) == .notEnoughCash(fund: .income, available: 5_000_000))
        #expect(Ledger.check(.spending(1), against: b) == .notEnoughCash(fund: .activity, available: 0))
        #expect(Ledger.check(.transfer(from: .income, to: .income, amount: 5), against: b) == .sameFund)
        #expect(Ledger.check(.grant(.income, 0), against: b) == .notPositive)
        b.apply(Ledger.postings(for: .disbursement(3_000_000)))
        #expect(Ledger.check(.writeOff(3_000_001), against: b) == .moreThanOutstanding(3_000_000))
        #expect(Ledger.check(.repayment(principal: 100, fee: 0, feeTo: .income), against: b, outstanding: 50) == .moreThanOutstanding(50))
        #expect(b.incomeFund == 5_000_000 && b.incomeCash == 2_000_000 && b.loansOutstanding == 3_000_000)
        #expect(b.isConsistent)
    }

    @Test func aLoanOfTwelveMonthsAtAFlatFee() {
        // 10 000 000 đ over 12 months, 0,5 % a month on the original amount.
        let t = LoanTerms(
            principal: 10_000_000, disbursedOn: Day(year: 2026, month: 1, day: 31)!, instalments: 12,
            method: .flat, monthlyRateBasisPoints: 50)
        let s = LoanSchedule.make(t)
        #expect(s.first?.principal == 833_334 && s.last?.principal == 833_333)
        #expect(s.allSatisfy { $0.fee == 50_000 })
        #expect(s[0].due == Day(year: 2026, month: 2, day: 28)!)
        #expect(s[1].due == Day(year: 2026, month: 3, day: 31)!)
        var state = LoanState(schedule: s)
        // On the first due day: 883 334 owed; 500 000 paid goes to the fee first.
        let first = try! LoanRules.allocate(500_000, to: state, on: s[0].due).get()
        #expect(first.fee == 50_000 && first.principal == 450_000)
        state.paidFee += first.fee
        state.paidPrincipal += first.principal
        // Paying more than everything owed is refused with the most that may be paid.
        let most = state.outstanding + state.feeDue(on: s[0].due)
        #expect(throws: RepaymentProblem.overpayment(most)) { try LoanRules.allocate(most + 1, to: state, on: s[0].due).get() }
        // On the fourth due day, three instalments have fallen due and only part of the first is
        // covered: the loan is late since the first due day.
        let later = s[3].due
        let late = LoanRules.arrears(state, on: later)
        #expect(late.days == s[0].due.days(to: later))
        #expect(late.days == 92)
        #expect(late.amount == s[0].total + s[1].total + s[2].total - 500_000)
        #expect(LoanRules.Bucket(days: late.days) == .over90)
        // Paying the rest of the first and all of the second leaves it late since the third.
        state.paidPrincipal += s[0].total - 500_000 + s[1].principal
        state.paidFee += s[1].fee
        #expect(LoanRules.arrears(state, on: later).days == s[2].due.days(to: later))
        #expect(LoanRules.Bucket(days: LoanRules.arrears(state, on: later).days) == .d31to60)
        #expect(LoanRules.par30([state], on: later) == Ratio(state.outstanding, state.outstanding))
        #expect(Ratio(1, 8).percent == "12,5 %")
    }

    @Test func decliningInterestFollowsWhatIsStillOwed() {
        let t = LoanTerms(
            principal: 6_000_000, disbursedOn: Day(year: 2026, month: 3, day: 10)!, instalments: 3,
            method: .declining, monthlyRateBasisPoints: 100, graceInstalments: 1)
        let s = LoanSchedule.make(t)
        #expect(s.map(\.principal) == [0, 3_000_000, 3_000_000])
        #expect(s.map(\.fee) == [60_000, 60_000, 30_000])
        #expect(
            LoanTerms(principal: 0, disbursedOn: t.disbursedOn, instalments: 0, method: .flat).problems
                == [.principal, .instalments, .rate, .grace])
    }
}
