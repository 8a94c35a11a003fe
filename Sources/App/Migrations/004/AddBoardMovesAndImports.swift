import Fluent
import Foundation
import ISHCCore
import SQLKit

/// Board terms with their dates; a person id shared by a member's spells in different clubs (so
/// moving and rejoining keep history, and one person is active in one club at a time); the club a
/// merged club went into; and uploaded member lists waiting for confirmation.
struct AddBoardMovesAndImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(Member.schema).field("person_id", .uuid).update()
        try await sql.raw("UPDATE members SET person_id = id WHERE person_id IS NULL").run()
        try await sql.raw("CREATE INDEX members_person_idx ON members (person_id)").run()
        try await sql.raw("CREATE UNIQUE INDEX members_one_active_club_idx ON members (person_id) WHERE left_on IS NULL").run()
        try await sql.raw("CREATE INDEX members_name_key_idx ON members (name_key)").run()

        try await database.schema(Club.schema).field("merged_into_id", .uuid, .references(Club.schema, .id)).update()

        try await database.schema(BoardTerm.schema)
            .id()
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("member_id", .uuid, .required, .references(Member.schema, .id))
            .field("role", .string, .required)
            .field("from_date", .string, .required)
            .field("to_date", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await sql.create(index: "board_terms_club_idx").on(BoardTerm.schema).column("club_id").run()

        try await database.schema(MemberImport.schema)
            .id()
            .field("club_id", .uuid, .required, .references(Club.schema, .id))
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("file_name", .string, .required)
            .field("payload", .string, .required)
            .field("row_count", .int, .required)
            .field("applied_at", .datetime)
            .field("applied_count", .int)
            .field("created_at", .datetime)
            .create()
        try await sql.create(index: "member_imports_club_idx").on(MemberImport.schema).column("club_id").run()

        // The board as the member list recorded it, from the day each joined.
        let holders = try await sql.raw("SELECT id, club_id, board_role, joined_on FROM members WHERE board_role IS NOT NULL AND left_on IS NULL")
            .all(decoding: OldHolder.self)
        let roles: Set<String> = ["club_chair", "club_vice_chair", "club_secretary", "club_treasurer"]
        for h in holders where roles.contains(h.board_role) {
            try await sql.insert(into: "board_terms")
                .columns("id", "club_id", "member_id", "role", "from_date", "created_at")
                .values(
                    SQLBind(UUID()), SQLBind(h.club_id), SQLBind(h.id), SQLBind(h.board_role), SQLBind(h.joined_on ?? "2016-01-01"),
                    SQLBind(Date())
                )
                .run()
        }
    }

    struct OldHolder: Decodable {
        var id: UUID
        var club_id: UUID
        var board_role: String
        var joined_on: String?
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberImport.schema).delete()
        try await database.schema(BoardTerm.schema).delete()
        try await database.schema(Club.schema).deleteField("merged_into_id").update()
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX members_one_active_club_idx").run()
        try await sql.raw("DROP INDEX members_person_idx").run()
        try await sql.raw("DROP INDEX members_name_key_idx").run()
        try await database.schema(Member.schema).deleteField("person_id").update()
    }
}
