import ISHCCore
import Vapor

// What the new-user form sends.

struct NewUserInput: Content {
    var fullName: String?
    var username: String?
    var role: String?
    var unit: UUID?
    var phone: String?
    var password: String?
    var passwordConfirm: String?

    enum CodingKeys: String, CodingKey {
        case fullName = "full_name"
        case username, role, unit, phone, password
        case passwordConfirm = "password_confirm"
    }
}
