import Foundation
import ISHCCore
import Vapor
import ZIPFoundation

/// Writes a one-sheet .xlsx: the smallest set of parts Excel and LibreOffice open, text as inline
/// strings (escaped against formulas), a bold header row that stays in view.
enum XLSXWriter {
    static func workbook(sheetName: String, header: [String], rows: [[String]], numericColumns: Set<Int> = []) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts(sheetName: sheetName, header: header, rows: rows, numericColumns: numericColumns) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw Abort(.internalServerError, reason: "The spreadsheet could not be written") }
        return data
    }

    /// Cells of `numericColumns` that hold a whole number are written as numbers (so sums work in
    /// Excel); everything else as text.
    static func parts(sheetName: String, header: [String], rows: [[String]], numericColumns: Set<Int> = []) -> [(String, String)] {
        let x = SpreadsheetText.xml
        func row(_ cells: [String], index: Int, style: Int) -> String {
            let body = cells.enumerated().map { col, value in
                style == 0 && numericColumns.contains(col) && Int64(value) != nil
                    ? "<c r=\"\(SpreadsheetText.column(col))\(index)\" s=\"\(style)\"><v>\(value)</v></c>"
                    : "<c r=\"\(SpreadsheetText.column(col))\(index)\" t=\"inlineStr\" s=\"\(style)\"><is><t xml:space=\"preserve\">\(x(SpreadsheetText.safeCell(value)))</t></is></c>"
            }.joined()
            return "<row r=\"\(index)\">\(body)</row>"
        }
        let sheetRows = ([row(header, index: 1, style: 1)] + rows.enumerated().map { row($1, index: $0 + 2, style: 0) }).joined()
        let widths = header.indices.map { i in
            let longest = ([header[i]] + rows.prefix(500).map { i < $0.count ? $0[i] : "" }).map(\.count).max() ?? 10
            return "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(min(max(longest + 2, 8), 50))\" customWidth=\"1\"/>"
        }.joined()
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return [
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """
            ),
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """
            ),
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="\(ns)" xmlns:r="\(rel)"><sheets><sheet name="\(x(String(sheetName.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
                """
            ),
            (
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\(rel)/styles" Target="styles.xml"/></Relationships>
                """
            ),
            (
                "xl/styles.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="\(ns)"><fonts count="2"><font><sz val="12"/><name val="Times New Roman"/></font><font><b/><sz val="12"/><name val="Times New Roman"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf fontId="0" xfId="0"/><xf fontId="1" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
                """
            ),
            (
                "xl/worksheets/sheet1.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="\(ns)"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>\(widths)</cols><sheetData>\(sheetRows)</sheetData></worksheet>
                """
            ),
        ]
    }
}
