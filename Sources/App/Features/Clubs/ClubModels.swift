import ISHCCore
import Vapor

// What the club and board forms send.

struct ClubInput: Content {
    var name: String?, village: String?, foundedOn: String?, decisionNumber: String?, fundingSource: String?
    enum CodingKeys: String, CodingKey {
        case name, village
        case foundedOn = "founded_on"
        case decisionNumber = "decision_number"
        case fundingSource = "funding_source"
    }
}

struct ClubStatusInput: Content {
    var status: String?, fromDate: String?, note: String?, into: String?
    enum CodingKeys: String, CodingKey {
        case status
        case fromDate = "from_date"
        case note, into
    }
}

extension ClubInput {
    static let fundingSources = ["state_budget", "helpage", "province_programme", "other"]
}

struct BoardInput: Content {
    var role: String?, member: String?, fromDate: String?
    enum CodingKeys: String, CodingKey {
        case role, member
        case fromDate = "board_from"
    }
}
