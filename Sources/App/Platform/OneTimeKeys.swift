import Crypto
import Fluent
import ISHCCore
import NIOConcurrencyHelpers
import Vapor

/// One-time keys make a retried write harmless. Every form that changes data carries a key made
/// when the form was shown (`Form.csrf`); an API call sends it as `Idempotency-Key`. The first
/// write with a key keeps (user, key, what was sent, what it made) in the write's own transaction:
/// the write's first audit entry claims it (`Audit.record`). The same key again, with the same
/// content, gets the first result back — for a form, the saved record with "Đã lưu lúc 09:14" —
/// and never writes a second record; the same key with other content is refused. A key that led
/// to nothing (the form came back with its errors) is not kept, so it can be sent again.
enum OneTimeKeys {
    static let fieldName = "once"
    static let header = "Idempotency-Key"
    /// Keys are kept this long, then pruned each morning.
    static let keepDays = 30

    static func newKey() -> String { SessionToken.random() }

    static func isValid(_ key: String) -> Bool {
        (16...100).contains(key.utf8.count)
            && key.utf8.allSatisfy { c in
                (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95
            }
    }

    /// What a request sent, for telling a retry from new content: the form's fields in a fixed
    /// order without the form token and the key, or a JSON body as it came.
    static func contentHash(of req: Request) -> String {
        guard let body = req.body.data else { return digest(Data()) }
        let bytes = Data(body.readableBytesView)
        guard req.headers.contentType == .urlEncodedForm else { return digest(bytes) }
        let fields = URLEncodedFields.parse(bytes).filter { $0.name != CSRFMiddleware.fieldName && $0.name != fieldName }
            .sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
        var canonical = Data()
        for field in fields {
            canonical.append(contentsOf: Array(field.name.utf8))
            canonical.append(0)
            canonical.append(contentsOf: Array(field.value.utf8))
            canonical.append(0)
        }
        return digest(canonical)
    }

    private static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// `location` with the key added, so the page that opens can let go of the form's draft kept
    /// on the phone, and with the time of the first save when this answer is a replay.
    static func location(_ location: String, key: String, savedAt: Date? = nil) -> String {
        var query = [("saved", key)]
        if let savedAt { query.append(("again", clockTime(savedAt))) }
        let joined = query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")" }
            .joined(separator: "&")
        let (path, fragment) = split(location)
        return path + (path.contains("?") ? "&" : "?") + joined + fragment
    }

    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    private static func split(_ location: String) -> (String, String) {
        guard let hash = location.firstIndex(of: "#") else { return (location, "") }
        return (String(location[..<hash]), String(location[hash...]))
    }

    /// "09:14" in Vietnam.
    static func clockTime(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.vietnam
        let parts = cal.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}

/// The fields of an urlencoded form body, in the order sent.
enum URLEncodedFields {
    static func parse(_ bytes: Data) -> [(name: String, value: String)] {
        String(decoding: bytes, as: UTF8.self).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0]) ?? String(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) ?? "" : ""
            return (name, value)
        }
    }

    private static func decode(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// The key of one write request. The write's first audit entry claims it, in the write's own
/// transaction; later audit entries of the same request leave it alone.
final class OnceClaim: @unchecked Sendable {
    let userID: UUID
    let key: String
    let route: String
    let hash: String
    private let lock = NIOLock()
    private var claimed = false

    init(userID: UUID, key: String, route: String, hash: String) {
        self.userID = userID
        self.key = key
        self.route = route
        self.hash = hash
    }

    var isClaimed: Bool { lock.withLock { claimed } }

    func claim(kind: String?, id: String?, at: Date, on db: any Database) async throws {
        let first = lock.withLock { () -> Bool in
            if claimed { return false }
            claimed = true
            return true
        }
        guard first else { return }
        do {
            try await OneTimeKeyStore.insert(self, kind: kind, id: id, at: at, on: db)
        } catch {
            lock.withLock { claimed = false }
            throw error
        }
    }
}

struct OnceClaimKey: StorageKey { typealias Value = OnceClaim }

/// Requests with the same key on this server run one after the other, so a double tap's second
/// request waits for the first and then gets its result (across servers, the key's primary key in
/// the database does the same).
actor OnceGate {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func enter(_ name: String) async {
        if waiting[name] == nil {
            waiting[name] = []
            return
        }
        await withCheckedContinuation { waiting[name]!.append($0) }
    }

    func leave(_ name: String) {
        guard var queue = waiting[name], !queue.isEmpty else {
            waiting[name] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[name] = queue
        next.resume()
    }
}

extension Application {
    private struct OnceGateKey: StorageKey { typealias Value = OnceGate }
    var onceGate: OnceGate {
        get { storage[OnceGateKey.self]! }
        set { storage[OnceGateKey.self] = newValue }
    }
}

/// Runs a write that carries a key: answers a key seen before from what was kept, refuses a key
/// reused with other content, and keeps the result of a first write.
struct OneTimeKeyMiddleware: AsyncMiddleware {
    /// Forms that change nothing of the programme's data and must act every time.
    static let exempt: Set<String> = [Paths.logout.link(), Paths.language.link(), Paths.login.link()]

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(req.method), let user = req.currentUser,
            req.headers.contentType?.type != "multipart", !Self.exempt.contains(req.url.path),
            let key = req.headers.first(name: OneTimeKeys.header) ?? (try? req.content.get(String.self, at: OneTimeKeys.fieldName)),
            !key.isEmpty
        else { return try await next.respond(to: req) }
        guard OneTimeKeys.isValid(key) else { throw AppError.badRequest(req.t("once.bad_key")) }
        let claim = OnceClaim(userID: user.id, key: key, route: "\(req.method.rawValue) \(req.url.path)", hash: OneTimeKeys.contentHash(of: req))
        let gate = req.application.onceGate
        let name = "\(user.id.uuidString)/\(key)"
        await gate.enter(name)
        do {
            let response = try await run(req, claim, next)
            await gate.leave(name)
            return response
        } catch {
            await gate.leave(name)
            throw error
        }
    }

    private func run(_ req: Request, _ claim: OnceClaim, _ next: any AsyncResponder) async throws -> Response {
        if let kept = try await OneTimeKeyStore.find(user: claim.userID, key: claim.key, on: req.db) {
            return try answer(req, claim, kept)
        }
        req.storage[OnceClaimKey.self] = claim
        let response: Response
        do {
            response = try await next.respond(to: req)
        } catch {
            // Another server may have written the same key first: its result is the answer.
            if let kept = try? await OneTimeKeyStore.find(user: claim.userID, key: claim.key, on: req.db) {
                return try answer(req, claim, kept)
            }
            throw error
        }
        try await keep(req, claim, response)
        return response
    }

    /// Keeps what a first write answered. A write whose audit entry claimed the key has its row
    /// already; a successful form that wrote no audit entry (a redirect after POST) is kept here.
    private func keep(_ req: Request, _ claim: OnceClaim, _ response: Response) async throws {
        let isJSON = response.headers.contentType?.subType.hasSuffix("json") ?? false
        let succeeded = (200..<400).contains(response.status.code)
        guard succeeded, claim.isClaimed || response.status == .seeOther || response.status == .found else { return }
        let location = response.headers.first(name: .location) ?? req.url.path
        var body: String? = nil
        if isJSON {
            // The API's answers are streamed: read once, kept, and sent as read.
            let buffer = try await response.body.collect(on: req.eventLoop).get() ?? ByteBuffer()
            body = String(buffer: buffer)
            response.body = .init(buffer: buffer)
        }
        if !claim.isClaimed {
            try await claim.claim(kind: nil, id: nil, at: req.application.clock.now(), on: req.db)
        }
        try await OneTimeKeyStore.finish(claim, status: Int(response.status.code), location: location, body: body, on: req.db)
        if response.headers.first(name: .location) != nil {
            response.headers.replaceOrAdd(name: .location, value: OneTimeKeys.location(location, key: claim.key))
        }
    }

    private func answer(_ req: Request, _ claim: OnceClaim, _ kept: OneTimeKeyRow) throws -> Response {
        let location = kept.location ?? OneTimeKeys.fallbackLocation(kind: kept.targetKind, id: kept.targetID) ?? req.url.path
        let wantsJSON = req.headers.first(name: OneTimeKeys.header) != nil
        guard kept.route == claim.route, kept.requestHash == claim.hash else {
            if wantsJSON { throw OnceConflict(message: req.t("once.other_content_api")) }
            return OnceRefusalPage.render(
                req.page, savedAt: OneTimeKeys.clockTime(kept.createdAt), link: OneTimeKeys.location(location, key: claim.key))
        }
        if wantsJSON {
            let response = Response(status: HTTPResponseStatus(statusCode: kept.status ?? 200))
            response.headers.contentType = .json
            response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            response.body = .init(string: kept.body ?? "{}")
            return response
        }
        return req.redirect(to: OneTimeKeys.location(location, key: claim.key, savedAt: kept.createdAt), redirectType: .normal)
    }
}

extension OneTimeKeys {
    /// Where a kept write's record is, when its answer was lost before it could be kept.
    static func fallbackLocation(kind: String?, id: String?) -> String? {
        guard let kind, let id, let uuid = UUID(uuidString: id) else { return nil }
        switch kind {
        case "meeting": return Paths.meeting.link(uuid)
        case "member": return Paths.member.link(uuid)
        default: return nil
        }
    }
}
