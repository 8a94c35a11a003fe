import ISHCCore
import Vapor

// What the home-care pages show and what their forms send.

struct CareVisitInput: Content {
    var visitedOn: String?, volunteer: String?, tasks: [String]?, minutes: String?, notes: String?
    enum CodingKeys: String, CodingKey {
        case visitedOn = "visited_on"
        case volunteer, tasks, minutes, notes
    }
}

/// Members who may be named as cared for, and volunteers who may be assigned.
struct CareChoices {
    var members: [Member]
    var volunteers: [Member]
}

struct CareRecipientInput: Content {
    var member: String?, fullName: String?, birthYear: String?, address: String?, needs: String?, volunteer: String?
    var since: String?, until: String?, untilReason: String?
    enum CodingKeys: String, CodingKey {
        case member
        case fullName = "full_name"
        case birthYear = "birth_year"
        case address, needs, volunteer, since, until
        case untilReason = "until_reason"
    }
}

/// What the pages of one club's home care need.
struct CareOverview {
    var unit: OrgUnit
    var club: Club
    var volunteers: [Member]
    var recipients: [CareRecipient]
    var visits: [CareVisit]
    var names: [UUID: String]
    var month: MonthKey
    var canWrite: Bool
}
