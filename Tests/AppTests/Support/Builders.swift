import Fluent
import Foundation
import ISHCCore
import Testing
import Vapor

@testable import App

/// Small worlds for tests that need a club or two rather than the whole demo. Built on the
/// official units (`withApp(demo: false)`), through the same operations the forms use where
/// money moves.
///
///     try await withApp(demo: false) { app in
///         let build = Build(app)
///         let club = try await build.club(members: 30)
///         try await build.grant(10_000_000, to: club)
///         let treasurer = try await build.user("thuquy", role: .clubTreasurer, at: club.unit)
///     }
struct Build {
    let app: Application
    init(_ app: Application) { self.app = app }

    /// The password of every user a builder makes.
    static let password = "mat-khau-thu-2026"

    struct BuiltClub {
        var unit: OrgUnit
        var club: Club
        var village: OrgUnit
        var commune: OrgUnit
        /// In list order.
        var members: [Member]
    }

    /// A commune from the official list (Quế Phong, Nghệ An, unless named).
    func commune(_ path: String = DemoData.quePhong) async throws -> OrgUnit {
        try await app.unit(path: path)
    }

    func village(_ name: String = "Bản Thử", in commune: OrgUnit) async throws -> OrgUnit {
        let id = UUID()
        let village = OrgUnit(
            id: id, structure: .current, level: .village, code: nil, name: name, kind: "Bản",
            parentID: try commune.requireID(),
            path: UnitPath.child(of: commune.path, segment: UnitPath.segment("v", id: id)))
        village.validFrom = "2025-07-01"
        try await village.create(on: app.db)
        return village
    }

    /// An active club with `members` members (two in three women, two in three aged 60 or more),
    /// founded on `founded` (two years before the clock's day unless given).
    func club(
        _ name: String = "CLB Thử", members count: Int = 20, founded: Day? = nil,
        in commune: OrgUnit? = nil
    ) async throws -> BuiltClub {
        let commune = try await {
            if let commune { return commune }
            return try await self.commune()
        }()
        let village = try await village(in: commune)
        let today = Day(app.clock.now())
        let founded = founded ?? today.adding(months: -24)
        let id = UUID()
        let unit = OrgUnit(
            id: id, structure: .current, level: .club, code: nil, name: name, kind: nil,
            parentID: try village.requireID(), path: UnitPath.child(of: village.path, segment: UnitPath.segment("k", id: id)))
        unit.validFrom = founded.iso
        try await unit.create(on: app.db)
        let club = Club()
        club.$unit.id = id
        club.$commune.id = try commune.requireID()
        club.$village.id = try village.requireID()
        club.foundedOn = founded.iso
        club.status = ClubStatus.active.rawValue
        try await club.create(on: app.db)
        let change = ClubStatusChange()
        change.$club.id = try club.requireID()
        change.status = ClubStatus.active.rawValue
        change.fromDate = founded.iso
        try await change.create(on: app.db)
        var members: [Member] = []
        for i in 0..<count {
            let woman = i % 3 != 2
            let age = i % 3 == 1 ? 45 : 60 + i % 25
            let member = Member(
                clubID: try club.requireID(), fullName: "\(woman ? "Lò Thị" : "Vi Văn") Thử \(i + 1)",
                gender: woman ? "female" : "male", birthYear: today.year - age)
            member.joinedOn = founded.iso
            member.consentOn = founded.iso
            try await member.create(on: app.db)
            members.append(member)
        }
        return BuiltClub(
            unit: unit, club: club, village: village, commune: commune,
            members: members.sorted(byPerson: { $0.fullName }))
    }

    /// A user at `unit` with `Build.password`.
    @discardableResult
    func user(_ username: String, role: Role, at unit: OrgUnit, name: String = "Người Thử") async throws -> User {
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(Self.password).get()
        let user = User(username: username, fullName: name, role: role, unitID: try unit.requireID(), passwordHash: hash)
        try await user.create(on: app.db)
        return user
    }

    /// Money into a fund, posted as a treasurer would (`FundOperations.postEntry`), today.
    @discardableResult
    func grant(_ amount: Int64, to built: BuiltClub, fund: Fund = .income) async throws -> JournalEntry {
        let draft = FundEntryDraft(
            kind: "grant", fund: fund.rawValue, amount: String(amount),
            occurredOn: Day(app.clock.now()).vietnamese, description: "Hỗ trợ thử", source: "state")
        return try await FundOperations.postEntry(
            draft, club: built.club, by: Author(userID: nil, at: app.clock.now()),
            today: Day(app.clock.now()), on: app.db
        ).get()
    }

    /// A loan to `member` lent today, flat fee, monthly instalments (`FundOperations.lend`).
    @discardableResult
    func loan(
        _ principal: Int64, to member: Member, of built: BuiltClub, instalments: Int = 12,
        rateBasisPoints: Int = 50
    ) async throws -> Loan {
        let today = Day(app.clock.now())
        let loan = Loan()
        loan.$club.id = try built.club.requireID()
        loan.$member.id = try member.requireID()
        loan.principal = principal
        loan.purpose = "livestock"
        loan.disbursedOn = today.iso
        loan.instalments = instalments
        loan.everyMonths = 1
        loan.method = FeeMethod.flat.rawValue
        loan.rateBasisPoints = rateBasisPoints
        loan.grace = 0
        let schedule = LoanSchedule.make(
            LoanTerms(
                principal: principal, disbursedOn: today, instalments: instalments, everyMonths: 1,
                method: .flat, monthlyRateBasisPoints: rateBasisPoints, graceInstalments: 0))
        _ = try await FundOperations.lend(
            loan, schedule: schedule, description: "Cho vay thử", by: Author(userID: nil, at: app.clock.now()),
            on: app.db
        ).get()
        return loan
    }
}
