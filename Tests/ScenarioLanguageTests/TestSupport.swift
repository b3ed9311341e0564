import Foundation
import FundingModel
import MonteCarlo
@testable import ScenarioLanguage

/// A small valid scenario; bad-input cases change one thing in it.
let baseScenario = """
scenario "Test"
horizon 2026 to 2030
pipeline
  stage poc duration 1 year success 0.5 cost 100k€ per project-year
  stage pilot duration 2 years success 0.4 cost 200k€ per project-year
research_call rc "Calls"
  projects 10 per year enter poc
  grant 100k€ per project
open_tools tools "Tools"
  budget 1M€ per year
  effect poc.cost -10%
sustainability
  market 100 sites
  uses 1_000 per site-year
  adoption bass p 0.02 q 0.4
  pathway paid share 50% tariff 5€ per use payer am
  pathway none share rest

"""

/// `baseScenario` with `old` (which must occur) replaced by `new`.
func base(replacing old: String, with new: String) -> String {
    precondition(baseScenario.contains(old), "not in the base scenario: \(old)")
    return baseScenario.replacingOccurrences(of: old, with: new)
}

func compile(_ text: String, _ fileName: String = "t.scenario") -> CompilationResult {
    ScenarioCompiler.compile(text: text, fileName: fileName)
}

/// The text of a fixture shipped with the tests.
func fixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile)
    }
    return try String(contentsOf: url, encoding: .utf8)
}

extension Scenario {
    func parameter(_ path: String) -> Parameter? { reference(path: path).map { self[$0] } }
}
