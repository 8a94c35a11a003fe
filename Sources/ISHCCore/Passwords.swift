/// Password rules. Bcrypt reads only the first 72 bytes, and a Vietnamese letter takes 2-3 bytes
/// in UTF-8, so the cap is in bytes, not characters.
public enum PasswordPolicy {
    public static let minCharacters = 8
    public static let maxBytes = 72

    public enum Problem: Equatable, Sendable {
        case tooShort, tooLong, mismatch, sameAsUsername
    }

    public static func check(_ password: String, confirmation: String? = nil, username: String? = nil) -> Problem? {
        if password.count < minCharacters { return .tooShort }
        if password.utf8.count > maxBytes { return .tooLong }
        if let username, !username.isEmpty, password.lowercased() == username.lowercased() { return .sameAsUsername }
        if let confirmation, confirmation != password { return .mismatch }
        return nil
    }
}

/// Login throttling: after `maxFailures` failed attempts inside `window`, further attempts are
/// refused until the oldest counted failure leaves the window.
public struct LoginThrottle: Sendable {
    public let maxFailures: Int
    public let window: Double

    public init(maxFailures: Int, window: Double) {
        self.maxFailures = maxFailures
        self.window = window
    }

    public static let perAccount = LoginThrottle(maxFailures: 5, window: 15 * 60)
    public static let perAddress = LoginThrottle(maxFailures: 20, window: 15 * 60)

    /// Seconds to wait before the next attempt is allowed, or nil when allowed now.
    /// `failures` are the times (seconds since any epoch) of recent failed attempts.
    public func retryAfter(failures: [Double], now: Double) -> Double? {
        let recent = failures.filter { now - $0 < window }.sorted()
        guard recent.count >= maxFailures else { return nil }
        let oldestCounted = recent[recent.count - maxFailures]
        return max(1, window - (now - oldestCounted))
    }
}
