import Foundation
import Vapor

/// A route pattern that gives both the registered path and the links in pages, so they cannot drift.
public struct RoutePattern: Sendable {
    public let segments: [String]

    public init(_ segments: String...) { self.segments = segments }

    public var components: [PathComponent] {
        segments.map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant($0) }
    }

    /// Fills the parameters in order: `Paths.unit.link(id)` → `/units/…`.
    public func link(_ values: CustomStringConvertible..., query: [(String, String)] = []) -> String {
        var iterator = values.makeIterator()
        let path =
            "/"
            + segments.map { segment -> String in
                guard segment.hasPrefix(":") else { return segment }
                let value = iterator.next()?.description ?? ""
                return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? value
            }.joined(separator: "/")
        guard !query.isEmpty else { return path }
        var comps = URLComponents()
        comps.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return path + "?" + (comps.percentEncodedQuery ?? "")
    }
}

public enum Paths {
    public static let home = RoutePattern()
    public static let healthz = RoutePattern("healthz")
    public static let ping = RoutePattern("ping")
    public static let login = RoutePattern("login")
    public static let logout = RoutePattern("logout")
    public static let language = RoutePattern("language")
    public static let search = RoutePattern("search")

    public static let unit = RoutePattern("units", ":unitID")
    public static let newVillage = RoutePattern("units", ":unitID", "villages", "new")
    public static let legacyProvinces = RoutePattern("history")

    public static let users = RoutePattern("users")
    public static let newUser = RoutePattern("users", "new")
    public static let user = RoutePattern("users", ":userID")
    public static let resetPassword = RoutePattern("users", ":userID", "password")
    public static let userActive = RoutePattern("users", ":userID", "active")

    public static let newClub = RoutePattern("units", ":unitID", "clubs", "new")
    public static let editClub = RoutePattern("units", ":unitID", "club", "edit")
    public static let clubStatus = RoutePattern("units", ":unitID", "club", "status")

    public static let membersCSV = RoutePattern("units", ":unitID", "members.csv")
    public static let membersXLSX = RoutePattern("units", ":unitID", "members.xlsx")

    public static let newMember = RoutePattern("units", ":unitID", "members", "new")
    public static let member = RoutePattern("members", ":memberID")
    public static let editMember = RoutePattern("members", ":memberID", "edit")
    public static let memberLeave = RoutePattern("members", ":memberID", "leave")
    public static let memberMove = RoutePattern("members", ":memberID", "move")
    public static let memberRejoin = RoutePattern("members", ":memberID", "rejoin")

    public static let clubBoard = RoutePattern("units", ":unitID", "club", "board")
    public static let clubsCSV = RoutePattern("units", ":unitID", "clubs.csv")
    public static let clubsXLSX = RoutePattern("units", ":unitID", "clubs.xlsx")

    public static let memberImport = RoutePattern("units", ":unitID", "members", "import")
    public static let importPreview = RoutePattern("imports", ":importID")
    public static let importConfirm = RoutePattern("imports", ":importID", "confirm")

    public static let newMeeting = RoutePattern("units", ":unitID", "meetings", "new")
    public static let meeting = RoutePattern("meetings", ":meetingID")
    public static let editMeeting = RoutePattern("meetings", ":meetingID", "edit")

    public static let activities = RoutePattern("units", ":unitID", "activities", ":kind")
    public static let newActivity = RoutePattern("units", ":unitID", "activities", ":kind", "new")
    public static let activity = RoutePattern("activities", ":activityID")
    public static let editActivity = RoutePattern("activities", ":activityID", "edit")

    public static let healthChecks = RoutePattern("units", ":unitID", "health-checks")
    public static let newHealthChecks = RoutePattern("units", ":unitID", "health-checks", "new")
    public static let editHealthCheck = RoutePattern("health-checks", ":checkID", "edit")

    public static let homeCare = RoutePattern("units", ":unitID", "home-care")
    public static let newCareRecipient = RoutePattern("units", ":unitID", "home-care", "new")
    public static let careRecipient = RoutePattern("care-recipients", ":recipientID")
    public static let editCareRecipient = RoutePattern("care-recipients", ":recipientID", "edit")
    public static let newCareVisit = RoutePattern("care-recipients", ":recipientID", "visits")
    public static let editCareVisit = RoutePattern("care-visits", ":visitID", "edit")

    public static let funds = RoutePattern("units", ":unitID", "funds")

    public static let dashboard = RoutePattern("units", ":unitID", "dashboard")
    public static let warnings = RoutePattern("units", ":unitID", "warnings")
    public static let plans = RoutePattern("units", ":unitID", "plans")
    public static let newPlan = RoutePattern("units", ":unitID", "plans", "new")
    public static let planTargets = RoutePattern("units", ":unitID", "plans", "targets")
    public static let denominators = RoutePattern("units", ":unitID", "denominators")
    public static let reports = RoutePattern("units", ":unitID", "reports")
    public static let report = RoutePattern("reports", ":reportID")
    public static let reportDecision = RoutePattern("reports", ":reportID", "decision")
    public static let reportPrint = RoutePattern("reports", ":reportID", "print")
    public static let reportXLSX = RoutePattern("reports", ":reportID", "report.xlsx")
    public static let reportSchedules = RoutePattern("report-schedules")
    public static let newFundEntry = RoutePattern("units", ":unitID", "funds", "entries", "new")
    public static let cashBook = RoutePattern("units", ":unitID", "funds", ":fund", "book")
    public static let cashBookXLSX = RoutePattern("units", ":unitID", "funds", ":fund", "book.xlsx")
    public static let reverseEntry = RoutePattern("journal", ":entryID", "reverse")
    public static let newLoan = RoutePattern("units", ":unitID", "loans", "new")
    public static let loan = RoutePattern("loans", ":loanID")
    public static let loanRepayments = RoutePattern("loans", ":loanID", "repayments")
    public static let loanWriteOff = RoutePattern("loans", ":loanID", "write-off")
    public static let loanReschedule = RoutePattern("loans", ":loanID", "reschedule")
    public static let fundSettings = RoutePattern("units", ":unitID", "funds", "settings")

    public static let account = RoutePattern("account")
    public static let changePassword = RoutePattern("account", "password")
}

/// The JSON API's places (`Resources/api/openapi.json`), for the forms whose writes the phone's
/// outbox sends there when it has no connection.
public enum APIPaths {
    public static let base = "/api/v1"
    public static func meetings(_ club: UUID) -> String { "\(base)/clubs/\(club.uuidString)/meetings" }
    public static func fundEntries(_ club: UUID) -> String { "\(base)/clubs/\(club.uuidString)/fund-entries" }
    public static func members(_ club: UUID) -> String { "\(base)/clubs/\(club.uuidString)/members" }
    public static func repayments(_ loan: UUID) -> String { "\(base)/loans/\(loan.uuidString)/repayments" }
    public static func careVisits(_ recipient: UUID) -> String { "\(base)/care-recipients/\(recipient.uuidString)/visits" }
}
