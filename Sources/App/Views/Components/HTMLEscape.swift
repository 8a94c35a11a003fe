/// Plot escapes text but writes attribute values as given, so every value that can hold user
/// input goes through `attr` before it reaches an attribute.
func attr(_ value: String) -> String {
    var out = ""
    out.reserveCapacity(value.count)
    for ch in value {
        switch ch {
        case "&": out += "&amp;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        default: out.append(ch)
        }
    }
    return out
}
