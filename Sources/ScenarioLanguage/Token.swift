/// What a token is. The language has no nesting beyond one argument list, so a flat token list
/// per line is all the parser needs.
enum TokenKind: Equatable, Sendable {
    /// A name, keyword, dotted path (`poc.success`) or hyphenated unit word (`project-year`).
    case word
    /// Digits as written, with the sign when it is glued to them (`+3`, `-15`).
    case number
    /// A quoted string; ``Token/text`` holds its decoded value.
    case string
    /// `€`, `k€`, `M€`, `Md€`, `bn€`, `EUR`, `kEUR`, `MEUR`, `MdEUR`, `bnEUR`; ``Token/number`` holds the scale.
    case money
    case percent
    case leftParen
    case rightParen
    case comma
    case colon
    case plus
    case minus
}

struct Token: Sendable {
    var kind: TokenKind
    /// The source text (for strings, the decoded value).
    var text: String
    /// The value of a number as written (before any unit), or the scale of a money unit.
    var number: Double = 0
    var range: SourceRange
    /// Whether whitespace separates this token from the previous one.
    var spaceBefore: Bool

    func isWord(_ w: String) -> Bool { kind == .word && text == w }

    /// How the token is quoted in messages.
    var quoted: String {
        switch kind {
        case .string: return "\"\(text)\""
        default: return "`\(text)`"
        }
    }
}

/// One line after lexing.
struct LexedLine {
    var number: Int
    var lineStart: Int
    /// Indentation in characters.
    var indent: Int
    /// The indentation contained tabs or non-breaking spaces (already reported).
    var badIndent: Bool
    var tokens: [Token]
    /// The empty range just after the last token, for "expected … at the end of the line".
    var end: SourceRange
    /// Lexing failed (already reported): the line is skipped.
    var failed: Bool

    var isBlank: Bool { tokens.isEmpty && !failed }
}
