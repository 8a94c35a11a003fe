import Fluent
import ISHCCore
import Vapor

/// Computes the nation's club facts for this year and its first six months when the server starts
/// and again just after each midnight, so the first officer of the day does not wait while every
/// club is computed. Writes keep the facts in step (`ClubFactsCache`); this only fills them ahead.
/// It fills the server's memo of communes too (`FactsMemo`). `ISHC_WARM_FACTS=0` turns it off.
enum FactsWarmer {
    static func start(_ app: Application) -> Task<Void, Never>? {
        guard app.config.warmFacts else { return nil }
        return Task.detached {
            while !Task.isCancelled {
                await FactsMemo.$current.withValue(app.factsMemo) { await warm(app) }
                try? await Task.sleep(for: .seconds(secondsToNextMorning(app.clock.now())))
            }
        }
    }

    /// Seconds from `now` to five past midnight in Vietnam.
    static func secondsToNextMorning(_ now: Date) -> Double {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.vietnam
        let midnight =
            cal.nextDate(after: now, matching: DateComponents(hour: 0, minute: 5), matchingPolicy: .nextTime) ?? now.addingTimeInterval(86_400)
        return max(60, midnight.timeIntervalSince(now))
    }

    static func warm(_ app: Application) async {
        do {
            guard let nation = try await OrgUnit.query(on: app.db).filter(\.$path == UnitPath.root).first() else { return }
            let today = Day(app.clock.now())
            let started = Date()
            // The dashboards' periods and the reports' (the same unless the centre changed them).
            var periods: [(Day, Day)] = [
                (Day(year: today.year, month: 1, day: 1)!, Day(year: today.year, month: 12, day: 31)!),
                (Day(year: today.year, month: 1, day: 1)!, Day(year: today.year, month: 6, day: 30)!),
            ]
            for kind in ReportKind.allCases {
                let s = try await ReportStore.schedule(kind, on: app.db)
                if !periods.contains(where: { $0 == (s.start(today.year), s.end(today.year)) }) {
                    periods.append((s.start(today.year), s.end(today.year)))
                }
            }
            // The plans' phases under way: their targets for flows (new clubs, …) count the whole phase.
            for row in try await PlanPhaseRow.query(on: app.db).all() {
                guard let phase = row.phase, phase.start <= today, today <= phase.end,
                    !periods.contains(where: { $0 == (phase.start, phase.end) })
                else { continue }
                periods.append((phase.start, phase.end))
            }
            // The dashboards' trend: the four years before.
            for year in (today.year - 4)..<today.year {
                periods.append((Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!))
            }
            for (start, end) in periods where start <= today {
                _ = try await IndicatorStore.gather(under: nation, start: start, end: end, today: today, on: app.db)
            }
            app.logger.info("Club facts ready for \(periods.count) periods in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        } catch {
            app.logger.warning("Club facts not prepared: \(String(reflecting: error))")
        }
    }
}
