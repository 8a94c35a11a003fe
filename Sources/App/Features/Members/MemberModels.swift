import ISHCCore
import Vapor

// What the member form sends.

struct MemberInput: Content {
    var fullName: String?, gender: String?, birth: String?, ethnicity: String?, village: String?, phone: String?
    var joinedOn: String?, volunteer: String?, poor: String?, nearPoor: String?, disability: String?
    var livesAlone: String?, ethnicMinority: String?, singleOlderWoman: String?, chronicIllness: String?
    var healthInsurance: String?, consent: String?

    enum CodingKeys: String, CodingKey {
        case fullName = "full_name"
        case gender, birth, ethnicity, village, phone
        case joinedOn = "joined_on"
        case volunteer, poor
        case nearPoor = "near_poor"
        case disability
        case livesAlone = "lives_alone"
        case ethnicMinority = "ethnic_minority"
        case singleOlderWoman = "single_older_woman"
        case chronicIllness = "chronic_illness"
        case healthInsurance = "health_insurance"
        case consent
    }
}

/// The move form (`move_*`) and the rejoin form (`rejoin_*`).
struct MemberMoveInput: Content {
    var moveClub: String?, moveDay: String?, rejoinClub: String?, rejoinDay: String?
    enum CodingKeys: String, CodingKey {
        case moveClub = "move_club"
        case moveDay = "move_day"
        case rejoinClub = "rejoin_club"
        case rejoinDay = "rejoin_day"
    }
}

extension MemberInput {
    /// The disadvantage and health flags, in the order the form shows them.
    static let flags: [(key: String, path: ReferenceWritableKeyPath<Member, Bool>, input: KeyPath<MemberInput, String?>)] = [
        ("volunteer", \.homeCareVolunteer, \.volunteer),
        ("poor", \.poorHousehold, \.poor),
        ("near_poor", \.nearPoorHousehold, \.nearPoor),
        ("disability", \.disability, \.disability),
        ("lives_alone", \.livesAlone, \.livesAlone),
        ("ethnic_minority", \.ethnicMinority, \.ethnicMinority),
        ("single_older_woman", \.singleOlderWoman, \.singleOlderWoman),
        ("chronic_illness", \.chronicIllness, \.chronicIllness),
        ("health_insurance", \.healthInsurance, \.healthInsurance),
    ]
}

extension MemberInput {
    var draft: MemberDraft {
        var d = MemberDraft()
        d.fullName = fullName ?? ""
        d.gender = gender ?? ""
        d.birth = birth ?? ""
        d.village = village ?? ""
        d.phone = phone ?? ""
        d.joinedOn = joinedOn ?? ""
        d.ethnicity = ethnicity ?? ""
        d.flags = Set(Self.flags.filter { self[keyPath: $0.input] == "on" }.map(\.key))
        d.consent = consent == "on"
        return d
    }

    /// The member forms' fields and words for what `MemberOperations` refused.
    static func errors(_ problems: [MemberProblem], _ t: Texts) -> FormErrors {
        var errors = FormErrors()
        for p in problems {
            let text: String
            switch p {
            case .nameRequired: text = t("member.error.name")
            case .nameTooLong: text = t("member.error.name_long")
            case .nameControl: text = t("form.error.control")
            case .gender: text = t("member.error.gender")
            case .birth(let latest): text = t("member.error.birth", latest)
            case .village: text = t("member.error.village")
            case .phone: text = t("member.error.phone")
            case .joinedOn: text = t("member.error.joined_on")
            case .consent: text = t("member.error.consent")
            case .alreadyLeft: text = t("member.error.already_left")
            case .leftOn: text = t("member.error.left_on")
            case .leftBeforeJoined(let joined): text = t("member.error.left_before_joined", joined.vietnamese)
            case .reasonRequired: text = t("member.error.reason")
            }
            errors[p.field.rawValue] = text
        }
        return errors
    }
}
