import Testing

@testable import App

@Suite struct TextsTests {
    @Test func placeholdersAreFilledInOnePass() {
        #expect(Texts.fill("còn thiếu {0} CLB", [37]) == "còn thiếu 37 CLB")
        #expect(Texts.fill("{1} trên {0}", ["a", "b"]) == "b trên a")
        #expect(Texts.fill("{0} và {0}", ["Hà"]) == "Hà và Hà")
        // An argument is never filled in again.
        #expect(Texts.fill("{0} {1}", ["{1}", "z"]) == "{1} z")
        // A placeholder without its argument, and braces that are not one, stay as written.
        #expect(Texts.fill("{2} {x} {-1} {", ["a"]) == "{2} {x} {-1} {")
        #expect(Texts.fill("không có", ["a"]) == "không có")
        #expect(Texts.fill("{0}", []) == "{0}")
    }
}
