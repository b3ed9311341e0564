import FundingModel
import MonteCarlo
import Testing
@testable import Analysis

@Suite struct BudgetSweepTests {
    /// The small scenario plus an open-tools enabler, so a sweep has a feeder and an enabler.
    func scenarioWithTools() -> Scenario {
        var s = smallScenario()
        s.parameters.append(Parameter(path: "outils.budget", distribution: .constant(1_000_000), unit: "€/year", domain: .positive))
        let budget = ParameterRef(s.parameters.count - 1)
        s.parameters.append(Parameter(path: "outils.effect.poc.success", distribution: .constant(0.05), unit: "pp", domain: .signed))
        let change = ParameterRef(s.parameters.count - 1)
        s.instruments.append(Instrument(
            id: "outils", label: "Tools", kind: .openTools, years: 2026...2030, budget: .perYear(budget),
            effects: [Effect(target: s.reference(path: "poc.success")!, kind: .percentagePoints, change: change)],
            referenceMoneyPerYear: 1_000_000))
        return s
    }

    @Test func splitsAreEveryCompositionOfTheSteps() throws {
        let sweep = try BudgetSweep(scenario: scenarioWithTools(), instruments: ["recherche", "outils"], total: 12e6, steps: 4)
        #expect(sweep.splits == [[4, 0], [3, 1], [2, 2], [1, 3], [0, 4]])
        #expect(BudgetSweep.splitCount(parts: 3, steps: 10) == 66)
        let ten = try BudgetSweep(scenario: scenarioWithTools(), instruments: ["recherche", "outils"], total: 1, steps: 10)
        #expect(ten.splits.count == 11 && ten.splits.count == BudgetSweep.splitCount(parts: 2, steps: 10))
        #expect(sweep.budgets([3, 1]) == [9e6, 3e6])
    }

    /// The whole budget on the research call: ⌊(total / 4 years) / grant⌋ projects enter each year.
    @Test func wholeBudgetToOneFeederFundsTheClosedFormNumberOfProjects() throws {
        let total = 10_000_000.0
        let sweep = try BudgetSweep(scenario: scenarioWithTools(), instruments: ["recherche", "outils"], total: total, steps: 5)
        let variant = sweep.scenario(for: [5, 0])
        let result = try Engine.run([Variant(name: "all research", model: SimulationModel(scenario: variant))],
                                    configuration: RunConfiguration(trials: 512, seed: 3, threads: 2, chunkSize: 256))
        let entered = try #require(result.variants[0].series("projects.entered.poc"))
        let perYear = (total / 4 / 300_000).rounded(.down)  // 2026–2029, grant 300 k€: 8 projects a year
        #expect(perYear == 8)
        for (y, statistic) in entered.byYear.enumerated() {
            let expected = (2026...2029).contains(2026 + y) ? perYear : 0
            #expect(statistic.mean == expected && statistic.standardDeviation == 0, "year \(2026 + y)")
        }
        let spend = try #require(result.variants[0].series("spend.state.recherche"))
        #expect(spend.byYear[0].mean == perYear * 300_000)
        // The tools got nothing: they spend nothing.
        let tools = try #require(result.variants[0].series("spend.state.outils"))
        #expect(tools.byYear.allSatisfy { $0.mean == 0 })
    }

    @Test func unknownOrRepeatedInstrumentsAreRefused() {
        #expect(throws: BudgetSweep.Problem.unknownInstrument("defis", known: ["recherche", "outils"])) {
            try BudgetSweep(scenario: scenarioWithTools(), instruments: ["recherche", "defis"], total: 1e6, steps: 2)
        }
        #expect(throws: BudgetSweep.Problem.repeatedInstrument("outils")) {
            try BudgetSweep(scenario: scenarioWithTools(), instruments: ["outils", "outils"], total: 1e6, steps: 2)
        }
        #expect(throws: BudgetSweep.Problem.tooFewInstruments) {
            try BudgetSweep(scenario: scenarioWithTools(), instruments: ["outils"], total: 1e6, steps: 2)
        }
        #expect(throws: BudgetSweep.Problem.invalidSteps(0)) {
            try BudgetSweep(scenario: scenarioWithTools(), instruments: ["outils", "recherche"], total: 1e6, steps: 0)
        }
    }

    /// Hand-built points: (cost, benefit). Dominated: B by A (same cost, less benefit), D by C,
    /// E by everything cheaper with more; F ties A exactly and stays efficient.
    @Test func paretoFlagsOnAHandBuiltCase() {
        let cost: [Double] = [10, 10, 20, 25, 30, 10, 40]
        let benefit: [Double] = [5, 4, 8, 8, 1, 5, 9]
        #expect(paretoEfficient(cost: cost, benefit: benefit) == [true, false, true, false, false, true, true])
    }
}
