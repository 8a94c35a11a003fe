import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// A file can cost the server only so much: a zip bomb and a list with more lines than any list
/// are refused in words with nothing kept, and a preview nobody confirms is deleted after a day.
@Suite struct ImportLimitTests {
    func upload(_ app: Application, _ name: String, _ data: Data) async throws -> TestingHTTPResponse {
        let (unit, _, _) = try await app.demoClub(0)
        let b = Browser(app)
        try await b.login("clb.hanhtien")
        return try await b.upload(Paths.memberImport.link(unit.id!), ["consent": "on"], file: ("file", name, data))
    }

    @Test func aZipBombIsRefusedBeforeItIsUnpacked() async throws {
        // 200 MB of sheet packed into a few hundred KB: over the 50 MB limit and the 200:1 ratio.
        let bomb = try TestXLSX.bomb(sheetBytes: 200 << 20)
        #expect(bomb.count < 1 << 20)
        #expect(throws: XLSXReader.Failure.tooLarge) { _ = try XLSXReader.rows(bomb) }
        // Below 50 MB, the ratio alone refuses it.
        let small = try TestXLSX.bomb(sheetBytes: 20 << 20)
        #expect(throws: XLSXReader.Failure.tooLarge) { _ = try XLSXReader.rows(small) }
        // A real list of the same shape is read.
        let list = try TestXLSX.make(TestXLSX.messyList(count: 70, villages: ["Bản Hạnh Tiến"]))
        #expect(try XLSXReader.rows(list).count > 70)
        try await withApp { app in
            let before = try await MemberImport.query(on: app.db).count()
            let res = try await upload(app, "bom.xlsx", bomb)
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Tệp giải nén ra quá lớn (hơn 50 MB)"))
            #expect(try await MemberImport.query(on: app.db).count() == before)
        }
    }

    @Test func moreLinesThanAListMayHaveAreRefusedWithNothingKept() async throws {
        // 200,000 lines of CSV, as in the finding; and an .xlsx just over the limit.
        var csv = "Họ và tên;Giới tính;Năm sinh\r\n"
        for i in 0..<200_000 { csv += "Lò Thị \(i);Nữ;1950\r\n" }
        let lines = try CSVReader.rows(Data(csv.utf8))
        #expect(lines.count == CSVReader.maxRows)
        let rows = (0..<CSVReader.maxRows).map { i in (line: i + 2, cells: [TestXLSX.Cell.text("Vi Thị \(i)"), .text("Nữ"), .number(1950)]) }
        let xlsx = try TestXLSX.make([(1, [.text("Họ và tên"), .text("Giới tính"), .text("Năm sinh")])] + rows, merge: nil)
        #expect(try XLSXReader.rows(xlsx).count == XLSXReader.Limits().rows)
        try await withApp { app in
            let before = try await MemberImport.query(on: app.db).count()
            let started = Date()
            for (name, data) in [("ds.csv", Data(csv.utf8)), ("ds.xlsx", xlsx)] {
                let res = try await upload(app, name, data)
                #expect(res.status == .unprocessableEntity, "\(name)")
                #expect(res.text.contains("Tệp có quá nhiều dòng (tối đa 5.000)"), "\(name)")
            }
            #expect(try await MemberImport.query(on: app.db).count() == before)
            print("two refused uploads of 200,000 and 5,001 lines: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }

    @Test func aPreviewNobodyConfirmsIsDeletedAfterADay() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { app in
            let csv = "Họ và tên;Giới tính;Năm sinh\r\nLò Thị Mai;Nữ;1950\r\n"
            let first = try await upload(app, "ds.csv", Data(csv.utf8))
            let preview = try #require(first.location)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            #expect(try await b.get(preview).status == .ok)
            // The record's time is the server's own: the test's day moves past it by a day and an hour.
            clock.advance(Date().timeIntervalSince(clock.now()) + 25 * 3600)
            // The session has ended too: the login page first, then in again.
            #expect(try await b.get(preview).status == .unauthorized)
            try await b.login("clb.hanhtien")
            let gone = try await b.get(preview)
            #expect(gone.status == .gone)
            #expect(gone.text.contains("Bản xem trước chưa xác nhận được xóa sau một ngày"))
            let importID = try #require(UUID(uuidString: String(preview.split(separator: "/").last!)))
            #expect(try await MemberImport.find(importID, on: app.db) == nil)
            // Confirming it now writes nothing.
            let (_, club, _) = try await app.demoClub(0)
            let members = try await Member.query(on: app.db).filter(\.$club.$id == club.id!).count()
            #expect(try await b.post(preview + "/confirm", [:]).status == .gone)
            #expect(try await Member.query(on: app.db).filter(\.$club.$id == club.id!).count() == members)
            // Every other unconfirmed preview went with it, the demo's too; confirmed ones stay.
            #expect(try await MemberImport.query(on: app.db).filter(\.$appliedAt == nil).count() == 0)
        }
    }

    /// Numbers too large to count in a list's cells are problems of their rows, never a trap.
    @Test func hugeNumbersInAListAreRowProblems() async throws {
        let huge = [String(Int64.max), String(Int64.min), "1" + String(repeating: "0", count: 30), "-5", "2020-99999999999999999999-1", "٢٠٢٠-01-01"]
        var csv = "Họ và tên;Giới tính;Năm sinh;Điện thoại;Ngày vào\r\n"
        for (i, h) in huge.enumerated() { csv += "Lò Thị \(i);Nữ;\(h);\(h);\(h)\r\n" }
        try await withApp { app in
            let res = try await upload(app, "so.csv", Data(csv.utf8))
            #expect(res.status == .seeOther)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let preview = try await b.get(try #require(res.location))
            #expect(preview.status == .ok)
            #expect(preview.text.contains("\(huge.count) dòng có lỗi"))
            #expect(!preview.text.contains("Xác nhận thêm"))
        }
    }
}
