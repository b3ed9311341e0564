import FundingModel
import MonteCarlo
import Testing

/// How a feeder's budget turns into projects or winners when `projects` and `winners` are
/// absent (DESIGN §3.1; the budget sweep relies on these rules): research_call ⌊budget per year
/// / grant⌋, experimentation_call ⌊budget / (cofunding × C × D)⌋, challenge
/// ⌊(budget − organisation) / (C × D)⌋, a ratio within 10⁻⁹ of a whole number counting as it.
@Suite struct BudgetRuleTests {
    /// Entry-stage projects of 2026 for a feeder built by `make` (stage cost C, duration D).
    func entered(cost: Double, duration: Double, _ make: @escaping (inout ScenarioBuilder) -> Instrument) -> Double {
        var b = ScenarioBuilder(horizon: 2026 ... 2028)
        b.stage("pilot", duration: duration, success: 1, cost: cost)
        b.add(make)
        let run = simulate(b.scenario, trials: 2)
        let values = run.values("projects.entered.pilot", 2026)
        #expect(values[0] == values[1])
        return values[0]
    }

    /// Grant 300k€: ⌊B / 300k⌋ projects a year.
    @Test(arguments: [(0.0, 0.0), (299_999, 0), (300_000, 1), (899_999.99, 2), (900_000, 3), (2_500_000, 8)])
    func researchCallBuysBudgetOverGrant(budget: Double, projects: Double) {
        let count = entered(cost: 100_000, duration: 2) { b in
            Instrument(id: "recherche", label: "", kind: .researchCall, years: 2026 ... 2026,
                       budget: .perYear(b.constant("recherche.budget", budget, domain: .positive)),
                       feeder: Feeder(entryStage: 0, grant: b.constant("recherche.grant", 300_000, domain: .positive)))
        }
        #expect(count == projects)
    }

    /// Cofunding 45% of a 400k€ × 2-year stage: ⌊B / 360k⌋ projects a year.
    @Test(arguments: [(0.0, 0.0), (359_999, 0), (360_000, 1), (1_800_000, 5), (2_000_000, 5), (3_600_000, 10)])
    func experimentationCallBuysBudgetOverCofundedStage(budget: Double, projects: Double) {
        let count = entered(cost: 400_000, duration: 2) { b in
            Instrument(id: "experimentations", label: "", kind: .experimentationCall, years: 2026 ... 2026,
                       budget: .perYear(b.constant("experimentations.budget", budget, domain: .positive)),
                       feeder: Feeder(entryStage: 0, cofunding: b.constant("experimentations.cofunding", 0.45, domain: .share)))
        }
        #expect(count == projects)
    }

    /// Organisation 200k€, stage 400k€ × 2 years: ⌊(B − 200k) / 800k⌋ winners, and the State pays
    /// the whole budget (pool + organisation) whenever it covers the organisation.
    @Test(arguments: [(100_000.0, 0.0, 200_000.0), (1_000_000, 1, 1_000_000), (1_799_999, 1, 1_799_999),
                      (1_800_000, 2, 1_800_000), (6_600_000, 8, 6_600_000)])
    func challengeBuysBudgetNetOfOrganisationOverFullStage(budget: Double, winners: Double, state: Double) {
        var b = ScenarioBuilder(horizon: 2026 ... 2027)
        b.stage("pilot", duration: 2, success: 1, cost: 400_000)
        b.add { b in
            Instrument(id: "defis", label: "", kind: .challenge, years: 2026 ... 2026,
                       budget: .perYear(b.constant("defis.budget", budget, domain: .positive)),
                       feeder: Feeder(entryStage: 0), organisation: b.constant("defis.organisation", 200_000, domain: .positive))
        }
        let run = simulate(b.scenario, trials: 1)
        #expect(run.values("projects.entered.pilot", 2026) == [winners])
        #expect(run.values("spend.state.defis", 2026) == [state])
    }
}
