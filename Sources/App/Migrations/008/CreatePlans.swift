import Fluent
import SQLKit

/// Plans with their phases and targets, and the denominators the data cannot know (villages in a
/// commune, older people living there), entered per unit and year with their source.
struct CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Plan.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("title", .string, .required)
            .field("source", .string)
            .field("standard_rules", .string, .required)
            .field("min_standard_clubs", .int, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.schema(PlanPhaseRow.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(Plan.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .create()
        try await database.schema(PlanTarget.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(Plan.schema, .id, onDelete: .cascade))
            .field("phase_id", .uuid, .required, .references(PlanPhaseRow.schema, .id, onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("indicator", .string, .required)
            .field("value", .int64, .required)
            .field("min_clubs", .int)
            .field("note", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "phase_id", "unit_id", "indicator")
            .create()
        try await database.schema(Denominator.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("value", .int, .required)
            .field("source", .string, .required)
            .field("entered_by", .uuid)
            .field("entered_at", .datetime)
            .unique(on: "unit_id", "year", "kind")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "plans_unit_idx").on(Plan.schema).column("unit_id").run()
        try await sql.create(index: "plan_targets_plan_idx").on(PlanTarget.schema).column("plan_id").run()
        try await sql.create(index: "denominators_unit_idx").on(Denominator.schema).column("unit_id").run()
        // The indicator queries read meetings by club and day.
        try await sql.create(index: "meetings_club_held_idx").on(Meeting.schema).column("club_id").column("held_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Denominator.schema).delete()
        try await database.schema(PlanTarget.schema).delete()
        try await database.schema(PlanPhaseRow.schema).delete()
        try await database.schema(Plan.schema).delete()
    }
}
