import FundingModel
import Testing
@testable import ScenarioLanguage

/// `elasticity E` on enablers, and the reference money their effects correspond to.
@Suite struct ElasticityTests {
    @Test func elasticityIsAParameterAndTheReferenceIsTheStatedMoney() throws {
        let scenario = try #require(compile(base(replacing: "  effect poc.cost -10%", with: "  effect poc.cost -10%\n  elasticity 0.3 to 0.7")).scenario)
        let tools = try #require(scenario.instruments.first { $0.id == "tools" })
        let elasticity = try #require(tools.elasticity)
        #expect(scenario[elasticity].path == "tools.elasticity")
        #expect(scenario[elasticity].unit == "elasticity")
        // A 90% interval on a positive number is lognormal: median √(0.3 × 0.7).
        #expect(abs(scenario[elasticity].distribution.quantile(0.5) - (0.3 * 0.7).squareRoot()) < 1e-12)
        #expect(tools.referenceMoneyPerYear == 1_000_000)
        // Feeders have no reference; an enabler without `elasticity` gets the default 0.5 as a
        // parameter that a mix can set (DESIGN §7.7).
        #expect(scenario.instruments.first { $0.id == "rc" }?.referenceMoneyPerYear == nil)
        let plain = try #require(compile(baseScenario).scenario)
        let unwritten = plain[try #require(plain.instruments.first { $0.id == "tools" }?.elasticity)]
        #expect(unwritten.path == "tools.elasticity" && unwritten.isDefault && unwritten.distribution == .constant(0.5))
    }

    @Test func referenceOfATotalBudgetAndOfAnnotations() throws {
        let text = base(replacing: "  budget 1M€ per year", with: "  budget 3M€ over 2026 to 2028")
            + "open_database data \"Data\"\n  annotations 10_000 to 40_000 per year at 2€ to 8€ per annotation\n  effect poc.success +2pp\n"
        let scenario = try #require(compile(text).scenario)
        #expect(scenario.instruments.first { $0.id == "tools" }?.referenceMoneyPerYear == 1_000_000)
        // Medians of the two lognormals: √(10k × 40k) annotations at √(2 × 8) € = 20,000 × 4.
        let data = try #require(scenario.instruments.first { $0.id == "data" }?.referenceMoneyPerYear)
        #expect(abs(data - 80_000) < 1e-6)
    }

    @Test func elasticityOnAFeederIsAnError() {
        let result = compile(base(replacing: "  grant 100k€ per project", with: "  grant 100k€ per project\n  elasticity 0.5"))
        #expect(result.rendered() == """
            t.scenario:9:3: error: `elasticity` is not a clause of research_call
              elasticity 0.5
              ^~~~~~~~~~
            hint: clauses of research_call: `years`, `projects`, `grant`, `budget`, `enter`, `effect`, `ramp`, `decay`, `payer`

            """)
    }

    @Test func negativeElasticityIsAnError() {
        let result = compile(base(replacing: "  effect poc.cost -10%", with: "  effect poc.cost -10%\n  elasticity -0.5"))
        #expect(result.rendered() == """
            t.scenario:12:14: error: `elasticity` cannot be negative, found `-0.5`
              elasticity -0.5
                         ^~~~

            """)
    }
}
