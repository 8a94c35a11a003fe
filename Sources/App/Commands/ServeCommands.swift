import Fluent
import Vapor

/// `ishc serve`: migrate, import the official units if missing, then serve.
struct ServeWithBootstrapCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on (default 8080).")
        var port: Int?
        init() {}
    }

    var help: String { "Migrates, imports the official units when missing, and serves over HTTP." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Bootstrap.prepare(app)
        try await serve(app, context: context, hostname: signature.hostname, port: signature.port)
    }
}

/// Hands over to Vapor's own serve command, which runs until stopped.
func serve(_ app: Application, context: CommandContext, hostname: String?, port: Int?) async throws {
    var arguments = ["ishc"]
    if let hostname { arguments += ["--hostname", hostname] }
    if let port { arguments += ["--port", String(port)] }
    var serveContext = CommandContext(console: context.console, input: CommandInput(arguments: arguments))
    serveContext.application = app
    try await app.servers.asyncCommand.run(using: &serveContext)
    // Vapor's command returns once the server listens; the warmer lives as long as the process.
    _ = FactsWarmer.start(app)
}

/// `ishc demo [--port N]`: the same as serve, with demo data loaded first and the logins printed.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on (default 8080).")
        var port: Int?
        @Flag(name: "no-serve", help: "Load the demo data and stop, without serving.")
        var noServe: Bool
        init() {}
    }

    var help: String { "Creates the database with demo data and serves it." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Bootstrap.prepare(app)
        let loaded = try await DemoData.load(app)
        let where_ = app.config.databaseURL == nil ? app.config.sqlitePath : "PostgreSQL"
        context.console.info(loaded ? "Demo data loaded into \(where_)." : "Demo data already present in \(where_).")
        let url = "http://\(signature.hostname ?? "127.0.0.1"):\(signature.port ?? 8080)"
        context.console.print("")
        context.console.print("Open \(url) and log in with any of these (password: \(DemoData.password)):")
        for login in DemoData.logins {
            let role = app.catalogue.text("role.\(login.role.rawValue)", .vi)
            context.console.print("  \(login.username.padding(toLength: 20, withPad: " ", startingAt: 0)) \(role)")
        }
        context.console.print("")
        if signature.noServe { return }
        try await serve(app, context: context, hostname: signature.hostname, port: signature.port)
    }
}

/// `ishc migrate`: brings the schema up to date and imports the official units, without asking.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Undo every migration (deletes all data).")
        var revert: Bool
        @Flag(name: "yes", short: "y", help: "Do not ask before reverting.")
        var yes: Bool
        init() {}
    }

    var help: String { "Brings the database schema up to date and imports the official units." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.revert {
            guard signature.yes || context.console.confirm("Revert every migration and delete all data?") else { return }
            try await app.autoRevert()
            context.console.info("Reverted.")
            return
        }
        try await Bootstrap.prepare(app)
        context.console.info("Database (\(app.config.databaseKind)) is up to date.")
    }
}
