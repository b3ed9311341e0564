import ArgumentParser
import Foundation
import FundingModel
import ScenarioLanguage

/// A scenario file read and compiled, with its bytes (for the SHA-256 in run.json).
struct LoadedScenario {
    var path: String
    var bytes: [UInt8]
    var scenario: Scenario
    var warnings: [String]

    /// Fails with a usage error (exit 64) naming the file's mixes when it has no mix `name`.
    func requireMix(_ name: String) throws {
        guard !scenario.mixes.contains(where: { $0.name == name }) else { return }
        let names = scenario.mixes.map { "\"\($0.name)\"" }.joined(separator: ", ")
        throw ValidationError("no mix named \"\(name)\" in \(path)" + (names.isEmpty ? " (it has none)." : "; its mixes: \(names)."))
    }

    /// Fails with exit 65 when the scenario uses a clause the model does not simulate yet
    /// (``FundingModel/Scenario/unsimulatedClauses``), rather than run it as if the clause were absent.
    func requireSimulated() throws {
        let clauses = scenario.unsimulatedClauses
        guard !clauses.isEmpty else { return }
        standardError(
            "beyondpoc: error: this version parses but does not yet simulate "
                + clauses.map { "`\($0)`" }.joined(separator: ", ")
                + " (used in \(path)); `beyondpoc check` reads it\n")
        throw Exit.badScenario
    }

    /// The file name without folders or extension (`ami-2019` for `examples/ami-2019.scenario`).
    var stem: String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// Reads and compiles `path`: diagnostics to stderr; exit 66 when unreadable, 65 when wrong.
    static func load(_ path: String) throws -> LoadedScenario {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            standardError("beyondpoc: error: cannot read \(path): no such file\n")
            throw Exit.missingFile
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            standardError("beyondpoc: error: cannot read \(path): \(isDirectory.boolValue ? "it is a folder" : "permission denied")\n")
            throw Exit.missingFile
        }
        let bytes = [UInt8](data)
        let result = ScenarioCompiler.compile(bytes: bytes, fileName: path)
        let rendered = result.rendered()
        if !rendered.isEmpty { standardError(rendered) }
        guard let scenario = result.scenario, !result.hasErrors else { throw Exit.badScenario }
        let warnings = result.diagnostics.filter { $0.severity == .warning }.map(\.message)
        return LoadedScenario(path: path, bytes: bytes, scenario: scenario, warnings: warnings)
    }
}

/// Writes to stderr without buffering surprises.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
