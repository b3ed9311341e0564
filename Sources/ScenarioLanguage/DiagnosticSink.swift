/// Collects the diagnostics of one compilation, caps them, and gives them back in source order.
///
/// The cap keeps output and work bounded on garbage input: after ``errorLimit`` errors the
/// compilation stops (``isFull``) and a last whole-file error says so.
struct DiagnosticSink {
    static let errorLimit = 50
    static let warningLimit = 50

    let source: SourceText
    private(set) var errors: [(order: Int, diagnostic: Diagnostic)] = []
    private var warnings: [(order: Int, diagnostic: Diagnostic)] = []
    private var droppedWarnings = 0
    private var sequence = 0

    init(source: SourceText) { self.source = source }

    var errorCount: Int { errors.count }
    /// True once the error limit is reached: callers stop working.
    var isFull: Bool { errors.count >= Self.errorLimit }

    mutating func error(_ message: String, at range: SourceRange, hint: String? = nil) {
        guard !isFull else { return }
        errors.append((sequence, make(.error, message, range, hint)))
        sequence += 1
    }

    mutating func warning(_ message: String, at range: SourceRange, hint: String? = nil) {
        guard warnings.count < Self.warningLimit else { droppedWarnings += 1; return }
        warnings.append((sequence, make(.warning, message, range, hint)))
        sequence += 1
    }

    mutating func report(_ problem: SyntaxError) {
        error(problem.message, at: problem.range, hint: problem.hint)
    }

    private func make(_ severity: Diagnostic.Severity, _ message: String, _ range: SourceRange, _ hint: String?) -> Diagnostic {
        Diagnostic(
            severity: severity, message: message, fileName: source.fileName, line: range.line,
            column: range.column, length: range.length, hint: hint,
            excerpt: range.lineStart >= 0 ? source.excerpt(for: range) : nil)
    }

    /// Every diagnostic sorted by position (ties keep the order they were found in), then the
    /// notes about what the caps left out.
    func sorted() -> [Diagnostic] {
        var all = errors + warnings
        all.sort { a, b in
            let (x, y) = (a.diagnostic, b.diagnostic)
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.order < b.order
        }
        var result = all.map(\.diagnostic)
        if droppedWarnings > 0 {
            result.append(Diagnostic(
                severity: .warning, message: "\(droppedWarnings) more warnings not shown",
                fileName: source.fileName, line: 0, column: 0, length: 0))
        }
        if isFull {
            result.append(Diagnostic(
                severity: .error,
                message: "too many errors (\(Self.errorLimit)); the rest of the file was not checked",
                fileName: source.fileName, line: 0, column: 0, length: 0))
        }
        return result
    }
}

/// A problem found while reading one line; the line is abandoned and reading resumes at the next.
struct SyntaxError: Error {
    var message: String
    var range: SourceRange
    var hint: String?

    init(_ message: String, at range: SourceRange, hint: String? = nil) {
        self.message = message
        self.range = range
        self.hint = hint
    }
}
