import Fluent
import ISHCCore
import Vapor

/// `ishc create-admin --username NAME [--name "Full name"] [--password P]`; asks for the password
/// when not given (it can also come from ISHC_ADMIN_PASSWORD).
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", short: "u", help: "Login name (letters, digits, . _ -).")
        var username: String?
        @Option(name: "name", short: "n", help: "Full name shown in the interface.")
        var name: String?
        @Option(name: "password", help: "Password (better: leave out and type it when asked).")
        var password: String?
        init() {}
    }

    var help: String { "Creates an administrator at the national level." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Bootstrap.prepare(app)
        let username = (signature.username ?? context.console.ask("Username:")).lowercased()
        guard UserController.validUsername(username) else {
            throw ConfigError("Username must be 3-40 letters, digits, '.', '_' or '-'.")
        }
        if try await User.query(on: app.db).filter(\.$username == username).first() != nil {
            throw ConfigError("A user named '\(username)' already exists.")
        }
        let password = signature.password ?? Environment.get("ISHC_ADMIN_PASSWORD") ?? context.console.ask("Password:", isSecure: true)
        if let problem = PasswordPolicy.check(password, username: username, common: context.application.commonPasswords) {
            throw ConfigError(
                "Password refused: \(problem) (at least \(PasswordPolicy.minCharacters) characters, at most \(PasswordPolicy.maxBytes) bytes, not the username)."
            )
        }
        guard let nation = try await OrgUnit.query(on: app.db).filter(\.$path == UnitPath.root).first() else {
            throw ConfigError("The national unit is missing; run `ishc migrate` first.")
        }
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(password).get()
        let user = User(
            username: username, fullName: signature.name ?? "Quản trị hệ thống", role: .administrator,
            unitID: try nation.requireID(), passwordHash: hash)
        try await user.create(on: app.db)
        try await AuditEntry(
            at: Date(), userID: nil, action: "create", targetKind: "user", targetID: user.id?.uuidString,
            detail: "\(username) administrator (command line)"
        ).create(on: app.db)
        context.console.info("Administrator '\(username)' created.")
    }
}
