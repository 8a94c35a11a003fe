import Fluent
import ISHCCore
import Vapor

/// Reading what a unit's page shows: its children and counts, its place in the old and new
/// structures, for a club its members, board, composition, meetings and standard, and what the
/// visitor may do there.
extension UnitPageModel {
    /// What the page is read for: who looks, on which day, in which language, the search and
    /// the day asked for, a form sent back with problems, and what the last action reported.
    struct Context {
        var user: CurrentUser
        var today: Day
        var t: Texts
        var query: String
        var askedDay: String
        var statusForm: (FormErrors, ClubStatusInput)?
        var boardForm: (FormErrors, BoardInput)?
        var notice: String?
    }

    static func load(_ unit: OrgUnit, _ c: Context, on db: any Database) async throws -> UnitPageModel {
        let isClub = unit.unitStructure == .current && unit.unitLevel == .club
        var children =
            isClub
            ? []
            : try await UnitQueries.children(of: unit, on: db)
                .filter { Scope.contains(c.user, $0) }
        if unit.unitLevel == .nation { children = children.filter { $0.unitStructure == .current } }
        let allChildrenCount = children.count
        if !c.query.isEmpty { children = children.filter { VietnameseText.matches($0.name, query: c.query) } }

        let ancestors = try await UnitQueries.ancestors(of: unit, on: db)
        var model = UnitPageModel(
            unit: unit,
            ancestors: ancestors.filter { Scope.contains(c.user, $0) },
            children: children,
            allChildrenCount: allChildrenCount,
            counts: isClub ? [:] : try await UnitQueries.counts(below: children, of: unit, on: db),
            // A club's own totals are counted from its members below.
            totals: isClub ? SubtreeCounts() : try await UnitQueries.totals(of: unit, on: db),
            query: c.query)

        switch (unit.unitStructure, unit.unitLevel) {
        case (.current, .club):
            try await loadClub(unit, ancestors: ancestors, c, into: &model, on: db)
        default:
            try await loadPlaces(unit, c, into: &model, on: db)
        }
        model.canAddVillage =
            unit.unitStructure == .current && unit.unitLevel == .commune
            && c.user.role.canWrite && c.user.role.keepsUnits
        model.canAddMember =
            model.club != nil && c.user.role.canWrite
            && model.club!.isOpen
        let takesMembers = model.club?.isOpen ?? false
        model.canManageBoard = takesMembers && c.user.role.canWrite && c.user.role.seesPersonalData
        model.canImport = model.canAddMember
        model.canRecordMeeting = model.canAddMember
        if unit.unitStructure == .current && unit.unitLevel != .village {
            model.activities = try await ActivitySummary.load(unit: unit, club: model.club, user: c.user, today: c.today, on: db)
        }
        model.canExportClubs = unit.unitStructure == .current && unit.unitLevel != .club && model.totals.clubs > 0
        model.canExport = c.user.role.seesPersonalData && unit.unitStructure == .current && model.totals.members > 0
        model.canManageClub = model.club != nil && c.user.role.keepsUnits
        model.canAddClub =
            unit.unitStructure == .current && unit.unitLevel == .commune
            && c.user.role.keepsUnits
        model.notice = c.notice
        model.canAddUser =
            c.user.role.managesUsers && unit.unitStructure == .current
            && c.user.role.assignableRoles.contains { $0.allowedLevels.contains(unit.unitLevel) }
        model.showLegacyLink = unit.unitLevel == .nation
        return model
    }

    /// A unit's successors (old structure) or predecessors (new structure).
    private static func loadPlaces(_ unit: OrgUnit, _ c: Context, into model: inout UnitPageModel, on db: any Database) async throws {
        switch (unit.unitStructure, unit.unitLevel) {
        case (.legacy, .commune):
            model.successors = try await UnitQueries.successors(of: unit, on: db)
                .map { (unit: $0.0, primary: $0.1, visible: Scope.contains(c.user, $0.0)) }
        case (.legacy, .province), (.legacy, .district):
            if let scopeUnit = try await OrgUnit.query(on: db).filter(\.$path == unit.scopePath).first() {
                model.successors = [(unit: scopeUnit, primary: true, visible: Scope.contains(c.user, scopeUnit))]
            }
        case (.current, .commune):
            let olds = try await UnitQueries.predecessors(of: unit, on: db)
            let parents = try await UnitQueries.parents(of: olds, on: db)
            let grandparents = try await UnitQueries.parents(of: Array(parents.values), on: db)
            model.predecessors = olds.map { old in
                let district = old.$parent.id.flatMap { parents[$0] }
                let province = district?.$parent.id.flatMap { grandparents[$0] }
                return (
                    unit: old, place: [district?.name, province?.name].compactMap { $0 }.joined(separator: ", "),
                    visible: Scope.contains(c.user, old)
                )
            }
        case (.current, .province):
            model.predecessors = try await UnitQueries.legacyProvinces(in: unit, on: db)
                .map { (unit: $0, place: "", visible: true) }
        default:
            break
        }
    }

    /// A club's own section.
    private static func loadClub(_ unit: OrgUnit, ancestors: [OrgUnit], _ c: Context, into model: inout UnitPageModel, on db: any Database)
        async throws
    {
        if let club = try await Club.query(on: db).filter(\.$unit.$id == unit.requireID()).first() {
            model.club = club
            model.statusHistory = try await ClubStatusChange.query(on: db).filter(\.$club.$id == club.requireID()).all()
                .sorted { $0.fromDate < $1.fromDate }
            model.statusForm = c.statusForm
            let all = try await MemberStore.all(club: club.requireID(), on: db)
            model.totals.clubs = 1
            model.totals.members = all.filter { $0.leftOn == nil }.count
            // Composition as of a chosen day (today unless the visitor asks for another).
            let today = c.today
            let asked = VietnameseText.normalize(c.askedDay)
            // A club that was dissolved or merged is shown as it was on its last day.
            let closedOn =
                !club.isOpen
                ? model.statusHistory.last.flatMap { Day(iso: $0.fromDate) }?.previous : nil
            let day = asked.isEmpty ? (closedOn ?? today) : Day(vietnamese: asked)
            model.compositionDay = day ?? closedOn ?? today
            model.compositionDayInput = asked
            model.compositionDayError = day == nil ? c.t("composition.error.day") : nil
            model.composition = Composition.evaluate(all.map(\.facts), on: day ?? closedOn ?? today)
            model.boardTerms = try await BoardTerm.query(on: db).filter(\.$club.$id == club.requireID()).all()
                .sorted { ($0.fromDate, $0.role) > ($1.fromDate, $1.role) }
            model.memberNames = Dictionary(all.map { ($0.id!, $0.fullName) }, uniquingKeysWith: { a, _ in a })
            model.boardForm = c.boardForm
            if c.user.role.seesPersonalData {
                let members = all.filter { $0.leftOn == nil }
                model.members =
                    members
                    .filter { c.query.isEmpty || VietnameseText.matches($0.fullName, query: c.query) }
                    .sorted(byPerson: { $0.fullName })
                // Most recent first, then by name.
                model.formerMembers = all.filter { $0.leftOn != nil }.sorted(byPerson: { $0.fullName })
                    .enumerated().sorted { ($0.element.leftOn ?? "", -$0.offset) > ($1.element.leftOn ?? "", -$1.offset) }.map(\.element)
            }
            // The last twelve months of meetings.
            let (facts, recent) = try await MeetingStore.overview(of: club, recent: 24, on: db)
            model.meetingMonths = MonthKey(today).lastMonths(12)
            model.meetingCoverage = MeetingRules.coverage(facts, months: model.meetingMonths)
            model.meetingStates = MonthlyMeetings.states(
                model.meetingMonths, met: Set(facts.map { MonthKey($0.heldOn) }),
                founded: club.foundedOn.flatMap(Day.init(iso:)), today: today)
            model.recentMeetings = recent
            model.standard = try await StandardSummary.load(clubUnit: unit, ancestors: ancestors, today: today, on: db)
            if let into = club.mergedIntoID, let target = try await Club.find(into, on: db) {
                model.mergedInto = try await OrgUnit.find(target.$unit.id, on: db).flatMap { Scope.contains(c.user, $0) ? $0 : nil }
            }
            if c.user.role.keepsUnits {
                model.mergeTargets = try await ClubStore.mergeTargets(for: club, on: db).map(\.unit)
            }
        }
    }
}
