import Vapor

/// Errors a user can cause or meet, each with its status and a catalogue key for the page.
/// A form sent after the session ended: the login page carries it (`ResumeForm`).
struct SessionEndedWithForm: Error {
    var resume: ResumeForm
}

public enum AppError: Error, Sendable {
    case notFound
    case forbidden
    case sessionExpired(next: String?)
    case csrf
    case throttled(retryAfter: Int)
    case badRequest(String)

    var status: HTTPResponseStatus {
        switch self {
        case .notFound: return .notFound
        case .forbidden: return .forbidden
        case .sessionExpired: return .unauthorized
        case .csrf: return .forbidden
        case .throttled: return .tooManyRequests
        case .badRequest: return .badRequest
        }
    }
}
