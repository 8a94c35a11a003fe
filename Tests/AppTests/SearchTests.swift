import Fluent
import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

@Suite struct SearchTests {
    @Test func findsUnitsClubsAndMembersWithoutAccentsInsideTheSubtree() async throws {
        try await withApp { app in
            // setup: a member in Nghệ An and one with the same name in Hà Nội
            let ngheAnClub = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == app.unit(named: DemoData.clubs[0].name).id!).first())
            let haNoiClub = try #require(try await Club.query(on: app.db).filter(\.$unit.$id == app.unit(named: DemoData.clubs[4].name).id!).first())
            let here = Member(clubID: ngheAnClub.id!, fullName: "Nguyễn Thị Xoan", gender: "female", birthYear: 1951)
            let there = Member(clubID: haNoiClub.id!, fullName: "Nguyễn Thị Xoan", gender: "female", birthYear: 1962)
            try await here.create(on: app.db)
            try await there.create(on: app.db)
            let b = Browser(app)
            try await b.login("tinh.nghean")
            // act
            let people = try await b.get(Paths.search.link(query: [("q", "nguyen thi xoan")]))
            let places = try await b.get(Paths.search.link(query: [("q", "HANH tien")]))
            let nfd = try await b.get(Paths.search.link(query: [("q", "Que\u{0302}\u{0301} Phong")]))
            // check
            #expect(people.status == .ok)
            #expect(people.text.contains(Paths.member.link(here.id!)))
            #expect(!people.text.contains(Paths.member.link(there.id!)))
            #expect(places.text.contains("Bản Hạnh Tiến"))
            #expect(places.text.contains(DemoData.clubs[0].name))
            #expect(nfd.text.contains("Xã Quế Phong"))
        }
    }

    @Test func viewersFindUnitsButNoPeople() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("xem.nghean")
            let res = try await b.get(Paths.search.link(query: [("q", "thi")]))
            #expect(res.status == .ok)
            #expect(!res.text.contains("/members/"))
            let units = try await b.get(Paths.search.link(query: [("q", "que phong")]))
            #expect(units.text.contains("Xã Quế Phong"))
        }
    }

    @Test func wildcardsAreTakenAsText() async throws {
        try await withApp { app in
            let b = Browser(app)
            try await b.login("tinh.nghean")
            let res = try await b.get(Paths.search.link(query: [("q", "%")]))
            #expect(res.status == .ok)
            #expect(!res.text.contains("/members/"))
            #expect(!res.text.contains("class=\"card\""))
        }
    }
}
