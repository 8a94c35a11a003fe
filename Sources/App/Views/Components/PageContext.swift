import Vapor
import ISHCCore

/// What every page needs besides its own model: texts, the user, the form token, the current path.
struct PageContext {
    let t: Texts
    let user: CurrentUser?
    let csrf: String
    let path: String

    init(_ req: Request) {
        t = req.t
        user = req.currentUser
        csrf = req.csrfToken
        path = req.url.string
    }
}

/// Errors of a submitted form: one message per field plus the values typed, to show them back.
struct FormErrors {
    var fields: [String: String] = [:]
    var general: String?

    var isEmpty: Bool { fields.isEmpty && general == nil }

    subscript(field: String) -> String? {
        get { fields[field] }
        set { fields[field] = newValue }
    }
}
