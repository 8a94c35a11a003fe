import Fluent
import SQLKit

struct CreateMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Member.schema)
            .id()
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("full_name", .string, .required)
            .field("name_key", .string, .required)
            .field("gender", .string, .required)
            .field("birth_year", .int)
            .field("birth_date", .string)
            .field("ethnicity", .string)
            .field("phone", .string)
            .field("joined_on", .string)
            .field("left_on", .string)
            .field("board_role", .string)
            .field("home_care_volunteer", .bool, .required)
            .field("poor_household", .bool, .required)
            .field("near_poor_household", .bool, .required)
            .field("disability", .bool, .required)
            .field("lives_alone", .bool, .required)
            .field("health_insurance", .bool, .required)
            .field("consent_on", .string)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "members_club_idx").on(Member.schema).column("club_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Member.schema).delete()
    }
}
