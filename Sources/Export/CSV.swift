import Foundation
import FundingModel

/// How CSV files are spelled.
public enum CSVDialect: String, Sendable, Hashable, CaseIterable {
    /// `,` separators, `.` decimals, no byte-order mark: pandas, R, most tools.
    case standard
    /// `;` separators, `,` decimals and a UTF-8 byte-order mark, as French Excel expects.
    case excelFR = "excel-fr"

    var separator: UInt8 { self == .standard ? UInt8(ascii: ",") : UInt8(ascii: ";") }
    var decimalMark: UInt8 { self == .standard ? UInt8(ascii: ".") : UInt8(ascii: ",") }
    /// Bytes written before the header line.
    public var preamble: [UInt8] { self == .standard ? [] : [0xEF, 0xBB, 0xBF] }
}

/// Spells cells and lines in a dialect, appending UTF-8 bytes to a buffer.
public struct CSVFormatter: Sendable {
    public let dialect: CSVDialect

    public init(dialect: CSVDialect) {
        self.dialect = dialect
    }

    /// A number: ``FundingModel/NumberText/exact(_:)`` (the shortest text that reads back as the
    /// same Double; whole values below 10^15 without a fractional part, so counts stay counts),
    /// with NaN (undefined) as an empty cell and, in `excel-fr`, a decimal comma.
    public func number(_ x: Double) -> String {
        if x.isNaN { return "" }
        let text = NumberText.exact(x)
        return dialect == .excelFR ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A text cell: neutralised against formula injection (a leading `=`, `+`, `-`, `@`, tab or CR
    /// gets a `'` in front), then quoted if it holds a separator, a quote or a line break.
    public func text(_ s: String) -> String {
        var t = s
        if let first = t.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            t = "'" + t
        }
        let separator = Character(UnicodeScalar(dialect.separator))
        if t.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            t = "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return t
    }

    /// One line from already-spelled cells, with the separator and a `\n` ending.
    public func line(_ cells: [String]) -> String {
        cells.joined(separator: String(UnicodeScalar(dialect.separator))) + "\n"
    }
}

extension CSVFormatter {
    /// Appends ``number(_:)``'s text to `buffer` as UTF-8 bytes. Whole numbers (most per-trial
    /// values: counts, flags, years, zeros) are spelled digit by digit without building a String,
    /// since the per-trial files spell tens of millions of cells.
    @inlinable
    public func appendNumber(_ x: Double, to buffer: inout [UInt8]) {
        if x == x.rounded(), abs(x) < 1e15 {
            var magnitude = Int64(x)
            if magnitude == 0 {
                buffer.append(UInt8(ascii: "0"))
                return
            }
            if magnitude < 0 {
                buffer.append(UInt8(ascii: "-"))
                magnitude = -magnitude
            }
            // Below 10^15 there are at most 15 digits: reverse them into one integer, then emit.
            var reversed: UInt64 = 0
            var count = 0
            var rest = UInt64(magnitude)
            while rest > 0 {
                reversed = reversed * 10 + rest % 10
                rest /= 10
                count += 1
            }
            for _ in 0 ..< count {
                buffer.append(UInt8(ascii: "0") + UInt8(reversed % 10))
                reversed /= 10
            }
            return
        }
        if x.isNaN { return }
        let text = number(x)
        buffer.append(contentsOf: text.utf8)
    }

    /// Appends an already-spelled cell's bytes.
    @inlinable
    public func append(_ cell: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: cell.utf8)
    }
}
