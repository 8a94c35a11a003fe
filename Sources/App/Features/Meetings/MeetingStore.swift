import Fluent
import ISHCCore
import SQLKit
import Vapor

/// Reading a club's meetings: their days and areas in one query.
enum MeetingStore {}

extension MeetingStore {
    /// The club's meetings in the order they were recorded, with their areas, and the latest
    /// `recent` by day (their day and attendance only), in one query.
    static func overview(of club: Club, recent: Int, on db: any Database) async throws -> (facts: [MeetingFacts], recent: [Meeting]) {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT m.id AS id, m.held_on AS held_on, m.attendee_count AS attendee_count, a.area AS area FROM meetings m
            LEFT JOIN meeting_areas a ON a.meeting_id = m.id
            WHERE m.club_id = \(bind: club.requireID())
            ORDER BY m.created_at, m.id
            """
        ).all()
        // One row per area (or one with none) per meeting, meetings in the order recorded.
        var order: [UUID] = []
        var seen: [UUID: (held: String, attended: Int, areas: Set<Int>)] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            if seen[id] == nil {
                order.append(id)
                seen[id] = (try row.decode(column: "held_on", as: String.self), try row.decode(column: "attendee_count", as: Int.self), [])
            }
            if let area = try row.decode(column: "area", as: Int?.self) { seen[id]!.areas.insert(area) }
        }
        let facts = order.compactMap { id in Day(iso: seen[id]!.held).map { MeetingFacts(id: id.uuidString, heldOn: $0, areas: seen[id]!.areas) } }
        let latest = order.sorted { seen[$0]!.held > seen[$1]!.held }.prefix(recent).map { id in
            let m = Meeting()
            m.id = id
            m.$id.exists = true
            m.$club.id = club.id!
            m.heldOn = seen[id]!.held
            m.attendeeCount = seen[id]!.attended
            return m
        }
        return (facts, Array(latest))
    }
}

extension MeetingStore {
    /// The club's meetings in the order they were recorded, with their areas: one query.
    static func facts(of club: Club, on db: any Database) async throws -> [MeetingFacts] {
        try await MeetingStore.overview(of: club, recent: 0, on: db).facts
    }
}
