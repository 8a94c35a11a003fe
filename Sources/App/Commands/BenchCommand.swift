import Fluent
import ISHCCore
import NIOCore
import Vapor

/// `ishc bench-members [--rows N]`: imports an N-row member list (5,000 by default) into a demo
/// club through the same route, middleware and database code a browser uses (upload, preview,
/// confirm), then exports the club's members as Excel and CSV, and prints the times. Only on an
/// empty database: `ISHC_SQLITE_PATH=/tmp/bench.sqlite ishc bench-members` (see Benchmarks/README.md).
struct BenchMembersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "rows", help: "How many member rows to import (default 5000).")
        var rows: Int?
        @Option(name: "budget", help: "Seconds each of import and export may take (default 3).")
        var budget: Double?
        init() {}
    }

    var help: String { "Times importing and exporting a large member list on an empty database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let rows = signature.rows ?? 5_000
        let budget = signature.budget ?? 3
        try await Bootstrap.prepare(app)
        guard try await User.query(on: app.db).count() == 0 else {
            throw Abort(.badRequest, reason: "bench-members needs an empty database; set ISHC_SQLITE_PATH to a new file")
        }
        _ = try await DemoData.load(app)
        let club = try await OrgUnit.query(on: app.db).filter(\.$name == DemoData.clubs[1].name).first()!
        let client = InProcessClient(app: app)
        _ = try await client.send(.GET, Paths.login.link())
        let login = try await client.send(.POST, Paths.login.link(), form: ["username": "xa.quephong", "password": DemoData.password])
        guard login.status == .seeOther else { throw Abort(.internalServerError, reason: "login failed: \(login.status)") }

        let file = try Self.sampleList(rows: rows)
        let clock = ContinuousClock()
        var timings: [(String, Duration, Int)] = []
        func timed(_ label: String, _ body: () async throws -> Response) async throws -> Response {
            let start = clock.now
            let response = try await body()
            timings.append((label, clock.now - start, response.body.buffer?.readableBytes ?? 0))
            return response
        }
        let upload = try await timed("upload and check \(rows) rows (.xlsx, \(file.count / 1024) KB)") {
            try await client.upload(Paths.memberImport.link(club.id!), form: ["consent": "on"], fileName: "bench.xlsx", file: file)
        }
        guard upload.status == .seeOther, let preview = upload.headers.first(name: .location) else {
            throw Abort(.internalServerError, reason: "upload failed: \(upload.status)")
        }
        let page = try await timed("preview page") { try await client.send(.GET, preview) }
        guard page.status == .ok, (page.body.string ?? "").contains(Paths.importConfirm.link(String(preview.split(separator: "/").last!))) else {
            throw Abort(.internalServerError, reason: "the preview does not offer to confirm")
        }
        let confirm = try await timed("confirm (write \(rows) members)") {
            try await client.send(.POST, Paths.importConfirm.link(String(preview.split(separator: "/").last!)))
        }
        guard confirm.status == .seeOther else { throw Abort(.internalServerError, reason: "confirm failed: \(confirm.status)") }
        let importTime = timings.map(\.1).reduce(.zero, +)
        let members = try await Member.query(on: app.db).join(Club.self, on: \Member.$club.$id == \Club.$id)
            .filter(Club.self, \.$unit.$id == club.id!).count()
        let xlsx = try await timed("export \(members) members as .xlsx") { try await client.send(.GET, Paths.membersXLSX.link(club.id!)) }
        let csv = try await timed("export \(members) members as .csv") { try await client.send(.GET, Paths.membersCSV.link(club.id!)) }
        guard xlsx.status == .ok, csv.status == .ok else { throw Abort(.internalServerError, reason: "export failed") }
        let xlsxTime = timings[timings.count - 2].1
        let csvTime = timings[timings.count - 1].1

        for (label, duration, bytes) in timings {
            context.console.print("\(label.padding(toLength: 48, withPad: " ", startingAt: 0)) \(Self.seconds(duration)) s  \(bytes / 1024) KB")
        }
        let ok = importTime.seconds <= budget && xlsxTime.seconds <= budget && csvTime.seconds <= budget
        context.console.print(
            "import \(Self.seconds(importTime)) s, export .xlsx \(Self.seconds(xlsxTime)) s, export .csv \(Self.seconds(csvTime)) s; budget \(budget) s each: \(ok ? "met" : "NOT MET")"
        )
        if !ok { throw Abort(.internalServerError, reason: "over budget") }
    }

    static func seconds(_ d: Duration) -> String { String(format: "%.2f", d.seconds) }

    /// A list in the shape clubs keep: a title line, Vietnamese headers, dates written several ways.
    static func sampleList(rows: Int) throws -> Data {
        let header = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Thôn", "Điện thoại", "Hộ nghèo", "Thẻ BHYT"]
        var rng = SeededGenerator(seed: 2026)
        let table: [[String]] = (0..<rows).map { i in
            let woman = i % 3 != 0
            let birth = 1940 + Int.random(in: 0..<50, using: &rng)
            let birthText =
                i % 3 == 0
                ? String(birth)
                : i % 3 == 1
                    ? "\(1 + i % 28)/\(1 + i % 12)/\(String(birth).suffix(2))"
                    : String(format: "%02d/%02d/%04d", 1 + i % 28, 1 + i % 12, birth)
            return [
                String(i + 1), "\(MemberNames.make(woman: woman, using: &rng)) \(i + 1)", woman ? (i % 2 == 0 ? "Nữ" : "nữ") : "Nam",
                birthText, i % 2 == 0 ? "Thái" : "Kinh", "Bản Mường Nọc", i % 5 == 0 ? "09\(String(format: "%08d", i))" : "",
                i % 7 == 0 ? "x" : "", i % 4 == 0 ? "" : "có",
            ]
        }
        return try XLSXWriter.workbook(sheetName: "Danh sách", header: header, rows: table)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Sends requests through the application's whole responder chain (middleware, sessions, CSRF,
/// routes) without a socket, keeping cookies like a browser.
struct InProcessClient {
    let app: Application
    final class Jar: @unchecked Sendable {
        var cookies: [String: String] = [:]
        var formToken: String? {
            cookies[CSRFMiddleware.cookieName].map {
                CSRFMiddleware.formToken(cookie: $0, sessionHash: cookies[SessionToken.cookieName].map(SessionToken.hash))
            }
        }
    }
    let jar = Jar()

    func send(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil) async throws -> Response {
        var body: ByteBuffer?
        var headers = HTTPHeaders()
        if method == .POST {
            var fields = form ?? [:]
            fields[CSRFMiddleware.fieldName] = jar.formToken
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(
                string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
            headers.contentType = .urlEncodedForm
        }
        return try await respond(method, path, headers: headers, body: body)
    }

    func upload(_ path: String, form: [String: String], fileName: String, file: Data) async throws -> Response {
        var fields = form
        fields[CSRFMiddleware.fieldName] = jar.formToken
        let boundary = "----ishc-bench"
        var body = Data()
        for (key, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(
            Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return try await respond(.POST, path + "?\(CSRFMiddleware.fieldName)=\(jar.formToken ?? "")", headers: headers, body: ByteBuffer(data: body))
    }

    private func respond(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> Response {
        var headers = headers
        if !jar.cookies.isEmpty { headers.add(name: .cookie, value: jar.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let request = Request(
            application: app, method: method, url: URI(path: path), headers: headers, collectedBody: body,
            remoteAddress: try? SocketAddress(ipAddress: "127.0.0.1", port: 0), on: app.eventLoopGroup.next())
        let response = try await app.responder.respond(to: request).get()
        for cookie in response.headers[.setCookie] {
            let first = String(cookie.split(separator: ";", omittingEmptySubsequences: false)[0])
            guard let eq = first.firstIndex(of: "=") else { continue }
            jar.cookies[String(first[..<eq])] = String(first[first.index(after: eq)...])
        }
        return response
    }
}
