import Foundation

/// Vietnamese text handling: NFC normalisation, accent-insensitive folding for search,
/// and the collation Vietnamese lists use (given name first, then family and middle names).
public enum VietnameseText {
    /// Text arrives in NFC and NFD; everything stored is NFC with outer whitespace trimmed
    /// and inner runs of whitespace collapsed.
    /// Longer than `characters`: counted as a reader sees letters, and in UTF-8 bytes too (4 a
    /// letter), so that a letter followed by thousands of combining marks is not "one letter".
    public static func tooLong(_ text: String, _ characters: Int) -> Bool {
        text.utf8.count > characters * 4 || text.count > characters
    }

    /// A control character (NUL, escape, …), which no name holds.
    public static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    public static func normalize(_ text: String) -> String {
        let nfc = text.precomposedStringWithCanonicalMapping
        return nfc.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Lower-case, accents removed, đ/Đ mapped to d: `Đặng Thị Hoa` → `dang thi hoa`.
    /// Foundation's diacritic folding leaves đ alone because it is a letter, not a mark.
    public static func fold(_ text: String) -> String {
        // Decompose, drop the combining marks (tones, circumflex, breve, horn), map đ/Đ to d.
        var out = String.UnicodeScalarView()
        for scalar in normalize(text).decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0110, 0x0111: out.append("d")
            default: out.append(scalar)
            }
        }
        return String(out).lowercased()
    }

    /// True when every folded word of `query` occurs in the folded `text`.
    public static func matches(_ text: String, query: String) -> Bool {
        let words = fold(query).split(separator: " ")
        guard !words.isEmpty else { return true }
        let haystack = fold(text)
        return words.allSatisfy { haystack.contains($0) }
    }

    // Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
    // and within a letter the tones order: none, huyền, hỏi, ngã, sắc, nặng.
    private static let letters: [Character] = Array("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    private static let letterIndex: [Character: Int] = Dictionary(uniqueKeysWithValues: letters.enumerated().map { ($1, $0) })
    private static let toneMarks: [UnicodeScalar: Int] = [
        "\u{0300}": 1,  // huyền
        "\u{0309}": 2,  // hỏi
        "\u{0303}": 3,  // ngã
        "\u{0301}": 4,  // sắc
        "\u{0323}": 5,  // nặng
    ]

    /// Sort key of one word: letters by Vietnamese order first, tones only break ties.
    static func wordKey(_ word: String) -> [Int] {
        var primary: [Int] = []
        var tones: [Int] = []
        for ch in word.lowercased() {
            // Decompose, split the tone mark from the letter (the letter keeps its shape marks).
            let scalars = String(ch).decomposedStringWithCanonicalMapping.unicodeScalars
            var tone = 0
            var kept = String.UnicodeScalarView()
            for s in scalars {
                if let t = toneMarks[s] { tone = t } else { kept.append(s) }
            }
            let letter = Character(String(kept).precomposedStringWithCanonicalMapping)
            if let index = letterIndex[letter] {
                primary.append(100 + index)
            } else if let ascii = letter.unicodeScalars.first?.value {
                primary.append(1000 + Int(ascii))
            }
            tones.append(tone)
        }
        return primary + [0] + tones
    }

    /// Collation key of a full name, as Vietnamese lists sort: by the given name (last word),
    /// then by the family and middle names in order.
    public static func nameSortKey(_ fullName: String) -> [[Int]] {
        let words = normalize(fullName).split(separator: " ").map(String.init)
        guard let given = words.last else { return [] }
        return [wordKey(given)] + words.dropLast().map(wordKey)
    }

    /// Compares two names in Vietnamese list order.
    public static func nameLess(_ a: String, _ b: String) -> Bool {
        lexLess(nameSortKey(a), nameSortKey(b))
    }

    /// Compares two unit or place names in Vietnamese alphabetical order, word by word.
    public static func less(_ a: String, _ b: String) -> Bool {
        placeKey(a) < placeKey(b)
    }

    /// A precomputed sort key, for sorting long lists without recomputing keys at every comparison.
    public struct CollationKey: Comparable, Sendable {
        let parts: [[Int]]
        public static func < (a: CollationKey, b: CollationKey) -> Bool { lexLess(a.parts, b.parts) }
    }

    /// Keys of words already seen: names repeat the same few family and middle names.
    public struct KeyCache {
        var words: [Substring: [Int]] = [:]
        public init() {}

        public mutating func nameKey(_ fullName: String) -> CollationKey {
            let parts = normalize(fullName).split(separator: " ").map { key($0) }
            guard let given = parts.last else { return CollationKey(parts: []) }
            return CollationKey(parts: [given] + parts.dropLast())
        }

        /// A unit or place name's key, word by word (`VietnameseText.placeKey`).
        public mutating func placeKey(_ name: String) -> CollationKey {
            CollationKey(parts: normalize(name).split(separator: " ").map { key($0) })
        }

        private mutating func key(_ word: Substring) -> [Int] {
            if let key = words[word] { return key }
            let key = wordKey(String(word))
            words[word] = key
            return key
        }
    }

    /// The key of a person's name (given name first).
    public static func nameKey(_ fullName: String) -> CollationKey { CollationKey(parts: nameSortKey(fullName)) }

    /// The key of a unit or place name (word by word).
    public static func placeKey(_ name: String) -> CollationKey {
        CollationKey(parts: normalize(name).split(separator: " ").map { wordKey(String($0)) })
    }

    fileprivate static func lexLess(_ a: [[Int]], _ b: [[Int]]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            return x.lexicographicallyPrecedes(y)
        }
        return a.count < b.count
    }
}

extension Sequence {
    /// Sorted by a unit or place name in Vietnamese order, each key computed once.
    public func sorted(byPlace name: (Element) -> String) -> [Element] {
        // Place names share their words (Xã, Phường, Tân, …): each word's key is computed once.
        var cache = VietnameseText.KeyCache()
        return map { (cache.placeKey(name($0)), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Sorted by a person's name as Vietnamese lists sort (given name first), each key computed once.
    public func sorted(byPerson name: (Element) -> String) -> [Element] {
        var cache = VietnameseText.KeyCache()
        return map { (cache.nameKey(name($0)), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
