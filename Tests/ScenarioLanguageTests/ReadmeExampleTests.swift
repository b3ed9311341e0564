import Foundation
import Testing
@testable import ScenarioLanguage

/// The scenario shown in the README compiles without a diagnostic (documentation that stays true).
@Test func readmeExampleCompilesCleanly() throws {
    let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")
    let text = try String(contentsOf: readme, encoding: .utf8)
    let start = try #require(text.range(of: "```\nscenario \""))
    let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
    let example = String(text[text.index(start.lowerBound, offsetBy: 4)..<end.lowerBound])
    let result = compile(example, "README.md")
    #expect(result.diagnostics.isEmpty, "\(result.rendered())")
    #expect(result.scenario?.instruments.map(\.id) == ["recherche", "outils"])
    #expect(result.scenario?.mixes.map(\.name) == ["More research"])
}
