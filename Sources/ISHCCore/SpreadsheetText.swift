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
