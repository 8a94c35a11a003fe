import ISHCCore
import Vapor

// What the activity pages show and what their forms send.

/// Every field any kind's form sends; which ones a kind reads is in `ActivityKind.fields`.
struct ActivityInput: Content {
    var heldOn: String?, subtype: String?, area: String?, eventType: String?, title: String?, beneficiary: String?
    var amount: String?, provider: String?, participants: [String]?, others: String?, people: String?, attendees: String?
    var clubs: [String]?, club: String?, checklist: [String]?, findings: String?, followUp: String?, followUpDue: String?
    var followUpDone: String?, reached: String?, reference: String?, personName: String?, notes: String?
    enum CodingKeys: String, CodingKey {
        case heldOn = "held_on"
        case subtype, area
        case eventType = "event_type"
        case title, beneficiary, amount, provider
        case participants, others, people, attendees, clubs, club, checklist, findings
        case followUp = "follow_up"
        case followUpDue = "follow_up_due"
        case followUpDone = "follow_up_done"
        case reached, reference
        case personName = "person_name"
        case notes
    }

    var draft: ActivityDraft {
        var d = ActivityDraft()
        d.heldOn = heldOn ?? ""
        d.subtype = subtype ?? ""
        d.area = area ?? ""
        if let eventType, let colon = eventType.firstIndex(of: ":") {
            d.area = String(eventType[..<colon])
            d.subtype = String(eventType[eventType.index(after: colon)...])
        }
        d.title = title ?? ""
        d.beneficiary = beneficiary ?? ""
        d.amount = amount ?? ""
        d.provider = provider ?? ""
        d.participants = participants ?? []
        d.others = others ?? ""
        d.people = people ?? ""
        d.attendees = attendees ?? ""
        d.clubs = clubs ?? []
        d.club = club ?? ""
        d.checklist = checklist ?? []
        d.findings = findings ?? ""
        d.followUp = followUp ?? ""
        d.followUpDue = followUpDue ?? ""
        d.followUpDone = followUpDone ?? ""
        d.reached = reached ?? ""
        d.reference = reference ?? ""
        d.personName = personName ?? ""
        d.notes = notes ?? ""
        return d
    }
}

/// Where a record is kept, and what its form may offer.
struct ActivityPlace {
    var unit: OrgUnit
    var club: Club?
    var members: [Member] = []
    var clubs: [(club: Club, unit: OrgUnit)] = []
}

struct ActivityRecord {
    var activity: Activity
    var unit: OrgUnit
    var clubNames: [String]
}

extension ActivityRecord {
    static let listLimit = 500
}
