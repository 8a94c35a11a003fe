import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct MemberImportTests {
    func clubRecord(_ app: Application, _ index: Int = 0) async throws -> (OrgUnit, Club) {
        let unit = try await app.unit(named: DemoData.clubs[index].name)
        return (unit, try #require(try await Club.query(on: app.db).filter(\.$unit.$id == unit.id!).first()))
    }

    func activeCount(_ app: Application, _ club: Club) async throws -> Int {
        try await Member.query(on: app.db).filter(\.$club.$id == club.id!).filter(\.$leftOn == nil).count()
    }

    @Test func aMessySeventyRowSpreadsheetGoesInThroughThePreview() async throws {
        try await withApp { app in
            let (unit, club) = try await clubRecord(app)
            let before = try await activeCount(app, club)
            let file = try TestXLSX.make(TestXLSX.messyList(count: 70, villages: ["Bản Hạnh Tiến", "Bản Đồng Mới", "Bản Mường Nọc"]))
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            #expect(try await b.get(Paths.memberImport.link(unit.id!)).status == .ok)
            // act 1: upload
            let upload = try await b.upload(Paths.memberImport.link(unit.id!), ["consent": "on"], file: ("file", "danh sach.xlsx", file))
            #expect(upload.status == .seeOther)
            let preview = try await b.get(try #require(upload.location))
            // check: every row is shown with what will happen, nothing written yet
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Sẵn sàng thêm 70 thành viên"))
            #expect(preview.text.contains("Dòng 5 · Lò Thị Mai 1"))
            #expect(preview.text.components(separatedBy: "Sẽ thêm").count - 1 == 70)
            #expect(!preview.text.contains("Có lỗi"))
            #expect(try await activeCount(app, club) == before)
            // act 2: confirm
            let importID = String(upload.location!.split(separator: "/").last!)
            let confirm = try await b.post(Paths.importConfirm.link(importID), [:])
            #expect(confirm.status == .seeOther)
            #expect(confirm.location?.contains("done=imported") == true)
            #expect(try await b.get(confirm.location!).text.contains("Đã thêm 70 thành viên từ tệp"))
            #expect(try await activeCount(app, club) == before + 70)
            // The values as read: NFD name stored NFC, Excel day number as a date, phone with its zero, village matched.
            let first = try #require(try await Member.query(on: app.db).filter(\.$nameKey == VietnameseText.fold("Lò Thị Mai 1")).first())
            #expect(first.fullName == "Lò Thị Mai 1".precomposedStringWithCanonicalMapping)
            #expect(first.birthYear == 1940 && first.birthDate == nil)
            #expect(first.phone == "0912000000")
            #expect(first.poorHousehold)
            #expect(first.consentOn != nil)
            #expect(first.joinedOn == DemoData.clubs[0].founded)
            let villageName = try await first.$village.get(on: app.db)?.name
            #expect(villageName == "Bản Hạnh Tiến")
            let third = try #require(try await Member.query(on: app.db).filter(\.$nameKey == VietnameseText.fold("Lương Thị Mai 3")).first())
            #expect(third.birthDate == "1940-07-13")  // Excel's day number 14805
            let second = try #require(try await Member.query(on: app.db).filter(\.$nameKey == VietnameseText.fold("Vi Thị Mai 2")).first())
            #expect(second.birthDate == "1941-02-02")
            #expect(second.gender == "female")
            // Confirming twice adds nothing.
            _ = try await b.post(Paths.importConfirm.link(importID), [:])
            #expect(try await activeCount(app, club) == before + 70)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "import").count() == 1)
            // The same file again: everyone is already there.
            let again = try await b.upload(Paths.memberImport.link(unit.id!), ["consent": "on"], file: ("file", "danh sach.xlsx", file))
            let againPage = try await b.get(again.location!)
            #expect(againPage.text.contains("Không có dòng nào để thêm"))
            #expect(againPage.text.components(separatedBy: "outcome outcome-skip").count - 1 == 70)
        }
    }

    @Test func aListWithErrorsWritesNothingAndSaysWhy() async throws {
        try await withApp { app in
            let (unit, club) = try await clubRecord(app)
            let before = try await Member.query(on: app.db).count()
            let csv =
                "Họ và tên;Giới tính;Năm sinh;Thôn\r\nLò Thị Mai;Nữ;1950;Bản Hạnh Tiến\r\nVi Văn Lả;?;1961;\r\nLang Thị Xuân;Nữ;2099;Bản Xa Lạ\r\n"
            let b = Browser(app)
            try await b.login("chunhiem.hanhtien")
            let upload = try await b.upload(Paths.memberImport.link(unit.id!), ["consent": "on"], file: ("file", "ds.csv", Data(csv.utf8)))
            let preview = try await b.get(try #require(upload.location))
            #expect(preview.text.contains("Chưa nhập được danh sách này"))
            #expect(preview.text.contains("2 dòng có lỗi"))
            #expect(preview.text.contains("Giới tính “?” không rõ"))
            #expect(preview.text.contains("Năm sinh “2099” không đúng"))
            #expect(preview.text.contains("Xã chưa có thôn “Bản Xa Lạ”"))
            #expect(preview.text.contains("Chưa có gì được ghi"))
            #expect(!preview.text.contains(Paths.importConfirm.link(String(upload.location!.split(separator: "/").last!))))
            let confirm = try await b.post(Paths.importConfirm.link(String(upload.location!.split(separator: "/").last!)), [:])
            #expect(confirm.status == .unprocessableEntity)
            #expect(try await Member.query(on: app.db).count() == before)
            #expect(try await activeCount(app, club) == DemoData.clubs[0].members)
        }
    }

    @Test func uploadsThatCannotBeReadAreExplained() async throws {
        try await withApp { app in
            let (unit, _) = try await clubRecord(app)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let path = Paths.memberImport.link(unit.id!)
            let none = try await b.upload(path, ["consent": "on"], file: nil)
            #expect(none.status == .unprocessableEntity)
            #expect(none.text.contains("Chọn tệp danh sách"))
            let noConsent = try await b.upload(path, [:], file: ("file", "a.csv", Data("Họ và tên,Giới tính,Năm sinh\nA,Nữ,1950\n".utf8)))
            #expect(noConsent.text.contains("Cần xác nhận những người trong danh sách đã đồng ý"))
            let xls = try await b.upload(
                path, ["consent": "on"], file: ("file", "cu.xls", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])))
            #expect(xls.text.contains("tệp Excel đời cũ (.xls)"))
            let latin = try await b.upload(path, ["consent": "on"], file: ("file", "a.csv", Data([0x48, 0xE4, 0x20, 0xFF, 0x0A])))
            #expect(latin.text.contains("CSV UTF-8"))
            let broken = try await b.upload(path, ["consent": "on"], file: ("file", "a.xlsx", Data([0x50, 0x4B, 3, 4, 9, 9, 9])))
            #expect(broken.text.contains("Không đọc được tệp này"))
            let notAList = try await b.upload(path, ["consent": "on"], file: ("file", "a.csv", Data("Gạo,10\nMuối,2\n".utf8)))
            let page = try await b.get(try #require(notAList.location))
            #expect(page.text.contains("Không tìm thấy dòng tiêu đề"))
            // Without the token, the upload is refused like any other form.
            let big = Data(repeating: 0x41, count: 300_000)  // arrives in pieces, so the token is read after the body
            #expect(
                try await b.upload(path, ["consent": "on"], file: ("file", "a.csv", big), token: String(repeating: "a", count: 43)).status
                    == .forbidden)
            #expect(try await b.upload(path, ["consent": "on"], file: ("file", "a.csv", big)).status == .seeOther)
        }
    }

    @Test func onlyThoseWhoWriteInScopeImportOrSeeAPreview() async throws {
        try await withApp { app in
            let (unit, club) = try await clubRecord(app)
            let pending = try #require(try await MemberImport.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let viewer = Browser(app)
            try await viewer.login("xem.nghean")
            #expect(try await viewer.get(Paths.memberImport.link(unit.id!)).status == .forbidden)
            #expect(try await viewer.get(Paths.importPreview.link(pending.id!)).status == .forbidden)
            let other = Browser(app)
            try await other.login("tinh.hanoi")
            #expect(try await other.get(Paths.importPreview.link(pending.id!)).status == .forbidden)
            #expect(try await other.post(Paths.importConfirm.link(pending.id!), [:]).status == .forbidden)
            #expect(try #require(try await MemberImport.find(pending.id, on: app.db)).appliedAt == nil)
            // The demo's pending list: three to add, one skipped (already in the club), one unknown village.
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let page = try await officer.get(Paths.importPreview.link(pending.id!))
            #expect(page.text.contains("Sẵn sàng thêm 4 thành viên"))
            #expect(page.text.contains("1 dòng được bỏ qua"))
            #expect(page.text.contains("Xã chưa có thôn “Bản Na Lướm”"))
        }
    }

    @Test func xlsxCellsAreReadAsExcelShowsThem() throws {
        let data = try TestXLSX.make([
            (1, [.text("Tiêu đề")]),
            (3, [.text("Họ và tên"), .empty, .number(1956), .number(20526.0), .text("a & b <c>")]),
            (7, [.empty, .empty, .number(3.5)]),
        ])
        let rows = try XLSXReader.rows(data)
        #expect(rows.map(\.line) == [1, 3, 7])
        #expect(rows[0].cells == ["Tiêu đề"])
        #expect(rows[1].cells == ["Họ và tên", "", "1956", "20526", "a & b <c>"])
        #expect(rows[2].cells == ["", "", "3.5"])
        #expect(throws: XLSXReader.Failure.legacyXLS) { try XLSXReader.rows(Data([0xD0, 0xCF, 0x11, 0xE0])) }
        #expect(throws: XLSXReader.Failure.notXLSX) { try XLSXReader.rows(Data("abc".utf8)) }
        // What the system itself exports reads back.
        let exported = try XLSXWriter.workbook(sheetName: "T", header: ["Họ và tên", "Giới tính"], rows: [["Lò Thị Mai", "Nữ"]])
        #expect(try XLSXReader.rows(exported).map(\.cells) == [["Họ và tên", "Giới tính"], ["Lò Thị Mai", "Nữ"]])
    }
}
