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

/// Errors of a submitted form: one message per field, in the order the fields were checked
/// (which is the order of the form), plus an optional message for the whole form.
struct FormErrors {
    private(set) var fields: [(field: String, message: String)] = []
    var general: String?

    var isEmpty: Bool { fields.isEmpty && general == nil }

    subscript(field: String) -> String? {
        get { fields.first { $0.field == field }?.message }
        set {
            fields.removeAll { $0.field == field }
            if let newValue { fields.append((field, newValue)) }
        }
    }
}
