import Foundation
import ISHCCore
import ZIPFoundation

@testable import App

/// Builds .xlsx files the way Excel saves them: shared strings, numbers (dates as day numbers),
/// a merged title, rows that skip columns and lines.
enum TestXLSX {
    enum Cell { case text(String), number(Double), empty }

    static func make(_ rows: [(line: Int, cells: [Cell])], merge: String? = "A1:H1") throws -> Data {
        var strings: [String] = []
        var index: [String: Int] = [:]
        var sheetRows = ""
        for row in rows {
            var cells = ""
            for (c, cell) in row.cells.enumerated() {
                let ref = "\(SpreadsheetText.column(c))\(row.line)"
                switch cell {
                case .empty: continue
                case .number(let n): cells += "<c r=\"\(ref)\" s=\"1\"><v>\(n)</v></c>"
                case .text(let s):
                    let i =
                        index[s]
                        ?? {
                            strings.append(s)
                            index[s] = strings.count - 1
                            return strings.count - 1
                        }()
                    cells += "<c r=\"\(ref)\" t=\"s\"><v>\(i)</v></c>"
                }
            }
            sheetRows += "<row r=\"\(row.line)\">\(cells)</row>"
        }
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let shared = strings.map { "<si><t xml:space=\"preserve\">\(SpreadsheetText.xml($0))</t><rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh></si>" }
            .joined()
        let parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\"?><workbook xmlns=\"\(ns)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"DS\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId7\" Type=\"\(rel)/worksheet\" Target=\"worksheets/danhsach.xml\"/></Relationships>"
            ),
            ("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"\(ns)\" count=\"\(strings.count)\">\(shared)</sst>"),
            (
                "xl/worksheets/danhsach.xml",
                "<?xml version=\"1.0\"?><worksheet xmlns=\"\(ns)\"><sheetData>\(sheetRows)</sheetData>\(merge.map { "<mergeCells count=\"1\"><mergeCell ref=\"\($0)\"/></mergeCells>" } ?? "")</worksheet>"
            ),
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// A workbook whose sheet unpacks to `sheetBytes` of one repeated empty row: a zip bomb, a few
    /// hundred KB packed. The sheet is made chunk by chunk, never held whole.
    static func bomb(sheetBytes: Int) throws -> Data {
        let normal = try make([(1, [.text("Họ và tên"), .text("Năm sinh")]), (2, [.text("Lò Thị Mai"), .number(1950)])])
        let archive = try Archive(data: normal, accessMode: .update)
        if let old = archive["xl/worksheets/danhsach.xml"] { try archive.remove(old) }
        let head = Array("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>".utf8)
        let row = Array("<row><c t=\"inlineStr\"><is><t></t></is></c></row>".utf8)
        try archive.addEntry(
            with: "xl/worksheets/danhsach.xml", type: .file, uncompressedSize: Int64(sheetBytes),
            compressionMethod: .deflate
        ) { position, size in
            var out = [UInt8]()
            out.reserveCapacity(size)
            var p = Int(position)
            while out.count < size {
                out.append(p < head.count ? head[p] : row[(p - head.count) % row.count])
                p += 1
            }
            return Data(out)
        }
        return archive.data!
    }

    /// A club's list as clubs keep it: title lines, the header in an odd order with mixed accents,
    /// numbered blank lines, dates as text and as Excel day numbers, gender in every spelling, NFD names.
    static func messyList(count: Int, villages: [String]) -> [(line: Int, cells: [Cell])] {
        var rows: [(line: Int, cells: [Cell])] = [
            (1, [.text("DANH SÁCH THÀNH VIÊN CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU")]),
            (2, [.text("(Kèm theo Quyết định số 45/QĐ-UBND)")]),
            (
                4,
                [
                    .text("STT"), .text("Ho va ten"), .text("Năm sinh"), .text("GIỚI TÍNH"), .text("Dân tộc"), .text("Thôn/xóm"),
                    .text("Số điện thoại"), .text("Hộ nghèo"), .text("Ghi chú"),
                ]
            ),
        ]
        let families = ["Lò", "Vi", "Lương", "Lang", "Quang", "Sầm", "Hà", "Kha"]
        let given = ["Thị Mai", "Thị Hoa", "Văn Thắng", "Thị Xuân", "Thị Bích", "Văn Sơn", "Thị Ánh", "Thị Nhung", "Thị Đào"]
        let genders = ["Nữ", "nữ", "NỮ", "F", "Nam", "M", "nam", "f"]
        var line = 5
        for i in 0..<count {
            if i % 23 == 7 { line += 1 }  // a blank line now and then
            let name = "\(families[i % families.count]) \(given[(i / 8) % given.count]) \(i + 1)"
            let nameCell = i % 3 == 0 ? name.decomposedStringWithCanonicalMapping : name
            let birth: Cell
            switch i % 4 {
            case 0: birth = .text(String(1940 + i % 40))
            case 1: birth = .text("\(1 + i % 27)/\(1 + i % 12)/\(String(1940 + i % 40).suffix(2))")
            case 2: birth = .number(Double(14_611 + i * 97))  // 1/1/1940 onwards as Excel day numbers
            default: birth = .text(String(format: "%02d/%02d/%04d", 1 + i % 28, 1 + i % 12, 1945 + i % 30))
            }
            let gender = i % 5 == 0 || i % 5 == 1 || i % 5 == 3 ? genders[i % 4] : genders[4 + i % 4]
            rows.append(
                (
                    line,
                    [
                        .number(Double(i + 1)), .text(nameCell), birth, .text(gender), .text(i % 2 == 0 ? "Thái" : "Kinh"),
                        .text(villages[i % villages.count].lowercased()), i % 6 == 0 ? .number(912_000_000 + Double(i)) : .empty,
                        i % 7 == 0 ? .text("x") : .empty, .empty,
                    ]
                ))
            line += 1
        }
        rows.append((line, [.number(Double(count + 1))]))
        return rows
    }
}
