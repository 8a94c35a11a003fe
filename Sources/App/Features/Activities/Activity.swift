import Fluent
import ISHCCore
import Vapor

/// A recorded activity of a club or a unit: mutual help, rights, events, trainings, supervision,
/// communication, commendations. What each kind uses is in `ActivityKind.fields`.
final class Activity: Model, @unchecked Sendable {
    static let schema = "activities"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    /// The unit that keeps the record: the club's own unit, or the officers' unit that ran it.
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "held_on") var heldOn: String
    @Field(key: "subtype") var subtype: String
    @OptionalField(key: "area") var area: Int?
    @OptionalField(key: "title") var title: String?
    /// The member helped (mutual help).
    @OptionalField(key: "member_id") var memberID: UUID?
    /// Someone who is not a member: the person helped, or the person commended.
    @OptionalField(key: "person_name") var personName: String?
    /// Whole đồng: the value given, or the money raised.
    @OptionalField(key: "amount") var amount: Int64?
    @OptionalField(key: "provider") var provider: String?
    /// People taking part who are not members (or not ticked).
    @Field(key: "others_count") var othersCount: Int
    /// Everyone taking part: ticked members plus others, or trainees counted.
    @Field(key: "people_count") var peopleCount: Int
    @OptionalField(key: "attendees") var attendees: String?
    @OptionalField(key: "reached") var reached: Int?
    @OptionalField(key: "reference") var reference: String?
    /// Checklist items met, comma-separated.
    @OptionalField(key: "checklist") var checklist: String?
    @OptionalField(key: "findings") var findings: String?
    @OptionalField(key: "follow_up") var followUp: String?
    @OptionalField(key: "follow_up_due") var followUpDue: String?
    @OptionalField(key: "follow_up_done") var followUpDone: String?
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var activityKind: ActivityKind { ActivityKind(rawValue: kind) ?? .event }
    var checklistItems: [String] { (checklist ?? "").split(separator: ",").map(String.init) }
}

/// Members who took part in an activity.
final class ActivityMember: Model, @unchecked Sendable {
    static let schema = "activity_members"
    @ID(key: .id) var id: UUID?
    @Parent(key: "activity_id") var activity: Activity
    @Parent(key: "member_id") var member: Member
    init() {}
    init(activityID: UUID, memberID: UUID) {
        $activity.id = activityID
        $member.id = memberID
    }
}

/// Clubs an activity concerns: the clubs whose boards were trained, the club supervised or commended.
final class ActivityClub: Model, @unchecked Sendable {
    static let schema = "activity_clubs"
    @ID(key: .id) var id: UUID?
    @Parent(key: "activity_id") var activity: Activity
    @Parent(key: "club_id") var club: Club
    init() {}
    init(activityID: UUID, clubID: UUID) {
        $activity.id = activityID
        $club.id = clubID
    }
}

/// A member's blood pressure and weight at a health check. Sensitive: as the member's health details.
final class HealthCheck: Model, @unchecked Sendable {
    static let schema = "health_checks"
    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @Parent(key: "member_id") var member: Member
    @Field(key: "checked_on") var checkedOn: String
    @OptionalField(key: "place") var place: String?
    @OptionalField(key: "systolic") var systolic: Int?
    @OptionalField(key: "diastolic") var diastolic: Int?
    @OptionalField(key: "weight_tenths") var weightTenths: Int?
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var reading: HealthReading { HealthReading(systolic: systolic, diastolic: diastolic, weightTenths: weightTenths) }
}

/// Someone a club's volunteers care for at home: a member or not.
final class CareRecipient: Model, @unchecked Sendable {
    static let schema = "care_recipients"
    @ID(key: .id) var id: UUID?
    @Parent(key: "club_id") var club: Club
    @OptionalField(key: "member_id") var memberID: UUID?
    @Field(key: "full_name") var fullName: String
    @OptionalField(key: "birth_year") var birthYear: Int?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "needs") var needs: String?
    /// The volunteer (a member) who usually visits.
    @OptionalField(key: "volunteer_id") var volunteerID: UUID?
    @Field(key: "since") var since: String
    @OptionalField(key: "until") var until: String?
    @OptionalField(key: "until_reason") var untilReason: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

/// A volunteer's visit to someone cared for at home.
final class CareVisit: Model, @unchecked Sendable {
    static let schema = "care_visits"
    @ID(key: .id) var id: UUID?
    @Parent(key: "recipient_id") var recipient: CareRecipient
    @Parent(key: "club_id") var club: Club
    @Parent(key: "volunteer_id") var volunteer: Member
    @Field(key: "visited_on") var visitedOn: String
    /// Task keys (`HomeCareRules.tasks`), comma-separated.
    @Field(key: "tasks") var tasks: String
    @Field(key: "minutes") var minutes: Int
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var taskList: [String] { tasks.split(separator: ",").map(String.init) }
}
