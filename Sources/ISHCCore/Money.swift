import Foundation

/// Amounts in whole đồng: VND has no minor unit, so money is an `Int64`, never a floating number.
public enum VND {
    /// `1250000` → `1.250.000 đ`
    public static func format(_ amount: Int64) -> String {
        group(amount) + " đ"
    }

    /// Digits grouped by dots as Vietnamese write them: `3321` → `3.321`.
    public static func group(_ amount: Int64) -> String {
        let digits = String(amount.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return (amount < 0 ? "-" : "") + out
    }

    /// Accepts `1250000`, `1.250.000`, `1,250,000`, `1 250 000` and a trailing `đ`/`VND`.
    /// Returns nil for anything else (decimals, letters, empty, out of range).
    public static func parse(_ text: String) -> Int64? {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased()
        for suffix in ["vnđ", "vnd", "đồng", "đ", "d"] where t.hasSuffix(suffix) {
            t = String(t.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        var negative = false
        if t.hasPrefix("-") {
            negative = true
            t.removeFirst()
        }
        let groups = t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," || $0 == " " })
        guard let first = groups.first, !first.isEmpty, first.count <= 3 || groups.count == 1 else { return nil }
        // With separators, every group after the first has exactly three digits.
        if groups.count > 1 && groups.dropFirst().contains(where: { $0.count != 3 }) { return nil }
        let digits = groups.joined()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { return nil }
        return negative ? -value : value
    }
}
