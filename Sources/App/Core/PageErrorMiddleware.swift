import Vapor
import Plot

/// Turns every error into a page in the visitor's language with the right status, and never
/// shows internal details.
struct PageErrorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch let error as AppError {
            return render(error, on: req)
        } catch let abort as any AbortError where abort.status.code >= 300 && abort.status.code < 400 {
            let response = Response(status: abort.status, headers: abort.headers)
            return response
        } catch let abort as any AbortError {
            switch abort.status {
            case .notFound: return render(.notFound, on: req)
            case .forbidden: return render(.forbidden, on: req)
            case .gone:
                // Only a preview of a list is ever gone: unconfirmed for a day, it was deleted.
                return ErrorPage.render(req, status: .gone, titleKey: "import.expired.title", messageKey: "import.expired.message")
            case .payloadTooLarge:
                return ErrorPage.render(req, status: abort.status, titleKey: "error.too_large.title", messageKey: "error.too_large.message")
            case .badRequest, .unsupportedMediaType, .unprocessableEntity:
                return ErrorPage.render(req, status: abort.status, titleKey: "error.bad_request.title", messageKey: "error.bad_request.message")
            default:
                req.logger.report(error: abort)
                return ErrorPage.render(req, status: abort.status, titleKey: "error.server.title", messageKey: "error.server.message")
            }
        } catch {
            req.logger.report(error: error)
            return ErrorPage.render(req, status: .internalServerError, titleKey: "error.server.title", messageKey: "error.server.message")
        }
    }

    private func render(_ error: AppError, on req: Request) -> Response {
        switch error {
        case .notFound:
            return ErrorPage.render(req, status: .notFound, titleKey: "error.not_found.title", messageKey: "error.not_found.message")
        case .forbidden:
            return ErrorPage.render(req, status: .forbidden, titleKey: "error.forbidden.title", messageKey: "error.forbidden.message")
        case .csrf:
            return ErrorPage.render(req, status: .forbidden, titleKey: "error.csrf.title", messageKey: "error.csrf.message")
        case .throttled(let seconds):
            let response = ErrorPage.render(req, status: .tooManyRequests, titleKey: "error.throttled.title",
                                            messageKey: "error.throttled.message", args: [max(1, (seconds + 59) / 60)])
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        case .badRequest(let message):
            return ErrorPage.render(req, status: .badRequest, titleKey: "error.bad_request.title", message: message)
        case .sessionExpired(let next):
            return LoginPage.render(req, status: .unauthorized, username: "", next: next, notice: req.t("login.expired"))
        }
    }
}

/// A user whose password was set by someone else changes it before doing anything else.
struct PasswordChangeMiddleware: AsyncMiddleware {
    static let allowed: Set<String> = [Paths.changePassword.link(), Paths.logout.link(), Paths.language.link()]

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let user = req.currentUser, user.mustChangePassword, !Self.allowed.contains(req.url.path) {
            return req.redirect(to: Paths.changePassword.link(), redirectType: .normal)
        }
        return try await next.respond(to: req)
    }
}
