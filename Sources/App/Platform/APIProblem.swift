import OpenAPIRuntime
import Vapor

/// The same key sent to the API with other content (`OneTimeKeyMiddleware`).
struct OnceConflict: Error {
    var message: String
}

/// Refusals of `/api/` as `application/problem+json` (RFC 9457), the reason in the user's
/// language: the same errors the pages show as pages.
enum APIProblem {
    static func isAPI(_ req: Request) -> Bool { req.url.path.hasPrefix("/api/") }

    /// The methods the API document gives the request's path, or nil for a path it does not have.
    static func methods(_ req: Request) -> [String]? {
        let asked = req.url.path.split(separator: "/").map(String.init)
        for (pattern, methods) in req.application.apiPaths where pattern.count == asked.count {
            if zip(pattern, asked).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return methods }
        }
        return nil
    }

    static func response(for thrown: any Error, on req: Request) async -> Response {
        var error = thrown
        if let server = error as? ServerError {
            // The request could not be read as the document describes it.
            guard server.operationInput != nil else { return make(.badRequest, req.t("error.bad_request.title"), req.t("api.bad_input"), req) }
            error = server.underlyingError
        }
        let t = req.t
        switch error {
        case let app as AppError:
            switch app {
            case .notFound: return make(.notFound, t("error.not_found.title"), t("error.not_found.message"), req)
            case .forbidden:
                await SecurityLog.record(req, "refused")
                return make(.forbidden, t("error.forbidden.title"), t("error.forbidden.message"), req)
            case .csrf:
                await SecurityLog.record(req, "bad_token")
                return make(.forbidden, t("error.csrf.title"), t("api.csrf"), req, type: formTokenType)
            case .sessionExpired: return make(.unauthorized, t("login.title"), t("login.expired"), req, type: loginType)
            case .throttled(let seconds):
                await SecurityLog.record(req, "throttled")
                let response = make(.tooManyRequests, t("error.throttled.title"), t("error.throttled.seconds", max(1, seconds)), req)
                response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
                return response
            case .badRequest(let message): return make(.badRequest, t("error.bad_request.title"), message, req)
            }
        case let conflict as OnceConflict:
            return make(.conflict, t("once.other_content.title"), conflict.message, req)
        case let abort as any AbortError where (300..<400).contains(abort.status.code):
            return make(.unauthorized, t("login.title"), t("api.login_needed"), req, type: loginType)
        case let abort as any AbortError:
            switch abort.status {
            case .notFound: return make(.notFound, t("error.not_found.title"), t("error.not_found.message"), req)
            case .forbidden: return make(.forbidden, t("error.forbidden.title"), t("error.forbidden.message"), req)
            case .payloadTooLarge: return make(.payloadTooLarge, t("error.form_too_large.title"), t("error.form_too_large.message"), req)
            case .tooManyRequests: return make(.tooManyRequests, t("error.busy.title"), t("error.busy.message"), req)
            case .unsupportedMediaType, .badRequest, .unprocessableEntity:
                return make(abort.status, t("error.bad_request.title"), t("api.bad_input"), req)
            default:
                req.logger.report(error: abort)
                return make(abort.status, t("error.server.title"), t("error.server.message"), req)
            }
        case is DecodingError:
            return make(.badRequest, t("error.bad_request.title"), t("api.bad_input"), req)
        default:
            req.logger.report(error: error)
            return make(.internalServerError, t("error.server.title"), t("error.server.message"), req)
        }
    }

    /// The two refusals a phone's outbox waits out rather than shows as refused: no login (log in
    /// again), and a form token of an earlier session (the next page gives the new one).
    static let loginType = "tag:ishc,2026:login"
    static let formTokenType = "tag:ishc,2026:form-token"

    static func make(
        _ status: HTTPResponseStatus, _ title: String, _ detail: String, _ req: Request, type: String = "about:blank"
    ) -> Response {
        struct Body: Encodable {
            var type: String
            var title: String
            var status: Int
            var detail: String
        }
        let response = Response(status: status)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        let data = (try? JSONEncoder().encode(Body(type: type, title: title, status: Int(status.code), detail: detail))) ?? Data()
        response.body = .init(data: data)
        return response
    }
}
