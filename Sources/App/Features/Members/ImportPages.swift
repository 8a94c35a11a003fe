import ISHCCore
import Plot
import Vapor

/// The upload form and the row-by-row preview of a member list.
enum ImportPages {
    static func form(_ ctx: PageContext, clubUnit: OrgUnit, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let t = ctx.t
        let fileID = "f-file"
        var fileNodes: [Node<HTML.BodyContext>] = [
            .attribute(named: "type", value: "file"), .attribute(named: "id", value: fileID), .attribute(named: "name", value: "file"),
            .attribute(named: "accept", value: ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"),
            .attribute(named: "aria-describedby", value: errors["file"] == nil ? "\(fileID)-hint" : "\(fileID)-hint \(fileID)-error"),
        ]
        if errors["file"] != nil { fileNodes.append(.attribute(named: "aria-invalid", value: "true")) }
        return Layout.page(
            ctx, title: t("import.title"),
            breadcrumbs: [(clubUnit.name, Paths.unit.link(clubUnit.id!)), (t("import.title"), "")], status: status,
            .p(.class("lead"), .text(clubUnit.name)),
            .ol(.class("steps"), .li(.text(t("import.step1"))), .li(.text(t("import.step2"))), .li(.text(t("import.step3")))),
            .element(
                named: "details",
                nodes: [
                    .element(named: "summary", nodes: [.text(t("import.columns_title"))]),
                    .ul(
                        .forEach([
                            "import.col.name", "import.col.gender", "import.col.birth", "import.col.ethnicity", "import.col.village",
                            "import.col.phone", "import.col.joined", "import.col.flags",
                        ]) { .li(.text(t($0))) }),
                    .p(.class("hint"), .text(t("import.columns_hint"))),
                ]),
            Form.errorSummary(ctx, errors),
            Form.upload(
                ctx, action: Paths.memberImport.link(clubUnit.id!),
                .div(
                    .class(errors["file"] == nil ? "field" : "field has-error"),
                    .label(.for(fileID), .text(t("import.file"))),
                    .p(.class("hint"), .id("\(fileID)-hint"), .text(t("import.file_hint"))),
                    .unwrap(errors["file"]) { .p(.class("error"), .id("\(fileID)-error"), .text($0)) },
                    .element(named: "input", nodes: fileNodes)),
                Form.checkbox(t("import.consent"), name: "consent", checked: false, error: errors["consent"], hint: t("member.consent_hint")),
                Form.submit(t("import.preview_submit"))),
            .p(.a(.class("button secondary"), .href(Paths.unit.link(clubUnit.id!)), .text(t("form.cancel")))))
    }

    static func preview(
        _ ctx: PageContext, record: MemberImport, result: MemberSheet.Result, clubUnit: OrgUnit,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let t = ctx.t
        let applied = record.appliedAt != nil
        let skipped = result.rows.filter { $0.skipped && $0.errors.isEmpty }.count
        let blocking = result.fileProblems.filter { if case .ignoredColumn = $0 { return false } else { return true } }
        let ignored = result.fileProblems.compactMap { p -> String? in if case .ignoredColumn(let name) = p { return name } else { return nil } }
        let errorLines = result.rows.filter { !$0.errors.isEmpty }.map(\.line)
        return Layout.page(
            ctx, title: t("import.preview_title", record.fileName),
            breadcrumbs: [(clubUnit.name, Paths.unit.link(clubUnit.id!)), (t("import.preview_crumb"), "")], status: status,
            .p(.class("lead"), .text(clubUnit.name)),
            applied
                ? .div(
                    .class("notice notice-ok"), .attribute(named: "role", value: "status"),
                    .p(
                        .text(
                            t(
                                "import.applied", VND.group(Int64(record.appliedCount ?? 0)),
                                record.appliedAt.map { Day($0).vietnamese } ?? ""))))
                : result.canImport
                    ? .div(
                        .class("notice notice-ok"), .attribute(named: "role", value: "status"),
                        .p(.text(t("import.ready", VND.group(Int64(result.importCount))))),
                        .if(skipped > 0, .p(.text(t("import.ready_skipped", skipped)))))
                    : .div(
                        .class("error-summary"), .attribute(named: "role", value: "alert"), .id("error-summary"),
                        .h2(.text(t("import.blocked_title"))),
                        .ul(
                            .forEach(blocking) { .li(.text(describe(t, $0))) },
                            .if(
                                !errorLines.isEmpty,
                                .group(
                                    .li(.text(t("import.error_rows", errorLines.count))),
                                    .li(
                                        .forEach(Array(errorLines.prefix(30))) { line in
                                            .a(.href("#row-\(line)"), .text(t("import.line", line) + " "))
                                        }))),
                            .if(blocking.isEmpty && errorLines.isEmpty && result.importCount == 0, .li(.text(t("import.nothing_new"))))),
                        .p(.text(t("import.nothing_written")))),
            .if(!ignored.isEmpty, .p(.class("hint"), .text(t("import.ignored_columns", ignored.joined(separator: ", "))))),
            .if(
                !applied && result.canImport,
                Form.post(
                    ctx, action: Paths.importConfirm.link(record.id!),
                    .button(.type(.submit), .class("primary"), .text(t("import.confirm", VND.group(Int64(result.importCount))))))),
            .div(
                .class("actions"),
                .if(!applied, .a(.class("button secondary"), .href(Paths.memberImport.link(clubUnit.id!)), .text(t("import.another")))),
                .a(.class("button secondary"), .href(Paths.unit.link(clubUnit.id!)), .text(t("member.back_to_club")))),
            .if(
                !result.rows.isEmpty,
                .section(
                    .attribute(named: "aria-labelledby", value: "rows-h"),
                    .h2(.id("rows-h"), .text(t("import.rows_title", VND.group(Int64(result.rows.count))))),
                    .ul(.class("rows import-rows"), .forEach(result.rows) { row in rowNode(t, row, applied: applied) }),
                    // The same choice again at the end of a long list.
                    .if(
                        !applied && result.canImport && result.rows.count > 10,
                        Form.post(
                            ctx, action: Paths.importConfirm.link(record.id!),
                            .button(.type(.submit), .class("primary"), .text(t("import.confirm", VND.group(Int64(result.importCount))))))))))
    }

    private static func rowNode(_ t: Texts, _ row: MemberSheet.Row, applied: Bool) -> Node<HTML.ListContext> {
        let outcome: (String, String)
        if !row.errors.isEmpty {
            outcome = ("outcome outcome-error", t("import.outcome.error"))
        } else if row.skipped {
            outcome = ("outcome outcome-skip", t("import.outcome.skip"))
        } else {
            outcome = ("outcome outcome-ok", applied ? t("import.outcome.added") : t("import.outcome.add"))
        }
        var facts: [String] = []
        if let p = row.person {
            facts.append(t("gender.\(p.gender.rawValue)"))
            facts.append(p.birthDate.flatMap(Day.init(iso:))?.vietnamese ?? String(p.birthYear))
            if let v = p.villageName { facts.append(v) }
            if let e = p.ethnicity { facts.append(e) }
            if let joined = Day(iso: p.joinedOn) { facts.append(t(p.joinedGiven ? "import.joined" : "import.joined_default", joined.vietnamese)) }
            if !p.flags.isEmpty { facts.append(p.flags.map { t("member.flag.\($0)") }.joined(separator: ", ")) }
        }
        return .li(
            .id("row-\(row.line)"),
            .span(.class("row-title"), .text("\(t("import.line", row.line)) · \(row.shownName.isEmpty ? "—" : row.shownName)")),
            .span(.class(outcome.0), .text(outcome.1)),
            .if(!facts.isEmpty, .span(.class("row-meta"), .text(facts.joined(separator: " · ")))),
            .forEach(row.errors) { .span(.class("row-error"), .text(describe(t, $0))) },
            .forEach(row.warnings) { .span(.class("row-warning"), .text(describe(t, $0))) },
            .if(row.skipped && row.errors.isEmpty, .span(.class("row-meta"), .text(describe(t, .alreadyInClub)))))
    }

    static func describe(_ t: Texts, _ problem: MemberSheet.Problem) -> String {
        switch problem {
        case .noHeader: return t("import.problem.no_header")
        case .noRows: return t("import.problem.no_rows")
        case .tooManyRows(let limit): return t("import.problem.too_many", VND.group(Int64(limit)))
        case .ignoredColumn(let name): return t("import.ignored_columns", name)
        case .missingColumn(let column): return t("import.problem.missing_column", t("import.column.\(column.rawValue)"))
        case .missingName: return t("import.problem.missing_name")
        case .nameTooLong: return t("member.error.name_long")
        case .nameControl: return t("form.error.control")
        case .missingGender: return t("import.problem.missing_gender")
        case .bothGenders: return t("import.problem.both_genders")
        case .badGender(let v): return t("import.problem.bad_gender", v)
        case .missingBirth: return t("import.problem.missing_birth")
        case .badBirth(let v): return t("import.problem.bad_birth", v)
        case .badJoined(let v): return t("import.problem.bad_joined", v)
        case .joinedBeforeBirth: return t("import.problem.joined_before_birth")
        case .badPhone(let v): return t("import.problem.bad_phone", v)
        case .badFlag(let header, let value): return t("import.problem.bad_flag", value, header)
        case .unknownVillage(let v): return t("import.problem.unknown_village", v)
        case .sameInFile(let line): return t("import.problem.same_in_file", line)
        case .likelyDuplicate(let name, let club): return t("import.problem.likely_duplicate", name, club)
        case .alreadyInClub: return t("import.problem.already_in_club")
        }
    }
}
