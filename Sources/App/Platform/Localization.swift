import Foundation
import Vapor

public enum Lang: String, CaseIterable, Sendable {
    case vi, en
}

/// All interface text lives in one catalogue per language (`Resources/i18n/<lang>.json`), so a
/// translation is one file. Placeholders are `{0}`, `{1}` ...
public struct Catalogue: Sendable {
    public let texts: [Lang: [String: String]]

    public static func load(from directory: String) throws -> Catalogue {
        var texts: [Lang: [String: String]] = [:]
        for lang in Lang.allCases {
            let url = URL(fileURLWithPath: directory + "i18n/\(lang.rawValue).json")
            let data = try Data(contentsOf: url)
            texts[lang] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalogue(texts: texts)
    }

    public func text(_ key: String, _ lang: Lang) -> String {
        texts[lang]?[key] ?? texts[.vi]?[key] ?? key
    }
}

/// The texts of one request, in the language the visitor chose.
public struct Texts: Sendable {
    public let lang: Lang
    let catalogue: Catalogue

    public func callAsFunction(_ key: String, _ args: CustomStringConvertible...) -> String {
        Texts.fill(catalogue.text(key, lang), args)
    }

    /// The first of the keys the catalogue has, in this order, filled in.
    public func first(_ keys: String..., args: [CustomStringConvertible] = []) -> String {
        let key = keys.first { catalogue.texts[lang]?[$0] != nil || catalogue.texts[.vi]?[$0] != nil } ?? keys.last!
        return Texts.fill(catalogue.text(key, lang), args)
    }

    /// The template with `{0}`, `{1}`, … replaced by the arguments, in one pass (a page may fill
    /// thousands). A placeholder without its argument stays as written.
    static func fill(_ template: String, _ args: [CustomStringConvertible]) -> String {
        guard !args.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count + 16)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest.index(after: open)
            if let close = rest[after...].firstIndex(of: "}"), let n = Int(rest[after..<close]), n >= 0, n < args.count {
                out += args[n].description
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[after...]
            }
        }
        out += rest
        return out
    }
}

extension Application {
    private struct CatalogueKey: StorageKey { typealias Value = Catalogue }
    public var catalogue: Catalogue {
        get { storage[CatalogueKey.self]! }
        set { storage[CatalogueKey.self] = newValue }
    }
}

extension Request {
    static let languageCookie = "ishc_lang"

    public var lang: Lang {
        cookies[Request.languageCookie].flatMap { Lang(rawValue: $0.string) } ?? .vi
    }

    public var t: Texts { Texts(lang: lang, catalogue: application.catalogue) }
}

/// The passwords refused because they are among the most used (`Resources/passwords/common.txt`,
/// lower case, one a line, `#` for comments).
enum CommonPasswords {
    static func load(from directory: String) throws -> Set<String> {
        let text = try String(contentsOfFile: directory + "passwords/common.txt", encoding: .utf8)
        return Set(
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}

extension Application {
    private struct CommonPasswordsKey: StorageKey { typealias Value = Set<String> }
    var commonPasswords: Set<String> {
        get { storage[CommonPasswordsKey.self] ?? [] }
        set { storage[CommonPasswordsKey.self] = newValue }
    }
}
