/// Turns one line of bytes into tokens, in one forward pass (linear time, no recursion).
///
/// Problems that make the line unreadable (invalid UTF-8, an unterminated string, a stray
/// character) are reported and the line is marked failed. Tabs or non-breaking spaces in the
/// indentation and non-breaking spaces between tokens are reported but the line is still read,
/// so that the rest of it is checked too.
struct Lexer {
    let buf: UnsafeBufferPointer<UInt8>
    let lineStart: Int
    let end: Int
    let lineNumber: Int

    /// Money units written as one word (`kEUR`) and their scale.
    static let moneyWords: [String: Double] = [
        "EUR": 1, "kEUR": 1e3, "MEUR": 1e6, "MdEUR": 1e9, "bnEUR": 1e9,
    ]
    /// Prefixes glued to `€` (`k€`) and their scale.
    static let moneyPrefixes: [String: Double] = ["k": 1e3, "M": 1e6, "Md": 1e9, "bn": 1e9]
    /// Longest number accepted, in characters (keeps parsing bounded and values finite).
    static let maxNumberLength = 40

    private var i: Int
    private var column = 1
    private var tokens: [Token] = []
    private var spaceBefore = true
    private var reportedSpace = false

    init(buf: UnsafeBufferPointer<UInt8>, lineStart: Int, end: Int, lineNumber: Int) {
        self.buf = buf
        self.lineStart = lineStart
        self.end = end
        self.lineNumber = lineNumber
        i = lineStart
    }

    private func range(from startColumn: Int) -> SourceRange {
        SourceRange(line: lineNumber, column: startColumn, length: column - startColumn, lineStart: lineStart)
    }

    private func here(_ length: Int = 1) -> SourceRange {
        SourceRange(line: lineNumber, column: column, length: length, lineStart: lineStart)
    }

    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isWordByte(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == 0x5F }

    /// Spaces a word processor inserts that look like ordinary spaces.
    static func nonBreakingName(_ s: Unicode.Scalar) -> String? {
        switch s.value {
        case 0x00A0: return "non-breaking space (U+00A0)"
        case 0x202F: return "narrow non-breaking space (U+202F)"
        case 0x2007: return "figure space (U+2007)"
        case 0x2000...0x200B, 0x205F, 0x3000, 0x2060, 0xFEFF, 0x1680:
            return "invisible or unusual space (U+\(hex(s.value)))"
        default: return nil
        }
    }

    static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Lexes the line; reports problems to `sink`.
    mutating func lex(into sink: inout DiagnosticSink) -> LexedLine {
        var line = LexedLine(
            number: lineNumber, lineStart: lineStart, indent: 0, badIndent: false, tokens: [],
            end: here(0), failed: false)
        if let bad = firstInvalidUTF8() {
            let col = SourceText.columns(buf, from: lineStart, to: bad) + 1
            sink.error(
                "invalid UTF-8 (byte 0x\(String(buf[bad], radix: 16, uppercase: true)))",
                at: SourceRange(line: lineNumber, column: col, length: 1, lineStart: lineStart),
                hint: "save the file as UTF-8 text")
            line.failed = true
            return line
        }
        lexIndentation(into: &line, sink: &sink)
        if i >= end || buf[i] == 0x23 { return line }  // blank or comment-only
        do {
            try lexTokens(sink: &sink)
        } catch {
            sink.report(error)
            line.failed = true
        }
        line.tokens = tokens
        line.end = tokens.last.map { $0.range.end } ?? here(0)
        return line
    }

    /// The first byte of an invalid UTF-8 sequence in the line, if any (ASCII fast path).
    private func firstInvalidUTF8() -> Int? {
        var k = lineStart
        while k < end {
            if buf[k] < 0x80 { k += 1; continue }
            let (scalar, length) = UTF8Scalars.decode(buf, at: k, end: end)
            if scalar == nil { return k }
            k += length
        }
        return nil
    }

    private mutating func lexIndentation(into line: inout LexedLine, sink: inout DiagnosticSink) {
        var spaces = false
        var tab: SourceRange?
        var odd: (SourceRange, String)?
        while i < end {
            let b = buf[i]
            if b == 0x20 {
                spaces = true
            } else if b == 0x09 {
                if tab == nil { tab = here() }
            } else if b >= 0x80, let s = UTF8Scalars.decode(buf, at: i, end: end).scalar, let name = Self.nonBreakingName(s) {
                if odd == nil { odd = (here(), name) }
                i += UTF8Scalars.decode(buf, at: i, end: end).length
                column += 1
                continue
            } else {
                break
            }
            i += 1
            column += 1
        }
        line.indent = column - 1
        let blank = i >= end || buf[i] == 0x23
        guard !blank else { return }
        if let (at, name) = odd {
            sink.error("\(name) in the indentation", at: at, hint: "indent with ordinary spaces")
            line.badIndent = true
            reportedSpace = true
        } else if let tab {
            sink.error(
                spaces ? "mixed tabs and spaces in the indentation" : "tab in the indentation", at: tab,
                hint: "indent with spaces only")
            line.badIndent = true
        }
    }

    private mutating func lexTokens(sink: inout DiagnosticSink) throws(SyntaxError) {
        spaceBefore = true
        while i < end {
            let b = buf[i]
            switch b {
            case 0x20, 0x09:
                i += 1; column += 1; spaceBefore = true
                continue
            case 0x23:  // '#': a comment runs to the end of the line
                return
            case _ where Self.isLetter(b) || b == 0x5F:
                try lexWord()
            case _ where Self.isDigit(b):
                try lexNumber()
            case 0x2B, 0x2D:  // '+', '-'
                if i + 1 < end, Self.isDigit(buf[i + 1]) {
                    try lexNumber()
                } else {
                    emit(b == 0x2B ? .plus : .minus, b == 0x2B ? "+" : "-", length: 1)
                }
            case 0x2E:
                if i + 1 < end, Self.isDigit(buf[i + 1]) {
                    throw SyntaxError("a number cannot start with `.`", at: here(), hint: "write `0.` before the decimals")
                }
                throw SyntaxError("unexpected `.`", at: here())
            case 0x22:
                try lexString()
            case 0x28: emit(.leftParen, "(", length: 1)
            case 0x29: emit(.rightParen, ")", length: 1)
            case 0x2C: emit(.comma, ",", length: 1)
            case 0x3A: emit(.colon, ":", length: 1)
            case 0x25: emit(.percent, "%", length: 1)
            case 0x0D:
                throw SyntaxError(
                    "carriage return inside a line", at: here(),
                    hint: "save the file with Unix (LF) or Windows (CRLF) line ends")
            case _ where b < 0x20 || b == 0x7F:
                throw SyntaxError("control character U+\(Self.hex(UInt32(b)))", at: here())
            case _ where b < 0x80:
                throw SyntaxError("unexpected character `\(Character(Unicode.Scalar(b)))`", at: here())
            default:
                try lexNonASCII(sink: &sink)
            }
        }
    }

    private mutating func emit(_ kind: TokenKind, _ text: String, length bytes: Int, number: Double = 0) {
        let start = column
        i += bytes
        column += bytes
        tokens.append(Token(kind: kind, text: text, number: number, range: range(from: start), spaceBefore: spaceBefore))
        spaceBefore = false
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[from..<to]), as: UTF8.self)
    }

    private func isEuro(at k: Int) -> Bool {
        k + 2 < end && buf[k] == 0xE2 && buf[k + 1] == 0x82 && buf[k + 2] == 0xAC
    }

    private mutating func lexWord() throws(SyntaxError) {
        let start = i
        var k = i
        while k < end {
            if Self.isWordByte(buf[k]) { k += 1; continue }
            // A dot joins path segments, a hyphen joins unit words (`project-year`).
            if (buf[k] == 0x2E || buf[k] == 0x2D), k + 1 < end,
               Self.isLetter(buf[k + 1]) || (buf[k] == 0x2E && buf[k + 1] == 0x5F) {
                k += 1
                continue
            }
            break
        }
        let word = text(start, k)
        if isEuro(at: k) {
            guard let scale = Self.moneyPrefixes[word] else {
                let startColumn = column
                let hint = Suggestions.hint(for: word + "€", among: ["k€", "M€", "Md€", "bn€"])
                    ?? "money units are `€`, `k€`, `M€`, `Md€` (or `bn€`)"
                throw SyntaxError(
                    "unknown money unit `\(word)€`",
                    at: SourceRange(line: lineNumber, column: startColumn, length: k - start + 1, lineStart: lineStart),
                    hint: hint)
            }
            let startColumn = column
            i = k + 3
            column += k - start + 1
            tokens.append(Token(kind: .money, text: word + "€", number: scale, range: range(from: startColumn), spaceBefore: spaceBefore))
            spaceBefore = false
            return
        }
        if k < end, buf[k] >= 0x80, let s = UTF8Scalars.decode(buf, at: k, end: end).scalar,
           s.properties.isAlphabetic {
            // A name with an accented letter: show the whole name.
            var m = k
            var extra = 0
            while m < end {
                let (sc, length) = UTF8Scalars.decode(buf, at: m, end: end)
                guard let sc, sc.properties.isAlphabetic || sc.properties.generalCategory == .nonspacingMark
                    || (sc.value < 0x80 && Self.isWordByte(UInt8(sc.value))) else { break }
                if CharacterColumns.startsCharacter(sc) { extra += 1 }
                m += length
            }
            throw SyntaxError(
                "`\(text(start, m))` is not a valid name",
                at: SourceRange(line: lineNumber, column: column, length: k - start + extra, lineStart: lineStart),
                hint: "names use ASCII letters, digits and `_`")
        }
        if let scale = Self.moneyWords[word] {
            emit(.money, word, length: k - start, number: scale)
        } else {
            emit(.word, word, length: k - start)
        }
    }

    private mutating func lexNumber() throws(SyntaxError) {
        let start = i
        var k = i
        if buf[k] == 0x2B || buf[k] == 0x2D { k += 1 }
        var digits = buf[start] == 0x2D ? "-" : ""
        func misplaced(_ at: Int) -> SyntaxError {
            SyntaxError(
                "misplaced `_` in a number",
                at: SourceRange(line: lineNumber, column: column + at - start, length: 1, lineStart: lineStart),
                hint: "`_` only separates digits, as in `1_500`")
        }
        while k < end, Self.isDigit(buf[k]) || buf[k] == 0x5F {
            if buf[k] == 0x5F {
                guard Self.isDigit(buf[k - 1]), k + 1 < end, Self.isDigit(buf[k + 1]) else { throw misplaced(k) }
            } else {
                digits.append(Character(Unicode.Scalar(buf[k])))
            }
            k += 1
        }
        if k < end, buf[k] == 0x2E {
            guard k + 1 < end, Self.isDigit(buf[k + 1]) else {
                throw SyntaxError(
                    "expected digits after `.`",
                    at: SourceRange(line: lineNumber, column: column + k - start, length: 1, lineStart: lineStart))
            }
            digits.append(".")
            k += 1
            while k < end, Self.isDigit(buf[k]) || buf[k] == 0x5F {
                if buf[k] == 0x5F {
                    guard Self.isDigit(buf[k - 1]), k + 1 < end, Self.isDigit(buf[k + 1]) else { throw misplaced(k) }
                } else {
                    digits.append(Character(Unicode.Scalar(buf[k])))
                }
                k += 1
            }
        }
        let length = k - start
        let numberRange = SourceRange(line: lineNumber, column: column, length: length, lineStart: lineStart)
        guard length <= Self.maxNumberLength, let value = Double(digits), value.isFinite else {
            throw SyntaxError("number too long", at: numberRange, hint: "numbers have at most \(Self.maxNumberLength) characters")
        }
        emit(.number, text(start, k), length: length, number: value)
    }

    private mutating func lexString() throws(SyntaxError) {
        let startColumn = column
        var value = String.UnicodeScalarView()
        var k = i + 1
        var col = column + 1
        while k < end {
            let b = buf[k]
            if b == 0x22 {
                i = k + 1
                column = col + 1
                tokens.append(Token(kind: .string, text: String(value), range: range(from: startColumn), spaceBefore: spaceBefore))
                spaceBefore = false
                return
            }
            if b == 0x5C {  // backslash
                guard k + 1 < end, buf[k + 1] == 0x22 || buf[k + 1] == 0x5C else {
                    throw SyntaxError(
                        "unknown escape in a string",
                        at: SourceRange(line: lineNumber, column: col, length: k + 1 < end ? 2 : 1, lineStart: lineStart),
                        hint: "only `\\\"` and `\\\\` are escapes")
                }
                value.append(Unicode.Scalar(buf[k + 1]))
                k += 2
                col += 2
                continue
            }
            if b < 0x20 && b != 0x09 || b == 0x7F {
                throw SyntaxError(
                    "control character U+\(Self.hex(UInt32(b))) in a string",
                    at: SourceRange(line: lineNumber, column: col, length: 1, lineStart: lineStart))
            }
            let (scalar, length) = UTF8Scalars.decode(buf, at: k, end: end)
            if let scalar {
                value.append(scalar)
                if CharacterColumns.startsCharacter(scalar) { col += 1 }
            }
            k += length
        }
        throw SyntaxError(
            "unterminated string",
            at: SourceRange(line: lineNumber, column: startColumn, length: col - startColumn, lineStart: lineStart),
            hint: "close the string with `\"` on the same line")
    }

    private mutating func lexNonASCII(sink: inout DiagnosticSink) throws(SyntaxError) {
        let (decoded, length) = UTF8Scalars.decode(buf, at: i, end: end)
        guard let s = decoded else { throw SyntaxError("invalid UTF-8", at: here()) }
        if s == "€" {
            let start = column
            i += length
            column += 1
            tokens.append(Token(kind: .money, text: "€", number: 1, range: range(from: start), spaceBefore: spaceBefore))
            spaceBefore = false
            return
        }
        if let name = Self.nonBreakingName(s) {
            if !reportedSpace {
                sink.error("\(name) between words", at: here(), hint: "use an ordinary space")
                reportedSpace = true
            }
            i += length
            column += 1
            spaceBefore = true
            return
        }
        switch s.value {
        case 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB, 0x2018, 0x2019, 0x201A:
            throw SyntaxError("typographic quote `\(s)`", at: here(), hint: "write strings between straight quotes `\"…\"`")
        case 0x2010...0x2015, 0x2212:
            throw SyntaxError("`\(s)` (U+\(Self.hex(s.value))) is not a minus sign here", at: here(), hint: "write `-`")
        case 0x00B1:
            throw SyntaxError("`±` is not allowed here", at: here(), hint: "write the signed change, `+3pp` or `-3pp`")
        case 0x0080...0x009F:
            throw SyntaxError("control character U+\(Self.hex(s.value))", at: here())
        default:
            if !CharacterColumns.startsCharacter(s) {
                throw SyntaxError("unexpected combining mark U+\(Self.hex(s.value))", at: here(0))
            }
            throw SyntaxError("unexpected character `\(s)` (U+\(Self.hex(s.value)))", at: here())
        }
    }
}
