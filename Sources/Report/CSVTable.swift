import Foundation

/// Why a report could not be made.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder does not exist or holds none of the result files.
    case notAResultFolder(path: String, reason: String)
    /// A file of the folder cannot be read as the file it claims to be (file, line, what is wrong).
    case badFile(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .notAResultFolder(let path, let reason): return "\(path): \(reason)"
        case .badFile(let path, let line, let reason): return line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)"
        }
    }
}

/// A CSV file as text cells: a header and rows, read in either dialect the tool writes
/// (`,` with `.` decimals, or excel-fr: `;` with decimal commas and a byte-order mark).
struct CSVTable: Sendable {
    let path: String
    let header: [String]
    let rows: [[String]]
    let decimalComma: Bool
    private let index: [String: Int]

    /// Reads `url`; `semicolon` says the dialect when run.json does, else the first line decides.
    init(url: URL, semicolon: Bool? = nil) throws(ReportError) {
        path = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .badFile(path: path, line: 0, reason: "cannot be read")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw .badFile(path: path, line: 0, reason: "is not UTF-8 text")
        }
        let firstLine = text.prefix { $0 != "\n" }
        let useSemicolon = semicolon ?? firstLine.contains(";")
        decimalComma = useSemicolon
        let lines = try CSVTable.split(text, separator: useSemicolon ? ";" : ",", path: path)
        guard let first = lines.first, !first.isEmpty else { throw .badFile(path: path, line: 1, reason: "has no header line") }
        header = first
        rows = Array(lines.dropFirst())
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
        for (n, row) in rows.enumerated() where row.count != header.count {
            throw .badFile(path: path, line: n + 2, reason: "has \(row.count) cells where the header has \(header.count)")
        }
    }

    /// Splits CSV text into rows of cells (RFC 4180 quoting; `\r\n` or `\n` line ends; blank lines
    /// skipped). Works on UTF-8 bytes: every byte it looks for is ASCII, so multi-byte characters
    /// pass through whole.
    static func split(_ text: String, separator: Character, path: String) throws(ReportError) -> [[String]] {
        let sep = separator.asciiValue ?? UInt8(ascii: ",")
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var rows: [[String]] = []
        var row: [String] = []
        var cell: [UInt8] = []
        var quoted = false, wasQuoted = false
        var line = 1
        func endCell() {
            let text = String(decoding: cell, as: UTF8.self)
            row.append(wasQuoted ? text : CSVTable.unneutralised(text))
            cell.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRow() {
            endCell()
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
        }
        var bytes = Array(text.utf8)
        bytes.append(newline)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote { cell.append(quote); i += 1 } else { quoted = false }
                } else {
                    if b == newline { line += 1 }
                    cell.append(b)
                }
            } else if b == quote && cell.isEmpty {
                quoted = true
                wasQuoted = true
            } else if b == sep {
                endCell()
            } else if b == newline {
                endRow()
                line += 1
            } else if b == cr {
                if i + 1 < bytes.count && bytes[i + 1] == newline { i += 1 }
                endRow()
                line += 1
            } else {
                cell.append(b)
            }
            i += 1
        }
        if quoted { throw .badFile(path: path, line: line - 1, reason: "a quoted cell is not closed") }
        return rows
    }

    /// Undoes the CSV-injection guard of the writer: `'=x` was written for the text `=x`.
    static func unneutralised(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.dropFirst().first, "=+-@".contains(second) else { return cell }
        return String(cell.dropFirst())
    }

    func has(_ column: String) -> Bool { index[column] != nil }

    /// Fails naming the first missing column.
    func require(_ columns: [String]) throws(ReportError) {
        for c in columns where index[c] == nil {
            throw .badFile(path: path, line: 1, reason: "has no column \"\(c)\" (its header: \(header.joined(separator: ",")))")
        }
    }

    func text(_ row: [String], _ column: String) -> String {
        guard let i = index[column] else { return "" }
        return row[i]
    }

    /// A number cell: empty is NaN (undefined); a cell that is not a number fails with its line.
    func number(_ row: [String], _ column: String, line: Int) throws(ReportError) -> Double {
        guard let i = index[column] else { return .nan }
        var cell = row[i]
        if cell.first == " " || cell.last == " " { cell = cell.trimmingCharacters(in: .whitespaces) }
        if cell.isEmpty { return .nan }
        if cell == "inf" { return .infinity }
        if cell == "-inf" { return -.infinity }
        // Swift's own parsing (no Foundation on this path: summary.csv has tens of thousands of cells).
        let normal = decimalComma ? String(String.UnicodeScalarView(cell.unicodeScalars.map { $0 == "," ? "." : $0 })) : cell
        guard let value = Double(normal) else {
            throw .badFile(path: path, line: line, reason: "column \(column): \"\(cell)\" is not a number")
        }
        return value
    }

    /// An optional number column (absent or empty → nil).
    func optionalNumber(_ row: [String], _ column: String, line: Int) throws(ReportError) -> Double? {
        guard has(column) else { return nil }
        let v = try number(row, column, line: line)
        return v.isNaN ? nil : v
    }

    /// Rows with their 1-based line numbers in the file (header = line 1).
    var numberedRows: [(line: Int, cells: [String])] {
        rows.enumerated().map { (line: $0.offset + 2, cells: $0.element) }
    }
}
