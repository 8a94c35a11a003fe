import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import ISHCCore
import Vapor

/// Sets up the database, middleware, migrations, commands and routes.
public func configure(_ app: Application, config: AppConfig? = nil) async throws {
    app.config = try config ?? AppConfig.load()
    app.catalogue = try Catalogue.load(from: app.config.resourcesDirectory)
    app.areas = try ActivityArea.load(from: app.config.resourcesDirectory)
    app.commonPasswords = try CommonPasswords.load(from: app.config.resourcesDirectory)
    app.securityCounts = SecurityLog.Counts()

    if let url = app.config.databaseURL {
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema = app.config.postgresSchema { postgres.searchPath = [schema] }
        app.databases.use(.postgres(configuration: postgres, sqlLogLevel: .debug), as: .psql)
    } else {
        let path = app.config.sqlitePath
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
    }

    app.migrations.add(Migrations.all)
    app.passwords.use(.bcrypt(cost: app.config.bcryptCost))

    // Order matters: headers on everything, errors rendered as pages, static files before any
    // database work, then the session, then the form token check.
    app.middleware = .init()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(PageErrorMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.config.publicDirectory))
    app.middleware.use(SessionMiddleware())
    app.middleware.use(OfflinePagesMiddleware())
    app.factsMemo = FactsMemo()
    app.clubPages = ClubPageCache(maxBytes: app.config.pageCacheMB << 20)
    app.middleware.use(FactsMemoMiddleware())
    app.uploadGate = UploadGate()
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(PasswordChangeMiddleware())
    app.onceGate = OnceGate()
    app.middleware.use(OneTimeKeyMiddleware())

    app.routes.defaultMaxBodySize = "1mb"
    // Slow mobile connections: compress every response the browser accepts compressed.
    app.http.server.configuration.responseCompression = .enabled
    app.http.server.configuration.hostname = "127.0.0.1"

    app.asyncCommands.use(ServeWithBootstrapCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(StatusCommand(), as: "status")
    app.asyncCommands.use(VerifyLedgerCommand(), as: "verify-ledger")
    app.asyncCommands.use(BenchMembersCommand(), as: "bench-members")
    app.asyncCommands.use(GenerateCommand(), as: "generate")

    app.apiDocument = try Data(contentsOf: URL(fileURLWithPath: app.config.resourcesDirectory + "/api/openapi.json"))
    try routes(app)
    try ClubAPI.register(on: app)
}

enum Migrations {
    static let all: [any Migration] = [
        CreateUnits(), CreateUnitSuccessions(), CreateUsers(), CreateUserSessions(), CreateLoginAttempts(),
        CreateAuditLog(), CreateClubs(), CreateMembers(),
        AddMemberDetails(), CreateClubStatusChanges(), AddBoardMovesAndImports(),
        CreateMeetings(), CreateActivities(), CreateLedger(), CreatePlans(), CreateReports(), AddClubFacts(),
        AddUnitFactsVersion(), AddUnitPathPatternIndex(), WidenClubVersionTriggers(),
        IndexAuditLog(), MakeLedgerAppendOnly(), CreateIdempotencyKeys(),
    ]
}
