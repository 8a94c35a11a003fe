import ISHCCore
import Testing

@Suite struct VietnameseTextTests {
    @Test func foldRemovesAccentsCaseAndMapsDToD() {
        // check
        #expect(VietnameseText.fold("Nguyễn Thị Hoa") == "nguyen thi hoa")
        #expect(VietnameseText.fold("Đặng Văn Đức") == "dang van duc")
        #expect(VietnameseText.fold("  ĐẮK   LẮK ") == "dak lak")
    }

    @Test func nfdInputIsNormalisedToNFC() {
        // setup: "Hoà" typed with a combining grave accent
        let nfd = "Ho\u{0061}\u{0300}"
        // act
        let normal = VietnameseText.normalize(nfd)
        // check
        #expect(normal.unicodeScalars.count == 3)
        #expect(normal == "Hoà")
        #expect(VietnameseText.fold(nfd) == "hoa")
    }

    @Test func searchMatchesWithoutAccents() {
        #expect(VietnameseText.matches("Nguyễn Thị Hoa", query: "nguyen thi hoa"))
        #expect(VietnameseText.matches("Nguyễn Thị Hoa", query: "hoa nguyen"))
        #expect(VietnameseText.matches("Xã Quế Phong", query: "que phong"))
        #expect(!VietnameseText.matches("Nguyễn Thị Hoa", query: "lan"))
        #expect(VietnameseText.matches("Đặng Thị Lan", query: "dang"))
    }

    @Test func namesSortByGivenNameThenFamily() {
        // setup
        let names = ["Trần Thị Lan", "Nguyễn Văn An", "Lê Thị Ánh", "Phạm Thị Bích", "Đỗ Văn Đông", "Bùi Thị Dung", "Nguyễn Thị Lan"]
        // act
        let sorted = names.sorted(by: VietnameseText.nameLess)
        // check: An < Ánh (tone breaks the tie), Dung < Đông (d before đ), Lan by family: Nguyễn < Trần
        #expect(sorted == ["Nguyễn Văn An", "Lê Thị Ánh", "Phạm Thị Bích", "Bùi Thị Dung", "Đỗ Văn Đông", "Nguyễn Thị Lan", "Trần Thị Lan"])
    }

    @Test func vietnameseLetterOrder() {
        // ă and â come after a, ơ after ô after o, ư after u
        #expect(VietnameseText.less("Anh", "Ăn"))
        #expect(VietnameseText.less("Ăn", "Ân"))
        #expect(VietnameseText.less("Ôn", "Ơn"))
        #expect(VietnameseText.less("Ung", "Ưng"))
        #expect(VietnameseText.less("Xã Bắc Lý", "Xã Bình Chuẩn"))
    }

    @Test func placesSortWordByWordWithSharedWordsKeyedOnce() {
        let places = ["Xã Đông Hòa", "Phường Ba Đình", "Xã Ân Thi", "Xã Anh Sơn", "Xã Ăn Hòa", "Xã  Đông  Hà", "Phường Bà Rịa"]
        // Each key comes from the words' cache; the order is what the plain key gives.
        let sorted = places.sorted(byPlace: { $0 })
        #expect(sorted == places.sorted { VietnameseText.placeKey($0) < VietnameseText.placeKey($1) })
        #expect(sorted == ["Phường Ba Đình", "Phường Bà Rịa", "Xã Anh Sơn", "Xã Ăn Hòa", "Xã Ân Thi", "Xã  Đông  Hà", "Xã Đông Hòa"])
    }
}

@Suite struct MoneyTests {
    @Test func formatsWithDots() {
        #expect(VND.format(1_250_000) == "1.250.000 đ")
        #expect(VND.format(0) == "0 đ")
        #expect(VND.format(999) == "999 đ")
        #expect(VND.format(-50_000) == "-50.000 đ")
        #expect(VND.group(3321) == "3.321")
    }

    @Test func parsesTheWaysPeopleTypeAmounts() {
        #expect(VND.parse("1250000") == 1_250_000)
        #expect(VND.parse("1.250.000") == 1_250_000)
        #expect(VND.parse("1,250,000") == 1_250_000)
        #expect(VND.parse("1 250 000 đ") == 1_250_000)
        #expect(VND.parse("50.000 VND") == 50_000)
    }

    @Test func rejectsWhatIsNotAWholeAmount() {
        #expect(VND.parse("") == nil)
        #expect(VND.parse("12,5") == nil)
        #expect(VND.parse("1.25") == nil)
        #expect(VND.parse("abc") == nil)
        #expect(VND.parse("99999999999999999999") == nil)
    }
}

@Suite struct DayTests {
    @Test func readsVietnameseAndIsoDates() {
        #expect(Day(vietnamese: "01/07/2025") == Day.reform2025)
        #expect(Day(vietnamese: "1/7/2025") == Day.reform2025)
        #expect(Day(iso: "2025-07-01")?.vietnamese == "01/07/2025")
        #expect(Day(vietnamese: "31/02/2025") == nil)
        #expect(Day(vietnamese: "29/02/2024") != nil)
        #expect(Day(vietnamese: "29/02/2025") == nil)
    }

    @Test func writesDaysWithLeadingZeros() {
        // Every day of two years around a reform, and years of other widths, as the formatter writes them.
        var day = Day(year: 2024, month: 1, day: 1)!
        while day.year < 2026 {
            #expect(day.iso == String(format: "%04d-%02d-%02d", day.year, day.month, day.day))
            #expect(day.vietnamese == String(format: "%02d/%02d/%04d", day.day, day.month, day.year))
            #expect(Day(iso: day.iso) == day)
            day = day.next
        }
    }
}
