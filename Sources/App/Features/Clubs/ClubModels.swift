import Vapor
import ISHCCore

// What the club and board forms send.

struct ClubInput: Content {
    var name: String?, village: String?, foundedOn: String?, decisionNumber: String?, fundingSource: String?
    enum CodingKeys: String, CodingKey {
        case name, village, foundedOn = "founded_on", decisionNumber = "decision_number", fundingSource = "funding_source"
    }
}

struct ClubStatusInput: Content {
    var status: String?, fromDate: String?, note: String?, into: String?
    enum CodingKeys: String, CodingKey { case status, fromDate = "from_date", note, into }
}

extension ClubInput {
    static let fundingSources = ["state_budget", "helpage", "province_programme", "other"]
}

struct BoardInput: Content {
    var role: String?, member: String?, fromDate: String?
    enum CodingKeys: String, CodingKey { case role, member, fromDate = "board_from" }
}
