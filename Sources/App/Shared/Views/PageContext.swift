import ISHCCore
import Vapor

/// What every page needs besides its own model: texts, the user, the form token, the current
/// path, today's date, the eight activity areas and what the last action reported (`?done=`).
/// A view gets this and its page model, never the request.
struct PageContext {
    let t: Texts
    let user: CurrentUser?
    let csrf: String
    let path: String
    let today: Day
    let areas: [ActivityArea]
    let done: String?
    /// The time a write was first saved, when this page answers the same form sent again.
    let again: String?
    /// What a form's one-time key is written as: a new key for each form, or the placeholder a
    /// kept page is made with (`ClubPageCache`), where each visit puts keys of its own.
    let oncePlaceholder: String?

    func newOnceKey() -> String { oncePlaceholder ?? OneTimeKeys.newKey() }

    init(_ req: Request) {
        t = req.t
        user = req.currentUser
        csrf = req.csrfToken
        path = req.url.string
        today = req.today
        areas = req.application.areas
        done = try? req.query.get(String.self, at: "done")
        oncePlaceholder = req.storage[OncePlaceholderKey.self]
        again = (try? req.query.get(String.self, at: "again")).flatMap { $0.wholeMatch(of: /[0-2][0-9]:[0-5][0-9]/) != nil ? $0 : nil }
    }
}

struct OncePlaceholderKey: StorageKey { typealias Value = String }

extension Request {
    /// The page context of this request, for a view.
    var page: PageContext { PageContext(self) }
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
