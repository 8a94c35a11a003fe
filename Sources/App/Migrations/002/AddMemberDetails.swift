import Fluent

/// Members get their village, the reason they left, and the remaining disadvantage flags.
/// One column per statement: SQLite adds only one column per ALTER TABLE.
struct AddMemberDetails: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Member.schema).field("village_id", .uuid, .references(OrgUnit.schema, .id)).update()
        try await database.schema(Member.schema).field("leave_reason", .string).update()
        for flag in ["ethnic_minority", "single_older_woman", "chronic_illness"] {
            try await database.schema(Member.schema).field(
                .definition(
                    name: .key(.string(flag)), dataType: .bool,
                    constraints: [.required, .sql(.default(false))])
            ).update()
        }
    }

    func revert(on database: any Database) async throws {
        for field in ["village_id", "leave_reason", "ethnic_minority", "single_older_woman", "chronic_illness"] {
            try await database.schema(Member.schema).deleteField(.string(field)).update()
        }
    }
}
