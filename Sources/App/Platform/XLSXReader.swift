import Foundation
import ISHCCore
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first sheet of an .xlsx file into lines of text cells, with the line numbers Excel
/// shows. Shared and inline strings, numbers (integers without ".0"), booleans and cached formula
/// results are read; styles are not, so a date cell comes out as Excel's day number, which the
/// member-list reader understands.
enum XLSXReader {
    enum Failure: Error, Equatable {
        /// Not a zip at all (or damaged).
        case notXLSX
        /// The old binary .xls format.
        case legacyXLS
        case noSheet
        /// Unpacks to more than the limits allow (a zip bomb, or a workbook far larger than a list).
        case tooLarge
    }

    /// What one upload may unpack to. A club's or a province's list is a few MB unpacked; a zip
    /// bomb is refused as soon as it passes these, before it is held anywhere.
    struct Limits {
        /// Bytes unpacked from one part of the file, and from all parts together.
        var entryBytes = 50 << 20
        var totalBytes = 50 << 20
        /// Unpacked size over packed size, for a part above 1 MB: spreadsheets pack 5-20 times.
        var ratio = 200
        /// Lines read from the sheet (the reader of the list refuses more than it takes) and
        /// columns read from each line.
        var rows = CSVReader.maxRows
        var columns = 200
    }

    /// The sheet's lines. Each part is unpacked to a temporary file, counting as it goes, and the
    /// XML is read from there in chunks, so memory holds the cells read, never the whole sheet.
    static func rows(_ data: Data, limits: Limits = Limits()) throws -> [(line: Int, cells: [String])] {
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw Failure.legacyXLS }
        guard data.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: data, accessMode: .read) else { throw Failure.notXLSX }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ishc-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var total = 0
        func part(_ path: String) throws -> URL? {
            guard let entry = archive[path] else { return nil }
            let packed = max(1, Int(clamping: entry.compressedSize))
            func tooBig(_ n: Int) -> Bool { n > limits.entryBytes || (n > 1 << 20 && n / packed > limits.ratio) }
            if tooBig(Int(clamping: entry.uncompressedSize)) { throw Failure.tooLarge }
            let url = folder.appendingPathComponent(UUID().uuidString)
            guard FileManager.default.createFile(atPath: url.path, contents: nil),
                let out = try? FileHandle(forWritingTo: url)
            else { return nil }
            defer { try? out.close() }
            var written = 0
            do {
                _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: true) { chunk in
                    written += chunk.count
                    total += chunk.count
                    if tooBig(written) || total > limits.totalBytes { throw Failure.tooLarge }
                    out.write(chunk)
                }
            } catch Failure.tooLarge {
                throw Failure.tooLarge
            } catch {
                return nil
            }
            return url
        }
        let strings = try part("xl/sharedStrings.xml").map { SharedStrings.parse($0) } ?? []
        let sheetPath = firstSheetPath(
            workbook: try part("xl/workbook.xml").flatMap { try? Data(contentsOf: $0) },
            rels: try part("xl/_rels/workbook.xml.rels").flatMap { try? Data(contentsOf: $0) })
        guard let sheet = try part(sheetPath) ?? part("xl/worksheets/sheet1.xml") else { throw Failure.noSheet }
        return SheetCells.parse(sheet, strings: strings, limits: limits)
    }

    /// The path of the workbook's first sheet, through the relationship it names.
    static func firstSheetPath(workbook: Data?, rels: Data?) -> String {
        let fallback = "xl/worksheets/sheet1.xml"
        guard let workbook, let rels else { return fallback }
        let sheet = AttributeFinder.first(in: workbook, element: "sheet", attribute: "r:id")
        guard let id = sheet, let target = AttributeFinder.target(in: rels, id: id) else { return fallback }
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        return "xl/" + target
    }

    /// `B12` → 1 (columns from 0).
    static func columnIndex(_ ref: String) -> Int? {
        var index = 0
        var any = false
        for scalar in ref.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
            any = true
        }
        return any ? index - 1 : nil
    }

    static func number(_ text: String) -> String {
        if let d = Double(text), d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
        return text
    }
}

private final class SharedStrings: NSObject, XMLParserDelegate {
    var items: [String] = []
    var current = ""
    var inText = false
    var phoneticDepth = 0

    static func parse(_ file: URL) -> [String] {
        let delegate = SharedStrings()
        guard let stream = InputStream(url: file) else { return [] }
        let parser = XMLParser(stream: stream)
        parser.delegate = delegate
        parser.parse()
        return delegate.items
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        switch name {
        case "si": current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": items.append(current)
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText && current.utf8.count < 4_096 { current += string }
    }
}

private final class SheetCells: NSObject, XMLParserDelegate {
    let strings: [String]
    let limits: XLSXReader.Limits
    var rows: [(line: Int, cells: [String])] = []
    var line = 0
    var cells: [String] = []
    var column = 0
    var type = ""
    var value = ""
    var collecting = false

    init(strings: [String], limits: XLSXReader.Limits) {
        self.strings = strings
        self.limits = limits
    }

    static func parse(_ file: URL, strings: [String], limits: XLSXReader.Limits) -> [(line: Int, cells: [String])] {
        let delegate = SheetCells(strings: strings, limits: limits)
        guard let stream = InputStream(url: file) else { return [] }
        let parser = XMLParser(stream: stream)
        parser.delegate = delegate
        parser.parse()
        return delegate.rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        switch name {
        case "row":
            line = attributes["r"].flatMap(Int.init) ?? line + 1
            cells = []
            column = 0
        case "c":
            column = attributes["r"].flatMap(XLSXReader.columnIndex) ?? cells.count
            type = attributes["t"] ?? "n"
            value = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            let text: String
            switch type {
            case "s": text = Int(value.trimmingCharacters(in: .whitespaces)).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
            case "inlineStr", "str": text = value
            case "b": text = value == "1" ? "x" : ""
            case "e": text = ""
            default: text = XLSXReader.number(value)
            }
            guard column < limits.columns else { return }
            while cells.count < column { cells.append("") }
            if cells.count == column { cells.append(text) } else { cells[column] = text }
        case "row":
            if rows.count < limits.rows, cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { rows.append((line, cells)) }
            // Enough to know the sheet has more lines than a list may have: the rest is not read.
            if rows.count >= limits.rows { parser.abortParsing() }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        // A cell longer than any name or note is cut: a list's cells are short.
        if collecting && value.utf8.count < 4_096 { value += string }
    }
}

/// The two attributes the workbook's first sheet is found by.
private final class AttributeFinder: NSObject, XMLParserDelegate {
    let element: String
    let match: (([String: String]) -> Bool)
    let attribute: String
    var found: String?

    init(element: String, attribute: String, match: @escaping ([String: String]) -> Bool) {
        self.element = element
        self.attribute = attribute
        self.match = match
    }

    static func first(in data: Data, element: String, attribute: String) -> String? {
        run(AttributeFinder(element: element, attribute: attribute, match: { _ in true }), data)
    }

    static func target(in data: Data, id: String) -> String? {
        run(AttributeFinder(element: "Relationship", attribute: "Target", match: { $0["Id"] == id }), data)
    }

    private static func run(_ finder: AttributeFinder, _ data: Data) -> String? {
        let parser = XMLParser(data: data)
        parser.delegate = finder
        parser.parse()
        return finder.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        guard found == nil, name == element || name.hasSuffix(":" + element), match(attributes) else { return }
        found = attributes[attribute] ?? attributes.first { $0.key.hasSuffix(":id") && attribute == "r:id" }?.value
        if found != nil { parser.abortParsing() }
    }
}
