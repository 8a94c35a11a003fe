import ISHCCore

extension DayProblem {
    /// In the words every form uses for a day.
    static func text(_ p: DayProblem, _ t: Texts) -> String {
        switch p {
        case .unreadable: return t("activity.error.day")
        case .future: return t("activity.error.future")
        case .beforeEarliest(let day): return t("activity.error.before_founding", day.vietnamese)
        }
    }
}
