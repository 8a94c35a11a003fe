/// Password rules. Bcrypt reads only the first 72 bytes, and a Vietnamese letter takes 2-3 bytes
/// in UTF-8, so the cap is in bytes, not characters.
public enum PasswordPolicy {
    public static let minCharacters = 8
    public static let maxBytes = 72

    public enum Problem: Equatable, Sendable {
        case tooShort, tooLong, mismatch, sameAsUsername, sameAsUnit, common
    }

    /// `common` is the list of passwords too widely used to keep anyone out (lower case);
    /// `unitName` the user's unit, whose name is the first thing a guesser tries.
    public static func check(
        _ password: String, confirmation: String? = nil, username: String? = nil,
        unitName: String? = nil, common: Set<String> = []
    ) -> Problem? {
        if password.count < minCharacters { return .tooShort }
        if password.utf8.count > maxBytes { return .tooLong }
        let lowered = password.lowercased()
        if let username, !username.isEmpty, lowered == username.lowercased() { return .sameAsUsername }
        if let unitName, !unitName.isEmpty {
            let squeezed = { (s: String) in VietnameseText.fold(s).filter { !$0.isWhitespace } }
            if squeezed(password) == squeezed(unitName) { return .sameAsUnit }
        }
        if common.contains(lowered) { return .common }
        if let confirmation, confirmation != password { return .mismatch }
        return nil
    }
}

/// Login throttling: after `maxFailures` failed attempts inside `window`, further attempts are
/// refused until the oldest counted failure leaves the window.
/// Login slows down instead of locking: the first failures in the window are free, then each
/// attempt waits twice as long as the last (1, 2, 4, … seconds) up to a cap, counted from the
/// latest failure. No one can shut an account's owner out for long: failures from elsewhere
/// make her wait at most a minute (and not at all from an address she logged in from).
public struct LoginThrottle: Sendable {
    public let free: Int
    public let cap: Double
    public let window: Double

    public init(free: Int, cap: Double, window: Double = 15 * 60) {
        self.free = free
        self.cap = cap
        self.window = window
    }

    /// One account from one address: the owner's own typos, or someone guessing from one place.
    public static let perAccountAddress = LoginThrottle(free: 5, cap: 15 * 60)
    /// One account from every address, for an address the account has not logged in from.
    public static let perAccount = LoginThrottle(free: 5, cap: 60)
    /// One address for every account: a commune office behind one router waits seconds, not minutes.
    public static let perAddress = LoginThrottle(free: 20, cap: 30)

    /// The wait after `n` failures in the window.
    public func delay(afterFailures n: Int) -> Double {
        guard n >= free else { return 0 }
        let doublings = n - free
        return doublings >= 20 ? cap : min(cap, Double(1 << doublings))
    }

    /// Seconds to wait before the next attempt is allowed, or nil when allowed now.
    /// `failures` are the times (seconds since any epoch) of recent failed attempts.
    public func retryAfter(failures: [Double], now: Double) -> Double? {
        let recent = failures.filter { now - $0 < window }
        guard let last = recent.max() else { return nil }
        let wait = last + delay(afterFailures: recent.count) - now
        return wait > 0 ? max(1, wait) : nil
    }
}
