import Plot
import Vapor

/// Turns every error into a page in the visitor's language with the right status, and never
/// shows internal details.
struct PageErrorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await page(req, next)
        // An ended session's cookie goes with the error page too, so the next form (the login
        // form) is sent without it and its token holds.
        if req.sessionExpired && response.cookies[req.sessionCookieName] == nil {
            response.cookies[req.sessionCookieName] = SessionToken.cookie("", secure: req.application.config.secureCookies, maxAge: 0)
        }
        return response
    }

    private func page(_ req: Request, _ next: any AsyncResponder) async throws -> Response {
        if APIProblem.isAPI(req) {
            // A path of the document asked with a method it does not describe.
            if let allowed = APIProblem.methods(req), !allowed.contains(req.method.rawValue), req.method != .HEAD || !allowed.contains("GET") {
                let response = APIProblem.make(
                    .methodNotAllowed, req.t("error.bad_request.title"), req.t("api.method", allowed.joined(separator: ", ")), req)
                response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
                return response
            }
            do { return try await next.respond(to: req) } catch { return await APIProblem.response(for: error, on: req) }
        }
        do {
            return try await next.respond(to: req)
        } catch let error as AppError {
            return await render(error, on: req)
        } catch let ended as SessionEndedWithForm {
            return LoginPage.render(
                req.page, status: .unauthorized, username: "", next: nil, notice: req.t("login.expired") + " " + req.t("login.resume.kept"),
                resume: ended.resume)
        } catch let abort as any AbortError where abort.status.code >= 300 && abort.status.code < 400 {
            let response = Response(status: abort.status, headers: abort.headers)
            return response
        } catch let abort as any AbortError {
            switch abort.status {
            case .notFound: return await render(.notFound, on: req)
            case .forbidden: return await render(.forbidden, on: req)
            case .tooManyRequests:
                let response = ErrorPage.render(req.page, status: .tooManyRequests, titleKey: "error.busy.title", messageKey: "error.busy.message")
                response.headers.replaceOrAdd(name: .retryAfter, value: "30")
                return response
            case .gone:
                // Only a preview of a list is ever gone: unconfirmed for a day, it was deleted.
                return ErrorPage.render(req.page, status: .gone, titleKey: "import.expired.title", messageKey: "import.expired.message")
            case .payloadTooLarge where req.headers.contentType?.type == "multipart":
                return ErrorPage.render(req.page, status: abort.status, titleKey: "error.too_large.title", messageKey: "error.too_large.message")
            case .payloadTooLarge:
                return ErrorPage.render(
                    req.page, status: abort.status, titleKey: "error.form_too_large.title", messageKey: "error.form_too_large.message")
            case .badRequest, .unsupportedMediaType, .unprocessableEntity:
                return ErrorPage.render(req.page, status: abort.status, titleKey: "error.bad_request.title", messageKey: "error.bad_request.message")
            default:
                req.logger.report(error: abort)
                return ErrorPage.render(req.page, status: abort.status, titleKey: "error.server.title", messageKey: "error.server.message")
            }
        } catch {
            req.logger.report(error: error)
            return ErrorPage.render(req.page, status: .internalServerError, titleKey: "error.server.title", messageKey: "error.server.message")
        }
    }

    private func render(_ error: AppError, on req: Request) async -> Response {
        switch error {
        case .forbidden: await SecurityLog.record(req, "refused")
        case .csrf: await SecurityLog.record(req, "bad_token")
        case .throttled: await SecurityLog.record(req, "throttled")
        default: break
        }
        switch error {
        case .notFound:
            return ErrorPage.render(req.page, status: .notFound, titleKey: "error.not_found.title", messageKey: "error.not_found.message")
        case .forbidden:
            return ErrorPage.render(req.page, status: .forbidden, titleKey: "error.forbidden.title", messageKey: "error.forbidden.message")
        case .csrf:
            return ErrorPage.render(req.page, status: .forbidden, titleKey: "error.csrf.title", messageKey: "error.csrf.message")
        case .throttled(let seconds):
            let response = ErrorPage.render(
                req.page, status: .tooManyRequests, titleKey: "error.throttled.title",
                messageKey: seconds < 60 ? "error.throttled.seconds" : "error.throttled.message",
                args: [seconds < 60 ? max(1, seconds) : (seconds + 59) / 60])
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        case .badRequest(let message):
            return ErrorPage.render(req.page, status: .badRequest, titleKey: "error.bad_request.title", message: message)
        case .sessionExpired(let next):
            return LoginPage.render(req.page, status: .unauthorized, username: "", next: next, notice: req.t("login.expired"))
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
