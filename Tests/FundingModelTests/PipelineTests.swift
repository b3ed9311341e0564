import FundingModel
import MonteCarlo
import Testing

/// The pipeline and the feeders' money (DESIGN §3, §3.1 "Timing" and "Money").
@Suite struct PipelineTests {
    /// Mean solutions launched = projects × Π success, within 4 MCSE.
    @Test func launchedSolutionsMatchTheProductOfSuccesses() {
        var b = ScenarioBuilder(horizon: 2026 ... 2032)
        b.stage("poc", duration: 1, success: 0.5, cost: 150_000)
        b.stage("pilot", duration: 2, success: 0.4, cost: 400_000)
        b.stage("evaluation", duration: 1, success: 0.7, cost: 250_000)
        b.researchCall("recherche", years: 2026 ... 2027, projects: 10)
        let run = simulate(b.scenario, trials: 20_000)
        let (mean, mcse) = meanAndError(run.total("solutions.launched"))
        let expected = 20 * 0.5 * 0.4 * 0.7
        #expect(abs(mean - expected) < 4 * mcse)
        #expect(mcse > 0 && mcse < 0.02)
    }

    /// `effect poc.success +10pp` from a public good raises the mean launched as the closed form
    /// says; a direct grant's effect acts only in its years.
    @Test func successEffectRaisesLaunchesAsTheClosedFormSays() {
        func scenario(kind: InstrumentKind, years: ClosedRange<Int>) -> Scenario {
            var b = ScenarioBuilder(horizon: 2026 ... 2030)
            b.stage("poc", duration: 1, success: 0.5, cost: 150_000)
            b.stage("pilot", duration: 1, success: 0.4, cost: 400_000)
            b.researchCall("recherche", years: 2026 ... 2027, projects: 10)
            b.add { b in
                Instrument(id: "bases", label: "", kind: kind, years: years, effects: [
                    Effect(target: ParameterRef(1), kind: .percentagePoints,
                           change: b.constant("bases.effect.poc.success", 0.10, domain: .signed)),
                ])
            }
            return b.scenario
        }
        // Public good from 2026: every poc exit sees 0.6.
        let publicGood = simulate(scenario(kind: .openDatabase, years: 2026 ... 2026), trials: 20_000)
        let (m1, e1) = meanAndError(publicGood.total("solutions.launched"))
        #expect(abs(m1 - 20 * 0.6 * 0.4) < 4 * e1)
        // Direct grant in 2026 only: the 2027 cohort leaves poc at the end of 2027 with 0.5.
        let grant = simulate(scenario(kind: .directGrant, years: 2026 ... 2026), trials: 20_000)
        let (m2, e2) = meanAndError(grant.total("solutions.launched"))
        #expect(abs(m2 - (10 * 0.6 * 0.4 + 10 * 0.5 * 0.4)) < 4 * e2)
    }

    /// D = 2: entered in t, active t and t+1, fails at the end of t+1, passers enter the next
    /// stage in t+2 and launch the year after the last stage.
    @Test func timingConventionsForATwoYearStage() {
        func scenario(success: Double) -> Scenario {
            var b = ScenarioBuilder(horizon: 2026 ... 2031)
            b.stage("pilot", duration: 2, success: success, cost: 100)
            b.stage("evaluation", duration: 1, success: 1, cost: 50)
            b.researchCall("recherche", years: 2026 ... 2026, projects: 10)
            return b.scenario
        }
        let passing = simulate(scenario(success: 1), trials: 4)
        #expect(passing.values("projects.entered.pilot", 2026) == [10, 10, 10, 10])
        #expect(passing.values("projects.entered.pilot", 2027) == [0, 0, 0, 0])
        #expect((2026 ... 2031).map { passing.values("projects.active.pilot", $0)[0] } == [10, 10, 0, 0, 0, 0])
        #expect((2026 ... 2031).map { passing.values("projects.entered.evaluation", $0)[0] } == [0, 0, 10, 0, 0, 0])
        #expect((2026 ... 2031).map { passing.values("solutions.launched", $0)[0] } == [0, 0, 0, 10, 0, 0])
        #expect((2026 ... 2031).map { passing.values("solutions.active", $0)[0] } == [0, 0, 0, 10, 10, 10])
        // The grant (= stage cost × D) is paid over the D years; the later stage privately.
        #expect((2026 ... 2031).map { passing.values("spend.state.recherche", $0)[0] } == [1_000, 1_000, 0, 0, 0, 0])
        #expect((2026 ... 2031).map { passing.values("spend.private.recherche", $0)[0] } == [0, 0, 500, 0, 0, 0])

        let failing = simulate(scenario(success: 0), trials: 4)
        #expect((2026 ... 2031).map { failing.values("projects.failed.pilot", $0)[0] } == [0, 10, 0, 0, 0, 0])
        #expect(failing.total("solutions.launched") == [0, 0, 0, 0])
    }

    /// Nothing is accounted after the horizon: a cohort still in its stage at Y1 never fails or
    /// launches, and passers at the end of Y1 never launch.
    @Test func nothingHappensAfterTheHorizon() {
        var b = ScenarioBuilder(horizon: 2026 ... 2027)
        b.stage("pilot", duration: 2, success: 1, cost: 100)
        b.researchCall("recherche", years: 2026 ... 2027, projects: 3)
        let run = simulate(b.scenario, trials: 2)
        #expect(run.values("projects.active.pilot", 2027) == [6, 6])
        #expect(run.total("solutions.launched") == [0, 0])
        #expect(run.total("projects.failed.pilot") == [0, 0])
    }

    /// The four research_call cases of DESIGN §3.1 (stage cost 100k, D = 2, call in 2026 only).
    @Test(arguments: [
        // projects, budget, grant -> entered, State per year, private per year
        (10.0, nil, nil, 10.0, 1_000_000.0, 0.0),       // projects alone: grant = cost × D
        (nil, 1_000_000, 300_000, 3, 450_000, 0),       // ⌊budget / grant⌋ = 3
        (nil, 1_000_000, 150_000, 6, 450_000, 150_000),  // 6 projects, 25k a year each privately
        (4, 1_000_000, 150_000, 4, 300_000, 100_000),    // all three: min(4, 6)
        (5, 1_000_000, nil, 5, 500_000, 0),              // budget + projects: grant = budget / N
        (nil, 1_000_000, nil, 5, 500_000, 0),            // budget alone: ⌊budget / (cost × D)⌋
        (nil, nil, 150_000, 0, 0, 0),                    // a grant alone funds nothing
    ] as [(Double?, Double?, Double?, Double, Double, Double)])
    func researchCallMoneyCases(
        projects: Double?, budget: Double?, grant: Double?, entered: Double, state: Double, privately: Double
    ) {
        var b = ScenarioBuilder(horizon: 2026 ... 2028)
        b.stage("poc", duration: 2, success: 1, cost: 100_000)
        b.researchCall("recherche", years: 2026 ... 2026, projects: projects, budget: budget, grant: grant)
        let run = simulate(b.scenario, trials: 3)
        #expect(run.values("projects.entered.poc", 2026) == [entered, entered, entered])
        for year in 2026 ... 2027 {
            #expect(run.values("spend.state.recherche", year) == [state, state, state])
            #expect(run.values("spend.private.recherche", year) == [privately, privately, privately])
        }
        #expect(run.values("spend.state.recherche", 2028) == [0, 0, 0])
    }

    /// The State pays cofunding × entry-stage cost in each of its years, even after the call's
    /// last year; private pays the rest; a budget alone buys ⌊budget / (cofunding × cost × D)⌋.
    @Test func experimentationCofundingOutlivesTheCall() {
        func scenario(projects: Double?, budget: Double?) -> Scenario {
            var b = ScenarioBuilder(horizon: 2026 ... 2028)
            b.stage("pilot", duration: 2, success: 1, cost: 400_000)
            b.add { b in
                Instrument(
                    id: "experimentations", label: "", kind: .experimentationCall, years: 2026 ... 2026,
                    budget: budget.map { .perYear(b.constant("experimentations.budget", $0, domain: .positive)) },
                    feeder: Feeder(entryStage: 0, projects: projects.map { b.constant("experimentations.projects", $0, domain: .count) },
                                   cofunding: b.constant("experimentations.cofunding", 0.45, domain: .share)))
            }
            return b.scenario
        }
        let run = simulate(scenario(projects: 6, budget: nil), trials: 2)
        for year in 2026 ... 2027 {
            let cost = 6 * 400_000.0
            #expect(run.values("spend.state.experimentations", year) == [0.45 * cost, 0.45 * cost])
            #expect(run.values("spend.private.experimentations", year) == [cost - 0.45 * cost, cost - 0.45 * cost])
        }
        #expect(run.values("spend.state.experimentations", 2028) == [0, 0])
        // 2M€ buys ⌊2M / (0.45 × 400k × 2)⌋ = 5 projects; with projects 4 the smaller wins.
        #expect(simulate(scenario(projects: nil, budget: 2_000_000), trials: 1).values("projects.entered.pilot", 2026) == [5])
        #expect(simulate(scenario(projects: 4, budget: 2_000_000), trials: 1).values("projects.entered.pilot", 2026) == [4])
    }

    /// A binomial 30% of the projects are collaborative with success +20pp and cost +20%.
    @Test func collaborativeShareChangesSuccessAndCost() {
        var b = ScenarioBuilder(horizon: 2026 ... 2027)
        b.stage("pilot", duration: 1, success: 0.5, cost: 100_000)
        b.add { b in
            Instrument(
                id: "experimentations", label: "", kind: .experimentationCall, years: 2026 ... 2026,
                feeder: Feeder(
                    entryStage: 0, projects: b.constant("experimentations.projects", 10, domain: .count),
                    cofunding: b.constant("experimentations.cofunding", 0.45, domain: .share),
                    collaborative: Collaborative(
                        share: b.constant("experimentations.collaborative", 0.3, domain: .share),
                        successShift: b.constant("experimentations.collaborative.success", 0.2, domain: .signed),
                        costChange: b.constant("experimentations.collaborative.cost", 0.2, domain: .signed))))
        }
        let run = simulate(b.scenario, trials: 20_000)
        let (launched, e1) = meanAndError(run.values("solutions.launched", 2027))
        #expect(abs(launched - 10 * (0.7 * 0.5 + 0.3 * 0.7)) < 4 * e1)
        let (state, e2) = meanAndError(run.values("spend.state.experimentations", 2026))
        #expect(abs(state - 0.45 * 100_000 * 10 * (1 + 0.2 * 0.3)) < 4 * e2)
        // Each trial: the State pays 45% of what the year's projects cost.
        let pub = run.values("spend.state.experimentations", 2026), priv = run.values("spend.private.experimentations", 2026)
        #expect(zip(pub, priv).allSatisfy { abs($0 / ($0 + $1) - 0.45) < 1e-12 })
    }

    /// The prize pool and organisation are public in the active year; winners pay their stage
    /// beyond their prize share; participants at a price are private and counted.
    @Test func challengeMoney() {
        var b = ScenarioBuilder(horizon: 2026 ... 2028)
        b.stage("pilot", duration: 2, success: 1, cost: 400_000)
        b.add { b in
            Instrument(
                id: "defis", label: "", kind: .challenge, years: 2026 ... 2026,
                feeder: Feeder(entryStage: 0, projects: b.constant("defis.winners", 3, domain: .count),
                               prize: b.constant("defis.prize", 300_000, domain: .positive)),
                participants: Participants(count: b.constant("defis.participants", 40, domain: .count),
                                           unitCost: b.constant("defis.participants.cost", 1_000, domain: .positive)),
                organisation: b.constant("defis.organisation", 50_000, domain: .positive))
        }
        let run = simulate(b.scenario, trials: 1)
        #expect(run.values("spend.state.defis", 2026) == [350_000])
        #expect(run.values("spend.state.defis", 2027) == [0])
        #expect(run.values("participants.defis", 2026) == [40])
        // Each winner: 400k a year for 2 years less its 100k prize share spread over the 2 years.
        #expect(run.values("spend.private.defis", 2026) == [3 * 350_000 + 40_000])
        #expect(run.values("spend.private.defis", 2027) == [3 * 350_000])
    }

    /// A challenge with a budget and no prize: pool = budget − organisation, winners = ⌊pool /
    /// (entry-stage cost × D)⌋; with a prize too, the budget caps the pool.
    @Test func challengeBudgetBecomesPoolAndWinners() {
        func scenario(prize: Double?) -> Scenario {
            var b = ScenarioBuilder(horizon: 2026 ... 2027)
            b.stage("pilot", duration: 2, success: 1, cost: 400_000)
            b.add { b in
                Instrument(
                    id: "defis", label: "", kind: .challenge, years: 2026 ... 2026,
                    budget: .perYear(b.constant("defis.budget", 1_900_000, domain: .positive)),
                    feeder: Feeder(entryStage: 0, prize: prize.map { b.constant("defis.prize", $0, domain: .positive) }),
                    organisation: b.constant("defis.organisation", 200_000, domain: .positive))
            }
            return b.scenario
        }
        let open = simulate(scenario(prize: nil), trials: 1)
        #expect(open.values("spend.state.defis", 2026) == [1_900_000])
        #expect(open.values("projects.entered.pilot", 2026) == [2])  // ⌊1.7M / 800k⌋
        // Winners are as many as the pool funds in full, so they pay nothing themselves.
        #expect(open.values("spend.private.defis", 2026) == [0])
        let capped = simulate(scenario(prize: 3_000_000), trials: 1)
        #expect(capped.values("spend.state.defis", 2026) == [1_900_000])
        let small = simulate(scenario(prize: 500_000), trials: 1)
        #expect(small.values("spend.state.defis", 2026) == [700_000])
        #expect(small.values("projects.entered.pilot", 2026) == [0])
    }

    /// Enablers: budget per year in active years, a total spread evenly over its years,
    /// annotations N × C a year.
    @Test func enablerSpending() {
        var b = ScenarioBuilder(horizon: 2026 ... 2030)
        b.add { b in
            Instrument(id: "plateformes", label: "", kind: .stateInvestment, years: 2026 ... 2028,
                       budget: .total(b.constant("plateformes.budget", 21_000_000, domain: .positive), over: 2026 ... 2028))
        }
        b.add { b in
            Instrument(id: "outils", label: "", kind: .openTools, years: 2027 ... 2028,
                       budget: .perYear(b.constant("outils.budget", 1_500_000, domain: .positive)))
        }
        b.add { b in
            Instrument(id: "bases", label: "", kind: .openDatabase, years: 2026 ... 2026,
                       annotations: Annotations(count: b.constant("bases.annotations", 150_000, domain: .count),
                                                unitCost: b.constant("bases.annotations.cost", 4, domain: .positive)))
        }
        let run = simulate(b.scenario, trials: 1)
        #expect((2026 ... 2030).map { run.values("spend.state.plateformes", $0)[0] } == [7e6, 7e6, 7e6, 0, 0])
        #expect((2026 ... 2030).map { run.values("spend.state.outils", $0)[0] } == [0, 1.5e6, 1.5e6, 0, 0])
        #expect((2026 ... 2030).map { run.values("spend.state.bases", $0)[0] } == [600_000, 0, 0, 0, 0])
        #expect((2026 ... 2030).map { run.values("spend.state.total", $0)[0] } == [7.6e6, 8.5e6, 8.5e6, 0, 0])
    }
}
