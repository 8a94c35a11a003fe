import Fluent
import Foundation
import ISHCCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// A clock tests move by hand. It starts on a fixed day, so no test depends on the day it runs;
/// the tests of dates run on days of their own (`TestClock(day:)`).
final class TestClock: WallClock, @unchecked Sendable {
    /// 16/11/2026, 12:00 in Vietnam: after the demo's meetings of the month (held on the 10th).
    static let standard = Date(timeIntervalSince1970: 1_794_805_200)
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = TestClock.standard) { current = start }
    /// Noon in Vietnam on `day`.
    convenience init(day: Day) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.vietnam
        self.init(cal.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!)
    }
    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

enum TestEnv {
    static let projectRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path + "/"
    }()

    static var databaseURL: String? {
        ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The official lists cut down to Hà Nội (01) and Nghệ An (40), written once per test run.
    /// Neither province was merged in 2025, so their old and new units map into each other.
    static let subsetUnits: String = {
        let dir = NSTemporaryDirectory() + "ishc-units-\(ProcessInfo.processInfo.processIdentifier)/"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let source = projectRoot + "Resources/units/"
        func filter(_ name: String, keep: (([String]) -> Bool)) -> Set<String> {
            let lines = (try? String(contentsOfFile: source + name, encoding: .utf8))!.split(whereSeparator: \.isNewline).map(String.init)
            var kept = [lines[0]]
            var codes = Set<String>()
            for line in lines.dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if keep(cells) {
                    kept.append(line)
                    codes.insert(cells.count > 5 ? cells[5] : cells[0])
                }
            }
            try? kept.joined(separator: "\n").write(toFile: dir + name, atomically: true, encoding: .utf8)
            return codes
        }
        _ = filter("vn-admin-units-2025.csv") { ["01", "40"].contains($0[0]) }
        let legacyWards = filter("vn-admin-units-legacy.csv") { ["01", "40"].contains($0[0]) }
        _ = filter("vn-admin-units-2025-mapping.csv") { legacyWards.contains($0[0]) }
        return dir
    }()
}

/// Runs `body` with an application on a database of its own: a new SQLite file, or a new
/// PostgreSQL database when DATABASE_URL is set. With `demo`, the demo data is loaded.
///
/// The schema, the official units and the demo are made once per test run for each start day of
/// the clock (`Templates`); each test then starts from a copy, a file copy on SQLite and
/// `CREATE DATABASE … TEMPLATE` on PostgreSQL, which is what a server restarted on that database sees.
func withApp(
    demo: Bool = true, fullUnits: Bool = false, clock: TestClock = TestClock(),
    _ body: (Application) async throws -> Void
) async throws {
    let key = Templates.Key(demo: demo, fullUnits: fullUnits, start: clock.now())
    let template = try await Templates.shared.template(for: key)
    var config = try TestEnv.config(fullUnits: fullUnits)
    let tag = TestEnv.tag()
    if TestEnv.databaseURL != nil {
        config.databaseURL = try await Templates.shared.copyDatabase(template, to: tag)
    } else {
        config.sqlitePath = NSTemporaryDirectory() + "ishc-test-\(tag).sqlite"
        try FileManager.default.copyItem(atPath: template, toPath: config.sqlitePath)
    }
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, config: config)
        app.clock = clock
        try await Bootstrap.prepare(app)
        try await body(app)
    } catch {
        await cleanUp(app, config, database: tag)
        throw error
    }
    await cleanUp(app, config, database: tag)
}

extension TestEnv {
    static func config(fullUnits: Bool) throws -> AppConfig {
        var config = try AppConfig.load([:], workingDirectory: TestEnv.projectRoot)
        if !fullUnits { config.unitsDirectory = TestEnv.subsetUnits }
        config.bcryptCost = 10
        return config
    }

    static func tag() -> String {
        "t\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
    }

    /// DATABASE_URL with another database's name.
    static func databaseURL(named name: String) -> String {
        var parts = URLComponents(string: databaseURL!)!
        parts.path = "/" + name
        return parts.string!
    }
}

/// The databases tests start from, made once per run: the schema, the official units and perhaps
/// the demo, for one start day of the clock.
actor Templates {
    static let shared = Templates()

    struct Key: Hashable, Sendable {
        var demo: Bool
        var fullUnits: Bool
        var start: Date
    }

    private var made: [Key: Task<String, any Error>] = [:]
    private let run = "ishctpl_\(ProcessInfo.processInfo.processIdentifier)_\(UInt32.random(in: 0...UInt32.max))"

    /// A SQLite file or a PostgreSQL database name to copy.
    func template(for key: Key) async throws -> String {
        if let task = made[key] { return try await task.value }
        let name = "\(run)_\(made.count)"
        let task = Task { try await Self.make(key, name: name, admin: TestEnv.databaseURL == nil ? nil : try await adminApp()) }
        made[key] = task
        return try await task.value
    }

    /// A connection to DATABASE_URL's own database, for making and dropping the others; made once
    /// (callers arriving while it is made wait for the same one).
    private var admin: Task<Application, any Error>?

    private func adminApp() async throws -> Application {
        if let admin { return try await admin.value }
        let task = Task {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            var config = try TestEnv.config(fullUnits: false)
            config.databaseURL = TestEnv.databaseURL
            do { try await configure(app, config: config) } catch {
                try? await app.asyncShutdown()
                throw error
            }
            return app
        }
        admin = task
        return try await task.value
    }

    private var copying = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// PostgreSQL copies a template for one CREATE DATABASE at a time: the copies wait their turn.
    func copyDatabase(_ template: String, to name: String) async throws -> String {
        let sql = try await adminApp().db as! any SQLDatabase
        if copying { await withCheckedContinuation { waiting.append($0) } }
        copying = true
        defer {
            if waiting.isEmpty { copying = false } else { waiting.removeFirst().resume() }
        }
        try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
        return TestEnv.databaseURL(named: name)
    }

    func dropDatabase(_ name: String) async {
        guard let admin = try? await adminApp() else { return }
        _ = try? await (admin.db as! any SQLDatabase).raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
    }

    private static func make(_ key: Key, name: String, admin: Application?) async throws -> String {
        var config = try TestEnv.config(fullUnits: key.fullUnits)
        let work = NSTemporaryDirectory() + "\(name).work.sqlite"
        if let admin {
            try await (admin.db as! any SQLDatabase).raw("CREATE DATABASE \(ident: name)").run()
            config.databaseURL = TestEnv.databaseURL(named: name)
        } else {
            config.sqlitePath = work
        }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            app.clock = TestClock(key.start)
            try await Bootstrap.prepare(app)
            if key.demo { _ = try await DemoData.load(app) }
            if admin == nil {
                let file = NSTemporaryDirectory() + "\(name).sqlite"
                try await (app.db as! any SQLDatabase).raw("VACUUM INTO \(bind: file)").run()
                try await app.asyncShutdown()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: work + suffix) }
                return file
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return name
    }
}

private func cleanUp(_ app: Application, _ config: AppConfig, database: String) async {
    try? await app.asyncShutdown()
    if config.databaseURL != nil {
        await Templates.shared.dropDatabase(database)
    } else {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: config.sqlitePath + suffix) }
    }
}

extension Application {
    func unit(path: String) async throws -> OrgUnit {
        try #require(try await OrgUnit.query(on: db).filter(\.$path == path).first())
    }

    func unit(named name: String) async throws -> OrgUnit {
        try #require(try await OrgUnit.query(on: db).filter(\.$name == name).first())
    }

    func user(_ username: String) async throws -> User {
        try #require(try await User.query(on: db).filter(\.$username == username).first())
    }
}

extension Application {
    /// A demo club's unit, record and members active today, in list order.
    func demoClub(_ i: Int = 0) async throws -> (OrgUnit, Club, [Member]) {
        let unit = try await unit(named: DemoData.clubs[i].name)
        let club = try #require(try await Club.query(on: db).filter(\.$unit.$id == unit.id!).first())
        let today = Day(clock.now())
        let members = try await Member.query(on: db).filter(\.$club.$id == club.id!).all()
            .filter { $0.facts.isActive(on: today) }.sorted(byPerson: { $0.fullName })
        return (unit, club, members)
    }
}
