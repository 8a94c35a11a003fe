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
        .village: [
            "thon", "thon xom", "xom", "ban", "thon ban", "thon to", "to dan pho", "thon to dan pho", "dia chi", "noi o",
            "village", "thon xom ban",
        ],
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
            let close = folded[open...].firstIndex(where: { $0 == ")" || $0 == "]" })
        {
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
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
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
            && !(has.contains(.maleMark) && has.contains(.femaleMark))
        {
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
            if name.isEmpty {
                errors.append(.missingName)
            } else if VietnameseText.tooLong(name, 100) {
                errors.append(.nameTooLong)
            } else if VietnameseText.hasControl(name) {
                errors.append(.nameControl)
            }

            var gender: Gender?
            var birthText = [cell(.birth), cell(.birthDate), cell(.birthYear)].first { !$0.isEmpty } ?? ""
            if has.contains(.gender) {
                let g = cell(.gender)
                let parsedGender = genders[g] ?? parseGender(g)
                genders[g] = parsedGender
                if g.isEmpty {
                    errors.append(.missingGender)
                } else if let parsed = parsedGender {
                    gender = parsed
                } else {
                    errors.append(.badGender(g))
                }
            } else {
                let male = cell(.maleMark)
                let female = cell(.femaleMark)
                if !male.isEmpty && female.isEmpty {
                    gender = .male
                    if birthText.isEmpty && !isMark(male) { birthText = male }
                } else if !female.isEmpty && male.isEmpty {
                    gender = .female
                    if birthText.isEmpty && !isMark(female) { birthText = female }
                } else if !female.isEmpty {
                    errors.append(.bothGenders)
                    birthText = birthText.isEmpty ? "?" : birthText
                } else {
                    errors.append(.missingGender)
                }
            }

            var birth: BirthInput?
            if birthText == "?" { /* already reported */
            } else if birthText.isEmpty {
                errors.append(.missingBirth)
            } else if let b = parseBirth(birthText, today: today) {
                birth = b
            } else {
                errors.append(.badBirth(birthText))
            }

            var joined = defaultJoined
            let joinedText = cell(.joinedOn)
            if !joinedText.isEmpty {
                if let d = parseDay(joinedText, today: today, birth: false), d <= today {
                    joined = d
                } else if let y = parseYear(joinedText), y <= today.year, y >= 1990, let d = Day(year: y, month: 1, day: 1) {
                    joined = d
                } else {
                    errors.append(.badJoined(joinedText))
                }
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

            var villageID: String?
            var villageName: String?
            let villageText = cell(.village)
            if !villageText.isEmpty {
                let match: Village?
                if let known = villageMatches[villageText] {
                    match = known
                } else {
                    let key = villageKey(villageText)
                    match =
                        (villageKeys.first(where: { $0.key == key }) ?? villageKeys.first(where: { !key.isEmpty && key.hasSuffix(" " + $0.key) }))?
                        .village
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
                person = Person(
                    fullName: name, nameKey: folded, gender: gender, birthYear: birth.year, birthDate: birth.date?.iso,
                    ethnicity: ethnicity.isEmpty ? nil : ethnicity, villageID: villageID, villageName: villageName,
                    phone: phone.isEmpty ? nil : phone, joinedOn: joined.iso, joinedGiven: !joinedText.isEmpty, flags: flags)
                let key = "\(folded)|\(birth.year)"
                if let earlier = seen[key] { warnings.append(.sameInFile(line: earlier)) } else { seen[key] = row.line }
            }
            result.append(Row(line: row.line, shownName: name, person: person, errors: errors, warnings: warnings, skipped: false))
        }
        if result.isEmpty { fileProblems.append(.noRows) }
        if result.count > rowLimit { fileProblems.append(.tooManyRows(limit: rowLimit)) }
        return Result(
            headerLine: rows[headerIndex].line, columns: columns.sorted { $0.key < $1.key }.map(\.value),
            fileProblems: fileProblems, rows: result)
    }
}
