import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// A number too large to count, posted to a form, is answered 422 with a message in Vietnamese,
/// writes nothing, and the server goes on serving.
@Suite struct HugeNumberFormTests {
    static let huge = [String(Int64.max), String(Int64.min), "1" + String(repeating: "0", count: 30), "-5", "100000000000000000"]

    @Test func aHugeLoanRateIsRefused() async throws {
        try await withApp(demo: false) { app in
            let build = Build(app)
            let club = try await build.club(members: 31)
            try await build.grant(20_000_000, to: club)
            try await build.user("thuquy", role: .clubTreasurer, at: club.unit)
            let (unit, members) = (club.unit, club.members)
            let today = Day(app.clock.now())
            let b = Browser(app)
            #expect(try await b.login("thuquy", password: Build.password).status == .seeOther)
            let before = try await Loan.query(on: app.db).count()
            for rate in Self.huge {
                let res = try await b.post(
                    Paths.newLoan.link(unit.id!),
                    [
                        "member": members[30].id!.uuidString, "principal": "1.000.000", "purpose": "livestock",
                        "disbursed_on": today.vietnamese, "instalments": "6", "every_months": "1", "method": "flat", "rate": rate, "grace": "0",
                    ])
                #expect(res.status == .unprocessableEntity, "\(rate)")
                #expect(res.text.contains("Ghi mức phí, lãi mỗi tháng"), "\(rate)")
            }
            #expect(try await Loan.query(on: app.db).count() == before)
            #expect(try await b.get(Paths.unit.link(unit.id!)).status == .ok)
        }
    }

    @Test func aHugeWeightIsRefused() async throws {
        try await withApp(demo: false) { app in
            let build = Build(app)
            let club = try await build.club(members: 5)
            try await build.user("thuky", role: .clubSecretary, at: club.unit)
            let (unit, members) = (club.unit, club.members)
            let today = Day(app.clock.now())
            let b = Browser(app)
            #expect(try await b.login("thuky", password: Build.password).status == .seeOther)
            let before = try await HealthCheck.query(on: app.db).count()
            for weight in Self.huge + ["1000000000000000000"] {
                var fields = ["checked_on": today.vietnamese, "place": "Nhà văn hóa bản"]
                fields["kg-\(members[0].id!.uuidString)"] = weight
                let res = try await b.post(Paths.newHealthChecks.link(unit.id!), fields)
                #expect(res.status == .unprocessableEntity, "\(weight)")
                #expect(res.text.contains("Cân nặng từ 20 đến 200 kg"), "\(weight)")
            }
            #expect(try await HealthCheck.query(on: app.db).count() == before)
            #expect(try await b.get(Paths.unit.link(unit.id!)).status == .ok)
        }
    }

    /// The year a report is made for is a hidden field: a wrong one is refused in words, nothing made.
    @Test func aHugeReportYearIsRefused() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let b = Browser(app)
            try await b.login("xa.quephong")
            let before = try await Report.query(on: app.db).count()
            for year in Self.huge + ["99999999999999999999999999999999"] {
                let res = try await b.post(Paths.reports.link(commune.id!), ["kind": "nam", "year": year])
                #expect(res.status == .badRequest || res.status == .unprocessableEntity, "\(year): \(res.status)")
                #expect(res.text.contains("Năm") || res.text.contains("năm") || res.text.contains("Kỳ báo cáo không hợp lệ"), "\(year)")
            }
            #expect(try await Report.query(on: app.db).count() == before)
            #expect(try await b.get(Paths.reports.link(commune.id!)).status == .ok)
        }
    }
}
