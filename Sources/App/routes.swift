import Vapor

/// Every route of the system, grouped: the table of contents. Each path comes from `Paths`, which
/// the pages also use for their links.
func routes(_ app: Application) throws {
    // Health, for load balancers and monitors.
    app.get(Paths.healthz.components, use: HealthController.check)
    app.get(Paths.ping.components, use: HealthController.ping)

    // Signing in and out, language.
    app.get(Paths.home.components, use: HomeController.home)
    app.get(Paths.login.components, use: LoginController.form)
    app.post(Paths.login.components, use: LoginController.submit)
    app.post(Paths.logout.components, use: LoginController.logout)
    app.post(Paths.language.components, use: LanguageController.choose)

    // The unit tree: a unit's page with its children, history, and villages added by the commune.
    app.get(Paths.unit.components, use: UnitController.show)
    app.get(Paths.newVillage.components, use: VillageController.form)
    app.post(Paths.newVillage.components, use: VillageController.create)
    app.get(Paths.legacyProvinces.components, use: UnitController.legacyProvinces)

    // Clubs: founded under a commune, edited, paused, dissolved or merged with the day it happened.
    app.get(Paths.newClub.components, use: ClubController.form)
    app.post(Paths.newClub.components, use: ClubController.create)
    app.get(Paths.editClub.components, use: ClubController.editForm)
    app.post(Paths.editClub.components, use: ClubController.update)
    app.post(Paths.clubStatus.components, use: ClubController.changeStatus)
    app.post(Paths.clubBoard.components, use: BoardController.assign)

    // Members of a club: add, see, edit, record leaving.
    app.get(Paths.newMember.components, use: MemberController.form)
    app.post(Paths.newMember.components, use: MemberController.create)
    app.get(Paths.member.components, use: MemberController.show)
    app.get(Paths.editMember.components, use: MemberController.editForm)
    app.post(Paths.editMember.components, use: MemberController.update)
    app.post(Paths.memberLeave.components, use: MemberController.leave)
    app.post(Paths.memberMove.components, use: MemberController.move)
    app.post(Paths.memberRejoin.components, use: MemberController.rejoin)

    // Monthly meetings: who came, which of the eight areas, topics and notes.
    app.get(Paths.newMeeting.components, use: MeetingController.form)
    app.post(Paths.newMeeting.components, use: MeetingController.create)
    app.get(Paths.meeting.components, use: MeetingController.show)
    app.get(Paths.editMeeting.components, use: MeetingController.editForm)
    app.post(Paths.editMeeting.components, use: MeetingController.update)

    // Activities of a club or a unit (mutual help, rights, events, trainings, supervision,
    // communication, commendations): a year's list, record, see, edit; every page prints.
    app.get(Paths.activities.components, use: ActivityController.list)
    app.get(Paths.newActivity.components, use: ActivityController.form)
    app.post(Paths.newActivity.components, use: ActivityController.create)
    app.get(Paths.activity.components, use: ActivityController.show)
    app.get(Paths.editActivity.components, use: ActivityController.editForm)
    app.post(Paths.editActivity.components, use: ActivityController.update)

    // Dashboards: a unit's targets, indicators, trend, ranking and map; officers' early warnings;
    // plans with phases and targets; the denominators a commune enters per year.
    app.get(Paths.dashboard.components, use: DashboardController.show)
    app.get(Paths.warnings.components, use: DashboardController.warnings)
    app.get(Paths.plans.components, use: PlanController.list)
    app.get(Paths.newPlan.components, use: PlanController.form)
    app.post(Paths.newPlan.components, use: PlanController.create)
    app.post(Paths.planTargets.components, use: PlanController.addTarget)
    app.get(Paths.denominators.components, use: PlanController.denominators)
    app.post(Paths.denominators.components, use: PlanController.saveDenominators)

    // Health checks: a session's readings for many members at once; each reading edited alone.
    app.get(Paths.healthChecks.components, use: HealthCheckController.list)
    app.get(Paths.newHealthChecks.components, use: HealthCheckController.form)
    app.post(Paths.newHealthChecks.components, use: HealthCheckController.create)
    app.get(Paths.editHealthCheck.components, use: HealthCheckController.editForm)
    app.post(Paths.editHealthCheck.components, use: HealthCheckController.update)

    // Home care: volunteers, the people they care for, and their visits.
    app.get(Paths.homeCare.components, use: HomeCareController.overview)
    app.get(Paths.newCareRecipient.components, use: HomeCareController.recipientForm)
    app.post(Paths.newCareRecipient.components, use: HomeCareController.createRecipient)
    app.get(Paths.careRecipient.components, use: HomeCareController.recipient)
    app.get(Paths.editCareRecipient.components, use: HomeCareController.editRecipientForm)
    app.post(Paths.editCareRecipient.components, use: HomeCareController.updateRecipient)
    app.post(Paths.newCareVisit.components, use: HomeCareController.createVisit)
    app.get(Paths.editCareVisit.components, use: HomeCareController.editVisitForm)
    app.post(Paths.editCareVisit.components, use: HomeCareController.updateVisit)

    // A club's funds: balances and indicators, money in and out, the cash book, loans with their
    // schedules, repayments and write-offs; a mistake is reversed, never edited.
    app.get(Paths.funds.components, use: FundController.overview)
    app.get(Paths.newFundEntry.components, use: FundController.entryForm)
    app.post(Paths.newFundEntry.components, use: FundController.createEntry)
    app.get(Paths.cashBook.components, use: FundController.cashBook)
    app.get(Paths.cashBookXLSX.components, use: FundController.cashBookXLSX)
    app.post(Paths.reverseEntry.components, use: FundController.reverse)
    app.get(Paths.newLoan.components, use: LoanController.form)
    app.post(Paths.newLoan.components, use: LoanController.create)
    app.get(Paths.loan.components, use: LoanController.show)
    app.post(Paths.loanRepayments.components, use: LoanController.repay)
    app.post(Paths.loanWriteOff.components, use: LoanController.writeOff)
    app.post(Paths.loanReschedule.components, use: LoanController.reschedule)
    app.post(Paths.fundSettings.components, use: FundController.settings)

    // Six-month and annual reports: written and sent by the unit, approved or returned above,
    // frozen once sent; printed as an administrative document and as Excel; who sent on time.
    app.get(Paths.reports.components, use: ReportController.list)
    app.post(Paths.reports.components, use: ReportController.create)
    app.get(Paths.report.components, use: ReportController.show)
    app.post(Paths.report.components, use: ReportController.save)
    app.post(Paths.reportDecision.components, use: ReportController.decide)
    app.get(Paths.reportPrint.components, use: ReportController.printView)
    app.get(Paths.reportXLSX.components, use: ReportController.xlsx)
    app.get(Paths.reportSchedules.components, use: ReportController.schedules)
    app.post(Paths.reportSchedules.components, use: ReportController.saveSchedules)

    // A member list from a spreadsheet: uploaded, previewed row by row, then confirmed as a whole.
    app.get(Paths.memberImport.components, use: ImportController.form)
    app.on(.POST, Paths.memberImport.components, body: .collect(maxSize: ByteCount(value: CSRFMiddleware.uploadLimit)), use: ImportController.upload)
    app.get(Paths.importPreview.components, use: ImportController.preview)
    app.post(Paths.importConfirm.components, use: ImportController.confirm)

    // Member and club lists as spreadsheets, for the unit's subtree.
    app.get(Paths.membersCSV.components, use: ExportController.membersCSV)
    app.get(Paths.membersXLSX.components, use: ExportController.membersXLSX)
    app.get(Paths.clubsCSV.components, use: ExportController.clubsCSV)
    app.get(Paths.clubsXLSX.components, use: ExportController.clubsXLSX)

    // One search over units, clubs and members in one's subtree.
    app.get(Paths.search.components, use: SearchController.search)

    // Users below one's own unit.
    app.get(Paths.users.components, use: UserController.list)
    app.get(Paths.newUser.components, use: UserController.form)
    app.post(Paths.newUser.components, use: UserController.create)
    app.get(Paths.user.components, use: UserController.show)
    app.post(Paths.resetPassword.components, use: UserController.resetPassword)
    app.post(Paths.userActive.components, use: UserController.setActive)

    // One's own account.
    app.get(Paths.account.components, use: AccountController.show)
    app.get(Paths.changePassword.components, use: AccountController.passwordForm)
    app.post(Paths.changePassword.components, use: AccountController.changePassword)
}
