import Fluent
import Foundation
import ISHCCore

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "full_name") var fullName: String
    @Field(key: "role") var role: String
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "active") var active: Bool
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, username: String, fullName: String, role: Role, unitID: UUID, passwordHash: String) {
        self.id = id
        self.username = username
        self.fullName = VietnameseText.normalize(fullName)
        self.role = role.rawValue
        self.$unit.id = unitID
        self.passwordHash = passwordHash
        self.active = true
        self.mustChangePassword = false
    }

    var userRole: Role { Role(rawValue: role) ?? .viewer }
}

/// A signed-in browser. The cookie holds a random token; the table holds only its SHA-256,
/// so a copy of the database does not hand out live sessions.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(custom: "token_hash", generatedBy: .user) var id: String?
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "address") var address: String?

    init() {}

    init(tokenHash: String, userID: UUID, now: Date, address: String?) {
        self.id = tokenHash
        self.$user.id = userID
        self.createdAt = now
        self.lastSeenAt = now
        self.address = address
    }
}

final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "account") var account: String
    @Field(key: "address") var address: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "at") var at: Date

    init() {}

    init(account: String, address: String, succeeded: Bool, at: Date) {
        self.account = account
        self.address = address
        self.succeeded = succeeded
        self.at = at
    }
}

/// One row for every change and every view of sensitive data.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "target_kind") var targetKind: String
    @OptionalField(key: "target_id") var targetID: String?
    @OptionalField(key: "detail") var detail: String?

    init() {}

    init(at: Date, userID: UUID?, action: String, targetKind: String, targetID: String?, detail: String? = nil) {
        self.at = at
        self.userID = userID
        self.action = action
        self.targetKind = targetKind
        self.targetID = targetID
        self.detail = detail
    }
}
