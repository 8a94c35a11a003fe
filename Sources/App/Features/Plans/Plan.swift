import Fluent
import ISHCCore
import Vapor

/// A plan of a unit (the nation, a province): its phases and targets, and what "meeting the
/// standard" means under it.
final class Plan: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "title") var title: String
    /// Where the targets come from (decision number and date).
    @OptionalField(key: "source") var source: String?
    /// `StandardRules.Rule` raw values, comma-separated.
    @Field(key: "standard_rules") var standardRules: String
    /// N in "communes with at least N clubs meeting the standard".
    @Field(key: "min_standard_clubs") var minStandardClubs: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var standard: StandardRules {
        let rules = standardRules.split(separator: ",").compactMap { StandardRules.Rule(rawValue: String($0)) }
        return rules.isEmpty ? .default : StandardRules(rules: rules)
    }
}

final class PlanPhaseRow: Model, @unchecked Sendable {
    static let schema = "plan_phases"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "name") var name: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String

    init() {}

    var phase: PlanPhase? {
        guard let s = Day(iso: startsOn), let e = Day(iso: endsOn) else { return nil }
        return PlanPhase(name: name, start: s, end: e)
    }
}

/// At least `value` of `indicator` for `unit` (the plan's own unit, or one below it) by the end of a phase.
final class PlanTarget: Model, @unchecked Sendable {
    static let schema = "plan_targets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "phase_id") var phase: PlanPhaseRow
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "indicator") var indicator: String
    /// A count, whole đồng, or for a share hundredths of a percent.
    @Field(key: "value") var value: Int64
    /// For "communes with at least N clubs meeting the standard": N (else the plan's).
    @OptionalField(key: "min_clubs") var minClubs: Int?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A figure the data cannot know, entered for a unit and year with its source.
final class Denominator: Model, @unchecked Sendable {
    static let schema = "denominators"

    enum Kind: String, CaseIterable {
        case villages
        case olderPeople = "older_people"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "year") var year: Int
    @Field(key: "kind") var kind: String
    @Field(key: "value") var value: Int
    @Field(key: "source") var source: String
    @OptionalField(key: "entered_by") var enteredBy: UUID?
    @Timestamp(key: "entered_at", on: .none) var enteredAt: Date?

    init() {}
}
