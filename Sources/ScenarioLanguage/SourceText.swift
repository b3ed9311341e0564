#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A place in the source: 1-based line, 1-based column and length in characters, plus the byte
/// offset of its line's start so that the line can be shown again without a line table.
struct SourceRange: Sendable, Hashable {
    var line: Int
    var column: Int
    var length: Int
    var lineStart: Int

    /// The range from the start of `self` to the end of `other` (same line).
    func through(_ other: SourceRange) -> SourceRange {
        SourceRange(line: line, column: column, length: max(0, other.column + other.length - column), lineStart: lineStart)
    }

    /// The empty range just after `self`.
    var end: SourceRange {
        SourceRange(line: line, column: column + length, length: 0, lineStart: lineStart)
    }

    /// A whole-file position (1:1, shown without an excerpt).
    static let file = SourceRange(line: 1, column: 1, length: 0, lineStart: -1)
}

/// How columns are counted: one per user-perceived character, approximated without grapheme
/// segmentation (which is not linear-time friendly on pathological input) by not counting
/// combining marks, the zero-width joiner and emoji modifiers.
enum CharacterColumns {
    static func startsCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return true }
        if scalar.value == 0x200D { return false }  // zero-width joiner
        if (0x1F3FB...0x1F3FF).contains(scalar.value) { return false }  // emoji skin tones
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return true
        }
    }
}

/// Strict UTF-8 decoding (no overlongs, no surrogates, nothing above U+10FFFF), one scalar at a time.
enum UTF8Scalars {
    /// The scalar starting at `i` and its length in bytes, or nil and 1 for an invalid sequence.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (scalar: Unicode.Scalar?, length: Int) {
        let b0 = b[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        func cont(_ k: Int) -> UInt32? {
            guard i + k < end else { return nil }
            let c = b[i + k]
            return c & 0xC0 == 0x80 ? UInt32(c & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(b0 & 0x1F) << 6 | c1), 2)
        case 0xE0...0xEF:
            guard let c1 = cont(1), let c2 = cont(2) else { return (nil, 1) }
            let v = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
            guard v >= 0x800, let s = Unicode.Scalar(v) else { return (nil, 1) }
            return (s, 3)
        case 0xF0...0xF4:
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return (nil, 1) }
            let v = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            guard v >= 0x10000, let s = Unicode.Scalar(v) else { return (nil, 1) }
            return (s, 4)
        default:
            return (nil, 1)
        }
    }
}

/// The bytes of a scenario file and the lines they hold.
struct SourceText {
    let fileName: String
    let bytes: [UInt8]
    /// Where the text starts (after a UTF-8 byte order mark, if any).
    let textStart: Int

    init(fileName: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.bytes = bytes
        textStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Offset of the first NUL byte, if any (a NUL means the file is not text).
    func firstNUL() -> Int? {
        bytes.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress, buf.count > 0,
                  let hit = memchr(base, 0, buf.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// End of the line that starts at `start`: the offset of its `\n` or of the end of the file.
    func lineEnd(from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buf -> Int in
            guard start < buf.count, let base = buf.baseAddress,
                  let hit = memchr(base + start, 0x0A, buf.count - start) else { return buf.count }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The line content range (without the `\n` and a `\r` right before it).
    func contentEnd(lineStart: Int, lineEnd: Int) -> Int {
        lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
    }

    /// Line number and character column of a byte offset (only used for rare whole-file
    /// positions such as a NUL byte; linear in the file).
    func position(ofByte offset: Int) -> SourceRange {
        var line = 1
        var lineStart = textStart
        var i = textStart
        while i < offset {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        let column = bytes.withUnsafeBufferPointer { buf in
            Self.columns(buf, from: lineStart, to: offset) + 1
        }
        return SourceRange(line: line, column: column, length: 1, lineStart: lineStart)
    }

    /// Characters between two byte offsets (invalid bytes count one each).
    static func columns(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        var n = 0
        while i < end {
            let (scalar, length) = UTF8Scalars.decode(buf, at: i, end: end)
            if let scalar { if CharacterColumns.startsCharacter(scalar) { n += 1 } } else { n += 1 }
            i += length
        }
        return n
    }

    /// Longest excerpt shown in full; longer lines are shown as a window around the caret.
    static let excerptLimit = 160

    /// The source line of `range`, ready to show under a message.
    func excerpt(for range: SourceRange) -> Diagnostic.Excerpt? {
        guard range.lineStart >= 0, range.lineStart <= bytes.count else { return nil }
        let end = contentEnd(lineStart: range.lineStart, lineEnd: lineEnd(from: range.lineStart))
        return bytes.withUnsafeBufferPointer { buf -> Diagnostic.Excerpt in
            // Walk the line once, keeping the byte offsets of the window's ends.
            let windowStart = max(1, range.column - 60)
            let windowEnd = range.column + min(max(range.length, 1), 80) + 60  // exclusive column
            var column = 1
            var i = range.lineStart
            var startByte = range.lineStart
            var endByte = end
            var total = 0
            while i < end {
                let (scalar, length) = UTF8Scalars.decode(buf, at: i, end: end)
                let starts = scalar.map(CharacterColumns.startsCharacter) ?? true
                if starts {
                    if column == windowStart { startByte = i }
                    if column == windowEnd { endByte = i }
                    column += 1
                }
                i += length
                total = column - 1
                if total > Self.excerptLimit && column > windowEnd { break }
            }
            if total <= Self.excerptLimit && i >= end {
                return Diagnostic.Excerpt(
                    text: Self.printable(buf, range.lineStart, end), caretColumn: range.column,
                    caretLength: range.length)
            }
            var text = Self.printable(buf, startByte, endByte)
            var caret = range.column - windowStart + 1
            if windowStart > 1 { text = "…" + text; caret += 1 }
            if endByte < end { text += "…" }
            let shown = min(range.length, windowEnd - range.column)
            return Diagnostic.Excerpt(text: text, caretColumn: caret, caretLength: shown)
        }
    }

    /// The bytes as text, with invalid UTF-8 and control characters (other than tab) shown as
    /// U+FFFD so that a diagnostic never sends terminal escapes.
    static func printable(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var out = String.UnicodeScalarView()
        var i = start
        while i < end {
            let (scalar, length) = UTF8Scalars.decode(buf, at: i, end: end)
            if let scalar, scalar == "\t" || !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) {
                out.append(scalar)
            } else {
                out.append("\u{FFFD}")
            }
            i += length
        }
        return String(out)
    }
}
