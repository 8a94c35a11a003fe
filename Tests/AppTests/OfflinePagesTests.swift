import Foundation
import ISHCCore
import Testing
import VaporTesting

@testable import App

/// What the phone may keep for a club's board without a connection, and what it never keeps.
@Suite struct OfflinePagesTests {
    @Test func theClubsPagesAreMarkedToKeepAndHealthPagesNever() async throws {
        try await withApp(demo: false) { app in
            let build = Build(app)
            let club = try await build.club(members: 4)
            try await build.grant(2_000_000, to: club)
            let loan = try await build.loan(600_000, to: club.members[1], of: club)
            try await build.user("thuky", role: .clubSecretary, at: club.unit)
            let b = Browser(app)
            let unit = club.unit.id!

            // Before login nothing is kept.
            let login = try await b.get(Paths.login.link())
            #expect(login.headers.first(name: OfflinePages.header) == nil)
            #expect(login.headers.cacheControl?.noStore == true)
            #expect(try await b.login("thuky", password: Build.password).status == .seeOther)

            for path in [
                Paths.unit.link(unit), Paths.newMeeting.link(unit), Paths.funds.link(unit), Paths.newFundEntry.link(unit),
                Paths.newMember.link(unit), Paths.homeCare.link(unit), Paths.loan.link(loan.id!),
            ] {
                let page = try await b.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers.first(name: OfflinePages.header) == "keep", "\(path)")
            }
            for path in [Paths.healthChecks.link(unit), Paths.newHealthChecks.link(unit), Paths.account.link()] {
                let page = try await b.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers.first(name: OfflinePages.header) == nil, "\(path)")
                #expect(page.headers.cacheControl?.noStore == true, "\(path)")
            }

            // The pages to fetch ahead are the secretary's own club's, named on every page.
            let club1 = try await b.get(Paths.unit.link(unit))
            #expect(club1.text.contains("name=\"ishc-offline\""))
            #expect(club1.text.contains(Paths.newMeeting.link(unit)))
            #expect(!club1.text.contains("health-checks "))
            // The forms the outbox may send say where in the API.
            let form = try await b.get(Paths.newMeeting.link(unit))
            #expect(form.text.contains("data-outbox=\"meeting\""))
            #expect(form.text.contains("data-api=\"\(APIPaths.meetings(unit))\""))
            let repay = try await b.get(Paths.loan.link(loan.id!))
            #expect(repay.text.contains("data-api=\"\(APIPaths.repayments(loan.id!))\""))
            // Every route the outbox sends to is in the API's document.
            for api in [APIPaths.meetings(unit), APIPaths.fundEntries(unit), APIPaths.members(unit), APIPaths.repayments(loan.id!)] {
                let asked = api.split(separator: "/").map(String.init)
                #expect(
                    app.apiPaths.contains { p, m in
                        p.count == asked.count && m.contains("POST")
                            && zip(p, asked).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
                    }, "\(api)")
            }
        }
    }

    @Test func theServiceWorkerAndManifestAreServed() async throws {
        try await withApp(demo: false) { app in
            let b = Browser(app)
            let worker = try await b.get("/sw.js")
            #expect(worker.status == .ok)
            #expect(worker.headers.contentType?.subType == "javascript")
            #expect(worker.text.contains("X-ISHC-Offline"))
            let manifest = try await b.get("/manifest.json")
            #expect(manifest.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(manifest.body.readableBytesView)) as? [String: Any])
            #expect(json["display"] as? String == "standalone")
            let icons = try #require(json["icons"] as? [[String: Any]])
            #expect(icons.contains { $0["sizes"] as? String == "512x512" })
            for icon in icons { #expect(try await b.get(icon["src"] as! String).status == .ok) }
            #expect(try await b.get("/offline.html").status == .ok)
        }
    }

    @Test func anEndedSessionIsAskedToLogInAgainNotRefused() async throws {
        try await withApp(demo: false) { app in
            let build = Build(app)
            let club = try await build.club(members: 2)
            try await build.user("thuky", role: .clubSecretary, at: club.unit)
            let b = Browser(app)
            #expect(try await b.login("thuky", password: Build.password).status == .seeOther)
            // No form token of this session (one from before a new login): the outbox waits for the next page, which has it.
            let stale = try await b.api(
                .POST, APIPaths.meetings(club.unit.id!), json: "{\"heldOn\":\"2026-01-01\",\"attended\":[],\"areas\":[1]}",
                key: OneTimeKeys.newKey(), token: false)
            #expect(stale.status == .forbidden)
            #expect(stale.text.contains(APIProblem.formTokenType))
        }
    }
}
