import Foundation

/// Text for spreadsheets that officers open in Excel.
public enum SpreadsheetText {
    /// A cell that starts with = + - @ (or a tab or carriage return) would run as a formula when
    /// opened; a leading apostrophe makes it plain text.
    public static func safeCell(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        return "'" + value
    }

    /// One CSV line: fields quoted when they hold a comma, quote or line break.
    public static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            let safe = safeCell(field)
            guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return safe }
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    /// A whole CSV file with a byte-order mark, so Excel reads the Vietnamese letters as UTF-8.
    public static func csv(header: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + ([header] + rows).map(csvLine).joined(separator: "\r\n") + "\r\n"
    }

    /// Text escaped for XML character data and attributes.
    public static func xml(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // Characters XML 1.0 does not allow are dropped.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    public static func column(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(65 + r)!) + s
            n = (n - 1) / 26
        }
        return s
    }
}

/// Reads CSV as spreadsheets save it: UTF-8 (with or without BOM) or UTF-16, comma, semicolon or tab
/// separated (whichever the first lines use most), quoted fields with doubled quotes and line breaks.
public enum CSVReader {
    public enum Failure: Error, Equatable { case encoding }

    /// Lines read (room for title lines above the header and one line more than a list may have,
    /// which the reader of the list refuses), cells read from each line,
    /// and characters kept of each cell: a list's cells are short.
    public static let maxRows = MemberSheet.rowLimit + 100
    public static let maxColumns = 200
    public static let maxCell = 4_096

    public static func rows(_ data: Data, maxRows: Int = maxRows) throws -> [(line: Int, cells: [String])] {
        let text: String
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let t = String(data: data, encoding: .utf16) else { throw Failure.encoding }
            text = t
        } else {
            let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
            guard let t = String(data: body, encoding: .utf8) else { throw Failure.encoding }
            text = t
        }
        return parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, maxRows: maxRows)
    }

    public static func parse(_ text: String, maxRows: Int = maxRows) -> [(line: Int, cells: [String])] {
        let sample = text.prefix(4_000)
        let separator: Character = [",", ";", "\t"].max { a, b in sample.filter { $0 == a }.count < sample.filter { $0 == b }.count } ?? ","
        var result: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var startLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        func endField() {
            if cells.count < maxColumns { cells.append(field) }
            field = ""
        }
        func endRow() {
            endField()
            if cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { result.append((startLine, cells)) }
            cells = []
        }
        func keep(_ c: Character) { if field.utf8.count < maxCell { field.append(c) } }
        while result.count < maxRows, let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" {
                            keep("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    keep(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case separator: endField()
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                startLine = line
            default: keep(c)
            }
        }
        if result.count < maxRows && (!field.isEmpty || !cells.isEmpty) { endRow() }
        return result
    }
}
