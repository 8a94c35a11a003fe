import Foundation
import Testing
import VaporTesting
import Fluent
import SQLKit
import ISHCCore
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
                if keep(cells) { kept.append(line); codes.insert(cells.count > 5 ? cells[5] : cells[0]) }
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
/// PostgreSQL schema when DATABASE_URL is set. With `demo`, the demo data is loaded.
func withApp(demo: Bool = true, fullUnits: Bool = false, clock: TestClock = TestClock(),
             _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    var config = try AppConfig.load([:], workingDirectory: TestEnv.projectRoot)
    let tag = "t\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
    if let url = TestEnv.databaseURL {
        config.databaseURL = url
        config.postgresSchema = tag
    } else {
        config.sqlitePath = NSTemporaryDirectory() + "ishc-test-\(tag).sqlite"
    }
    if !fullUnits { config.unitsDirectory = TestEnv.subsetUnits }
    config.bcryptCost = 10
    do {
        try await configure(app, config: config)
        app.clock = clock
        try await Bootstrap.prepare(app)
        if demo { _ = try await DemoData.load(app) }
        try await body(app)
    } catch {
        await cleanUp(app, config)
        throw error
    }
    await cleanUp(app, config)
}

private func cleanUp(_ app: Application, _ config: AppConfig) async {
    if let schema = config.postgresSchema {
        _ = try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
    if config.databaseURL == nil {
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
