import Fluent
import ISHCCore
import Vapor

/// One search box for units, clubs and members inside the user's subtree, ignoring accents and case.
enum SearchController {

    static func search(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let query = VietnameseText.normalize((try? req.query.get(String.self, at: "q")) ?? "")
        // Words of the folded query; LIKE's own wildcards are dropped from what people type.
        let words = VietnameseText.fold(query).split(separator: " ").map { $0.filter { $0 != "%" && $0 != "_" && $0 != "\\" } }
            .filter { !$0.isEmpty }
        guard !words.isEmpty else { return SearchPage.render(req.page, query: query, units: [], members: [], searched: false) }

        var units = OrgUnit.query(on: req.db)
            .filter(\.$structure == UnitStructure.current.rawValue)
            .filter(\.$scopePath =~ user.unitPath)
        for word in words { units = units.filter(\.$nameKey ~~ String(word)) }
        let foundUnits = try await units.limit(UnitQueries.searchLimit).all().sorted(byPlace: { $0.name })

        var foundMembers: [(Member, OrgUnit)] = []
        if user.role.seesPersonalData {
            var members = Member.query(on: req.db)
                .join(Club.self, on: \Member.$club.$id == \Club.$id)
                .join(OrgUnit.self, on: \Club.$unit.$id == \OrgUnit.$id)
                .filter(OrgUnit.self, \.$path =~ user.unitPath)
                .filter(\.$leftOn == nil)
            for word in words { members = members.filter(\.$nameKey ~~ String(word)) }
            foundMembers = try await members.limit(UnitQueries.searchLimit).all().map { ($0, try $0.joined(OrgUnit.self)) }
                .sorted(byPerson: { $0.0.fullName })
        }
        return SearchPage.render(req.page, query: query, units: foundUnits, members: foundMembers, searched: true)
    }
}
