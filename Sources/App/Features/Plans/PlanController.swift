import Fluent
import ISHCCore
import Vapor

/// Plans (of the nation or a province) with phases and targets, visible to every unit below; and
/// the denominators a commune enters per year (villages, older people) with their source.
enum PlanController {
    /// Officers (and administrators) who write may keep the plans of their own unit and the
    /// targets broken down below it.
    static func mayEdit(_ user: CurrentUser, _ unit: OrgUnit) -> Bool {
        user.role.canWrite && user.role.keepsUnits
            && unit.unitStructure == .current && [.nation, .province].contains(unit.unitLevel)
    }

    static func list(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current else { throw Abort(.notFound) }
        return try await page(req, user: user, unit: unit, targetForm: nil)
    }

    static func page(_ req: Request, user: CurrentUser, unit: OrgUnit, targetForm: PlanPages.TargetForm?, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        let plans = try await PlanStore.covering(unit, on: req.db)
        let unitIDs = Set(plans.flatMap { $0.targets.map(\.$unit.id) })
        let names = Dictionary(
            try await OrgUnit.query(on: req.db).filter(\.$id ~~ Array(unitIDs)).all().map { ($0.id!, $0.name) },
            uniquingKeysWith: { a, _ in a })
        let children =
            mayEdit(user, unit)
            ? try await UnitQueries.children(of: unit, on: req.db).filter { $0.unitStructure == .current } : []
        return PlanPages.list(
            req.page, unit: unit, plans: plans, unitNames: names, canEdit: mayEdit(user, unit),
            children: children, form: targetForm, notice: (try? req.query.get(String.self, at: "done")).map { req.t("plan.done.\($0)") },
            status: status)
    }

    // MARK: A new plan

    static func form(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard mayEdit(user, unit) else { throw Abort(.forbidden) }
        return PlanPages.planForm(
            req.page, unit: unit,
            input: PlanInput(
                phase1_name: "2026 - 2030", phase1_from: "2026", phase1_to: "2030",
                phase2_name: "2031 - 2035", phase2_from: "2031", phase2_to: "2035",
                rules: StandardRules.default.rules.map(\.rawValue), min_clubs: "1"),
            errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard mayEdit(user, unit) else { throw Abort(.forbidden) }
        let input = try req.content.decode(PlanInput.self)
        var errors = FormErrors()
        let title = (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors["title"] = req.t("plan.error.title") }
        var phases: [(String, Int, Int)] = []
        for (i, (name, from, to)) in [
            (input.phase1_name, input.phase1_from, input.phase1_to),
            (input.phase2_name, input.phase2_from, input.phase2_to),
        ].enumerated() {
            let n = (name ?? "").trimmingCharacters(in: .whitespaces)
            let f = (from ?? "").trimmingCharacters(in: .whitespaces)
            let t = (to ?? "").trimmingCharacters(in: .whitespaces)
            if n.isEmpty && f.isEmpty && t.isEmpty && i > 0 { continue }
            guard let fy = Int(f), (2000...2100).contains(fy) else {
                errors["phase\(i + 1)_from"] = req.t("plan.error.phase", i + 1)
                continue
            }
            guard let ty = Int(t), (fy...2100).contains(ty) else {
                errors["phase\(i + 1)_to"] = req.t("plan.error.phase", i + 1)
                continue
            }
            phases.append((n.isEmpty ? "\(fy) - \(ty)" : n, fy, ty))
        }
        if phases.count == 2 && phases[1].1 <= phases[0].2 - 1 { errors["phase2_from"] = req.t("plan.error.overlap") }
        let rules = (input.rules ?? []).compactMap(StandardRules.Rule.init(rawValue:))
        if rules.isEmpty { errors["rules"] = req.t("plan.error.rules") }
        let minClubs = Int((input.min_clubs ?? "").trimmingCharacters(in: .whitespaces))
        if minClubs == nil || !(1...20).contains(minClubs!) { errors["min_clubs"] = req.t("plan.error.min_clubs") }
        guard errors.isEmpty else { return PlanPages.planForm(req.page, unit: unit, input: input, errors: errors, status: .unprocessableEntity) }
        let plan = Plan()
        plan.$unit.id = try unit.requireID()
        plan.title = title
        plan.source = input.source.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        plan.standardRules = rules.map(\.rawValue).joined(separator: ",")
        plan.minStandardClubs = minClubs!
        plan.createdBy = user.id
        let chosenPhases = phases
        try await req.db.transaction { db in
            try await PlanStore.create(plan, phases: chosenPhases.map { (name: $0.0, from: $0.1, to: $0.2) }, on: db)
            try await Audit.record(req, "create", "plan", plan.id!.uuidString, detail: title, on: db)
        }
        return req.redirect(to: Paths.plans.link(unit.id!, query: [("done", "plan_created")]) + "#plan-\(plan.id!)", redirectType: .normal)
    }

    // MARK: Targets

    static func addTarget(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard mayEdit(user, unit) else { throw Abort(.forbidden) }
        let input = try req.content.decode(TargetInput.self)
        var errors = FormErrors()
        let def = IndicatorCatalogue.definition(input.indicator ?? "")
        if def == nil { errors["indicator"] = req.t("plan.error.indicator") }
        // The phase names its plan, which must be this unit's own.
        let ownPlans = try await Plan.query(on: req.db).filter(\.$unit.$id == unit.requireID()).all().compactMap(\.id)
        let phase =
            ownPlans.isEmpty
            ? nil
            : try await PlanPhaseRow.query(on: req.db).filter(\.$plan.$id ~~ ownPlans).all()
                .first { $0.id?.uuidString == input.phase }
        if phase == nil { errors["phase"] = req.t("plan.error.phase_choice") }
        // The plan's own unit, or one directly below it.
        var target: OrgUnit? = unit
        if let chosen = input.unit, !chosen.isEmpty, chosen != unit.id?.uuidString {
            target = try await UUID(uuidString: chosen).asyncFlatMap { try await OrgUnit.find($0, on: req.db) }
            if target?.$parent.id != unit.id || target?.unitStructure != .current {
                target = nil
                errors["unit"] = req.t("plan.error.unit")
            }
        }
        let text = (input.value ?? "").trimmingCharacters(in: .whitespaces)
        var value: Int64?
        if let def {
            switch def.unit {
            case .share: value = Target.parsePercent(text)
            case .count, .dong: value = VND.parse(text).flatMap { (0...Target.maxValue).contains($0) ? $0 : nil }
            case .average: value = Target.parseHundredths(text)
            }
            if value == nil { errors["value"] = req.t(def.unit == .share ? "plan.error.percent" : "plan.error.number") }
        }
        var minClubs: Int?
        // Read whenever it is typed, so a wrong number is never passed over in silence.
        if let m = input.min_clubs, !m.trimmingCharacters(in: .whitespaces).isEmpty {
            minClubs = Int(m.trimmingCharacters(in: .whitespaces))
            if minClubs == nil || !(1...20).contains(minClubs!) { errors["min_clubs"] = req.t("plan.error.min_clubs") }
        }
        guard errors.isEmpty, let def, let phase, let target, let value else {
            let form = PlanPages.TargetForm(input: input, errors: errors)
            return try await page(req, user: user, unit: unit, targetForm: form, status: .unprocessableEntity)
        }
        let n = minClubs
        try await req.db.transaction { db in
            // One target per phase, unit and indicator: a new value replaces the old, in the audit.
            let existing = try await PlanTarget.query(on: db).filter(\.$phase.$id == phase.requireID())
                .filter(\.$unit.$id == target.requireID()).filter(\.$indicator == def.code).first()
            let row = existing ?? PlanTarget()
            let before = existing.map { "\($0.value)" }
            row.$plan.id = phase.$plan.id
            row.$phase.id = try phase.requireID()
            row.$unit.id = try target.requireID()
            row.indicator = def.code
            row.value = value
            row.minClubs = n
            row.note = input.note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            row.createdBy = user.id
            try await row.save(on: db)
            try await Audit.record(
                req, existing == nil ? "create" : "update", "plan_target", row.id!.uuidString,
                detail: "\(def.code) \(before.map { $0 + " → " } ?? "")\(value) \(target.name)", on: db)
        }
        return req.redirect(to: Paths.plans.link(unit.id!, query: [("done", "target_saved")]) + "#plan-\(phase.$plan.id)", redirectType: .normal)
    }

    // MARK: Denominators

    static func mayEnterDenominators(_ user: CurrentUser) -> Bool {
        user.role.canWrite && user.role.keepsUnits
    }

    static func denominators(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current, unit.unitLevel == .commune else { throw Abort(.notFound) }
        let today = req.today
        return try await denominatorPage(
            req, user: user, unit: unit,
            input: DenominatorInput(year: String(today.year)), errors: FormErrors())
    }

    static func denominatorPage(
        _ req: Request, user: CurrentUser, unit: OrgUnit, input: DenominatorInput, errors: FormErrors,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let rows = try await Denominator.query(on: req.db).filter(\.$unit.$id == unit.requireID()).all()
            .sorted { ($0.year, $0.kind) > ($1.year, $1.kind) }
        let registered = try await OrgUnit.query(on: req.db).filter(\.$parent.$id == unit.requireID())
            .filter(\.$level == UnitLevel.village.rawValue).count()
        return PlanPages.denominators(
            req.page, unit: unit, rows: rows, registeredVillages: registered,
            canEdit: mayEnterDenominators(user), input: input, errors: errors,
            notice: (try? req.query.get(String.self, at: "done")) == "saved" ? req.t("denom.saved") : nil, status: status)
    }

    static func saveDenominators(req: Request) async throws -> Response {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current, unit.unitLevel == .commune else { throw Abort(.notFound) }
        guard mayEnterDenominators(user) else { throw Abort(.forbidden) }
        let input = try req.content.decode(DenominatorInput.self)
        let today = req.today
        var errors = FormErrors()
        let year = Int((input.year ?? "").trimmingCharacters(in: .whitespaces))
        if year == nil || !(2000...(today.year + 1)).contains(year!) { errors["year"] = req.t("denom.error.year", today.year + 1) }
        func number(_ text: String?, _ field: String) -> Int?? {
            let s = (text ?? "").trimmingCharacters(in: .whitespaces)
            if s.isEmpty { return .some(nil) }
            guard let v = VND.parse(s), v >= 0, v <= 10_000_000 else {
                errors[field] = req.t("denom.error.number")
                return nil
            }
            return .some(Int(v))
        }
        let villages = number(input.villages, "villages")
        let older = number(input.older_people, "older_people")
        if case .some(nil) = villages, case .some(nil) = older { errors["villages"] = req.t("denom.error.none") }
        let source = (input.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if source.isEmpty { errors["source"] = req.t("denom.error.source") }
        guard errors.isEmpty, let year else {
            return try await denominatorPage(req, user: user, unit: unit, input: input, errors: errors, status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            for (kind, value) in [(Denominator.Kind.villages, villages), (.olderPeople, older)] {
                guard case .some(.some(let v)) = value else { continue }
                let existing = try await Denominator.query(on: db).filter(\.$unit.$id == unit.requireID())
                    .filter(\.$year == year).filter(\.$kind == kind.rawValue).first()
                let row = existing ?? Denominator()
                let before = existing.map { "\($0.value) → " } ?? ""
                row.$unit.id = try unit.requireID()
                row.year = year
                row.kind = kind.rawValue
                row.value = v
                row.source = source
                row.enteredBy = user.id
                row.enteredAt = req.application.clock.now()
                try await row.save(on: db)
                try await Audit.record(
                    req, existing == nil ? "create" : "update", "denominator", row.id!.uuidString,
                    detail: "\(year) \(kind.rawValue) \(before)\(v)", on: db)
            }
        }
        return req.redirect(to: Paths.denominators.link(unit.id!, query: [("done", "saved")]), redirectType: .normal)
    }
}

extension Optional {
    func asyncFlatMap<U>(_ f: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let v = self else { return nil }
        return try await f(v)
    }
}
