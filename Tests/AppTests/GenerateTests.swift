import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

@Suite struct GenerateTests {
    struct Fingerprint: Equatable {
        var counts: [String]
        var clubs: [String]
        var money: Int64
    }

    func generate(seed: UInt64) async throws -> Fingerprint {
        var print = Fingerprint(counts: [], clubs: [], money: 0)
        try await withApp(demo: false) { app in
            let keys = try await ForeignKeys.list(on: app.db as! any SQLDatabase)
            let report = try await NationGenerator(app: app, scale: 0.002, seed: seed, today: Day(app.clock.now())).run { _ in }
            let counts = Dictionary(uniqueKeysWithValues: report.counts)
            #expect(counts["clubs"] == 40)
            #expect((40 * 50...40 * 80).contains(counts["members"]!))
            #expect(counts["meetings"]! > 40 * 12 && counts["attendances"]! > counts["meetings"]! * 20)
            #expect(counts["loans"]! > 0 && counts["health_checks"]! > 0 && counts["care_visits"]! > 0 && counts["trainings"]! > 0)
            // Every club's ledger balances and its fund equals cash plus loans.
            let checks = try await LedgerStore.verify(on: app.db)
            #expect(checks.count == 40)
            for check in checks { #expect(check.problems.isEmpty, "\(check.problems)") }
            // The figures add up at every level.
            let nation = try await app.unit(path: UnitPath.root)
            let today = Day(app.clock.now())
            let g = try await IndicatorStore.gather(
                under: nation, start: Day(year: today.year, month: 1, day: 1)!,
                end: Day(year: today.year, month: 12, day: 31)!, today: today, on: app.db)
            #expect(g.clubs.count == 40)
            #expect(try await DashboardTests().checkSums(app, g, under: nation) >= 3)
            let v = g.indicators(under: nation.path, standard: .default, minStandardClubs: 1)
            #expect(v["members"]!.numerator > 0 && v["par30"]!.denominator! > 0)
            // The club-facts triggers, off while writing, are back: a new member moves the club's version.
            let sql = app.db as! any SQLDatabase
            struct V: Decodable { var facts_version: Int64 }
            let club = try #require(try await Club.query(on: app.db).first())
            let before = try #require(try await sql.raw("SELECT facts_version FROM clubs WHERE id = \(bind: club.id!)").first(decoding: V.self))
            let communeVersion = {
                try #require(try await sql.raw("SELECT facts_version FROM units WHERE id = \(bind: club.$commune.id)").first(decoding: V.self))
                    .facts_version
            }
            let communeBefore = try await communeVersion()
            try await Member(clubID: club.id!, fullName: "Thành viên mới", gender: "female", birthYear: 1950).create(on: app.db)
            let after = try #require(try await sql.raw("SELECT facts_version FROM clubs WHERE id = \(bind: club.id!)").first(decoding: V.self))
            #expect(after.facts_version == before.facts_version + 1)
            // So are the communes' version triggers: the club's commune moved on too.
            #expect(try await communeVersion() > communeBefore)
            // The foreign keys, off while writing on PostgreSQL, are all back and hold.
            #expect(try await ForeignKeys.list(on: sql) == keys)
            if sql.dialect.name == "postgresql" { #expect(keys.count > 20) }
            await #expect(throws: (any Error).self) {
                try await sql.raw("INSERT INTO meeting_areas (id, meeting_id, area) VALUES (\(bind: UUID()), \(bind: UUID()), 1)").run()
            }
            // Ids grow in the order rows were written (every index of ids grows at its end).
            let byID = try await Club.query(on: app.db).all().sorted { $0.id!.uuidString < $1.id!.uuidString }
            #expect(byID.compactMap(\.decisionNumber) == (1...40).map { "\($0)/QĐ-UBND" })
            // The benchmark logins work and see the national dashboard.
            let b = Browser(app)
            #expect(try await b.login("admin").status == .seeOther)
            #expect(try await b.get(Paths.dashboard.link(nation.id!)).status == .ok)
            print.counts = report.counts.map { "\($0.0) \($0.1)" }
            print.clubs = try await Club.query(on: app.db).all().map { "\($0.id!) \($0.foundedOn ?? "")" }.sorted()
            print.money = try await LedgerPosting.query(on: app.db).filter(\.$amount > 0).all().reduce(Int64(0)) { $0 + $1.amount }
        }
        return print
    }

    @Test func theSyntheticNationIsDeterministicAndConsistent() async throws {
        let a = try await generate(seed: 7)
        let b = try await generate(seed: 7)
        #expect(a == b)
        let c = try await generate(seed: 8)
        #expect(a.clubs != c.clubs)
    }
}
