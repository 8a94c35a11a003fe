import Foundation
import Testing
import VaporTesting

@testable import App

/// A visitor with a cookie jar: logs in, follows nothing automatically, posts forms with the token.
final class Browser {
    let app: Application
    var cookies: [String: String] = [:]
    /// Headers sent with every request (`Origin`, `Sec-Fetch-Site`).
    var headers: [(String, String)] = []

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form. The form token is the visitor's token unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ form: [String: String], csrf: String?? = .none) async throws -> TestingHTTPResponse {
        if cookies[CSRFMiddleware.cookieName] == nil { try await get(Paths.login.link()) }
        var fields = form
        switch csrf {
        case .none: fields[CSRFMiddleware.fieldName] = formToken
        case .some(.none): break
        case .some(.some(let token)): fields[CSRFMiddleware.fieldName] = token
        }
        return try await send(.POST, path, body: Self.encode(fields))
    }

    /// Posts an already encoded form body (for repeated fields such as `attended[]`), with the token.
    @discardableResult
    func postRaw(_ path: String, _ body: String) async throws -> TestingHTTPResponse {
        if cookies[CSRFMiddleware.cookieName] == nil { try await get(Paths.login.link()) }
        return try await send(.POST, path, body: body + "&\(CSRFMiddleware.fieldName)=\(formToken!)")
    }

    /// Posts fields exactly as given, repeated names and the form's own token included.
    @discardableResult
    func post(_ path: String, pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = pairs.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }
        .joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Sends JSON to the API as the phone's outbox does: the session cookie, the page's form token
    /// in `X-CSRF-Token`, and the write's one-time key.
    @discardableResult
    func api(_ method: HTTPMethod, _ path: String, json: String? = nil, key: String? = nil, token: Bool = true) async throws -> TestingHTTPResponse {
        if cookies[CSRFMiddleware.cookieName] == nil { try await get(Paths.login.link()) }
        var extra: [(String, String)] = []
        if token, let formToken { extra.append(("X-CSRF-Token", formToken)) }
        if let key { extra.append((OneTimeKeys.header, key)) }
        let saved = headers
        headers += extra
        defer { headers = saved }
        return try await send(method, path, raw: json.map { ByteBuffer(string: $0) }, contentType: json == nil ? nil : .json)
    }

    /// Posts a form with a file, as a browser does (multipart/form-data), with the visitor's token.
    @discardableResult
    func upload(
        _ path: String, _ form: [String: String], file: (field: String, name: String, data: Data)?,
        token: String? = nil
    ) async throws -> TestingHTTPResponse {
        if cookies[CSRFMiddleware.cookieName] == nil { try await get(Paths.login.link()) }
        var fields = form
        fields[CSRFMiddleware.fieldName] = token ?? formToken
        let boundary = "----ishc\(UUID().uuidString)"
        var body = Data()
        for (key, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            body.append(
                Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        .utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        // As the page's form does: the token in the address too, checked before the file is read.
        let address = path + (path.contains("?") ? "&" : "?") + "\(CSRFMiddleware.fieldName)=\(fields[CSRFMiddleware.fieldName] ?? "")"
        return try await send(
            .POST, address, raw: ByteBuffer(data: body),
            contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    /// The token this visitor's pages carry: bound to the session once logged in.
    var formToken: String? {
        cookies[CSRFMiddleware.cookieName].map {
            CSRFMiddleware.formToken(cookie: $0, sessionHash: cookies[SessionToken.cookieName].map(SessionToken.hash))
        }
    }

    @discardableResult
    func login(_ username: String, password: String = DemoData.password) async throws -> TestingHTTPResponse {
        // As a person does: the login page first (which also drops a session that has ended).
        try await get(Paths.login.link())
        return try await post(Paths.login.link(), ["username": username, "password": password])
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> TestingHTTPResponse {
        try await send(method, path, raw: body.map { ByteBuffer(string: $0) }, contentType: body == nil ? nil : .urlEncodedForm)
    }

    private func send(_ method: HTTPMethod, _ path: String, raw buffer: ByteBuffer?, contentType: HTTPMediaType?) async throws -> TestingHTTPResponse
    {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let contentType { headers.contentType = contentType }
        for (name, value) in self.headers { headers.replaceOrAdd(name: name, value: value) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        for header in response.headers[.setCookie] {
            let first = String(header.split(separator: ";", omittingEmptySubsequences: false)[0])
            guard let eq = first.firstIndex(of: "=") else { continue }
            let name = String(first[..<eq])
            let value = String(first[first.index(after: eq)...])
            if header.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }
    var location: String? { headers.first(name: .location) }
}
