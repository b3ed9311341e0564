/// One problem found in a scenario file, with where it is and how to fix it.
///
/// Rendered (``rendered()``) in the compiler style of DESIGN §2:
/// ```
/// ami.scenario:8:48: error: a probability must lie in [0, 1], found 1.2
///   stage poc duration 1 year success 1.2 cost 150k€ per project-year
///                                     ^~~
/// hint: write a probability as `0.45` or `45%`
/// ```
public struct Diagnostic: Sendable, Hashable {
    /// Errors stop the scenario from compiling; warnings flag suspicious but legal input.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var message: String
    /// The file name shown in front of the position.
    public var fileName: String
    /// 1-based line; 0 when the diagnostic is about the file as a whole and has no position.
    public var line: Int
    /// 1-based column, counted in characters (combining marks do not count).
    public var column: Int
    /// Length of the culprit in characters (0 for a point, such as the end of a line).
    public var length: Int
    /// A suggestion shown on its own line after the excerpt, or nil.
    public var hint: String?
    /// The source line (a window of it when the line is very long) and where the caret goes in it;
    /// nil for whole-file diagnostics.
    public var excerpt: Excerpt?

    /// The part of the source line shown under the message.
    public struct Excerpt: Sendable, Hashable {
        /// The text shown (the line, or a window of a long line with `…` at the cut ends).
        public var text: String
        /// 1-based character column of the caret within ``text``.
        public var caretColumn: Int
        /// Characters underlined: `^` then `~` for the rest.
        public var caretLength: Int

        public init(text: String, caretColumn: Int, caretLength: Int) {
            self.text = text
            self.caretColumn = caretColumn
            self.caretLength = caretLength
        }
    }

    public init(
        severity: Severity, message: String, fileName: String, line: Int, column: Int, length: Int,
        hint: String? = nil, excerpt: Excerpt? = nil
    ) {
        self.severity = severity
        self.message = message
        self.fileName = fileName
        self.line = line
        self.column = column
        self.length = length
        self.hint = hint
        self.excerpt = excerpt
    }

    /// `file:line:col: severity: message`, the excerpt and caret lines, and `hint: …`; every line
    /// ends with a newline.
    public func rendered() -> String {
        var out = fileName
        if line > 0 { out += ":\(line):\(column)" }
        out += ": \(severity.rawValue): \(message)\n"
        if let excerpt {
            out += excerpt.text + "\n"
            out += Self.caretLine(under: excerpt) + "\n"
        }
        if let hint { out += "hint: \(hint)\n" }
        return out
    }

    /// Spaces up to the caret (tabs where the source has tabs, so the caret lines up in a terminal),
    /// then `^` and `~` for the rest of the culprit.
    static func caretLine(under excerpt: Excerpt) -> String {
        var line = ""
        var column = 1
        for scalar in excerpt.text.unicodeScalars {
            guard column < excerpt.caretColumn else { break }
            guard CharacterColumns.startsCharacter(scalar) else { continue }
            line.append(scalar == "\t" ? "\t" : " ")
            column += 1
        }
        while column < excerpt.caretColumn {
            line.append(" ")
            column += 1
        }
        line.append("^")
        if excerpt.caretLength > 1 { line += String(repeating: "~", count: excerpt.caretLength - 1) }
        return line
    }
}
