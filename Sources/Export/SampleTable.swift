import Foundation

/// Why a probabilistic sample file cannot be used (exit 65); the description names the file, and
/// the line and column when one cell is at fault.
public enum SampleTableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file has no header line.
    case empty(file: String)
    /// A line has a different number of cells than the header.
    case ragged(file: String, line: Int, cells: Int, expected: Int)
    /// A quoted cell is never closed.
    case unclosedQuote(file: String, line: Int)
    /// Two columns share a name.
    case duplicateColumn(file: String, name: String)
    /// A column the command needs is not in the header.
    case missingColumn(file: String, name: String, available: [String])
    /// A cell of a numeric column is not a finite number.
    case notANumber(file: String, line: Int, column: String, text: String)

    public var description: String {
        switch self {
        case .empty(let file):
            return "\(file) is empty: it needs a header line naming its columns, then one line per sample"
        case .ragged(let file, let line, let cells, let expected):
            return "\(file):\(line): \(cells) cells where the header has \(expected)"
        case .unclosedQuote(let file, let line):
            return "\(file):\(line): a quoted cell is never closed"
        case .duplicateColumn(let file, let name):
            return "\(file): two columns are named `\(name)`"
        case .missingColumn(let file, let name, let available):
            let list = available.map { "`\($0)`" }.joined(separator: ", ")
            return "\(file) has no column `\(name)`; its columns: \(list)"
        case .notANumber(let file, let line, let column, let text):
            return "\(file):\(line): column `\(column)` holds `\(text)`, not a number"
        }
    }
}

/// A probabilistic sample read from CSV: one row per sample, one named column per quantity — the
/// export of any model (heemod, hesim, TreeAge, Excel…).
///
/// Two spellings are read, told apart by the header line: `;` separators with `,` decimals (the
/// excel-fr dialect; a header with a `;` outside quotes) or `,` separators with `.` decimals. A
/// UTF-8 byte-order mark, `\r\n` line ends, quoted cells (RFC 4180) and blank lines are accepted.
/// Cells stay text until a column is asked for as numbers (``numbers(_:)``), so a text column
/// (a label) is no error unless it is used.
public struct SampleTable: Sendable {
    /// The file name used in messages.
    public let file: String
    /// The dialect found in the header line.
    public let dialect: CSVDialect
    /// The column names, in file order.
    public let columns: [String]
    /// cells[row][column], without quotes.
    let cells: [[String]]
    /// The file line on which each row starts (the header is line 1).
    let lines: [Int]

    /// The number of sample rows.
    public var rowCount: Int { cells.count }

    /// Parses `bytes`; `file` names the file in messages.
    public init(bytes: [UInt8], file: String) throws(SampleTableError) {
        self.file = file
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let records = try SampleTable.records(body, file: file)
        guard let header = records.first, !header.bytes.allSatisfy({ $0 == UInt8(ascii: " ") }) else {
            throw .empty(file: file)
        }
        // The header decides the dialect: a `;` outside quotes makes it excel-fr.
        dialect = SampleTable.hasUnquoted(UInt8(ascii: ";"), in: header.bytes) ? .excelFR : .standard
        let separator = dialect == .excelFR ? UInt8(ascii: ";") : UInt8(ascii: ",")
        let names = try SampleTable.split(header.bytes, separator: separator, file: file, line: header.line)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { throw .duplicateColumn(file: file, name: name) }
        columns = names
        var cells: [[String]] = [], lines: [Int] = []
        for record in records.dropFirst() {
            if record.bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let row = try SampleTable.split(record.bytes, separator: separator, file: file, line: record.line)
            guard row.count == names.count else {
                throw .ragged(file: file, line: record.line, cells: row.count, expected: names.count)
            }
            cells.append(row)
            lines.append(record.line)
        }
        self.cells = cells
        self.lines = lines
    }

    /// The values of column `name`, or an error naming the first cell that is not a finite number.
    public func numbers(_ name: String) throws(SampleTableError) -> [Double] {
        guard let j = columns.firstIndex(of: name) else {
            throw .missingColumn(file: file, name: name, available: columns)
        }
        var values = [Double](repeating: 0, count: cells.count)
        for (i, row) in cells.enumerated() {
            guard let x = number(row[j]) else {
                throw .notANumber(file: file, line: lines[i], column: name, text: row[j])
            }
            values[i] = x
        }
        return values
    }

    /// Whether column `name` reads as numbers: its first cell is one (so a label column is left
    /// out of the defaults, while a numeric column with one bad cell is reported, not skipped).
    public func isNumeric(_ name: String) -> Bool {
        guard let j = columns.firstIndex(of: name), let first = cells.first else { return false }
        return number(first[j]) != nil
    }

    /// A cell as a finite number in the table's dialect.
    func number(_ cell: String) -> Double? {
        var t = Substring(cell)
        while let c = t.first, c == " " || c == "\t" { t.removeFirst() }
        while let c = t.last, c == " " || c == "\t" { t.removeLast() }
        // Only decimal notation: Double(_:) would also take `nan`, `inf` and hexadecimal.
        guard let first = t.utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: ".") || first == UInt8(ascii: ",") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
              !t.contains("x") && !t.contains("X") else { return nil }
        let x: Double?
        if dialect == .excelFR && t.contains(",") {
            x = Double(t.replacingOccurrences(of: ",", with: "."))
        } else {
            x = Double(t)
        }
        guard let x, x.isFinite else { return nil }
        return x
    }

    /// The file cut into records — lines, except that a quoted cell may hold a line break — each
    /// with the line it starts on; `\r` before `\n` is dropped.
    static func records(_ bytes: [UInt8], file: String) throws(SampleTableError) -> [(bytes: ArraySlice<UInt8>, line: Int)] {
        var result: [(ArraySlice<UInt8>, Int)] = []
        var start = 0, startLine = 1, line = 1, quoted = false
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            guard byte == UInt8(ascii: "\n") else { continue }
            line += 1
            if quoted { continue }
            var end = i
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            result.append((bytes[start..<end], startLine))
            start = i + 1
            startLine = line
        }
        if quoted { throw .unclosedQuote(file: file, line: startLine) }
        if start < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            result.append((bytes[start..<end], startLine))
        }
        return result
    }

    /// Whether `byte` occurs outside quotes.
    static func hasUnquoted(_ byte: UInt8, in record: ArraySlice<UInt8>) -> Bool {
        var quoted = false
        for b in record {
            if b == UInt8(ascii: "\"") { quoted.toggle() } else if b == byte && !quoted { return true }
        }
        return false
    }

    /// One record's cells (RFC 4180: `""` inside quotes is a quote).
    static func split(_ record: ArraySlice<UInt8>, separator: UInt8, file: String, line: Int) throws(SampleTableError) -> [String] {
        var cells: [String] = []
        var cell: [UInt8] = []
        var quoted = false
        var i = record.startIndex
        while i < record.endIndex {
            let b = record[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < record.endIndex && record[i + 1] == UInt8(ascii: "\"") { cell.append(b); i += 1 } else { quoted = false }
                } else {
                    cell.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == separator {
                cells.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll(keepingCapacity: true)
            } else {
                cell.append(b)
            }
            i += 1
        }
        if quoted { throw .unclosedQuote(file: file, line: line) }
        cells.append(String(decoding: cell, as: UTF8.self))
        return cells
    }
}
