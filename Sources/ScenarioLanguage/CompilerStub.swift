// TEMPORARY stub of the language's public API so the CLI builds; replaced by the language branch.
import FundingModel

public struct Diagnostic: Sendable, Hashable {
    public var message: String
    public var isError: Bool { true }
}

public struct CompilationResult: Sendable {
    public var scenario: Scenario?
    public var diagnostics: [Diagnostic]
    public var hasErrors: Bool { scenario == nil }
    public func rendered() -> String { diagnostics.map(\.message).joined(separator: "\n") + "\n" }
}

public enum ScenarioCompiler {
    public static func compile(bytes: [UInt8], fileName: String) -> CompilationResult {
        CompilationResult(scenario: nil, diagnostics: [Diagnostic(message: "\(fileName): error: the language is not wired yet")])
    }

    public static func compile(text: String, fileName: String) -> CompilationResult {
        compile(bytes: Array(text.utf8), fileName: fileName)
    }
}

public enum CheckReport {
    public static func text(_ scenario: Scenario, fileName: String) -> String { "" }
    public static func json(_ scenario: Scenario, fileName: String) -> String { "{}" }
}
