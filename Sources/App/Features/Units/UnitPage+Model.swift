import Foundation
import ISHCCore

struct UnitPageModel {
    let unit: OrgUnit
    let ancestors: [OrgUnit]
    let children: [OrgUnit]
    let allChildrenCount: Int
    let counts: [String: SubtreeCounts]
    var totals: SubtreeCounts
    let query: String
    var successors: [(unit: OrgUnit, primary: Bool, visible: Bool)] = []
    var predecessors: [(unit: OrgUnit, place: String, visible: Bool)] = []
    var club: Club?
    var composition: [CompositionCheck] = []
    var compositionDay = Day.reform2025
    var compositionDayInput = ""
    var compositionDayError: String?
    var members: [Member]?
    var formerMembers: [Member] = []
    var boardTerms: [BoardTerm] = []
    /// Names of everyone who held a board role, former members included.
    var memberNames: [UUID: String] = [:]
    var boardForm: (FormErrors, BoardInput)?
    var canManageBoard = false
    var mergeTargets: [OrgUnit] = []
    var mergedInto: OrgUnit?
    var canImport = false
    var meetingMonths: [MonthKey] = []
    var meetingCoverage: [MonthKey: Set<Int>] = [:]
    var meetingStates: [MonthKey: MonthlyMeetings.MonthState] = [:]
    var recentMeetings: [Meeting] = []
    var canRecordMeeting = false
    var activities: ActivitySummary?
    /// A club's rules met and missed this year.
    var standard: StandardSummary?
    var canExportClubs = false
    var canAddVillage = false
    var canAddMember = false
    var canAddClub = false
    var canManageClub = false
    var statusHistory: [ClubStatusChange] = []
    var statusForm: (FormErrors, ClubStatusInput)?
    var notice: String?
    var canExport = false
    var canAddUser = false
    var showLegacyLink = false
}
