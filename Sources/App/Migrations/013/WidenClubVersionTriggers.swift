import Fluent
import SQLKit

/// A club's `facts_version` also moves with its board, the people it cares for, activities kept at
/// its own unit and any column of its row, so a kept club page (`ClubPageCache`) is made again
/// whenever anything on it changes. The triggers are put in again with their new definitions.
struct WidenClubVersionTriggers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await ClubFactsCache.dropTriggers(on: sql)
        try await ClubFactsCache.installTriggers(on: sql)
    }

    /// The wider triggers only move versions more often, which no earlier code minds.
    func revert(on database: any Database) async throws {}
}
