import Foundation
import ISHCCore
import Vapor

/// Every setting the system reads, read once at start, with safe defaults.
public struct AppConfig: Sendable {
    /// PostgreSQL when set (`postgres://user:pass@host:5432/db`); otherwise the embedded SQLite file.
    public var databaseURL: String?
    public var sqlitePath: String
    /// PostgreSQL schema to use (`ISHC_PG_SCHEMA`); the default search path when nil.
    public var postgresSchema: String?
    /// Folder holding the official unit lists and the text catalogues.
    public var resourcesDirectory: String
    /// Folder holding the three official unit lists; `Resources/units/` unless set.
    public var unitsDirectory: String
    public var publicDirectory: String
    /// Mark cookies `Secure`; set when the system is served over HTTPS.
    public var secureCookies: Bool
    /// Behind a reverse proxy: take the visitor's address from X-Forwarded-For. Off by default,
    /// because without a proxy any client could write that header and dodge login throttling.
    public var trustProxy: Bool
    public var sessionIdleSeconds: Double
    public var sessionAbsoluteSeconds: Double
    public var bcryptCost: Int
    /// Compute the nation's club facts at start and after each midnight (`ISHC_WARM_FACTS=0` turns it off).
    public var warmFacts: Bool = true
    /// Memory for club pages kept between requests, in MB (`ISHC_PAGE_CACHE_MB`; 0 keeps none).
    public var pageCacheMB: Int = 32

    public static func load(
        _ env: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = DirectoryConfiguration.detect().workingDirectory
    ) throws -> AppConfig {
        let wd = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        var config = AppConfig(
            databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            sqlitePath: env["ISHC_SQLITE_PATH"] ?? wd + "data/ishc.sqlite",
            postgresSchema: env["ISHC_PG_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 },
            resourcesDirectory: env["ISHC_RESOURCES"] ?? wd + "Resources/",
            unitsDirectory: "",
            publicDirectory: env["ISHC_PUBLIC"] ?? wd + "Public/",
            secureCookies: env["ISHC_SECURE_COOKIES"] == "1",
            trustProxy: env["ISHC_TRUST_PROXY"] == "1",
            sessionIdleSeconds: 30 * 60,
            sessionAbsoluteSeconds: 12 * 3600,
            bcryptCost: 12
        )
        config.warmFacts = env["ISHC_WARM_FACTS"] != "0"
        if let idle = env["ISHC_SESSION_IDLE_MINUTES"] {
            guard let minutes = Double(idle), minutes > 0 else {
                throw ConfigError("ISHC_SESSION_IDLE_MINUTES must be a positive number of minutes, not '\(idle)'")
            }
            config.sessionIdleSeconds = minutes * 60
        }
        if let mb = env["ISHC_PAGE_CACHE_MB"] {
            guard let value = Int(mb), (0...4096).contains(value) else {
                throw ConfigError("ISHC_PAGE_CACHE_MB must be a number of megabytes from 0 to 4096, not '\(mb)'")
            }
            config.pageCacheMB = value
        }
        if let cost = env["ISHC_BCRYPT_COST"] {
            guard let value = Int(cost), (10...16).contains(value) else {
                throw ConfigError("ISHC_BCRYPT_COST must be between 10 and 16, not '\(cost)'")
            }
            config.bcryptCost = value
        }
        if let url = config.databaseURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ConfigError("DATABASE_URL must start with postgres:// (got '\(url.prefix(20))...')")
        }
        if !config.resourcesDirectory.hasSuffix("/") { config.resourcesDirectory += "/" }
        config.unitsDirectory = env["ISHC_UNITS"] ?? config.resourcesDirectory + "units/"
        if !config.unitsDirectory.hasSuffix("/") { config.unitsDirectory += "/" }
        if let schema = config.postgresSchema, !schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            throw ConfigError("ISHC_PG_SCHEMA may hold only letters, digits and '_', not '\(schema)'")
        }
        if !config.publicDirectory.hasSuffix("/") { config.publicDirectory += "/" }
        guard FileManager.default.fileExists(atPath: config.unitsDirectory + "vn-admin-units-2025.csv") else {
            throw ConfigError("Resources not found at \(config.resourcesDirectory): run ishc from the project folder or set ISHC_RESOURCES")
        }
        return config
    }

    public var databaseKind: String { databaseURL == nil ? "sqlite" : "postgresql" }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    private struct ClockKey: StorageKey { typealias Value = any WallClock }

    public var config: AppConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }

    /// The clock every handler reads; tests replace it.
    public var clock: any WallClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// Today in Vietnam by the application's clock: the one day a handler works with.
    var today: Day { Day(application.clock.now()) }
}

extension Request {
    /// The year asked for in `?nam=`, or this year when it is missing or out of range.
    func chosenYear(today: Day) -> Int {
        (try? query.get(Int.self, at: "nam")).flatMap { (2000...today.year).contains($0) ? $0 : nil } ?? today.year
    }
}
