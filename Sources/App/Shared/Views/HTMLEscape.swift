import Plot

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

/// The page's `<title>`, its only dynamic value in the head, escaped as an attribute is (quotes
/// too). Plot's own `.title` also writes the value unescaped into social `<meta>` tags, which
/// nothing here needs, so every page's head takes its title from here.
func headTitle(_ title: String) -> Node<HTML.HeadContext> {
    .raw("<title>\(attr(title))</title>")
}
