import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Every number field of every form (money, rates, weights, pressures, counts, terms, years and
/// days), read off the pages themselves: `Int64.max`, `Int64.min`, 10^30 and a negative are each
/// refused on that field with a message, nothing is written, and the server goes on serving.
@Suite struct NumberFieldTests {
    static let values = [String(Int64.max), String(Int64.min), "1" + String(repeating: "0", count: 30), "-5"]

    /// A form as the page shows it: where it posts and the values it would send untouched.
    struct PageForm {
        var action: String
        var fields: [(name: String, value: String)]
        /// The fields a phone's number keyboard opens for.
        var numeric: [String]
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func attributes(_ tag: Substring) -> [String: String] {
        var out: [String: String] = [:]
        for m in tag.matches(of: /([a-z-]+)="([^"]*)"/) { out[String(m.1)] = decode(String(m.2)) }
        return out
    }

    /// The post forms of a page, but for logging out and the language switch.
    static func forms(_ html: String) -> [PageForm] {
        var result: [PageForm] = []
        for m in html.matches(of: /<form ([^>]*)>(.*?)<\/form>/.dotMatchesNewlines()) {
            let attrs = attributes(m.1)
            guard attrs["method"] == "post", let action = attrs["action"],
                action != Paths.logout.link(), action != Paths.language.link()
            else { continue }
            var fields: [(String, String)] = []
            var numeric: [String] = []
            for input in m.2.matches(of: /<input ([^>]*)\/?>/) {
                let a = attributes(input.1)
                guard let name = a["name"] else { continue }
                let type = a["type"] ?? "text"
                if type == "checkbox" || type == "radio" {
                    if a["checked"] != nil { fields.append((name, a["value"] ?? "on")) }
                    continue
                }
                if type == "submit" || type == "file" { continue }
                fields.append((name, a["value"] ?? ""))
                if ["numeric", "decimal", "tel"].contains(a["inputmode"] ?? "") { numeric.append(name) }
            }
            for select in m.2.matches(of: /<select ([^>]*)>(.*?)<\/select>/.dotMatchesNewlines()) {
                guard let name = attributes(select.1)["name"] else { continue }
                let options = select.2.matches(of: /<option ([^>]*)>/).map { attributes($0.1) }
                let chosen = options.first { $0["selected"] != nil } ?? options.first { !($0["value"] ?? "").isEmpty }
                fields.append((name, chosen?["value"] ?? ""))
            }
            for area in m.2.matches(of: /<textarea ([^>]*)>(.*?)<\/textarea>/.dotMatchesNewlines()) {
                if let name = attributes(area.1)["name"] { fields.append((name, decode(String(area.2)))) }
            }
            result.append(PageForm(action: action, fields: fields, numeric: numeric))
        }
        return result
    }

    /// Rows in every table a form writes to.
    static func counts(_ app: Application) async throws -> [String: Int] {
        let sql = app.db as! any SQLDatabase
        var out: [String: Int] = [:]
        for table in [
            "members", "meetings", "activities", "health_checks", "care_recipients", "care_visits", "journal_entries",
            "loans", "loan_instalments", "plans", "plan_targets", "denominators", "reports", "board_terms",
            "club_status_changes", "units", "users", "clubs",
        ] {
            out[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
        }
        return out
    }

    /// The field is named in the answer as wrong: in the summary's links or marked invalid.
    static func marksField(_ html: String, _ name: String) -> Bool {
        if html.contains("href=\"#f-\(attr(name))\"") { return true }
        for input in html.matches(of: /<(input|select|textarea) ([^>]*)>/) {
            let a = attributes(input.2)
            if a["name"] == name && a["aria-invalid"] == "true" { return true }
        }
        return false
    }

    /// Walks the pages' forms, each sent with its own values and `fill` where the page leaves a
    /// field empty, so that the number tried is the only thing wrong.
    func walk(_ app: Application, _ b: Browser, _ pages: [String], fill: [String: String] = [:]) async throws -> Int {
        var tried = 0
        for page in pages {
            let res = try await b.get(page)
            #expect(res.status == .ok, "\(page)")
            for form in Self.forms(res.text) {
                let base = form.fields.map { $0.value.isEmpty ? ($0.name, fill[$0.name] ?? "") : ($0.name, $0.value) }
                // A table of rows (`kg-<member>`) is one field per column: its first row stands for all.
                var columns = Set<String>()
                let fields = form.numeric.filter { name in
                    guard name.count > 36, UUID(uuidString: String(name.suffix(36))) != nil else { return true }
                    return columns.insert(String(name.dropLast(36))).inserted
                }
                for field in fields {
                    for value in Self.values {
                        let before = try await Self.counts(app)
                        let pairs = base.map { $0.0 == field ? ($0.0, value) : $0 }
                        let answer = try await b.post(form.action, pairs: pairs)
                        #expect(answer.status == .unprocessableEntity, "\(form.action) \(field)=\(value): \(answer.status)")
                        #expect(Self.marksField(answer.text, field), "\(form.action) \(field)=\(value): the field is not marked")
                        #expect(try await Self.counts(app) == before, "\(form.action) \(field)=\(value) wrote something")
                        tried += 1
                    }
                }
            }
        }
        #expect(try await b.get(Paths.account.link()).status == .ok)
        return tried
    }

    @Test func clubFormsRefuseNumbersTooLargeToCount() async throws {
        try await withApp { app in
            let (unit, club, members) = try await app.demoClub(0)
            let id = unit.id!
            let check = try #require(try await HealthCheck.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let loan = try #require(try await Loan.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let visit = try #require(try await CareVisit.query(on: app.db).filter(\.$club.$id == club.id!).first())
            let meeting = try #require(try await Meeting.query(on: app.db).filter(\.$club.$id == club.id!).sort(\.$heldOn, .descending).first())
            let activity = try #require(try await Activity.query(on: app.db).filter(\.$unit.$id == id).filter(\.$kind == "mutual_help").first())
            let chair = Browser(app)
            try await chair.login("chunhiem.hanhtien")
            var pages = [
                Paths.newMember.link(id), Paths.editMember.link(members[0].id!), Paths.member.link(members[0].id!),
                Paths.newMeeting.link(id), Paths.editMeeting.link(meeting.id!),
                Paths.newHealthChecks.link(id), Paths.editHealthCheck.link(check.id!),
                Paths.newCareRecipient.link(id), Paths.careRecipient.link(visit.$recipient.id),
                Paths.editCareRecipient.link(visit.$recipient.id), Paths.editCareVisit.link(visit.id!),
                Paths.unit.link(id), Paths.editActivity.link(activity.id!),
            ]
            pages += ["mutual_help", "rights", "event"].map { Paths.newActivity.link(id, $0) }
            let tried = try await walk(
                app, chair, pages,
                fill: [
                    "full_name": "Lò Thị Thử", "birth": "1950", "phone": "0912345678",
                    "title": "Thử", "beneficiary": "Bà Lò Thị Thử", "people": "3",
                ])
            let treasurer = Browser(app)
            try await treasurer.login("thuquy.hanhtien")
            let money = try await walk(
                app, treasurer, [Paths.newFundEntry.link(id), Paths.newLoan.link(id), Paths.loan.link(loan.id!)],
                fill: ["amount": "100.000", "principal": "1.000.000", "instalments": "6", "description": "Thử", "reason": "Thử"])
            // Each page has number fields: the walk found them.
            #expect(tried >= 20 * Self.values.count)
            #expect(money >= 8 * Self.values.count)
        }
    }

    @Test func officerFormsRefuseNumbersTooLargeToCount() async throws {
        try await withApp { app in
            let commune = try await app.unit(path: DemoData.quePhong)
            let province = try await app.unit(path: DemoData.nghean)
            let (clubUnit, _, _) = try await app.demoClub(0)
            let officer = Browser(app)
            try await officer.login("xa.quephong")
            var pages = [
                Paths.newClub.link(commune.id!), Paths.unit.link(clubUnit.id!), Paths.editClub.link(clubUnit.id!),
                Paths.denominators.link(commune.id!),
            ]
            pages += ["training", "supervision", "communication"].map { Paths.newActivity.link(commune.id!, $0) }
            let tried = try await walk(
                app, officer, pages,
                fill: [
                    "name": "CLB Thử", "title": "Thử", "findings": "Thử", "people": "3",
                    "reached": "30", "source": "Thống kê xã",
                ])
            let province_ = Browser(app)
            try await province_.login("tinh.nghean")
            let plans = try await walk(
                app, province_, [Paths.newPlan.link(province.id!), Paths.plans.link(province.id!)],
                fill: ["title": "Kế hoạch thử", "value": "10"])
            #expect(tried >= 6 * Self.values.count)
            #expect(plans >= 4 * Self.values.count)
        }
    }
}
