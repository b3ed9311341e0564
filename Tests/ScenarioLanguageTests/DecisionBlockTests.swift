import Foundation
import FundingModel
import Testing
@testable import ScenarioLanguage

/// The `decision` block (DESIGN §8.1): what it resolves to, how `check` shows it, and the exact
/// diagnostics of its mistakes.
struct DecisionBlockTests {
    static let block = """
        decision
          worth 4M€ per sustainable solution
          worth 0.50€ per use
          cost am

        """

    @Test func resolvesTheWorthsAndThePayers() throws {
        let scenario = try #require(compile(baseScenario + Self.block).scenario)
        #expect(scenario.decision == Decision(perSustainableSolution: 4_000_000, perUse: 0.5, costPayers: ["am"]))
    }

    @Test func costDefaultsToEveryPayerButPrivateAndUsesToNothing() throws {
        let scenario = try #require(compile(baseScenario + "decision\n  worth 2M€ per sustainable solution\n").scenario)
        #expect(scenario.decision == Decision(perSustainableSolution: 2_000_000, perUse: 0, costPayers: ["state", "am"]))
    }

    @Test func aScenarioWithoutTheBlockHasNoDecision() throws {
        #expect(try #require(compile(baseScenario).scenario).decision == nil)
    }

    @Test func mixesKeepTheDecision() throws {
        let text = baseScenario + "mix \"More\"\n  rc.grant 200k€ per project\n" + Self.block
        let scenario = try #require(compile(text).scenario)
        #expect(scenario.applying(scenario.mixes[0]).decision == scenario.decision)
    }

    @Test func checkListsTheBlock() throws {
        let scenario = try #require(compile(baseScenario + Self.block).scenario)
        let text = CheckReport.text(scenario, fileName: "t.scenario")
        #expect(text.contains("""
            decision
              worth 4000000 € per sustainable solution
              worth 0.5 € per use
              cost am

            payers (3): state, private, am
            """))
        let json = CheckReport.json(scenario, fileName: "t.scenario")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let decision = try #require(object["decision"] as? [String: Any])
        #expect(decision["worth_per_sustainable_solution"] as? Double == 4_000_000)
        #expect(decision["worth_per_use"] as? Double == 0.5)
        #expect(decision["cost"] as? [String] == ["am"])
        let none = CheckReport.json(try #require(compile(baseScenario).scenario), fileName: "t.scenario")
        let noneObject = try #require(try JSONSerialization.jsonObject(with: Data(none.utf8)) as? [String: Any])
        #expect(noneObject["decision"] is NSNull)
    }

    static let badInputs: [BadInput] = [
        BadInput(
            name: "a worth per year", source: baseScenario + "decision\n  worth 4M€ per year\n", line: 19, column: 13,
            rendered: """
            t.scenario:19:13: error: expected `per sustainable solution` or `per use` after the worth, found `per year`
              worth 4M€ per year
                        ^~~~~~~~
            hint: a worth is what one sustainable solution or one use is worth to the decision maker: write `worth 4M€ per sustainable solution` or `worth 0.50€ per use`

            """),
        BadInput(
            name: "an unknown cost payer",
            source: baseScenario + "decision\n  worth 4M€ per sustainable solution\n  cost state amm\n", line: 20, column: 14,
            rendered: """
            t.scenario:20:14: error: unknown payer `amm`
              cost state amm
                         ^~~
            hint: did you mean `am`?

            """),
        BadInput(
            name: "an uncertain worth", source: baseScenario + "decision\n  worth 2M€ to 6M€ per sustainable solution\n",
            line: 19, column: 9,
            rendered: """
            t.scenario:19:9: error: `worth` is a constant: the decision maker's values are not uncertain
              worth 2M€ to 6M€ per sustainable solution
                    ^~~~~~~~~~
            hint: write one amount, such as `worth 4M€ per sustainable solution`; `decide --worth-range` explores other worths

            """),
        BadInput(
            name: "a second decision block",
            source: baseScenario + "decision\n  worth 4M€ per sustainable solution\ndecision\n  worth 5M€ per sustainable solution\n",
            line: 20, column: 1,
            rendered: """
            t.scenario:20:1: error: `decision` is given twice (first on line 18)
            decision
            ^~~~~~~~
            hint: a scenario has one `decision`

            """),
        BadInput(
            name: "a decision without a worth per sustainable solution",
            source: baseScenario + "decision\n  worth 0.5€ per use\n  cost state\n", line: 18, column: 1,
            rendered: """
            t.scenario:18:1: error: `decision` needs `worth … per sustainable solution`
            decision
            ^~~~~~~~
            hint: add `worth 4M€ per sustainable solution`: what a solution sustainable in the last year is worth to the decision maker

            """),
        BadInput(
            name: "the same worth twice",
            source: baseScenario + "decision\n  worth 4M€ per sustainable solution\n  worth 5M€ per sustainable solution\n",
            line: 20, column: 13,
            rendered: """
            t.scenario:20:13: error: `worth … per sustainable solution` is given twice (first on line 19)
              worth 5M€ per sustainable solution
                        ^~~~~~~~~~~~~~~~~~~~~~~~
            hint: keep one `worth … per sustainable solution` line

            """),
        BadInput(
            name: "a misspelt decision clause", source: baseScenario + "decision\n  wrth 4M€ per sustainable solution\n",
            line: 19, column: 3,
            rendered: """
            t.scenario:19:3: error: unknown clause `wrth` in `decision`
              wrth 4M€ per sustainable solution
              ^~~~
            hint: did you mean `worth`?

            """),
        BadInput(
            name: "a worth without its currency", source: baseScenario + "decision\n  worth 4 per sustainable solution\n",
            line: 19, column: 9,
            rendered: """
            t.scenario:19:9: error: expected an amount in euros, found `4`
              worth 4 per sustainable solution
                    ^
            hint: write the currency: `4€` or `4k€`

            """),
    ]

    @Test(arguments: badInputs)
    func badDecisionIsReportedExactly(_ input: BadInput) {
        let result = compile(input.source)
        #expect(result.scenario == nil)
        #expect(result.diagnostics.first?.line == input.line)
        #expect(result.diagnostics.first?.column == input.column)
        #expect(result.rendered() == input.rendered)
    }
}
