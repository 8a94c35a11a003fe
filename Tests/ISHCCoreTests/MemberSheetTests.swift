import Foundation
import Testing

@testable import ISHCCore

@Suite struct MemberSheetTests {
    let today = Day(year: 2026, month: 11, day: 23)!
    let founded = Day(year: 2021, month: 3, day: 15)!
    let villages = [MemberSheet.Village(id: "v1", name: "Bản Hạnh Tiến"), MemberSheet.Village(id: "v3", name: "Thôn 3")]

    func read(_ rows: [[String]], firstLine: Int = 1) -> MemberSheet.Result {
        MemberSheet.read(
            rows.enumerated().map { (line: $0.offset + firstLine, cells: $0.element) },
            today: today, villages: villages, defaultJoined: founded)
    }

    @Test func headerBelowATitleInAnyOrderWithoutAccents() {
        let result = read([
            ["DANH SÁCH THÀNH VIÊN CLB LIÊN THẾ HỆ TỰ GIÚP NHAU"],
            ["Bản Hạnh Tiến, xã Quế Phong"],
            [],
            ["Nam sinh", "HO VA TEN", "gioi tinh", "Ghi chú", "Thôn", "Cột lạ"],
            ["1956", "Nguyễn Thị Hoa", "Nữ", "", "Bản Hạnh Tiến", "?"],
        ])
        #expect(result.headerLine == 4)
        #expect(result.fileProblems == [.ignoredColumn("Cột lạ")])
        #expect(result.rows.count == 1)
        let p = try! #require(result.rows[0].person)
        #expect(p.fullName == "Nguyễn Thị Hoa")
        #expect(p.gender == .female)
        #expect(p.birthYear == 1956 && p.birthDate == nil)
        #expect(p.villageID == "v1")
        #expect(p.joinedOn == "2021-03-15" && !p.joinedGiven)
        #expect(result.rows[0].line == 5)
        #expect(result.canImport && result.importCount == 1)
    }

    @Test func nfdTextIsStoredAsNfcAndHeadersInNfdAreFound() {
        let nfdName = "Nguyễn Thị Hoa".decomposedStringWithCanonicalMapping
        let nfdHeader = "Họ và tên".decomposedStringWithCanonicalMapping
        #expect(nfdName.unicodeScalars.count != "Nguyễn Thị Hoa".unicodeScalars.count)
        let result = read([
            [nfdHeader, "Giới tính".decomposedStringWithCanonicalMapping, "Năm sinh"],
            [nfdName, "NỮ".decomposedStringWithCanonicalMapping, "1950"],
        ])
        let p = try! #require(result.rows.first?.person)
        #expect(p.fullName.unicodeScalars.elementsEqual("Nguyễn Thị Hoa".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(p.gender == .female)
    }

    @Test func genderInAnyCaseOrAsLetters() {
        for (text, gender) in [
            ("Nữ", Gender.female), ("nữ", .female), ("NU", .female), ("F", .female), ("f", .female),
            ("Nam", .male), ("NAM", .male), ("M", .male), ("m", .male), ("Khác", .other),
        ] {
            #expect(MemberSheet.parseGender(text) == gender, "\(text)")
        }
        #expect(MemberSheet.parseGender("X") == nil)
        #expect(MemberSheet.parseGender("") == nil)
    }

    @Test func datesAsPeopleAndExcelWriteThem() {
        #expect(MemberSheet.parseDay("12/03/1956", today: today, birth: true) == Day(year: 1956, month: 3, day: 12))
        #expect(MemberSheet.parseDay("1/3/56", today: today, birth: true) == Day(year: 1956, month: 3, day: 1))
        #expect(MemberSheet.parseDay("5/6/08", today: today, birth: true) == Day(year: 2008, month: 6, day: 5))
        #expect(MemberSheet.parseDay("5/6/15", today: today, birth: true) == Day(year: 1915, month: 6, day: 5))
        #expect(MemberSheet.parseDay("1/2/24", today: today, birth: false) == Day(year: 2024, month: 2, day: 1))
        #expect(MemberSheet.parseDay("01-07-2025", today: today, birth: false) == Day(year: 2025, month: 7, day: 1))
        #expect(MemberSheet.parseDay("1956-03-12", today: today, birth: true) == Day(year: 1956, month: 3, day: 12))
        // Excel's day number for 12/03/1956 and for 15/03/2021.
        #expect(MemberSheet.parseDay("20526", today: today, birth: true) == Day(year: 1956, month: 3, day: 12))
        #expect(MemberSheet.parseDay("44270", today: today, birth: false) == Day(year: 2021, month: 3, day: 15))
        #expect(MemberSheet.parseDay("31/02/1956", today: today, birth: true) == nil)
        #expect(MemberSheet.parseDay("12/03", today: today, birth: true) == nil)
        #expect(MemberSheet.parseBirth("1956", today: today) == .year(1956))
        #expect(MemberSheet.parseBirth("1956.0", today: today) == .year(1956))
        #expect(MemberSheet.parseBirth("3/1956", today: today) == .year(1956))
        #expect(MemberSheet.parseBirth("1/3/56", today: today) == .date(Day(year: 1956, month: 3, day: 1)!))
        #expect(MemberSheet.parseBirth("2027", today: today) == nil)
        #expect(MemberSheet.parseBirth("1/1/2027", today: today) == nil)
        #expect(MemberSheet.parseBirth("abc", today: today) == nil)
    }

    @Test func blankRowsAndColumnNumbersAreSkipped() {
        let result = read([
            ["STT", "Họ và tên", "Giới tính", "Năm sinh"],
            ["(1)", "(2)", "(3)", "(4)"],
            ["1", "Lò Thị Mai", "Nữ", "1960"],
            ["", "", "", ""],
            ["2", "", "", ""],
            ["3", "Vi Văn Lả", "Nam", "1961"],
            ["4"],
        ])
        #expect(result.rows.map(\.line) == [3, 6])
        #expect(result.importCount == 2)
    }

    @Test func namAndNuColumnsHoldTheBirthYear() {
        // The official form: "Năm sinh" over two sub-columns "Nam" and "Nữ".
        let result = read([
            ["TT", "Họ và tên", "Năm sinh", "", "Dân tộc"],
            ["", "", "Nam", "Nữ", ""],
            ["1", "Lô Văn Thắng", "1949", "", "Thái"],
            ["2", "Vi Thị Mai", "", "12/5/1957", "Thái"],
            ["3", "Lang Thị Xuân", "1950", "1951", "Thái"],
        ])
        #expect(result.fileProblems.isEmpty)
        #expect(result.rows[0].person?.gender == .male)
        #expect(result.rows[0].person?.birthYear == 1949)
        #expect(result.rows[1].person?.gender == .female)
        #expect(result.rows[1].person?.birthDate == "1957-05-12")
        #expect(result.rows[1].person?.ethnicity == "Thái")
        #expect(result.rows[2].errors == [.bothGenders])
        #expect(!result.canImport)
    }

    @Test func everyRowErrorIsNamed() {
        let result = read([
            ["Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Ngày vào", "Hộ nghèo"],
            ["", "Nữ", "1950", "", "", ""],
            ["Lò Thị A", "", "1950", "", "", ""],
            ["Lò Thị B", "Bà già", "1950", "", "", ""],
            ["Lò Thị C", "Nữ", "", "", "", ""],
            ["Lò Thị D", "Nữ", "năm 50", "", "", ""],
            ["Lò Thị E", "Nữ", "1950", "12ab", "", ""],
            ["Lò Thị G", "Nữ", "1950", "", "32/1/2024", ""],
            ["Lò Thị H", "Nữ", "1950", "", "", "có lẽ"],
            ["Lò Thị I", "Nữ", "2020", "", "1/1/2019", ""],
        ])
        #expect(
            result.rows.map(\.errors) == [
                [.missingName], [.missingGender], [.badGender("Bà già")], [.missingBirth], [.badBirth("năm 50")],
                [.badPhone("12ab")], [.badJoined("32/1/2024")], [.badFlag(header: "Hộ nghèo", value: "có lẽ")], [.joinedBeforeBirth],
            ])
        #expect(result.rows.allSatisfy { $0.person == nil })
        #expect(!result.canImport)
        #expect(result.errorCount == 9)
    }

    @Test func valuesAreReadOrWarnedAbout() {
        let result = read([
            ["Họ và tên", "Giới tính", "Ngày sinh", "Thôn", "SĐT", "Ngày vào", "Hộ nghèo", "Thẻ BHYT", "TNV chăm sóc tại nhà"],
            ["Lò Thị Mai", "F", "1/3/56", "thon 3", "912345678", "2/1/2024", "x", "Có", ""],
            ["Lò Thị Mai", "f", "1956", "3", "0912 345 678", "", "", "", "x"],
            ["Vi Văn Lả", "M", "1961", "Bản Na Lướm", "", "2022", "0", "", ""],
        ])
        #expect(result.canImport)
        let a = try! #require(result.rows[0].person)
        #expect(a.birthDate == "1956-03-01" && a.birthYear == 1956)
        #expect(a.villageID == "v3")
        #expect(a.phone == "0912345678")
        #expect(a.joinedOn == "2024-01-02" && a.joinedGiven)
        #expect(a.flags == ["poor", "health_insurance"])
        let b = try! #require(result.rows[1].person)
        #expect(b.villageID == "v3")
        #expect(b.flags == ["volunteer"])
        #expect(result.rows[1].warnings == [.sameInFile(line: 2)])
        #expect(result.rows[2].warnings == [.unknownVillage("Bản Na Lướm")])
        #expect(result.rows[2].person?.villageID == nil)
        #expect(result.rows[2].person?.joinedOn == "2022-01-01")
    }

    @Test func aSheetWithoutTheNeededColumnsIsRefused() {
        #expect(read([["Tên hàng", "Số lượng"], ["Gạo", "10"]]).fileProblems == [.noHeader])
        let noGender = read([["Họ và tên", "Năm sinh"], ["Lò Thị Mai", "1950"]])
        #expect(noGender.fileProblems == [.missingColumn(.gender)])
        #expect(!noGender.canImport)
        #expect(read([["Họ và tên", "Giới tính", "Năm sinh"]]).fileProblems == [.noRows])
    }

    @Test func aResultSurvivesStorage() throws {
        let result = read([["Họ và tên", "Giới tính", "Năm sinh"], ["Lò Thị Mai", "Nữ", "1950"], ["", "X", "1950"]])
        let back = try JSONDecoder().decode(MemberSheet.Result.self, from: JSONEncoder().encode(result))
        #expect(back == result)
    }
}

@Suite struct CSVReaderTests {
    @Test func separatorsQuotesAndBom() throws {
        let text = "\u{FEFF}Họ và tên;Giới tính;Ghi chú\r\n\"Lò Thị \"\"Mai\"\"\";Nữ;\"có; nhiều\r\ndòng\"\r\n\r\nVi Văn Lả;Nam;\r\n"
        let rows = try CSVReader.rows(Data(text.utf8))
        #expect(rows.count == 3)
        #expect(rows[0].cells == ["Họ và tên", "Giới tính", "Ghi chú"])
        #expect(rows[1].cells == ["Lò Thị \"Mai\"", "Nữ", "có; nhiều\r\ndòng"])
        #expect(rows[1].line == 2)
        #expect(rows[2].line == 5)
        #expect(rows[2].cells == ["Vi Văn Lả", "Nam", ""])
        #expect(CSVReader.parse("a,b,c\n1,2,3").map(\.cells) == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(CSVReader.parse("a\tb\n1\t2").map(\.cells) == [["a", "b"], ["1", "2"]])
    }

    @Test func utf16AndBadBytes() throws {
        var data = Data([0xFF, 0xFE])
        data.append("Họ và tên,Giới tính".data(using: .utf16LittleEndian)!)
        #expect(try CSVReader.rows(data).first?.cells == ["Họ và tên", "Giới tính"])
        #expect(throws: CSVReader.Failure.encoding) { try CSVReader.rows(Data([0x48, 0xE4, 0x20, 0xFF])) }
    }
}

@Suite struct BoardRulesTests {
    let jan = Day(year: 2024, month: 1, day: 15)!
    let founded = Day(year: 2021, month: 3, day: 15)!
    var terms: [BoardTermFacts] {
        [
            BoardTermFacts(role: .chair, memberID: "a", from: founded, to: jan),
            BoardTermFacts(role: .chair, memberID: "b", from: jan, to: nil),
            BoardTermFacts(role: .secretary, memberID: "c", from: founded, to: nil),
        ]
    }

    @Test func whoHeldWhatWhen() {
        #expect(Board.holders(on: Day(year: 2023, month: 6, day: 30)!, terms: terms) == [.chair: "a", .secretary: "c"])
        #expect(Board.holders(on: jan, terms: terms) == [.chair: "b", .secretary: "c"])
        #expect(Board.holders(on: Day(year: 2020, month: 1, day: 1)!, terms: terms).isEmpty)
    }

    @Test func rulesForANewTerm() {
        let today = Day(year: 2026, month: 11, day: 23)!
        let d = Day(year: 2026, month: 1, day: 1)!
        #expect(Board.check(.chair, memberID: "c", from: d, terms: terms, joined: founded, left: nil, today: today) == nil)
        #expect(Board.ending(.chair, memberID: "c", terms: terms) == [1, 2])
        #expect(Board.check(.chair, memberID: "b", from: d, terms: terms, joined: founded, left: nil, today: today) == .alreadyHolds)
        #expect(Board.check(.chair, memberID: "c", from: jan, terms: terms, joined: founded, left: nil, today: today) == .beforeCurrentTerm(jan))
        #expect(
            Board.check(.treasurer, memberID: "d", from: d, terms: terms, joined: Day(year: 2026, month: 2, day: 1)!, left: nil, today: today)
                == .beforeJoined(Day(year: 2026, month: 2, day: 1)!))
        #expect(
            Board.check(.treasurer, memberID: "d", from: Day(year: 2027, month: 1, day: 1)!, terms: terms, joined: nil, left: nil, today: today)
                == .inFuture)
        #expect(Board.check(.treasurer, memberID: "d", from: d, terms: terms, joined: nil, left: d, today: today) == .memberLeft)
    }
}

@Suite struct DayArithmeticTests {
    @Test func theDayBefore() {
        #expect(Day(year: 2025, month: 12, day: 1)!.previous == Day(year: 2025, month: 11, day: 30))
        #expect(Day(year: 2024, month: 3, day: 1)!.previous == Day(year: 2024, month: 2, day: 29))
        #expect(Day(year: 2026, month: 1, day: 1)!.previous == Day(year: 2025, month: 12, day: 31))
        #expect(Day(year: 2026, month: 5, day: 9)!.previous == Day(year: 2026, month: 5, day: 8))
    }

    @Test func cachedNameKeysOrderLikeFreshOnes() {
        let names = ["Nguyễn Thị Hoa", "Lê Văn An", "Trần Thị Ánh", "Đặng Thị Hoa", "Nguyễn Văn Ân", "Lò Thị Mai"]
        var cache = VietnameseText.KeyCache()
        for a in names {
            for b in names {
                #expect((cache.nameKey(a) < cache.nameKey(b)) == VietnameseText.nameLess(a, b), "\(a) / \(b)")
            }
        }
        #expect(names.sorted(byPerson: { $0 }) == names.sorted { VietnameseText.nameLess($0, $1) })
    }
}
