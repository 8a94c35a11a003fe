import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct UserTests {
    @Test func provinceOfficerCreatesACommuneOfficerWhoMustChangeThePassword() async throws {
        try await withApp { app in
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let commune = try await app.unit(path: DemoData.thongThu)
            // act: the form, then the submission
            let form = try await officer.get(Paths.newUser.link(query: [("unit", commune.id!.uuidString)]))
            #expect(form.status == .ok)
            #expect(form.text.contains("Xã Thông Thụ"))
            let res = try await officer.post(
                Paths.newUser.link(),
                [
                    "unit": commune.id!.uuidString, "full_name": "Lữ Văn  Hùng", "username": "Xa.ThongThu",
                    "role": "commune_officer", "password": "mat khau dau tien", "password_confirm": "mat khau dau tien",
                ])
            // check
            #expect(res.status == .seeOther)
            let created = try await app.user("xa.thongthu")
            #expect(created.fullName == "Lữ Văn Hùng")
            #expect(created.userRole == .communeOfficer)
            #expect(created.$unit.id == commune.id)
            #expect(created.mustChangePassword)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "create").filter(\.$targetKind == "user").count() == 1)

            // The new user logs in, is sent to change the password, changes it, and reaches the commune.
            let newcomer = Browser(app)
            try await newcomer.login("xa.thongthu", password: "mat khau dau tien")
            let blocked = try await newcomer.get(Paths.unit.link(commune.id!))
            #expect(blocked.status == .seeOther)
            #expect(blocked.location == Paths.changePassword.link())
            let changed = try await newcomer.post(
                Paths.changePassword.link(),
                [
                    "current": "mat khau dau tien", "password": "mat khau cua toi", "password_confirm": "mat khau cua toi",
                ])
            #expect(changed.status == .seeOther)
            #expect(try await newcomer.get(Paths.unit.link(commune.id!)).status == .ok)
        }
    }

    @Test func badInputIsExplainedAndKept() async throws {
        try await withApp { app in
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let province = try await app.unit(path: DemoData.nghean)
            // act: taken username, short password, blank name
            let res = try await officer.post(
                Paths.newUser.link(),
                [
                    "unit": province.id!.uuidString, "full_name": " ", "username": "xa.quephong",
                    "role": "viewer", "password": "ngan", "password_confirm": "ngan",
                ])
            // check
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Vui lòng nhập họ và tên"))
            #expect(res.text.contains("đã có người dùng"))
            #expect(res.text.contains("ít nhất 8 ký tự"))
            #expect(res.text.contains("value=\"xa.quephong\""))
            #expect(res.text.contains("Vui lòng sửa các mục sau"))
            #expect(try await User.query(on: app.db).count() == DemoData.logins.count)
        }
    }

    @Test func officersCannotCreateTheirOwnRankOrOutsideTheirProvince() async throws {
        try await withApp { app in
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let province = try await app.unit(path: DemoData.nghean)
            let hanoi = try await app.unit(path: DemoData.socSon)
            let fields = ["full_name": "Người Mới", "username": "nguoimoi", "password": "mat khau dai", "password_confirm": "mat khau dai"]
            // act
            let sameRank = try await officer.post(
                Paths.newUser.link(), fields.merging(["unit": province.id!.uuidString, "role": "province_officer"]) { $1 })
            let elsewhere = try await officer.post(
                Paths.newUser.link(), fields.merging(["unit": hanoi.id!.uuidString, "role": "commune_officer"]) { $1 })
            // check
            #expect(sameRank.status == .unprocessableEntity)
            #expect(sameRank.text.contains("Vui lòng chọn một vai trò"))
            #expect(elsewhere.status == .forbidden)
            #expect(try await User.query(on: app.db).filter(\.$username == "nguoimoi").count() == 0)
        }
    }

    @Test func communeOfficerPlacesAClubSecretaryFromTheUsersPage() async throws {
        try await withApp { app in
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let club = try await app.unit(named: DemoData.clubs[1].name)
            let otherCommuneClub = try await app.unit(named: DemoData.clubs[2].name)
            // act: the form opened from the users page offers the commune and its clubs
            let form = try await officer.get(Paths.newUser.link())
            #expect(form.status == .ok)
            #expect(form.text.contains("value=\"\(club.id!.uuidString)\""))
            #expect(!form.text.contains(otherCommuneClub.id!.uuidString))
            // A club role at the commune is explained, not accepted.
            let fields = ["full_name": "Quang Thị Yến", "username": "thuky.muongnoc", "password": "mat khau dai", "password_confirm": "mat khau dai"]
            let wrong = try await officer.post(
                Paths.newUser.link(),
                fields.merging(["unit": try await app.unit(path: DemoData.quePhong).id!.uuidString, "role": "club_secretary"]) { $1 })
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("không dùng được cho đơn vị"))
            #expect(wrong.text.contains("value=\"Quang Thị Yến\""))
            // At the club it is.
            let right = try await officer.post(Paths.newUser.link(), fields.merging(["unit": club.id!.uuidString, "role": "club_secretary"]) { $1 })
            #expect(right.status == .seeOther)
            #expect(try await app.user("thuky.muongnoc").$unit.id == club.id)
        }
    }

    @Test func clubBoardAndViewersCannotManageUsers() async throws {
        try await withApp { app in
            for name in ["clb.hanhtien", "xem.nghean"] {
                let b = Browser(app)
                try await b.login(name)
                #expect(try await b.get(Paths.users.link()).status == .forbidden)
                #expect(try await b.get(Paths.newUser.link()).status == .forbidden)
            }
        }
    }

    @Test func officerResetsAPasswordAndTheOldSessionsEnd() async throws {
        try await withApp { app in
            let secretary = Browser(app)
            try await secretary.login("clb.hanhtien")
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let target = try await app.user("clb.hanhtien")
            // act
            let res = try await officer.post(Paths.resetPassword.link(target.id!), ["password": "mat khau tam", "password_confirm": "mat khau tam"])
            // check
            #expect(res.status == .seeOther)
            let after = try await app.user("clb.hanhtien")
            #expect(after.mustChangePassword)
            #expect(try await secretary.get(Paths.account.link()).status == .unauthorized)
            #expect(try await Browser(app).login("clb.hanhtien", password: "mat khau tam").status == .seeOther)
            #expect(try await Browser(app).login("clb.hanhtien").status == .unauthorized)
        }
    }

    @Test func aCommuneOfficerCannotResetTheirProvinceOfficer() async throws {
        try await withApp { app in
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            let boss = try await app.user("tinh.nghean")
            let res = try await officer.post(Paths.resetPassword.link(boss.id!), ["password": "mat khau tam", "password_confirm": "mat khau tam"])
            #expect(res.status == .forbidden)
            #expect(try await app.user("tinh.nghean").passwordHash == boss.passwordHash)
        }
    }

    @Test func deactivatedUserCannotLogIn() async throws {
        try await withApp { app in
            let officer = Browser(app)
            try await officer.login("tinh.nghean")
            let viewer = try await app.user("xem.nghean")
            #expect(try await officer.post(Paths.userActive.link(viewer.id!), ["active": "0"]).status == .seeOther)
            let res = try await Browser(app).login("xem.nghean")
            #expect(res.status == .unauthorized)
            #expect(res.text.contains("đã bị khóa"))
        }
    }

    @Test func changingOwnPasswordNeedsTheCurrentOne() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("clb.hanhtien")
            let res = try await b.post(
                Paths.changePassword.link(), ["current": "sai roi", "password": "mat khau moi", "password_confirm": "mat khau moi"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Mật khẩu hiện tại chưa đúng"))
        }
    }

    @Test func userListShowsOnlyTheSubtree() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("xa.quephong")
            let res = try await b.get(Paths.users.link())
            #expect(res.status == .ok)
            #expect(res.text.contains("clb.hanhtien"))
            #expect(!res.text.contains("tinh.nghean"))
            #expect(!res.text.contains("tinh.hanoi"))
            // Accent-insensitive search.
            let found = try await b.get(Paths.users.link(query: [("q", "luong thi hoa")]))
            #expect(found.text.contains("Lương Thị Hoa"))
            #expect(!found.text.contains("Vi Thị Mai"))
        }
    }
}
