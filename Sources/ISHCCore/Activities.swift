import Foundation

/// The activities a club or an officers' unit records besides its monthly meeting (the eight activity areas of the club model):
/// what each kind asks for, where it may be kept, and the checks on what is typed in.
public enum ActivityKind: String, CaseIterable, Sendable, Codable {
    /// Area 4: who was helped, how, with what value, by whom.
    case mutualHelp = "mutual_help"
    /// Area 5: legal-awareness sessions, help with entitlements, legal-aid referrals.
    case rights
    /// Areas 6-8: learning, culture and sports, resource mobilisation.
    case event
    /// Board trainings (initial, refresher), training of trainers, officer trainings.
    case training
    /// Officers' supervision visits to a club, with a checklist, findings and follow-up.
    case supervision
    /// Communication events and broadcasts, with the number of people reached.
    case communication
    /// Commendations of clubs and people.
    case commendation

    /// Kept by a club (its own activities) or by any unit.
    public var clubOnly: Bool { [.mutualHelp, .rights, .event].contains(self) }
    /// Kept only by officers' units (commune and above), never by a club.
    public var officersOnly: Bool { [.supervision, .commendation].contains(self) }

    public func allowed(at level: UnitLevel) -> Bool {
        if clubOnly { return level == .club }
        if officersOnly { return level != .club && level != .village }
        return level != .village
    }

    /// The activity areas a record of this kind counts for.
    public var areas: [Int] {
        switch self {
        case .mutualHelp: return [4]
        case .rights: return [5]
        case .event: return [6, 7, 8]
        default: return []
        }
    }

    /// The kinds of record within the kind (translation keys `activity.subtype.<value>`).
    public func subtypes(area: Int? = nil) -> [String] {
        switch self {
        case .mutualHelp: return ["cash", "in_kind", "labour"]
        case .rights: return ["legal_awareness", "entitlement_help", "legal_aid_referral"]
        case .event:
            switch area {
            case 6: return ["class", "talk", "digital_skills", "reading"]
            case 7: return ["performance", "sports", "festival", "outing"]
            case 8: return ["fundraising", "sponsorship", "in_kind_gifts"]
            default:
                return [
                    "class", "talk", "digital_skills", "reading", "performance", "sports", "festival", "outing",
                    "fundraising", "sponsorship", "in_kind_gifts",
                ]
            }
        case .training: return ["board_initial", "board_refresher", "tot", "officer"]
        case .supervision: return ["model", "spot"]
        case .communication: return ["gathering", "loudspeaker", "print", "social_media", "radio_tv"]
        case .commendation: return ["certificate", "merit", "other"]
        }
    }

    /// Fields the form shows, in order.
    public var fields: [ActivityField] {
        switch self {
        case .mutualHelp: return [.heldOn, .subtype, .beneficiary, .amount, .provider, .title, .notes]
        case .rights: return [.heldOn, .subtype, .title, .participants, .others, .notes]
        case .event: return [.heldOn, .area, .subtype, .title, .participants, .others, .amount, .notes]
        case .training: return [.heldOn, .subtype, .title, .clubs, .people, .attendees, .notes]
        case .supervision: return [.heldOn, .subtype, .club, .checklist, .findings, .followUp, .followUpDue, .followUpDone, .notes]
        case .communication: return [.heldOn, .subtype, .title, .reached, .notes]
        case .commendation: return [.heldOn, .subtype, .reference, .club, .personName, .title, .notes]
        }
    }

    /// Items an officer checks on a supervision visit (keys `activity.check.<item>`).
    public static let checklist = [
        "meets_monthly", "records_kept", "board_in_place", "fund_book", "home_care", "health_checks",
        "eight_areas", "members_composition",
    ]

    /// Whether an event's area is one of this kind's.
    public func accepts(area: Int?) -> Bool {
        areas.count <= 1 ? true : area.map { areas.contains($0) } ?? false
    }
}

public enum ActivityField: String, Sendable, CaseIterable {
    case heldOn = "held_on"
    case subtype, area, title, beneficiary, amount, provider, participants, others, people, attendees
    case clubs, club, checklist, findings
    case followUp = "follow_up"
    case followUpDue = "follow_up_due"
    case followUpDone = "follow_up_done"
    case reached, reference
    case personName = "person_name"
    case notes
}

/// What a form sent, as text, before checking.
public struct ActivityDraft: Sendable {
    public var heldOn = "", subtype = "", area = "", title = "", amount = "", provider = "", others = "", people = ""
    public var attendees = "", findings = "", followUp = "", followUpDue = "", followUpDone = "", reached = ""
    public var reference = "", personName = "", notes = ""
    /// The member helped (mutual help), if a member.
    public var beneficiary = ""
    public var participants: [String] = []
    public var clubs: [String] = []
    public var club = ""
    public var checklist: [String] = []
    public init() {}
}

/// A checked record, ready to store.
public struct ActivityValues: Sendable, Equatable {
    public var heldOn: Day
    public var subtype: String
    public var area: Int?
    public var title: String?
    public var beneficiary: String?
    public var personName: String?
    public var amount: Int64?
    public var provider: String?
    public var participants: [String] = []
    public var others = 0
    public var people = 0
    public var attendees: String?
    public var clubs: [String] = []
    public var checklist: [String] = []
    public var findings: String?
    public var followUp: String?
    public var followUpDue: Day?
    public var followUpDone: Day?
    public var reached: Int?
    public var reference: String?
    public var notes: String?
}

/// Problems with a draft, per field, as translation keys with arguments.
public struct ActivityProblem: Sendable, Equatable {
    public var field: ActivityField
    public var key: String
    public var args: [String]
    public init(_ field: ActivityField, _ key: String, _ args: [String] = []) {
        self.field = field
        self.key = key
        self.args = args
    }
}

public enum ActivityRules {
    public static let maxText = 200
    public static let maxLongText = 4000
    public static let maxCount = 100_000
    /// The largest value one record may carry: one thousand million đồng.
    public static let maxAmount: Int64 = 1_000_000_000

    /// Checks a draft against the kind's fields. `members` are the ids that may be ticked or
    /// chosen; `clubs` the clubs that may be named; `earliest` the first allowed day (a club's founding).
    public static func check(
        _ kind: ActivityKind, _ d: ActivityDraft, today: Day, earliest: Day? = nil,
        members: Set<String> = [], clubs: Set<String> = []
    ) -> (values: ActivityValues, problems: [ActivityProblem]) {
        var problems: [ActivityProblem] = []
        let fields = Set(kind.fields)
        func text(_ raw: String, _ field: ActivityField, required: Bool = false, max: Int = maxText) -> String? {
            let value = VietnameseText.normalize(raw)
            if value.isEmpty {
                if required { problems.append(.init(field, "activity.error.required")) }
                return nil
            }
            if VietnameseText.tooLong(value, max) { problems.append(.init(field, "activity.error.too_long", [String(max)])) }
            return value
        }
        func long(_ raw: String, _ field: ActivityField, required: Bool = false) -> String? {
            let value = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                if required { problems.append(.init(field, "activity.error.required")) }
                return nil
            }
            if VietnameseText.tooLong(value, maxLongText) { problems.append(.init(field, "activity.error.too_long", [String(maxLongText)])) }
            return value
        }
        func count(_ raw: String, _ field: ActivityField, min: Int = 0) -> Int? {
            let t = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: "")
            if t.isEmpty {
                if min > 0 { problems.append(.init(field, "activity.error.required")) }
                return nil
            }
            guard let n = Int(t), n >= 0, n <= maxCount else {
                problems.append(.init(field, "activity.error.count", [String(maxCount)]))
                return nil
            }
            if n < min {
                problems.append(.init(field, "activity.error.at_least", [String(min)]))
                return nil
            }
            return n
        }
        func day(_ raw: String, _ field: ActivityField, required: Bool) -> Day? {
            let t = raw.trimmingCharacters(in: .whitespaces)
            if t.isEmpty {
                if required { problems.append(.init(field, "activity.error.day")) }
                return nil
            }
            guard let d = Day(vietnamese: t) else {
                problems.append(.init(field, "activity.error.day"))
                return nil
            }
            return d
        }

        let held = day(d.heldOn, .heldOn, required: true)
        if let held {
            if held > today {
                problems.append(.init(.heldOn, "activity.error.future"))
            } else if let earliest, held < earliest {
                problems.append(.init(.heldOn, "activity.error.before_founding", [earliest.vietnamese]))
            }
        }
        var values = ActivityValues(heldOn: held ?? today, subtype: "")
        if fields.contains(.area) {
            let area = Int(d.area)
            if area == nil || !kind.accepts(area: area) { problems.append(.init(.area, "activity.error.area")) } else { values.area = area }
        } else {
            values.area = kind.areas.first
        }
        if kind.subtypes(area: values.area).contains(d.subtype) {
            values.subtype = d.subtype
        } else {
            problems.append(.init(.subtype, "activity.error.subtype"))
        }

        for field in kind.fields {
            switch field {
            case .heldOn, .area, .subtype: break
            case .title:
                let required = kind != .mutualHelp && kind != .commendation
                values.title = text(d.title, .title, required: required)
            case .beneficiary:
                if !d.beneficiary.isEmpty {
                    if members.contains(d.beneficiary) {
                        values.beneficiary = d.beneficiary
                    } else {
                        problems.append(.init(.beneficiary, "activity.error.member"))
                    }
                }
                values.personName = text(d.personName, .beneficiary)
                if values.beneficiary == nil && values.personName == nil && !problems.contains(where: { $0.field == .beneficiary }) {
                    problems.append(.init(.beneficiary, "activity.error.beneficiary"))
                }
                if values.beneficiary != nil && values.personName != nil {
                    problems.append(.init(.beneficiary, "activity.error.beneficiary_both"))
                }
            case .amount:
                let raw = d.amount.trimmingCharacters(in: .whitespaces)
                if raw.isEmpty {
                    // Cash and gifts in kind have a value; labour and events may have none.
                    if kind == .mutualHelp && values.subtype != "labour" { problems.append(.init(.amount, "activity.error.amount_required")) }
                } else if let v = VND.parse(raw), v >= 0, v <= maxAmount {
                    if kind == .mutualHelp && v == 0 && values.subtype != "labour" {
                        problems.append(.init(.amount, "activity.error.amount_required"))
                    } else {
                        values.amount = v
                    }
                } else {
                    problems.append(.init(.amount, "activity.error.amount", [VND.format(maxAmount)]))
                }
            case .provider: values.provider = text(d.provider, .provider, required: true)
            case .participants:
                let chosen = d.participants.filter { members.contains($0) }
                values.participants = Array(Set(chosen)).sorted()
            case .others: values.others = count(d.others, .others) ?? 0
            case .people: values.people = count(d.people, .people, min: 1) ?? 0
            case .attendees: values.attendees = long(d.attendees, .attendees)
            case .clubs:
                values.clubs = Array(Set(d.clubs.filter { clubs.contains($0) })).sorted()
                if values.clubs.isEmpty && ["board_initial", "board_refresher"].contains(values.subtype) {
                    problems.append(.init(.clubs, "activity.error.clubs"))
                }
            case .club:
                if d.club.isEmpty {
                    if kind == .supervision { problems.append(.init(.club, "activity.error.club")) }
                } else if clubs.contains(d.club) {
                    values.clubs = [d.club]
                } else {
                    problems.append(.init(.club, "activity.error.club"))
                }
            case .checklist: values.checklist = ActivityKind.checklist.filter { d.checklist.contains($0) }
            case .findings: values.findings = long(d.findings, .findings, required: true)
            case .followUp: values.followUp = long(d.followUp, .followUp)
            case .followUpDue:
                values.followUpDue = day(d.followUpDue, .followUpDue, required: false)
                if let due = values.followUpDue, let held, due < held { problems.append(.init(.followUpDue, "activity.error.due_before")) }
                if values.followUpDue != nil && values.followUp == nil {
                    problems.append(.init(.followUp, "activity.error.follow_up_missing"))
                }
            case .followUpDone:
                values.followUpDone = day(d.followUpDone, .followUpDone, required: false)
                if let done = values.followUpDone {
                    if done > today {
                        problems.append(.init(.followUpDone, "activity.error.future"))
                    } else if let held, done < held {
                        problems.append(.init(.followUpDone, "activity.error.done_before"))
                    }
                }
            case .reached: values.reached = count(d.reached, .reached, min: 1)
            case .reference: values.reference = text(d.reference, .reference)
            case .personName: values.personName = text(d.personName, .personName)
            case .notes: values.notes = long(d.notes, .notes)
            }
        }
        if kind == .commendation && values.clubs.isEmpty && values.personName == nil {
            problems.append(.init(.club, "activity.error.recipient"))
        }
        if kind == .event || kind == .rights {
            if values.participants.isEmpty && values.others == 0 && !problems.contains(where: { $0.field == .others }) {
                problems.append(.init(.participants, "activity.error.nobody"))
            }
            values.people = values.participants.count + values.others
        }
        return (values, problems)
    }
}

/// Trainings as far as a club's board is concerned.
public struct TrainingFacts: Sendable, Equatable {
    public var subtype: String
    public var heldOn: Day
    public init(subtype: String, heldOn: Day) {
        self.subtype = subtype
        self.heldOn = heldOn
    }
}

public enum TrainingRules {
    /// The club's board had its initial training: the first one attended, and its day.
    public static func initialTraining(_ trainings: [TrainingFacts]) -> Day? {
        trainings.filter { $0.subtype == "board_initial" }.map(\.heldOn).min()
    }

    /// "Trained at founding": an initial board training within a year of the club's founding
    /// (before it, for the boards trained ahead of the launch, counts too).
    public static func trainedAtFounding(_ trainings: [TrainingFacts], founded: Day?) -> Bool {
        guard let first = initialTraining(trainings) else { return false }
        guard let founded else { return true }
        return first <= founded.adding(days: 365)
    }

    /// "Refresher this year": a refresher (or a repeated initial training) in the calendar year.
    public static func refreshed(_ trainings: [TrainingFacts], year: Int) -> Bool {
        trainings.contains { $0.subtype == "board_refresher" && $0.heldOn.year == year }
    }
}
