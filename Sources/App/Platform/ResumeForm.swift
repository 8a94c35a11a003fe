import Foundation
import Vapor

/// A form sent after the session had ended. Nothing of it is written, and nothing of it is lost:
/// it is carried through the login page, and once logged in the user is offered to send it as it
/// was, with its one-time key, so sending it twice still writes once.
struct ResumeForm: Sendable, Equatable {
    static let actionField = "resume_action"
    static let fieldsField = "resume_fields"
    /// A login form carries at most this much of a form (a meeting of 80 members is under 8 KB).
    static let maxBytes = 48 * 1024

    var action: String
    var fields: [Field]

    struct Field: Codable, Sendable, Equatable {
        var name: String
        var value: String
    }

    /// The form of an urlencoded POST, without its old form token.
    init?(_ req: Request) {
        guard req.headers.contentType == .urlEncodedForm, let body = req.body.data, body.readableBytes <= Self.maxBytes,
            let action = SafeRedirect.target(req.url.string)
        else { return nil }
        self.action = action
        fields = URLEncodedFields.parse(Data(body.readableBytesView)).filter { $0.name != CSRFMiddleware.fieldName }
            .map { Field(name: $0.name, value: $0.value) }
    }

    init?(action: String?, fields: String?) {
        guard let action = SafeRedirect.target(action), action != Paths.login.link(), let fields, fields.utf8.count <= Self.maxBytes * 2,
            let decoded = try? JSONDecoder().decode([Field].self, from: Data(fields.utf8))
        else { return nil }
        self.action = action
        self.fields = decoded.filter { $0.name != CSRFMiddleware.fieldName }
    }

    var encodedFields: String {
        (try? String(decoding: JSONEncoder().encode(fields), as: UTF8.self)) ?? "[]"
    }
}
