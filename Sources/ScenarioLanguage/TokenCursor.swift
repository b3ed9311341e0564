/// Reads the tokens of one line, left to right; every failure is a ``SyntaxError`` that
/// abandons the line.
struct TokenCursor {
    let tokens: [Token]
    let end: SourceRange
    var index = 0

    init(_ line: LexedLine) {
        tokens = line.tokens
        end = line.end
    }

    var current: Token? { index < tokens.count ? tokens[index] : nil }
    func peek(_ offset: Int = 0) -> Token? {
        index + offset < tokens.count ? tokens[index + offset] : nil
    }
    /// The range of the current token, or the end of the line.
    var here: SourceRange { current?.range ?? end }
    /// The last token read.
    var previous: Token? { index > 0 ? tokens[index - 1] : nil }

    mutating func advance() -> Token {
        let t = tokens[index]
        index += 1
        return t
    }

    func isWord(_ w: String) -> Bool { current?.isWord(w) ?? false }

    /// Consumes the word `w` if it comes next.
    mutating func accept(_ w: String) -> Token? {
        isWord(w) ? advance() : nil
    }

    /// "expected X, found `y`" or "expected X at the end of the line".
    func unexpected(_ expected: String, hint: String? = nil) -> SyntaxError {
        if let t = current {
            return SyntaxError("expected \(expected), found \(t.quoted)", at: t.range, hint: hint)
        }
        return SyntaxError("expected \(expected) at the end of the line", at: end, hint: hint)
    }

    @discardableResult
    mutating func expect(_ w: String, hint: String? = nil) throws(SyntaxError) -> Token {
        guard let t = accept(w) else { throw unexpected("`\(w)`", hint: hint) }
        return t
    }

    /// Fails if anything is left on the line.
    func expectEnd(hint: String? = nil) throws(SyntaxError) {
        guard let t = current else { return }
        throw SyntaxError("unexpected \(t.quoted)", at: t.range, hint: hint)
    }

    /// A name (instrument id, stage, pathway, payer): letters, digits and `_`.
    mutating func name(_ what: String) throws(SyntaxError) -> Located<String> {
        guard let t = current, t.kind == .word else { throw unexpected(what) }
        guard !t.text.contains("."), !t.text.contains("-") else {
            throw SyntaxError("`\(t.text)` is not a valid name", at: t.range, hint: "names use letters, digits and `_`")
        }
        index += 1
        return Located(value: t.text, range: t.range)
    }

    /// A parameter path (`poc.success`) or a name.
    mutating func path(_ what: String = "a parameter path such as `poc.success`") throws(SyntaxError) -> Located<String> {
        guard let t = current, t.kind == .word else { throw unexpected(what) }
        index += 1
        return Located(value: t.text, range: t.range)
    }

    mutating func string(_ what: String) throws(SyntaxError) -> Located<String> {
        guard let t = current, t.kind == .string else { throw unexpected(what) }
        index += 1
        return Located(value: t.text, range: t.range)
    }

    /// A calendar year: a whole number with no sign or unit.
    mutating func year() throws(SyntaxError) -> Located<Int> {
        guard let t = current, t.kind == .number else { throw unexpected("a year such as `2026`") }
        guard t.number == t.number.rounded(), !t.text.hasPrefix("+"), !t.text.hasPrefix("-"),
              (1000...9999).contains(t.number) else {
            throw SyntaxError("`\(t.text)` is not a year", at: t.range, hint: "write a calendar year such as `2026`")
        }
        index += 1
        return Located(value: Int(t.number), range: t.range)
    }

    /// `A to B` with calendar years, A ≤ B.
    mutating func yearRange() throws(SyntaxError) -> Located<ClosedRange<Int>> {
        let first = try year()
        try expect("to")
        let last = try year()
        guard first.value <= last.value else {
            throw SyntaxError(
                "the years \(first.value) to \(last.value) run backwards", at: first.range.through(last.range),
                hint: "write the first year first")
        }
        return Located(value: first.value...last.value, range: first.range.through(last.range))
    }
}
