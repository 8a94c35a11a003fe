import Fluent
import Foundation
import ISHCCore
import Testing

@testable import App

@Suite struct ImportTests {
    @Test func importsTheWholeOfficialListOnceAndOnlyOnce() async throws {
        try await withApp(demo: false, fullUnits: true) { app in
            // check: the first start (Bootstrap.prepare in withApp) imported both structures
            let counts = Dictionary(uniqueKeysWithValues: try await StatusReport.counts(on: app.db))
            #expect(counts["provinces"] == 34)
            #expect(counts["communes"] == 3321)
            #expect(counts["legacy_provinces"] == 63)
            #expect(counts["legacy_districts"] == 696)
            #expect(counts["legacy_communes"] == 10035)
            #expect(counts["unit_successions"] == 10597)

            // act: a second run
            let again = try await UnitImporter(directory: app.config.unitsDirectory).run(on: app.db)

            // check: nothing added
            #expect(again == UnitImporter.Result())
            let after = Dictionary(uniqueKeysWithValues: try await StatusReport.counts(on: app.db))
            #expect(after == counts)
        }
    }

    @Test func oldUnitsAreScopedToTheNewUnitTheirLandBelongsTo() async throws {
        try await withApp(demo: false) { app in
            // setup: old Phường Trúc Bạch (00004, Quận Ba Đình) went into new Phường Ba Đình (00004)
            let old = try #require(
                try await OrgUnit.query(on: app.db).filter(\.$structure == "legacy")
                    .filter(\.$level == "commune").filter(\.$code == "00004").first())
            let new = try await app.unit(path: "/VN/p01/c00004/")
            // check: same code, different units, and the old one's scope is the new one
            #expect(old.id != new.id)
            #expect(old.scopePath == new.path)
            #expect(old.validTo == "2025-06-30")
            #expect(new.validFrom == "2025-07-01")
            let succ = try await UnitQueries.successors(of: old, on: app.db)
            #expect(succ.contains { $0.0.id == new.id })
            // The old province of Nghệ An is scoped to the new one.
            let oldProvince = try #require(
                try await OrgUnit.query(on: app.db).filter(\.$structure == "legacy")
                    .filter(\.$level == "province").filter(\.$code == "40").first())
            #expect(oldProvince.scopePath == "/VN/p40/")
        }
    }
}
