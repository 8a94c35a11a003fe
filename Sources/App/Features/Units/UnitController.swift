import Fluent
import ISHCCore
import Vapor

enum UnitController {
    /// A unit's page: where it sits, what is below it with counts, and its history across the 2025 reform.
    static func show(req: Request) async throws -> Response {
        // A plain GET may be answered by a kept club page: the unit is read with its page's stamp.
        let pages = req.application.clubPages
        let keepable = req.method == .GET && (req.url.query ?? "").isEmpty && pages.active
        let (user, unit, probe) = try await Scope.unit(req) { id -> (OrgUnit, ClubPageCache.Probe?)? in
            if keepable { return try await ClubPageCache.probe(id, on: req.db).map { ($0, $1) } }
            return try await UnitQueries.find(id, on: req.db).map { ($0, nil) }
        }
        let query = VietnameseText.normalize((try? req.query.get(String.self, at: "q")) ?? "")

        // A club has nothing below it.
        let isClub = unit.unitStructure == .current && unit.unitLevel == .club

        // A club's page as kept since it was last made, while nothing on it has changed.
        let pageKey = ClubPageCache.Key(unit: try unit.requireID(), user: user.id, lang: req.t.lang.rawValue)
        var pageStamp: String?
        if isClub, let probe {
            pageStamp = ClubPageCache.stamp(probe, user: user, today: req.today)
            if let stamp = pageStamp, let body = pages.page(pageKey, stamp: stamp, token: req.csrfToken) {
                let response = Response(status: .ok, body: .init(buffer: body))
                response.headers.contentType = .html
                return response
            }
        }
        var children =
            isClub
            ? []
            : try await UnitQueries.children(of: unit, on: req.db)
                .filter { Scope.contains(user, $0) }
        if unit.unitLevel == .nation { children = children.filter { $0.unitStructure == .current } }
        let allChildrenCount = children.count
        if !query.isEmpty { children = children.filter { VietnameseText.matches($0.name, query: query) } }

        let ancestors = try await UnitQueries.ancestors(of: unit, on: req.db)
        var model = UnitPageModel(
            unit: unit,
            ancestors: ancestors.filter { Scope.contains(user, $0) },
            children: children,
            allChildrenCount: allChildrenCount,
            counts: isClub ? [:] : try await UnitQueries.counts(below: children, of: unit, on: req.db),
            // A club's own totals are counted from its members below.
            totals: isClub ? SubtreeCounts() : try await UnitQueries.totals(of: unit, on: req.db),
            query: query)

        switch (unit.unitStructure, unit.unitLevel) {
        case (.legacy, .commune):
            model.successors = try await UnitQueries.successors(of: unit, on: req.db)
                .map { (unit: $0.0, primary: $0.1, visible: Scope.contains(user, $0.0)) }
        case (.legacy, .province), (.legacy, .district):
            if let scopeUnit = try await OrgUnit.query(on: req.db).filter(\.$path == unit.scopePath).first() {
                model.successors = [(unit: scopeUnit, primary: true, visible: Scope.contains(user, scopeUnit))]
            }
        case (.current, .commune):
            let olds = try await UnitQueries.predecessors(of: unit, on: req.db)
            let parents = try await UnitQueries.parents(of: olds, on: req.db)
            let grandparents = try await UnitQueries.parents(of: Array(parents.values), on: req.db)
            model.predecessors = olds.map { old in
                let district = old.$parent.id.flatMap { parents[$0] }
                let province = district?.$parent.id.flatMap { grandparents[$0] }
                return (
                    unit: old, place: [district?.name, province?.name].compactMap { $0 }.joined(separator: ", "),
                    visible: Scope.contains(user, old)
                )
            }
        case (.current, .province):
            model.predecessors = try await UnitQueries.legacyProvinces(in: unit, on: req.db)
                .map { (unit: $0, place: "", visible: true) }
        case (.current, .club):
            if let club = try await Club.query(on: req.db).filter(\.$unit.$id == unit.requireID()).first() {
                model.club = club
                model.statusHistory = try await ClubStatusChange.query(on: req.db).filter(\.$club.$id == club.requireID()).all()
                    .sorted { $0.fromDate < $1.fromDate }
                model.statusForm = req.storage[ClubController.StatusFormKey.self]
                let all = try await MemberStore.all(club: club.requireID(), on: req.db)
                model.totals.clubs = 1
                model.totals.members = all.filter { $0.leftOn == nil }.count
                // Composition as of a chosen day (today unless the visitor asks for another).
                let today = req.today
                let asked = (try? req.query.get(String.self, at: "ngay")).map(VietnameseText.normalize) ?? ""
                // A club that was dissolved or merged is shown as it was on its last day.
                let closedOn =
                    !club.isOpen
                    ? model.statusHistory.last.flatMap { Day(iso: $0.fromDate) }?.previous : nil
                let day = asked.isEmpty ? (closedOn ?? today) : Day(vietnamese: asked)
                model.compositionDay = day ?? closedOn ?? today
                model.compositionDayInput = asked
                model.compositionDayError = day == nil ? req.t("composition.error.day") : nil
                model.composition = Composition.evaluate(all.map(\.facts), on: day ?? closedOn ?? today)
                model.boardTerms = try await BoardTerm.query(on: req.db).filter(\.$club.$id == club.requireID()).all()
                    .sorted { ($0.fromDate, $0.role) > ($1.fromDate, $1.role) }
                model.memberNames = Dictionary(all.map { ($0.id!, $0.fullName) }, uniquingKeysWith: { a, _ in a })
                model.boardForm = req.storage[BoardController.FormKey.self]
                if user.role.seesPersonalData {
                    let members = all.filter { $0.leftOn == nil }
                    model.members =
                        members
                        .filter { query.isEmpty || VietnameseText.matches($0.fullName, query: query) }
                        .sorted(byPerson: { $0.fullName })
                    // Most recent first, then by name.
                    model.formerMembers = all.filter { $0.leftOn != nil }.sorted(byPerson: { $0.fullName })
                        .enumerated().sorted { ($0.element.leftOn ?? "", -$0.offset) > ($1.element.leftOn ?? "", -$1.offset) }.map(\.element)
                }
                // The last twelve months of meetings.
                let (facts, recent) = try await MeetingStore.overview(of: club, recent: 24, on: req.db)
                model.meetingMonths = MonthKey(today).lastMonths(12)
                model.meetingCoverage = MeetingRules.coverage(facts, months: model.meetingMonths)
                model.meetingStates = MonthlyMeetings.states(
                    model.meetingMonths, met: Set(facts.map { MonthKey($0.heldOn) }),
                    founded: club.foundedOn.flatMap(Day.init(iso:)), today: today)
                model.recentMeetings = recent
                model.standard = try await StandardSummary.load(clubUnit: unit, ancestors: ancestors, today: today, on: req.db)
                if let into = club.mergedIntoID, let target = try await Club.find(into, on: req.db) {
                    model.mergedInto = try await OrgUnit.find(target.$unit.id, on: req.db).flatMap { Scope.contains(user, $0) ? $0 : nil }
                }
                if user.role.keepsUnits {
                    model.mergeTargets = try await ClubController.mergeTargets(for: club, on: req.db).map(\.unit)
                }
            }
        default:
            break
        }

        model.canAddVillage =
            unit.unitStructure == .current && unit.unitLevel == .commune
            && user.role.canWrite && user.role.keepsUnits
        model.canAddMember =
            model.club != nil && user.role.canWrite
            && model.club!.isOpen
        let takesMembers = model.club?.isOpen ?? false
        model.canManageBoard = takesMembers && user.role.canWrite && user.role.seesPersonalData
        model.canImport = model.canAddMember
        model.canRecordMeeting = model.canAddMember
        if unit.unitStructure == .current && unit.unitLevel != .village {
            model.activities = try await ActivitySummary.load(unit: unit, club: model.club, user: user, today: req.today, on: req.db)
        }
        model.canExportClubs = unit.unitStructure == .current && unit.unitLevel != .club && model.totals.clubs > 0
        model.canExport = user.role.seesPersonalData && unit.unitStructure == .current && model.totals.members > 0
        model.canManageClub = model.club != nil && user.role.keepsUnits
        model.canAddClub =
            unit.unitStructure == .current && unit.unitLevel == .commune
            && user.role.keepsUnits
        if let done = try? req.query.get(String.self, at: "done"), ["club_created", "club_saved", "club_status", "board_saved"].contains(done) {
            model.notice = req.t("unit.done.\(done)")
        }
        if (try? req.query.get(String.self, at: "done")) == "imported", let n = try? req.query.get(Int.self, at: "n") {
            model.notice = req.t("unit.done.imported", VND.group(Int64(n)))
        }
        model.canAddUser =
            user.role.managesUsers && unit.unitStructure == .current
            && user.role.assignableRoles.contains { $0.allowedLevels.contains(unit.unitLevel) }
        model.showLegacyLink = unit.unitLevel == .nation
        guard let stamp = pageStamp else { return UnitPage.render(req.page, model) }
        // Made with the placeholder for the form token, kept, and sent with this visitor's token.
        let token = req.csrfToken
        req.storage[CSRFTokenKey.self] = pages.placeholder
        let response = UnitPage.render(req.page, model)
        req.storage[CSRFTokenKey.self] = token
        let parts = pages.split(response.body.string ?? "")
        pages.keep(pageKey, stamp: stamp, parts: parts)
        response.body = .init(buffer: ClubPageCache.join(parts, token: token))
        return response
    }

    /// The 63 provinces of the pre-2025 structure, for the users who may see them.
    static func legacyProvinces(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let provinces = try await OrgUnit.query(on: req.db).filter(\.$structure == UnitStructure.legacy.rawValue)
            .filter(\.$level == UnitLevel.province.rawValue).all()
            .filter { Scope.contains(user, $0) }
            .sorted(byPlace: { $0.name })
        return LegacyProvincesPage.render(req.page, provinces: provinces)
    }
}
