import Foundation
import FundingModel
import MonteCarlo
import Testing

/// The ledger, NPVs, scalars, identities and the catalogue of outputs.
@Suite struct LedgerTests {
    /// NPV = Σ_t x_t / (1+r)^(t−Y0): a 1M€ budget for 5 years at 5% against the closed form of
    /// the geometric sum.
    @Test func npvOfAConstantBudget() {
        var b = ScenarioBuilder(horizon: 2026 ... 2035, discountRate: 0.05)
        b.add { b in
            Instrument(id: "outils", label: "", kind: .openTools, years: 2026 ... 2030,
                       budget: .perYear(b.constant("outils.budget", 1_000_000, domain: .positive)))
        }
        let run = simulate(b.scenario, trials: 3)
        let closedForm = 1_000_000 * (1 - pow(1.05, -5)) / (1 - 1 / 1.05)
        for v in run.scalar("npv.spend.state") { #expect(abs(v - closedForm) < 1e-6) }
        for v in run.scalar("npv.net.state") { #expect(abs(v - closedForm) < 1e-6) }
        #expect(run.scalar("npv.spend.private") == [0, 0, 0])
    }

    /// Every NPV equals the hand-discounted sum of its yearly series, trial by trial.
    @Test func npvsEqualTheDiscountedSeries() {
        let scenario = amiScenario()
        let run = simulate(scenario, trials: 300, chunk: 128)
        let pairs = run.model.scalars.map(\.id).filter { $0.hasPrefix("npv.") }.map { id -> (String, String) in
            let rest = id.dropFirst(4)
            if rest.hasPrefix("spend.") { return (id, "spend.\(rest.dropFirst(6)).total") }
            return (id, String(rest))
        }
        #expect(pairs.count == 4 * 3 + 2)
        for (scalar, seriesID) in pairs {
            let npv = run.scalar(scalar)
            for i in 0 ..< run.trials {
                var sum = 0.0
                for (k, year) in (2026 ... 2035).enumerated() {
                    sum += run.values(seriesID, year)[i] / pow(1.025, Double(k))
                }
                #expect(abs(npv[i] - sum) <= 1e-9 * max(1, abs(sum)))
            }
        }
    }

    /// The State's total is the sum of its instruments, every year of every trial; every payer's
    /// total is the sum of its sources and net = spend − savings.
    @Test func ledgerIdentities() {
        let run = simulate(amiScenario(), trials: 500, chunk: 200)
        let instruments = ["recherche", "experimentations", "defis", "bases", "plateformes", "outils", "organisations"]
        let ids = run.model.series.map(\.id)
        for year in 2026 ... 2035 {
            let sum = instruments.map { run.values("spend.state.\($0)", year) }.reduce(Array(repeating: 0, count: 500), plus)
            let total = run.values("spend.state.total", year)
            #expect(zip(sum, total).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, $1) })
            for payer in run.model.scenario.payers {
                let sources = ids.filter { $0.hasPrefix("spend.\(payer).") && $0 != "spend.\(payer).total" }
                let sum = sources.map { run.values($0, year) }.reduce(Array(repeating: 0, count: 500), plus)
                #expect(zip(sum, run.values("spend.\(payer).total", year)).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, $1) })
                let net = zip(run.values("spend.\(payer).total", year), run.values("savings.\(payer)", year)).map { $0 - $1 }
                #expect(net == run.values("net.\(payer)", year))
            }
        }
        // cost_per_sustainable_solution = undiscounted State spend / sustainable solutions in Y1.
        let state = run.total("spend.state.total"), sustainable = run.values("solutions.sustainable", 2035)
        let cost = run.scalar("cost_per_sustainable_solution")
        for i in 0 ..< 500 {
            if sustainable[i] > 0 {
                #expect(abs(cost[i] - state[i] / sustainable[i]) <= 1e-9 * cost[i])
            } else {
                #expect(cost[i].isNaN)
            }
        }
    }

    /// breakeven_year: the first year cumulative savings reach cumulative public + pathway spend.
    @Test func breakevenYearIsTheFirstCrossing() {
        let run = simulate(amiScenario(), trials: 500)
        let publicPayers = run.model.scenario.payers.filter { $0 != "private" }
        let found = run.scalar("breakeven_year")
        var defined = 0
        for i in 0 ..< 500 {
            var saved = 0.0, spent = 0.0
            var expected = Double.nan
            for year in 2026 ... 2035 {
                for payer in run.model.scenario.payers { saved += run.values("savings.\(payer)", year)[i] }
                for payer in publicPayers { spent += run.values("spend.\(payer).total", year)[i] }
                if expected.isNaN && saved > 0 && saved >= spent { expected = Double(year) }
            }
            #expect(found[i] == expected || (found[i].isNaN && expected.isNaN))
            if !expected.isNaN { defined += 1 }
        }
        #expect(defined > 0)
    }

    /// `solutions.sustainable.any` is 1 exactly when some solution is sustainable in the last year,
    /// `cap.breached.any.<payer>` exactly when the cap was breached in some year; their means are
    /// the probabilities (here 0 < P < 1 for both).
    @Test func anyScalarsAreIndicatorsOfTheirSeries() {
        let run = simulate(amiScenario(cap: .flag), trials: 2_000, chunk: 300)
        let any = run.scalar("solutions.sustainable.any"), last = run.values("solutions.sustainable", 2035)
        #expect(zip(any, last).allSatisfy { $0 == ($1 > 0 ? 1 : 0) })
        let breached = run.scalar("cap.breached.any.assurance_maladie")
        for i in 0 ..< 2_000 {
            let years = (2026 ... 2035).map { run.values("cap.breached.assurance_maladie", $0)[i] }
            #expect(breached[i] == (years.contains(1) ? 1 : 0))
        }
        let (pAny, pBreach) = (any.reduce(0, +) / 2_000, breached.reduce(0, +) / 2_000)
        #expect(pAny > 0.5 && pAny < 1)
        #expect(pBreach > 0.02 && pBreach < 1)
    }

    /// active_t = active_{t−1} + launched_t − withdrawn_t − cliff_t, and withdrawn/cliff/sustainable
    /// never exceed what exists.
    @Test func stockFlowIdentity() {
        let run = simulate(amiScenario(), trials: 1_000, chunk: 300)
        var previous = Array(repeating: 0.0, count: 1_000)
        var withdrawals = 0.0
        for year in 2026 ... 2035 {
            let active = run.values("solutions.active", year)
            let launched = run.values("solutions.launched", year)
            let withdrawn = run.values("solutions.withdrawn", year), cliff = run.values("solutions.cliff", year)
            for i in 0 ..< 1_000 {
                #expect(active[i] == previous[i] + launched[i] - withdrawn[i] - cliff[i])
                #expect(run.values("solutions.sustainable", year)[i] <= active[i])
            }
            withdrawals += withdrawn.reduce(0, +)
            previous = active
        }
        #expect(withdrawals > 0)
    }

    /// The same trials give the same bits whatever the chunk size.
    @Test func chunkingDoesNotChangeTheBits() {
        let a = simulate(amiScenario(), trials: 700, chunk: 700)
        let b = simulate(amiScenario(), trials: 700, chunk: 64)
        #expect(a.series == b.series)
        #expect(a.scalars.map { $0.map(\.bitPattern) } == b.scalars.map { $0.map(\.bitPattern) })
        #expect(a.sharesScaledTrials == b.sharesScaledTrials)
    }

    /// A mix with more research projects keeps the baseline's coupled passage draws: its
    /// launches are never fewer in any trial when only the project count grows (common random
    /// numbers, monotone inversion).
    @Test func moreProjectsNeverLaunchFewerSolutions() {
        func scenario(_ projects: Double) -> Scenario {
            var b = ScenarioBuilder(horizon: 2026 ... 2032)
            b.stage("poc", duration: 1, success: 0.5, cost: 1)
            b.stage("pilot", duration: 1, success: 0.4, cost: 1)
            b.researchCall("recherche", years: 2026 ... 2027, projects: projects)
            return b.scenario
        }
        let base = simulate(scenario(6), trials: 2_000).total("solutions.launched")
        let more = simulate(scenario(10), trials: 2_000).total("solutions.launched")
        #expect(zip(base, more).allSatisfy { $0 <= $1 })
        #expect(zip(base, more).contains { $0 < $1 })
    }

    /// The catalogue: DESIGN's ids, grouped in the stable order, and the scalars.
    @Test func catalogueOfTheAcceptanceExample() {
        let model = SimulationModel(scenario: amiScenario())
        let stages = ["poc", "pilot", "evaluation"]
        let expected =
            ["entered", "active", "failed"].flatMap { m in stages.map { "projects.\(m).\($0)" } }
            + ["solutions.launched", "solutions.active", "solutions.sustainable", "solutions.withdrawn", "solutions.cliff",
               "adoption.sites", "adoption.uses", "opex.total"]
            + ["recherche", "experimentations", "defis", "bases", "plateformes", "outils", "organisations", "total"].map { "spend.state.\($0)" }
            + ["recherche", "experimentations", "defis", "total"].map { "spend.private.\($0)" }
            + ["spend.assurance_maladie.reimbursement", "spend.assurance_maladie.total",
               "spend.hospitals.hospital_budget", "spend.hospitals.total",
               "revenue.reimbursement", "revenue.hospital_budget"]
            + ["state", "private", "assurance_maladie", "hospitals"].map { "savings.\($0)" }
            + ["state", "private", "assurance_maladie", "hospitals"].map { "net.\($0)" }
            + ["cap.breached.assurance_maladie", "participants.defis"]
        #expect(model.series.map(\.id) == expected)
        let payers = ["state", "private", "assurance_maladie", "hospitals"]
        #expect(model.scalars.map(\.id) ==
            payers.map { "npv.spend.\($0)" } + payers.map { "npv.savings.\($0)" } + payers.map { "npv.net.\($0)" }
            + ["npv.revenue.reimbursement", "npv.revenue.hospital_budget", "cost_per_sustainable_solution", "breakeven_year",
               "solutions.sustainable.any", "cap.breached.any.assurance_maladie"])
        #expect(model.scalars.filter { $0.id.hasSuffix(".any") || $0.id.hasPrefix("cap.breached.any.") }.map(\.unit) == [.flag, .flag])
        #expect(model.series.first { $0.id == "solutions.active" }?.kind == .stock)
        // A yearly 0/1 flag is a flow: summed over the years it counts the years of breach.
        #expect(model.series.first { $0.id == "cap.breached.assurance_maladie" }?.kind == .flow)
        #expect(model.sampledValues.map(\.name) == model.scenario.parameters.map(\.path))
        #expect(model.rankCorrelations == [RankCorrelation(first: 1, second: 4, spearman: 0.5)])
    }
}
