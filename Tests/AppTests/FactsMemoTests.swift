import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The server's memo of communes (`FactsMemo`): a province or the nation gathered from it gives
/// the same figures as a gathering from the records, and after a write only the commune written
/// to is gathered again.
@Suite struct FactsMemoTests {
    func gather(_ app: Application, _ unit: OrgUnit, memo: FactsMemo?) async throws -> IndicatorStore.Gathered {
        let today = Day(app.clock.now())
        return try await FactsMemo.$current.withValue(memo) {
            try await IndicatorStore.gather(
                under: unit, start: Day(year: today.year, month: 1, day: 1)!,
                end: Day(year: today.year, month: 12, day: 31)!, today: today, on: app.db)
        }
    }

    /// The gathering from the memo equals one from the records, club by club and for every unit.
    func expectSame(_ app: Application, _ unit: OrgUnit, memo: FactsMemo, _ step: String) async throws -> IndicatorStore.Gathered {
        let kept = try await gather(app, unit, memo: memo)
        let plain = try await gather(app, unit, memo: nil)
        #expect(kept.clubs.map(\.path) == plain.clubs.map(\.path), "\(step)")
        #expect(kept.clubs.map(\.name) == plain.clubs.map(\.name), "\(step)")
        #expect(kept.clubs.map(\.facts) == plain.clubs.map(\.facts), "\(step)")
        #expect(kept.clubs.map(\.lastMeeting) == plain.clubs.map(\.lastMeeting), "\(step)")
        let units = try await OrgUnit.query(on: app.db).filter(\.$structure == UnitStructure.current.rawValue)
            .filter(\.$level ~~ [UnitLevel.nation.rawValue, UnitLevel.province.rawValue, UnitLevel.commune.rawValue]).all()
        for u in units where u.path.hasPrefix(unit.path) {
            #expect(
                kept.indicators(under: u.path, standard: .default, minStandardClubs: 1)
                    == plain.indicators(under: u.path, standard: .default, minStandardClubs: 1), "\(step) \(u.name)")
        }
        return kept
    }

    func members(_ g: IndicatorStore.Gathered, _ path: String) -> Int64 {
        g.indicators(under: path, standard: .default, minStandardClubs: 1)["members"]!.numerator
    }

    @Test func onlyTheCommunesThatChangedAreGatheredAgain() async throws {
        try await withApp { app in
            let sql = app.db as! any SQLDatabase
            let memo = FactsMemo()
            let nation = try await app.unit(path: UnitPath.root)
            let (clubUnit, club, _) = try await app.demoClub(0)
            struct N: Decodable { var n: Int }
            let communes = try #require(
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM units WHERE level = 'commune' AND structure = \(bind: UnitStructure.current.rawValue)
                    """
                ).first(decoding: N.self)
            ).n
            var g = try await expectSame(app, nation, memo: memo, "first")
            #expect(memo.gatheredCommunes == communes)
            let before = members(g, UnitPath.root)
            // Nothing changed: nothing is gathered again.
            g = try await expectSame(app, nation, memo: memo, "again")
            #expect(memo.gatheredCommunes == communes)
            #expect(memo.reusedCommunes == communes)

            // A member joins through the club's page: one commune is gathered again, and the nation has one more.
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            #expect(
                try await secretary.post(
                    Paths.newMember.link(clubUnit.id!),
                    [
                        "full_name": "Vi Thị Mới", "gender": "female", "birth": "1955", "ethnicity": "Thái", "joined_on": "", "consent": "on",
                    ]
                ).status == .seeOther)
            g = try await expectSame(app, nation, memo: memo, "member")
            #expect(memo.gatheredCommunes == communes + 1)
            #expect(members(g, UnitPath.root) == before + 1)

            // A village registered under another commune: that commune only, and it counts the village.
            let commune = try await app.unit(path: DemoData.thanhVinh)
            let villagesBefore = g.units.first { $0.path == commune.path }!.facts.villages
            let id = UUID()
            try await OrgUnit(
                id: id, structure: .current, level: .village, code: nil, name: "Khối Mới", kind: "Khối", parentID: commune.id!,
                path: UnitPath.child(of: commune.path, segment: UnitPath.segment("v", id: id))
            ).create(on: app.db)
            g = try await expectSame(app, nation, memo: memo, "village")
            #expect(memo.gatheredCommunes == communes + 2)
            #expect(g.units.first { $0.path == commune.path }!.facts.villages == villagesBefore + 1)

            // A club renamed directly in the database: its commune is gathered again and shows the name.
            try await sql.raw("UPDATE units SET name = 'CLB Đổi Tên' WHERE id = \(bind: clubUnit.id!)").run()
            g = try await expectSame(app, nation, memo: memo, "rename")
            #expect(memo.gatheredCommunes == communes + 3)
            #expect(g.clubs.contains { $0.name == "CLB Đổi Tên" })

            // A write to a table of the club's facts, by any path: its commune again.
            try await sql.raw("UPDATE meetings SET held_on = held_on WHERE club_id = \(bind: club.id!)").run()
            _ = try await expectSame(app, nation, memo: memo, "meetings")
            #expect(memo.gatheredCommunes == communes + 4)

            // Two clubs of Quế Phong merge through the commune officer's page.
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let source = try await app.unit(named: DemoData.clubs[1].name)
            #expect(
                try await officer.post(
                    Paths.clubStatus.link(source.id!),
                    [
                        "status": "merged", "from_date": Day(app.clock.now()).adding(days: -1).vietnamese, "into": clubUnit.id!.uuidString,
                    ]
                ).status == .seeOther)
            g = try await expectSame(app, nation, memo: memo, "merge")
            #expect(members(g, source.path) == 0)

            // A province gathered from the same memo reads its communes from it.
            let gathered = memo.gatheredCommunes
            _ = try await expectSame(app, try await app.unit(path: DemoData.nghean), memo: memo, "province")
            #expect(memo.gatheredCommunes == gathered)
        }
    }

    @Test func theMemoKeepsAtMostItsNumberOfClubs() async throws {
        try await withApp { app in
            let nation = try await app.unit(path: UnitPath.root)
            let memo = FactsMemo(maxClubs: DemoData.clubs.count)
            let today = Day(app.clock.now())
            try await FactsMemo.$current.withValue(memo) {
                for year in (today.year - 2)...today.year {
                    _ = try await IndicatorStore.gather(
                        under: nation, start: Day(year: year, month: 1, day: 1)!,
                        end: Day(year: year, month: 12, day: 31)!, today: today, on: app.db)
                }
            }
            // Each year holds every club; the years gathered before the last are let go.
            #expect(memo.clubsHeld == DemoData.clubs.count)
        }
    }

    /// A club kept for several periods holds its texts once: every period's copy points at the same
    /// bytes, and clubs of one commune at the same commune id.
    @Test func textsRecurringAcrossPeriodsAreKeptOnce() async throws {
        try await withApp { app in
            let nation = try await app.unit(path: UnitPath.root)
            let memo = FactsMemo()
            let today = Day(app.clock.now())
            try await FactsMemo.$current.withValue(memo) {
                for year in (today.year - 1)...today.year {
                    _ = try await IndicatorStore.gather(
                        under: nation, start: Day(year: year, month: 1, day: 1)!,
                        end: Day(year: year, month: 12, day: 31)!, today: today, on: app.db)
                }
            }
            func bytes(_ s: String) -> UnsafeRawPointer? {
                var copy = s
                return copy.withUTF8 { UnsafeRawPointer($0.baseAddress) }
            }
            let periods = memo.clubsKept
            #expect(periods.count == 2)
            let first = Dictionary(uniqueKeysWithValues: periods[0].map { ($0.facts.clubID, $0) })
            #expect(first.count == DemoData.clubs.count)
            for club in periods[1] {
                let other = try #require(first[club.facts.clubID])
                #expect(bytes(club.facts.clubID) == bytes(other.facts.clubID))
                #expect(bytes(club.path) == bytes(other.path))
                #expect(bytes(club.facts.communeID) == bytes(other.facts.communeID))
            }
            let byCommune = Dictionary(grouping: periods[1], by: \.facts.communeID)
            #expect(byCommune.values.contains { $0.count > 1 })
            for clubs in byCommune.values {
                #expect(Set(clubs.map { bytes($0.facts.communeID) }).count == 1)
            }
        }
    }

    /// Dashboards and the trend use the server's memo: a second look gathers no commune again.
    @Test func dashboardsReadTheServersMemo() async throws {
        try await withApp { app in
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let province = try await app.unit(path: DemoData.nghean)
            #expect(try await officer.get(Paths.dashboard.link(province.id!)).status == .ok)
            let gathered = app.factsMemo.gatheredCommunes
            #expect(gathered > 0)
            let reused = app.factsMemo.reusedCommunes
            #expect(try await officer.get(Paths.dashboard.link(province.id!)).status == .ok)
            #expect(app.factsMemo.gatheredCommunes == gathered)
            #expect(app.factsMemo.reusedCommunes > reused)
        }
    }
}
