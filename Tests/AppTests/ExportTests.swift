import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting
import ZIPFoundation

@testable import App

@Suite struct ExportTests {
    @Test func clubMembersDownloadAsExcelWithFormulasDefused() async throws {
        try await withApp { app in
            // setup: a member whose ethnicity field holds a formula
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let record = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == club.id!).first())
            let tricky = Member(clubID: record.id!, fullName: "Hà Thị Công Thức", gender: "female", birthYear: 1950)
            tricky.ethnicity = "=HYPERLINK(\"http://x\")"
            try await tricky.create(on: app.db)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            // act
            let res = try await b.get(Paths.membersXLSX.link(club.id!))
            // check: a zip with the sheet, one row per member plus the header
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(res.headers.first(name: .contentDisposition)?.contains(".xlsx") == true)
            let archive = try Archive(data: Data(buffer: res.body), accessMode: .read)
            let entry = try #require(archive["xl/worksheets/sheet1.xml"])
            var sheet = Data()
            _ = try archive.extract(entry) { sheet.append($0) }
            let xml = String(decoding: sheet, as: UTF8.self)
            #expect(xml.contains(">Họ và tên<"))
            #expect(xml.contains(">Hà Thị Công Thức<"))
            #expect(xml.contains(">'=HYPERLINK(&quot;http://x&quot;)<"))
            let rows = xml.components(separatedBy: "<row ").count - 1
            #expect(rows == DemoData.clubs[0].members + DemoData.formerMembers + 1 + 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "export").count() == 1)
        }
    }

    @Test func communeMembersDownloadAsCSV() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let b = Browser(app)
            try await b.login("xa.quephong")
            let res = try await b.get(Paths.membersCSV.link(commune.id!))
            #expect(res.status == .ok)
            let text = res.body.string
            #expect(text.hasPrefix("\u{FEFF}Họ và tên,Giới tính,Năm sinh"))
            let lines = text.split(separator: "\r\n")
            #expect(lines.count == 1 + DemoData.clubs[0].members + DemoData.formerMembers + DemoData.clubs[1].members)
        }
    }

    @Test func viewersCannotExportPersonalData() async throws {
        try await withApp { app in
            let club = try await app.unit(named: DemoData.clubs[0].name)
            let b = Browser(app)
            try await b.login("xem.nghean")
            #expect(try await b.get(Paths.membersCSV.link(club.id!)).status == .forbidden)
            #expect(try await b.get(Paths.membersXLSX.link(club.id!)).status == .forbidden)
        }
    }
}
