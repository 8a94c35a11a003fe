import SQLKit

/// Reads a query of one text column named `line` as a single value: the lines joined by the
/// database with newlines. The SQLite driver hands every row of a result to the server's event
/// loop on its own, which for the thousands of clubs or communes of a province or the nation costs
/// more than the query itself; one row costs one hand-over. Lines must not hold a newline: free
/// text in them goes through `oneLine`.
enum SQLLines {
    static func read(_ query: SQLQueryString, on sql: any SQLDatabase) async throws -> [Substring] {
        let joined: SQLQueryString =
            sql.dialect.name == "sqlite"
            ? "SELECT group_concat(q.line, char(10)) AS lines FROM (\(query)) q"
            : "SELECT string_agg(q.line, chr(10)) AS lines FROM (\(query)) q"
        guard let row = try await sql.raw(joined).first(),
            let text = try row.decode(column: "lines", as: String?.self)
        else { return [] }
        return text.split(separator: "\n")
    }

    /// A text column with any newline in it made a space.
    static func oneLine(_ column: String, on sql: any SQLDatabase) -> SQLQueryString {
        sql.dialect.name == "sqlite"
            ? "REPLACE(\(unsafeRaw: column), char(10), ' ')"
            : "REPLACE(\(unsafeRaw: column), chr(10), ' ')"
    }
}
