import Fluent
import ISHCCore
import Vapor

enum UnitController {
    /// A unit's page: where it sits, what is below it with counts, and its history across the 2025 reform.
    static func show(req: Request) async throws -> Response {
        // A plain GET may be answered by a kept club page: the unit is read with its page's stamp.
        let pages = req.application.clubPages
        let keepable = req.method == .GET && (req.url.query ?? "").isEmpty && pages.active
        let (user, unit, probe) = try await Scope.unit(req) { id -> (OrgUnit, ClubPageCache.Probe?)? in
            if keepable { return try await ClubPageCache.probe(id, on: req.db).map { ($0, $1) } }
            return try await UnitQueries.find(id, on: req.db).map { ($0, nil) }
        }
        let query = VietnameseText.normalize((try? req.query.get(String.self, at: "q")) ?? "")

        // A club has nothing below it.
        let isClub = unit.unitStructure == .current && unit.unitLevel == .club

        // A club's page as kept since it was last made, while nothing on it has changed.
        let pageKey = ClubPageCache.Key(unit: try unit.requireID(), user: user.id, lang: req.t.lang.rawValue)
        var pageStamp: String?
        if isClub, let probe {
            pageStamp = ClubPageCache.stamp(probe, user: user, today: req.today)
            if let stamp = pageStamp, let body = pages.page(pageKey, stamp: stamp, token: req.csrfToken) {
                let response = Response(status: .ok, body: .init(buffer: body))
                response.headers.contentType = .html
                return response
            }
        }
        let done = try? req.query.get(String.self, at: "done")
        let context = UnitPageModel.Context(
            user: user, today: req.today, t: req.t, query: query, askedDay: (try? req.query.get(String.self, at: "ngay")) ?? "",
            statusForm: req.storage[ClubController.StatusFormKey.self], boardForm: req.storage[BoardController.FormKey.self],
            notice: done.flatMap { done in
                if ["club_created", "club_saved", "club_status", "board_saved"].contains(done) { return req.t("unit.done.\(done)") }
                if done == "imported", let n = try? req.query.get(Int.self, at: "n") { return req.t("unit.done.imported", VND.group(Int64(n))) }
                return nil
            })
        let model = try await UnitPageModel.load(unit, context, on: req.db)
        guard let stamp = pageStamp else { return UnitPage.render(req.page, model) }
        // Made with the placeholder for the form token, kept, and sent with this visitor's token.
        let token = req.csrfToken
        req.storage[CSRFTokenKey.self] = pages.placeholder
        req.storage[OncePlaceholderKey.self] = pages.oncePlaceholder
        let response = UnitPage.render(req.page, model)
        req.storage[CSRFTokenKey.self] = token
        req.storage[OncePlaceholderKey.self] = nil
        let parts = pages.split(response.body.string ?? "")
        pages.keep(pageKey, stamp: stamp, parts: parts)
        response.body = .init(buffer: ClubPageCache.join(parts, token: token))
        return response
    }

    /// The 63 provinces of the pre-2025 structure, for the users who may see them.
    static func legacyProvinces(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let provinces = try await OrgUnit.query(on: req.db).filter(\.$structure == UnitStructure.legacy.rawValue)
            .filter(\.$level == UnitLevel.province.rawValue).all()
            .filter { Scope.contains(user, $0) }
            .sorted(byPlace: { $0.name })
        return LegacyProvincesPage.render(req.page, provinces: provinces)
    }
}
