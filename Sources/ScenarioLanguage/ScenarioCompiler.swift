import FundingModel

/// Compiles scenario files (DESIGN §2) into a ``FundingModel/Scenario``.
///
/// The only entry point the CLI needs: it never throws, never traps, and stays linear in the
/// size of its input (no recursion, a cap on reported errors).
public enum ScenarioCompiler {
    /// Compiles a scenario file's bytes; never throws or traps.
    /// - Parameters:
    ///   - bytes: the file's content (UTF-8 expected; anything else is reported).
    ///   - fileName: shown in diagnostics (`ami.scenario:3:5: error: …`); its stem is the title
    ///     when the file has no `scenario "title"` line.
    public static func compile(bytes: [UInt8], fileName: String) -> CompilationResult {
        compile(bytes: bytes, fileName: fileName, tables: .standard)
    }

    /// Compiles with the given clause tables (the standard language, or one extended by tests).
    static func compile(bytes: [UInt8], fileName: String, tables: ClauseTables) -> CompilationResult {
        let source = SourceText(fileName: fileName, bytes: bytes)
        var sink = DiagnosticSink(source: source)
        if let nul = source.firstNUL() {
            sink.error(
                "NUL byte: this is a binary file, not a scenario", at: source.position(ofByte: nul),
                hint: "a scenario is UTF-8 text")
            return CompilationResult(scenario: nil, diagnostics: sink.sorted())
        }
        let syntax = Parser.parse(source, sink: &sink, tables: tables)
        guard !sink.isFull else { return CompilationResult(scenario: nil, diagnostics: sink.sorted()) }
        let scenario = Resolver.resolve(syntax, sink: &sink, tables: tables)
        return CompilationResult(scenario: scenario, diagnostics: sink.sorted())
    }

    /// Compiles scenario text; never throws or traps.
    public static func compile(text: String, fileName: String) -> CompilationResult {
        compile(bytes: Array(text.utf8), fileName: fileName)
    }
}

/// What compiling a scenario gives: the scenario when there is no error, and every diagnostic.
public struct CompilationResult: Sendable {
    /// The compiled scenario; nil iff there is at least one error.
    public var scenario: Scenario?
    /// Errors and warnings in source order (whole-file notes about the caps last).
    public var diagnostics: [Diagnostic]

    public init(scenario: Scenario?, diagnostics: [Diagnostic]) {
        self.scenario = scenario
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// All diagnostics, rendered: the exact text the CLI prints on stderr.
    public func rendered() -> String {
        diagnostics.map { $0.rendered() }.joined()
    }
}
