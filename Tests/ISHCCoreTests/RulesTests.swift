import Foundation
import ISHCCore
import Testing

@Suite struct RoleTests {
    @Test func officersGiveOnlyLowerRoles() {
        #expect(Role.provinceOfficer.assignableRoles.contains(.communeOfficer))
        #expect(Role.provinceOfficer.assignableRoles.contains(.clubSecretary))
        #expect(!Role.provinceOfficer.assignableRoles.contains(.provinceOfficer))
        #expect(!Role.provinceOfficer.assignableRoles.contains(.centralOfficer))
        #expect(!Role.communeOfficer.assignableRoles.contains(.communeOfficer))
        #expect(Role.administrator.assignableRoles.contains(.administrator))
    }

    @Test func clubBoardAndViewersManageNobody() {
        for role in [Role.clubChair, .clubViceChair, .clubSecretary, .clubTreasurer, .viewer] {
            #expect(role.assignableRoles.isEmpty)
            #expect(!role.canManage(.viewer))
        }
        #expect(!Role.viewer.canWrite)
        #expect(!Role.viewer.seesPersonalData)
    }

    @Test func rolesFitTheirLevels() {
        #expect(Role.communeOfficer.allowedLevels == [.commune])
        #expect(Role.clubTreasurer.allowedLevels == [.club])
        #expect(Role.viewer.allowedLevels.contains(.province))
    }
}

@Suite struct UnitPathTests {
    @Test func scopeIsAPathPrefix() {
        #expect(UnitPath.contains("/VN/p40/", "/VN/p40/c16738/"))
        #expect(UnitPath.contains("/VN/", "/VN/p01/"))
        #expect(!UnitPath.contains("/VN/p40/", "/VN/p01/c00004/"))
        // A province code that is a prefix of another must not leak: p4 vs p40.
        #expect(!UnitPath.contains("/VN/p4", "/VN/p40/"))
        #expect(!UnitPath.contains("/VN/p40/c16738/", "/VN/p40/"))
    }

    @Test func ancestorsGoFromTheRootDown() {
        #expect(UnitPath.ancestors("/VN/p40/c16738/") == ["/VN/", "/VN/p40/", "/VN/p40/c16738/"])
    }
}

@Suite struct PasswordTests {
    @Test func capIsInBytesNotCharacters() {
        // setup: 30 Vietnamese letters of 3 bytes each = 90 bytes, though only 30 characters
        let long = String(repeating: "ệ", count: 30)
        // check
        #expect(long.count == 30)
        #expect(PasswordPolicy.check(long) == .tooLong)
        #expect(PasswordPolicy.check(String(repeating: "ệ", count: 24)) == nil)
    }

    @Test func otherRules() {
        #expect(PasswordPolicy.check("short") == .tooShort)
        #expect(PasswordPolicy.check("mat khau dai", confirmation: "mat khau khac") == .mismatch)
        #expect(PasswordPolicy.check("thuky.donghoa", username: "thuky.donghoa") == .sameAsUsername)
        #expect(PasswordPolicy.check("mat khau dai", confirmation: "mat khau dai", username: "lan") == nil)
    }

    @Test func throttleSlowsDownInsteadOfLocking() {
        let throttle = LoginThrottle(free: 3, cap: 60, window: 600)
        // Two failures: allowed.
        #expect(throttle.retryAfter(failures: [0, 10], now: 20) == nil)
        // From the third on, each wait is twice the last, counted from the latest failure.
        #expect(throttle.retryAfter(failures: [0, 10, 20], now: 20) == 1)
        #expect(throttle.retryAfter(failures: [0, 10, 20], now: 22) == nil)
        #expect(throttle.retryAfter(failures: [0, 10, 20, 21, 22], now: 22) == 4)
        // Never more than the cap, however many failures.
        #expect(throttle.retryAfter(failures: (0..<500).map(Double.init), now: 499) == 60)
        #expect(throttle.retryAfter(failures: (0..<500).map(Double.init), now: 560) == nil)
        // Old failures no longer count.
        #expect(throttle.retryAfter(failures: [0, 10, 20], now: 700) == nil)
        #expect(LoginThrottle.perAccount.cap <= 60 && LoginThrottle.perAddress.cap <= 60)
    }
}

@Suite struct SpreadsheetTextTests {
    @Test func formulasAreDefused() {
        #expect(SpreadsheetText.safeCell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(SpreadsheetText.safeCell("+84912") == "'+84912")
        #expect(SpreadsheetText.safeCell("-5") == "'-5")
        #expect(SpreadsheetText.safeCell("@SUM(A1)") == "'@SUM(A1)")
        #expect(SpreadsheetText.safeCell("Nguyễn Thị Hoa") == "Nguyễn Thị Hoa")
        #expect(SpreadsheetText.safeCell("") == "")
    }

    @Test func csvQuotesWhatNeedsIt() {
        #expect(SpreadsheetText.csvLine(["Hoa", "Thôn 1, xã A", "nói \"vâng\"", "=1+1"]) == "Hoa,\"Thôn 1, xã A\",\"nói \"\"vâng\"\"\",'=1+1")
        #expect(SpreadsheetText.csv(header: ["a"], rows: [["b"]]) == "\u{FEFF}a\r\nb\r\n")
    }

    @Test func columnsAndXML() {
        #expect(SpreadsheetText.column(0) == "A")
        #expect(SpreadsheetText.column(25) == "Z")
        #expect(SpreadsheetText.column(26) == "AA")
        #expect(SpreadsheetText.column(701) == "ZZ")
        #expect(SpreadsheetText.xml("a<b & \"c\"\u{1}") == "a&lt;b &amp; &quot;c&quot;")
    }
}

@Suite struct UnitSegmentTests {
    @Test func segmentsOfCreatedUnitsHaveOneLength() {
        let a = UnitPath.segment("v", id: UUID(uuidString: "3F2A9C1E-0000-4000-8000-000000000001")!)
        let b = UnitPath.segment("k", id: UUID())
        #expect(a == "v3f2a9c1e0000")
        #expect(a.count == 13 && b.count == 13)
        #expect(b.hasPrefix("k"))
    }

    @Test func passwordsThatAreCommonOrTheUnitsNameAreRefused() {
        let common: Set<String> = ["12345678", "matkhau123"]
        #expect(PasswordPolicy.check("12345678", common: common) == .common)
        #expect(PasswordPolicy.check("MatKhau123", common: common) == .common)
        #expect(PasswordPolicy.check("Xã Hạnh Tiến", unitName: "Xã Hạnh Tiến") == .sameAsUnit)
        #expect(PasswordPolicy.check("xahanhtien", unitName: "Xã Hạnh Tiến") == .sameAsUnit)
        #expect(PasswordPolicy.check("mat khau dai", unitName: "Xã Hạnh Tiến", common: common) == nil)
    }

    @Test func lengthIsCountedInBytesToo() {
        #expect(!VietnameseText.tooLong("Nguyễn Thị Hoa", 100))
        #expect(VietnameseText.tooLong("a" + String(repeating: "\u{0301}", count: 1_000), 100))
        #expect(VietnameseText.tooLong(String(repeating: "ệ", count: 101), 100))
        #expect(VietnameseText.hasControl("Lò\u{0}Mai") && VietnameseText.hasControl("a\u{1B}b") && !VietnameseText.hasControl("Lò Thị Mai"))
    }
}
