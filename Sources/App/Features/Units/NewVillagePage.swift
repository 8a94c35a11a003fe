import Plot
import Vapor

enum NewVillagePage {
    static func render(
        _ ctx: PageContext, commune: OrgUnit, name: String, kind: String, errors: FormErrors,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        return Layout.page(
            ctx, title: t("village.add_title", commune.name), status: status,
            Form.errorSummary(ctx, errors),
            Form.post(
                ctx, action: Paths.newVillage.link(commune.id!),
                Form.select(
                    t("village.kind"), name: "kind",
                    options: OrgUnit.villageKinds.map { (value: $0, label: $0) }, selected: kind),
                Form.field(
                    t("village.name"), name: "name", value: name, error: errors["name"],
                    .init(required: true, hint: t("village.name_hint"), autofocus: true)),
                Form.submit(t("village.save"))),
            .p(.a(.class("button secondary"), .href(Paths.unit.link(commune.id!)), .text(t("form.cancel")))))
    }
}
