import Fluent
import ISHCCore
import Vapor

/// Villages and residential groups: the commune enters these under its own commune.
enum VillageController {

    struct Input: Content {
        var name: String?
        var kind: String?
    }

    static func form(req: Request) async throws -> Response {
        let (user, commune) = try await authorise(req)
        _ = user
        return NewVillagePage.render(req.page, commune: commune, name: "", kind: OrgUnit.villageKinds[0], errors: FormErrors())
    }

    static func create(req: Request) async throws -> Response {
        let (_, commune) = try await authorise(req)
        let input = try req.content.decode(Input.self)
        let name = VietnameseText.normalize(input.name ?? "")
        let kind = OrgUnit.villageKinds.contains(input.kind ?? "") ? input.kind! : OrgUnit.villageKinds[0]
        let t = req.t

        var errors = FormErrors()
        if name.isEmpty {
            errors["name"] = t("village.error.name_required")
        } else if VietnameseText.tooLong(name, 100) {
            errors["name"] = t("village.error.name_too_long")
        } else if VietnameseText.hasControl(name) {
            errors["name"] = t("form.error.control")
        } else {
            let key = VietnameseText.fold(name)
            let clash = try await OrgUnit.query(on: req.db).filter(\.$parent.$id == commune.requireID())
                .filter(\.$level == UnitLevel.village.rawValue).filter(\.$nameKey == key).first()
            if clash != nil { errors["name"] = t("village.error.duplicate", name) }
        }
        guard errors.isEmpty else {
            return NewVillagePage.render(req.page, commune: commune, name: name, kind: kind, errors: errors, status: .unprocessableEntity)
        }

        let id = UUID()
        let path = UnitPath.child(of: commune.path, segment: UnitPath.segment("v", id: id))
        let village = OrgUnit(
            id: id, structure: .current, level: .village, code: nil, name: name, kind: kind,
            parentID: try commune.requireID(), path: path)
        village.validFrom = req.today.iso
        try await req.db.transaction { db in
            try await village.create(on: db)
            try await Audit.record(req, "create", "village", id.uuidString, detail: name, on: db)
        }
        return req.redirect(to: Paths.unit.link(try commune.requireID(), query: [("added", id.uuidString)]), redirectType: .normal)
    }

    /// Only officers and administrators whose subtree holds this 2025 commune add villages to it.
    private static func authorise(_ req: Request) async throws -> (CurrentUser, OrgUnit) {
        let (user, unit) = try await Scope.unit(req)
        guard unit.unitStructure == .current, unit.unitLevel == .commune else { throw AppError.notFound }
        guard user.role.keepsUnits else { throw AppError.forbidden }
        return (user, unit)
    }
}
