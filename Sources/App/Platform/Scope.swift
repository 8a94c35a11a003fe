import Fluent
import ISHCCore
import Vapor

/// The one access check: a user sees a record when the user's unit path is a prefix of the
/// record's scope path. Every handler that reads or changes a unit goes through here.
enum Scope {
    static func contains(_ user: CurrentUser, _ unit: OrgUnit) -> Bool {
        UnitPath.contains(user.unitPath, unit.scopePath)
    }

    /// Loads the unit named by a route parameter, or fails with 404 (no such unit) or
    /// 403 (outside the user's subtree) without revealing anything about it.
    static func unit(_ req: Request, parameter: String = "unitID") async throws -> (CurrentUser, OrgUnit) {
        let (user, unit, _) = try await unit(req, parameter: parameter) { id in
            try await UnitQueries.find(id, on: req.db).map { ($0, ()) }
        }
        return (user, unit)
    }

    /// The same, with the unit read by `read` along with something else about it.
    static func unit<Extra>(
        _ req: Request, parameter: String = "unitID",
        read: (UUID) async throws -> (OrgUnit, Extra)?
    ) async throws -> (CurrentUser, OrgUnit, Extra) {
        let user = try req.requireUser()
        guard let id = req.parameters.get(parameter, as: UUID.self),
            let (unit, extra) = try await read(id)
        else { throw AppError.notFound }
        guard contains(user, unit) else { throw AppError.forbidden }
        return (user, unit, extra)
    }

    /// Loads a user named by a route parameter when their unit is inside the current user's subtree.
    static func user(_ req: Request, parameter: String = "userID") async throws -> (CurrentUser, User, OrgUnit) {
        let me = try req.requireUser()
        guard let id = req.parameters.get(parameter, as: UUID.self),
            let other = try await User.find(id, on: req.db),
            let unit = try await OrgUnit.find(other.$unit.id, on: req.db)
        else { throw AppError.notFound }
        guard contains(me, unit) else { throw AppError.forbidden }
        return (me, other, unit)
    }

    /// The club of the route's unit, open (active or paused), for someone who may write to it.
    static func writableClub(_ req: Request) async throws -> (CurrentUser, OrgUnit, Club) {
        let (user, unit) = try await unit(req)
        guard unit.unitLevel == .club,
            let club = try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first()
        else { throw AppError.notFound }
        guard user.role.canWrite else { throw AppError.forbidden }
        guard club.isOpen else {
            throw AppError.badRequest(req.t("member.error.club_closed", req.t("club.status.\(club.status)")))
        }
        return (user, unit, club)
    }

    /// A club named by `unitID` in the user's subtree. Writing needs an open club (active or
    /// paused) and a role that writes and sees personal data; reading may need personal data too.
    static func club(_ req: Request, write: Bool, personal: Bool) async throws -> (CurrentUser, OrgUnit, Club) {
        if write {
            let (user, unit, club) = try await writableClub(req)
            guard user.role.seesPersonalData else { throw AppError.forbidden }
            return (user, unit, club)
        }
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitLevel == .club,
            let club = try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first()
        else { throw AppError.notFound }
        guard !personal || user.role.seesPersonalData else { throw AppError.forbidden }
        return (user, unit, club)
    }

    /// Writing needs a role that writes.
    static func requireWriter(_ user: CurrentUser) throws {
        guard user.role.canWrite else { throw AppError.forbidden }
    }
}

enum Audit {
    static func record(
        _ req: Request, _ action: String, _ kind: String, _ id: String?, detail: String? = nil,
        on db: (any Database)? = nil
    ) async throws {
        try await record(by: req.author, action, kind, id, detail: detail, on: db ?? req.db)
    }

    static func record(
        by author: Author, _ action: String, _ kind: String, _ id: String?, detail: String? = nil,
        on db: any Database
    ) async throws {
        let entry = AuditEntry(at: author.at, userID: author.userID, action: action, targetKind: kind, targetID: id, detail: detail)
        try await entry.create(on: db)
        // The request's one-time key is kept with its first audit entry, in the same transaction.
        if let once = author.once, once.userID == author.userID {
            try await once.claim(kind: kind, id: id, at: author.at, on: db)
        }
    }
}

/// Who writes and when, for an operation called from a form, the API or an import alike.
struct Author: Sendable {
    var userID: UUID?
    var at: Date
    /// The one-time key the write came with, if any (`OneTimeKeys`).
    var once: OnceClaim? = nil
}

extension Request {
    var author: Author { Author(userID: currentUser?.id, at: application.clock.now(), once: storage[OnceClaimKey.self]) }
}

/// Refusals, bad form tokens, lockouts and password resets, kept in the audit log (which is
/// never pruned, so for well over the year the security rules ask). At most 60 events an hour
/// are written for one address, so a flood of refused requests cannot fill the database; the
/// rest go to the server's log only.
enum SecurityLog {
    /// Events written per address in the current hour, kept per server (per application).
    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: (hour: Int, n: Int)] = [:]

        func allow(_ address: String, hour: Int) -> Bool {
            lock.withLock {
                if counts.count > 10_000 { counts = counts.filter { $0.value.hour == hour } }
                var c = counts[address] ?? (hour, 0)
                if c.hour != hour { c = (hour, 0) }
                c.n += 1
                counts[address] = c
                return c.n <= 60
            }
        }
    }

    static func record(_ req: Request, _ event: String, detail: String? = nil) async {
        let address = req.clientAddress
        let hour = Int(req.application.clock.now().timeIntervalSince1970 / 3600)
        let allowed = req.application.securityCounts.allow(address, hour: hour)
        let text = [detail, "\(req.method) \(req.url.path)", "from \(address)"].compactMap { $0 }.joined(separator: " · ")
        req.logger.notice("security \(event)", metadata: ["detail": .string(text)])
        guard allowed else { return }
        try? await Audit.record(req, "security_\(event)", "request", nil, detail: String(text.prefix(500)))
    }
}

extension Application {
    private struct SecurityCountsKey: StorageKey { typealias Value = SecurityLog.Counts }

    /// Set at configuration, before the server serves.
    var securityCounts: SecurityLog.Counts {
        get { storage[SecurityCountsKey.self]! }
        set { storage[SecurityCountsKey.self] = newValue }
    }
}

/// Only relative links inside the site are followed after login or a language change.
enum SafeRedirect {
    /// A path that starts with a single `/`, with no control character (CR and LF would make
    /// response headers, a tab is dropped by browsers to make `//host`), no backslash and no `//`;
    /// returned re-encoded, so nothing but a path and query reaches the `Location` header.
    static func target(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), next.utf8.count <= 2_000, !next.contains("//"),
            !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\\" || $0 == " " })
        else { return nil }
        return next.addingPercentEncoding(withAllowedCharacters: allowed)
    }

    private static let allowed = CharacterSet.urlPathAllowed.union(.urlQueryAllowed).union(CharacterSet(charactersIn: "%"))
}

/// A record that belongs to one club (a loan, a meeting, a person cared for at home): reached
/// through the club's unit, so one check decides who may see or change it.
protocol ClubOwned: Model where IDValue == UUID {
    var ownerClubID: UUID { get }
}

extension Scope {
    /// The record named by the route's `parameter`, its club and the club's unit, for a user whose
    /// subtree holds the club. `personal`: the user must see personal data. `write`: the user
    /// must write, and the club must be open (active or paused).
    static func owned<R: ClubOwned>(
        _ type: R.Type, _ req: Request, parameter: String, write: Bool, personal: Bool
    ) async throws -> (CurrentUser, R, OrgUnit, Club) {
        let user = try req.requireUser()
        guard let id = req.parameters.get(parameter, as: UUID.self), let record = try await R.find(id, on: req.db),
            let club = try await Club.find(record.ownerClubID, on: req.db),
            let unit = try await OrgUnit.find(club.$unit.id, on: req.db)
        else { throw AppError.notFound }
        guard contains(user, unit), !personal || user.role.seesPersonalData else { throw AppError.forbidden }
        if write {
            guard user.role.canWrite else { throw AppError.forbidden }
            guard club.isOpen else {
                throw AppError.badRequest(req.t("member.error.club_closed", req.t("club.status.\(club.status)")))
            }
        }
        return (user, record, unit, club)
    }
}

extension Loan: ClubOwned { var ownerClubID: UUID { $club.id } }
extension Meeting: ClubOwned { var ownerClubID: UUID { $club.id } }
extension CareRecipient: ClubOwned { var ownerClubID: UUID { $club.id } }
