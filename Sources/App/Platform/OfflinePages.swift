import ISHCCore
import Vapor

/// The pages a club's board works from in a village without signal: the club page with its
/// members, the fund, a loan, home care, and the forms for a meeting, money, a new member and a
/// home visit. Only pages marked here are kept on the phone (the service worker, `Public/sw.js`,
/// keeps a copy per user and the phone empties it at logout); pages of health checks never are.
enum OfflinePages {
    static let header = "X-ISHC-Offline"

    static let kept: [RoutePattern] = [
        Paths.unit, Paths.clubBoard, Paths.newMeeting, Paths.funds, Paths.newFundEntry, Paths.loan, Paths.newMember,
        Paths.homeCare, Paths.careRecipient,
    ]
    private static let keptRoutes: Set<String> = Set(kept.map { $0.components.map(\.description).joined(separator: "/") })

    static func keeps(_ req: Request) -> Bool {
        guard let route = req.route?.path.map(\.description).joined(separator: "/") else { return false }
        return keptRoutes.contains(route)
    }

    /// The pages of a club board member's own club that the phone fetches ahead, so they open
    /// offline even before they were visited.
    static func ahead(for user: CurrentUser) -> [String] {
        guard user.role.isClubBoard else { return [] }
        let club = user.unitID
        return [
            Paths.unit.link(club), Paths.newMeeting.link(club), Paths.funds.link(club), Paths.newFundEntry.link(club),
            Paths.newMember.link(club), Paths.homeCare.link(club),
        ]
    }
}

/// Marks the pages the phone may keep (`OfflinePages`): a page for a logged-in user, answered in
/// full. Every other page stays `no-store` and is never kept.
struct OfflinePagesMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        if req.method == .GET, response.status == .ok, req.currentUser != nil, response.headers.contentType == .html,
            OfflinePages.keeps(req)
        {
            response.headers.replaceOrAdd(name: OfflinePages.header, value: "keep")
        }
        return response
    }
}
