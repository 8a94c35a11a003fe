import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// The smaller rules: no common password or the unit's name as a password, names limited in
/// bytes as well as letters and without control characters, cookies that no other site can
/// plant when the site runs on HTTPS.
@Suite struct SecurityRulesTests {
    func newUser(
        _ officer: Browser, _ unit: OrgUnit, name: String = "Lữ Văn Hùng", username: String = "xa.moi",
        password: String
    ) async throws -> TestingHTTPResponse {
        try await officer.post(
            Paths.newUser.link(),
            [
                "unit": unit.id!.uuidString, "full_name": name, "username": username,
                "role": "commune_officer", "password": password, "password_confirm": password,
            ])
    }

    @Test func commonPasswordsAndTheUnitsNameAreRefused() async throws {
        try await withApp { app in
            #expect(app.commonPasswords.count > 5_000)
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let commune = try await app.unit(path: DemoData.thongThu)
            for password in ["12345678", "password", "Password1", "matkhau123", "anhyeuem", "88888888"] {
                let res = try await newUser(officer, commune, password: password)
                #expect(res.status == .unprocessableEntity, "\(password)")
                #expect(res.text.contains("Mật khẩu này quá phổ biến"), "\(password)")
            }
            let same = try await newUser(officer, commune, password: "Xã Thông Thụ")
            #expect(same.text.contains("Mật khẩu không được là tên đơn vị"))
            let sameFolded = try await newUser(officer, commune, password: "xathongthu")
            #expect(sameFolded.text.contains("Mật khẩu không được là tên đơn vị"))
            #expect(try await User.query(on: app.db).filter(\.$username == "xa.moi").count() == 0)
            #expect(try await newUser(officer, commune, password: "mat khau dau tien").status == .seeOther)
        }
    }

    @Test func namesAreLimitedInBytesAndHoldNoControlCharacters() async throws {
        try await withApp { app in
            let (unit, _, _) = try await app.demoClub(0)
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let before = try await Member.query(on: app.db).count()
            // One letter and 5,000 combining marks: one "character" of 10,001 bytes, within the
            // 64 KB a form may send.
            let stacked = "a" + String(repeating: "\u{0301}", count: 5_000)
            #expect(stacked.count == 1)
            let long = try await b.post(Paths.newMember.link(unit.id!), ["full_name": stacked, "gender": "female", "birth": "1950"])
            #expect(long.status == .unprocessableEntity)
            #expect(long.text.contains("href=\"#f-full_name\""))
            let nul = try await b.post(Paths.newMember.link(unit.id!), ["full_name": "Lò Thị\u{0}Mai", "gender": "female", "birth": "1950"])
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.text.contains("ký tự điều khiển"))
            #expect(try await Member.query(on: app.db).count() == before)
            // The same in a list.
            let csv = "Họ và tên;Giới tính;Năm sinh\r\nLò Thị\u{1B}Mai;Nữ;1950\r\n\(stacked);Nữ;1950\r\n"
            let upload = try await b.upload(Paths.memberImport.link(unit.id!), ["consent": "on"], file: ("file", "ds.csv", Data(csv.utf8)))
            let preview = try await b.get(try #require(upload.location)).text
            #expect(preview.contains("ký tự điều khiển"))
            #expect(preview.contains("2 dòng có lỗi"))
        }
    }

    @Test func secureCookiesAreHostCookiesAndHSTSCoversSubdomains() async throws {
        try await withApp { app in
            app.config.secureCookies = true
            let b = Browser(app)
            let page = try await b.get(Paths.login.link())
            let set = page.headers[.setCookie].joined(separator: "\n")
            #expect(set.contains("__Host-ishc_csrf="))
            #expect(set.contains("Secure"))
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            // A cookie without the prefix (planted over plain HTTP or by a subdomain) is not read.
            let token = String(repeating: "a", count: 43)
            b.cookies = [CSRFMiddleware.cookieName: token]
            #expect(try await b.post(Paths.login.link(), ["username": "admin", "password": DemoData.password], csrf: token).status == .forbidden)
            b.cookies = ["__Host-ishc_csrf": token]
            let login = try await b.post(Paths.login.link(), ["username": "admin", "password": DemoData.password], csrf: token)
            #expect(login.status == .seeOther)
            #expect(login.headers[.setCookie].joined().contains("__Host-ishc_session="))
        }
    }
}
