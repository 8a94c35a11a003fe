import Foundation

/// Reads a member list the way clubs keep it today: a title (often merged cells) above a header row
/// whose Vietnamese names come in any order, blank and numbered-but-empty rows, dates written
/// `dd/mm/yyyy`, `d/m/yy` or as a year (or stored by Excel as a day number), gender as Nam/Nữ in
/// any case or M/F, text in NFC or NFD. It decides, for every row, what would happen and why not.
/// Nothing here touches a database: the caller adds the checks that need one.
public enum MemberSheet {
    /// The columns the reader understands.
    public enum Column: String, CaseIterable, Codable, Sendable {
        case order, fullName, gender, maleMark, femaleMark, birth, birthYear, birthDate, ethnicity, village, phone, joinedOn
        case volunteer, poor, nearPoor, disability, livesAlone, ethnicMinority, singleOlderWoman, chronicIllness, healthInsurance
        case note

        /// The flag columns and the member flag each sets (keys as `MemberController.flags` names them).
        public var flagKey: String? {
            switch self {
            case .volunteer: return "volunteer"
            case .poor: return "poor"
            case .nearPoor: return "near_poor"
            case .disability: return "disability"
            case .livesAlone: return "lives_alone"
            case .ethnicMinority: return "ethnic_minority"
            case .singleOlderWoman: return "single_older_woman"
            case .chronicIllness: return "chronic_illness"
            case .healthInsurance: return "health_insurance"
            default: return nil
            }
        }
    }

    /// Header names as clubs write them, folded (no accents, lower case, single spaces).
    static let aliases: [Column: [String]] = [
        .order: ["stt", "tt", "so tt", "so thu tu", "no"],
        .fullName: ["ho va ten", "ho ten", "ho va ten thanh vien", "ten thanh vien", "ho ten thanh vien", "ten", "full name", "name"],
        .gender: ["gioi tinh", "gioi", "gender", "sex", "nam nu", "gioi tinh nam nu"],
        .maleMark: ["nam"],
        .femaleMark: ["nu"],
        .birth: ["ngay nam sinh", "ngay hoac nam sinh", "nam ngay sinh", "sinh nam", "nam sinh ngay sinh", "ngay sinh nam sinh"],
        .birthYear: ["nam sinh", "year of birth", "birth year"],
        .birthDate: ["ngay sinh", "ngay thang nam sinh", "date of birth", "birth date"],
        .ethnicity: ["dan toc", "ethnicity"],
        .village: ["thon", "thon xom", "xom", "ban", "thon ban", "thon to", "to dan pho", "thon to dan pho", "dia chi", "noi o",
                   "village", "thon xom ban"],
        .phone: ["dien thoai", "so dien thoai", "sdt", "dt", "so dt", "phone"],
        .joinedOn: ["ngay vao", "ngay tham gia", "ngay gia nhap", "ngay vao clb", "ngay tham gia clb", "nam tham gia", "ngay vao cau lac bo"],
        .volunteer: ["tinh nguyen vien", "tnv", "tnv cham soc tai nha", "tinh nguyen vien cham soc tai nha", "tnv chamsoc"],
        .poor: ["ho ngheo", "ngheo"],
        .nearPoor: ["ho can ngheo", "can ngheo"],
        .disability: ["khuyet tat", "nguoi khuyet tat", "nkt"],
        .livesAlone: ["song mot minh", "song don than", "khong nguoi cham soc", "song mot minh khong nguoi cham soc"],
        .ethnicMinority: ["dan toc thieu so", "dtts"],
        .singleOlderWoman: ["phu nu don than", "phu nu cao tuoi don than", "cu ba don than"],
        .chronicIllness: ["benh man tinh", "mac benh man tinh"],
        .healthInsurance: ["bhyt", "the bhyt", "co the bhyt", "bao hiem y te", "the bao hiem y te"],
        .note: ["ghi chu", "note"],
    ]

    /// A header cell folded for matching: no accents, lower case, words only, anything in brackets
    /// dropped (`Năm sinh (hoặc ngày sinh)` → `nam sinh`).
    public static func headerKey(_ text: String) -> String {
        var folded = VietnameseText.fold(text)
        while let open = folded.firstIndex(where: { $0 == "(" || $0 == "[" }),
              let close = folded[open...].firstIndex(where: { $0 == ")" || $0 == "]" }) {
            folded.removeSubrange(open...close)
        }
        let words = folded.map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(words).split(separator: " ").joined(separator: " ")
    }

    public static func column(forHeader text: String) -> Column? {
        let key = headerKey(text)
        guard !key.isEmpty else { return nil }
        return aliases.first { $0.value.contains(key) }?.key
    }

    // MARK: - What comes out

    /// Something about a row (or the file) put in words by the caller.
    public enum Problem: Codable, Equatable, Sendable {
        // The file.
        case noHeader
        case noRows
        case tooManyRows(limit: Int)
        case ignoredColumn(String)
        case missingColumn(Column)
        // A row: errors.
        case missingName
        case nameTooLong
        case nameControl
        case missingGender
        case bothGenders
        case badGender(String)
        case missingBirth
        case badBirth(String)
        case badJoined(String)
        case joinedBeforeBirth
        case badPhone(String)
        case badFlag(header: String, value: String)
        // A row: warnings (the row still goes in).
        case unknownVillage(String)
        case sameInFile(line: Int)
        case likelyDuplicate(name: String, club: String)
        // A row that is skipped on purpose.
        case alreadyInClub
    }

    public struct Person: Codable, Equatable, Sendable {
        public var fullName: String
        /// The name folded for matching (no accents, lower case).
        public var nameKey: String
        public var gender: Gender
        public var birthYear: Int
        public var birthDate: String?
        public var ethnicity: String?
        public var villageID: String?
        public var villageName: String?
        public var phone: String?
        public var joinedOn: String
        public var joinedGiven: Bool
        public var flags: [String]
    }

    public struct Row: Codable, Equatable, Sendable {
        /// The line number as the spreadsheet shows it.
        public var line: Int
        /// The name as typed, for the preview even when the row has errors.
        public var shownName: String
        public var person: Person?
        public var errors: [Problem]
        public var warnings: [Problem]
        public var skipped: Bool

        public var willImport: Bool { person != nil && errors.isEmpty && !skipped }
    }

    public struct Result: Codable, Equatable, Sendable {
        public var headerLine: Int?
        public var columns: [Column]
        public var fileProblems: [Problem]
        public var rows: [Row]

        public var canImport: Bool {
            fileProblems.allSatisfy { if case .ignoredColumn = $0 { return true } else { return false } }
                && rows.allSatisfy { $0.errors.isEmpty } && rows.contains { $0.willImport }
        }
        public var importCount: Int { rows.filter(\.willImport).count }
        public var errorCount: Int { rows.filter { !$0.errors.isEmpty }.count }
        public var tooManyRows: Bool { fileProblems.contains { if case .tooManyRows = $0 { return true } else { return false } } }
    }

    public struct Village: Sendable {
        public var id: String
        public var name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }

    public static let rowLimit = 5_000

    // MARK: - Reading

    /// `rows` are the sheet's non-empty lines with their numbers as the spreadsheet shows them.
    public static func read(_ rows: [(line: Int, cells: [String])], today: Day, villages: [Village], defaultJoined: Day) -> Result {
        // The header is the first of the top lines naming the full name and at least one other column.
        var headerIndex: Int?
        var columns: [Int: Column] = [:]
        for (i, row) in rows.prefix(30).enumerated() {
            var found: [Int: Column] = [:]
            for (c, cell) in row.cells.enumerated() {
                if let column = column(forHeader: cell), !found.values.contains(column) { found[c] = column }
            }
            if found.values.contains(.fullName) && found.count >= 2 {
                headerIndex = i
                columns = found
                break
            }
        }
        guard let headerIndex else {
            return Result(headerLine: nil, columns: [], fileProblems: [.noHeader], rows: [])
        }
        var fileProblems: [Problem] = []
        let header = rows[headerIndex].cells
        // A header split over two lines ("Năm sinh" above "Nam | Nữ") is common: read the next line too.
        var firstData = headerIndex + 1
        if firstData < rows.count, rows[firstData].line == rows[headerIndex].line + 1 {
            var extra: [Int: Column] = [:]
            for (c, cell) in rows[firstData].cells.enumerated() where [nil, .birthYear, .birth, .gender].contains(columns[c]) {
                if let column = column(forHeader: cell), column == .maleMark || column == .femaleMark { extra[c] = column }
            }
            if extra.count == 2 {
                for (c, column) in extra { columns[c] = column }
                firstData += 1
            }
        }
        for (c, cell) in header.enumerated() where columns[c] == nil && !VietnameseText.normalize(cell).isEmpty {
            fileProblems.append(.ignoredColumn(VietnameseText.normalize(cell)))
        }
        let has = Set(columns.values)
        if !has.contains(.gender) && !(has.contains(.maleMark) && has.contains(.femaleMark)) { fileProblems.append(.missingColumn(.gender)) }
        if !has.contains(.birth) && !has.contains(.birthYear) && !has.contains(.birthDate)
            && !(has.contains(.maleMark) && has.contains(.femaleMark)) {
            fileProblems.append(.missingColumn(.birthYear))
        }

        let villageKeys = villages.map { (village: $0, key: villageKey($0.name)) }
        var result: [Row] = []
        var seen: [String: Int] = [:]
        // The same few values repeat down a column: read each once.
        var genders: [String: Gender?] = [:]
        var flagValues: [String: Bool?] = [:]
        var villageMatches: [String: Village?] = [:]
        for (index, row) in rows[firstData...].enumerated() {
            func cell(_ column: Column) -> String {
                guard let c = columns.first(where: { $0.value == column })?.key, c < row.cells.count else { return "" }
                return VietnameseText.normalize(row.cells[c])
            }
            // Blank lines, and numbered lines of an empty template, are not members.
            let meaningful = columns.filter { $0.value != .order && $0.value != .note }.keys
                .contains { $0 < row.cells.count && !VietnameseText.normalize(row.cells[$0]).isEmpty }
            if !meaningful || (index < 3 && isColumnNumbering(row.cells)) { continue }
            var errors: [Problem] = []
            var warnings: [Problem] = []
            let name = cell(.fullName)
            if name.isEmpty { errors.append(.missingName) } else if VietnameseText.tooLong(name, 100) { errors.append(.nameTooLong) }
            else if VietnameseText.hasControl(name) { errors.append(.nameControl) }

            var gender: Gender?
            var birthText = [cell(.birth), cell(.birthDate), cell(.birthYear)].first { !$0.isEmpty } ?? ""
            if has.contains(.gender) {
                let g = cell(.gender)
                let parsedGender = genders[g] ?? parseGender(g)
                genders[g] = parsedGender
                if g.isEmpty { errors.append(.missingGender) } else if let parsed = parsedGender { gender = parsed } else { errors.append(.badGender(g)) }
            } else {
                let male = cell(.maleMark), female = cell(.femaleMark)
                if !male.isEmpty && female.isEmpty { gender = .male; if birthText.isEmpty && !isMark(male) { birthText = male } }
                else if !female.isEmpty && male.isEmpty { gender = .female; if birthText.isEmpty && !isMark(female) { birthText = female } }
                else if !female.isEmpty { errors.append(.bothGenders); birthText = birthText.isEmpty ? "?" : birthText }
                else { errors.append(.missingGender) }
            }

            var birth: BirthInput?
            if birthText == "?" { /* already reported */ }
            else if birthText.isEmpty { errors.append(.missingBirth) }
            else if let b = parseBirth(birthText, today: today) { birth = b } else { errors.append(.badBirth(birthText)) }

            var joined = defaultJoined
            let joinedText = cell(.joinedOn)
            if !joinedText.isEmpty {
                if let d = parseDay(joinedText, today: today, birth: false), d <= today { joined = d }
                else if let y = parseYear(joinedText), y <= today.year, y >= 1990, let d = Day(year: y, month: 1, day: 1) { joined = d }
                else { errors.append(.badJoined(joinedText)) }
            }
            if let birth, birth.year > joined.year { errors.append(.joinedBeforeBirth) }

            var phone = cell(.phone)
            if !phone.isEmpty {
                let digits = phone.filter(\.isNumber)
                // Excel drops a phone number's leading zero when the cell is a number.
                if digits == phone, digits.count == 9, digits.first != "0" { phone = "0" + digits }
                if !MemberRules.isPhone(phone) {
                    errors.append(.badPhone(phone))
                }
            }

            var villageID: String?, villageName: String?
            let villageText = cell(.village)
            if !villageText.isEmpty {
                let match: Village?
                if let known = villageMatches[villageText] { match = known } else {
                    let key = villageKey(villageText)
                    match = (villageKeys.first(where: { $0.key == key }) ?? villageKeys.first(where: { !key.isEmpty && key.hasSuffix(" " + $0.key) }))?.village
                    villageMatches[villageText] = match
                }
                if let match {
                    villageID = match.id
                    villageName = match.name
                } else {
                    warnings.append(.unknownVillage(villageText))
                }
            }

            var flags: [String] = []
            for (c, column) in columns.sorted(by: { $0.key < $1.key }) {
                guard let key = column.flagKey else { continue }
                let value = c < row.cells.count ? VietnameseText.normalize(row.cells[c]) : ""
                let flag = flagValues[value] ?? parseFlag(value)
                flagValues[value] = flag
                switch flag {
                case .some(true): flags.append(key)
                case .some(false): break
                case .none: errors.append(.badFlag(header: VietnameseText.normalize(header.indices.contains(c) ? header[c] : ""), value: value))
                }
            }

            let ethnicity = cell(.ethnicity)
            var person: Person?
            if errors.isEmpty, let gender, let birth {
                let folded = VietnameseText.fold(name)
                person = Person(fullName: name, nameKey: folded, gender: gender, birthYear: birth.year, birthDate: birth.date?.iso,
                                ethnicity: ethnicity.isEmpty ? nil : ethnicity, villageID: villageID, villageName: villageName,
                                phone: phone.isEmpty ? nil : phone, joinedOn: joined.iso, joinedGiven: !joinedText.isEmpty, flags: flags)
                let key = "\(folded)|\(birth.year)"
                if let earlier = seen[key] { warnings.append(.sameInFile(line: earlier)) } else { seen[key] = row.line }
            }
            result.append(Row(line: row.line, shownName: name, person: person, errors: errors, warnings: warnings, skipped: false))
        }
        if result.isEmpty { fileProblems.append(.noRows) }
        if result.count > rowLimit { fileProblems.append(.tooManyRows(limit: rowLimit)) }
        return Result(headerLine: rows[headerIndex].line, columns: columns.sorted { $0.key < $1.key }.map(\.value),
                      fileProblems: fileProblems, rows: result)
    }

    // MARK: - Values

    public static func parseGender(_ text: String) -> Gender? {
        switch VietnameseText.fold(text).trimmingCharacters(in: CharacterSet(charactersIn: ". ")) {
        case "nu", "f", "female", "nu gioi", "ba": return .female
        case "nam", "m", "male", "nam gioi", "ong": return .male
        case "khac", "other": return .other
        default: return nil
        }
    }

    /// The line of column numbers official forms put under the header: `(1) (2) (3)` or `1 2 3`.
    static func isColumnNumbering(_ cells: [String]) -> Bool {
        let filled = cells.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let numbers = filled.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "()"))) }
        return filled.count >= 3 && numbers.count == filled.count && numbers == Array(numbers[0]..<(numbers[0] + numbers.count))
    }

    static func isMark(_ text: String) -> Bool { parseFlag(text) == true && Int(text) == nil }

    /// x, có, 1, ✓ are yes; blank, không, 0 are no; anything else is not understood.
    public static func parseFlag(_ text: String) -> Bool? {
        switch VietnameseText.fold(text) {
        case "x", "co", "1", "yes", "y", "v", "\u{2713}", "\u{2714}", "true", "c": return true
        case "", "khong", "0", "no", "n", "false", "k", "-": return false
        default: return nil
        }
    }

    /// A year written alone (`1956`, or `1956.0` from a number cell).
    static func parseYear(_ text: String) -> Int? {
        var t = text
        if t.hasSuffix(".0") { t.removeLast(2) }
        guard t.count == 4, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(t)
    }

    /// A day written `dd/mm/yyyy`, `d/m/yy`, `dd-mm-yyyy`, `dd.mm.yyyy`, ISO `yyyy-mm-dd`, or the day
    /// number Excel stores for a date cell. A two-digit year is the most recent one that fits: for a
    /// birth, at least 15 years ago.
    public static func parseDay(_ text: String, today: Day, birth: Bool) -> Day? {
        var t = text.trimmingCharacters(in: .whitespaces)
        // Excel's day number (1 = 1/1/1900, with its famous phantom 29/2/1900).
        if let serial = Double(t), t.allSatisfy({ $0.isNumber || $0 == "." }), serial >= 3_000, serial < 80_000 {
            let days = Int(serial.rounded(.down))
            let date = Date(timeIntervalSince1970: TimeInterval((days - 25_569) * 86_400))
            return Day(date, timeZone: TimeZone(secondsFromGMT: 0)!)
        }
        if let space = t.firstIndex(of: " ") { t = String(t[..<space]) } // "12/03/1956 00:00:00"
        let parts = t.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        // ASCII digits, at most four: `Int` of anything else is nil or does not fit.
        guard parts.count == 3, parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        if parts[0].count == 4 { return Day(year: Int(parts[0])!, month: Int(parts[1])!, day: Int(parts[2])!) }
        guard let d = Int(parts[0]), let m = Int(parts[1]), var y = Int(parts[2]) else { return nil }
        if parts[2].count == 2 {
            let recent = 2000 + y
            y = recent <= today.year - (birth ? 15 : 0) ? recent : 1900 + y
        } else if parts[2].count != 4 {
            return nil
        }
        return Day(year: y, month: m, day: d)
    }

    /// A birth as a year, a day, or a month and year (`3/1956`, kept as the year).
    public static func parseBirth(_ text: String, today: Day) -> BirthInput? {
        if let y = parseYear(text) { return (1900...today.year).contains(y) ? .year(y) : nil }
        if let d = parseDay(text, today: today, birth: true) { return d.year >= 1900 && d <= today ? .date(d) : nil }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        if parts.count == 2, let m = Int(parts[0]), (1...12).contains(m), parts[1].count == 4, let y = Int(parts[1]), (1900...today.year).contains(y) {
            return .year(y)
        }
        return nil
    }

    /// A village name without its kind: `Thôn 3`, `thon 3` and `3` are one village.
    public static func villageKey(_ name: String) -> String {
        var key = VietnameseText.fold(name)
        for prefix in ["thon ", "xom ", "ban ", "to dan pho ", "to ", "khoi ", "ap ", "lang "] where key.hasPrefix(prefix) {
            key = String(key.dropFirst(prefix.count))
            break
        }
        return key
    }
}

public enum MemberRules {
    /// A phone number as people write it: 9 to 15 digits (E.164 allows 15), with spaces, dots or
    /// dashes between them and perhaps a leading `+`; ASCII digits only.
    public static func isPhone(_ text: String) -> Bool {
        let digits = text.filter { $0.isASCII && $0.isNumber }.count
        guard (9...15).contains(digits), let first = text.first, first == "+" || (first.isASCII && first.isNumber) else { return false }
        return text.dropFirst().allSatisfy { ($0.isASCII && $0.isNumber) || " .-".contains($0) }
    }
}
