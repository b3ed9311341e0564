import FundingModel
import MonteCarlo
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Enablers' effects scale with money: s = (money per active year / reference)^elasticity.
@Suite struct ElasticityTests {
    /// Two stages, 10 research projects a year in 2026–2027, and one enabler built by `enabler`.
    func scenario(
        success: Distribution = .constant(0.5), enabler: (inout ScenarioBuilder) -> Instrument
    ) -> Scenario {
        var b = ScenarioBuilder(horizon: 2026 ... 2030)
        b.stage("poc", duration: .constant(1), success: success, cost: .constant(150_000))
        b.stage("pilot", duration: 1, success: 0.4, cost: 400_000)
        b.researchCall("recherche", years: 2026 ... 2027, projects: 10)
        b.add(enabler)
        return b.scenario
    }

    /// `bases` (open database) with annotations N × C a year and `effect poc.success +pp`.
    func database(
        annotations: Double = 150_000, cost: Double = 4, pp: Double = 0.10, reference: Double?, elasticity: Double? = nil
    ) -> (inout ScenarioBuilder) -> Instrument {
        { b in
            Instrument(
                id: "bases", label: "", kind: .openDatabase, years: 2026 ... 2026,
                annotations: Annotations(count: b.constant("bases.annotations", annotations, domain: .count),
                                         unitCost: b.constant("bases.annotations.cost", cost, domain: .positive)),
                effects: [Effect(target: ParameterRef(1), kind: .percentagePoints,
                                 change: b.constant("bases.effect.poc.success", pp, domain: .signed))],
                elasticity: elasticity.map { b.constant("bases.elasticity", $0, domain: .positive) },
                referenceMoneyPerYear: reference)
        }
    }

    /// With a reference equal to its own money an enabler's effects are unchanged, bit for bit:
    /// a pp effect paid by annotations (N × C), a % effect paid by a total over three years
    /// (X / 3) and a year effect paid by a budget per year, on uncertain success.
    @Test func referenceEqualToItsOwnMoneyLeavesTheBaselineUnchanged() {
        func build(withReferences: Bool) -> Scenario {
            var b = ScenarioBuilder(horizon: 2026 ... 2033, discountRate: 0.02)
            b.stage("poc", duration: .constant(1), success: interval(0.45, 0.65, .logitNormal), cost: .constant(150_000))
            b.stage("pilot", duration: .wholeUniform(min: 2, max: 3), success: interval(0.3, 0.5, .logitNormal),
                    cost: .constant(400_000))
            b.researchCall("recherche", years: 2026 ... 2029, projects: 10)
            b.add { b in
                Instrument(
                    id: "bases", label: "", kind: .openDatabase, years: 2026 ... 2027,
                    annotations: Annotations(count: b.constant("bases.annotations", 150_000, domain: .count),
                                             unitCost: b.constant("bases.annotations.cost", 3.5, domain: .positive)),
                    effects: [Effect(target: ParameterRef(1), kind: .percentagePoints,
                                     change: b.parameter("bases.effect.poc.success", interval(0.03, 0.08, .normal), domain: .signed))],
                    referenceMoneyPerYear: withReferences ? 150_000 * 3.5 : nil)
            }
            b.add { b in
                Instrument(
                    id: "plateformes", label: "", kind: .stateInvestment, years: 2026 ... 2028,
                    budget: .total(b.constant("plateformes.budget", 20_000_000, domain: .positive), over: 2026 ... 2028),
                    effects: [Effect(target: ParameterRef(5), kind: .percent,
                                     change: b.parameter("plateformes.effect.pilot.cost", interval(-0.15, -0.05, .normal), domain: .signed))],
                    referenceMoneyPerYear: withReferences ? 20_000_000 / 3 : nil)
            }
            b.add { b in
                Instrument(
                    id: "outils", label: "", kind: .openTools, years: 2026 ... 2030,
                    budget: .perYear(b.constant("outils.budget", 1_500_000, domain: .positive)),
                    effects: [Effect(target: ParameterRef(3), kind: .years,
                                     change: b.parameter("outils.effect.pilot.duration", .normal(mean: -0.7, sd: 0.5), domain: .signed))],
                    referenceMoneyPerYear: withReferences ? 1_500_000 : nil)
            }
            return b.scenario
        }
        let without = simulate(build(withReferences: false), trials: 600, chunk: 256)
        let with = simulate(build(withReferences: true), trials: 600, chunk: 256)
        let bits = { (rows: [[Double]]) in rows.flatMap { $0.map(\.bitPattern) } }
        let seriesDiffering = zip(with.series.flatMap(bits), without.series.flatMap(bits)).filter { $0 != $1 }.count
        let scalarsDiffering = zip(bits(with.scalars), bits(without.scalars)).filter { $0 != $1 }.count
        #expect(seriesDiffering == 0 && scalarsDiffering == 0)
        #expect(with.series.flatMap(bits).count == with.model.series.count * 8 * 600)
        // The scenario does exercise the effects: more than the 40 × 0.55 × 0.4 launches without them.
        #expect(without.total("solutions.launched").reduce(0, +) / 600 > 40 * 0.55 * 0.4)
    }

    /// Twice the reference money with elasticity 0.5 multiplies a +10pp effect by √2: mean
    /// launched solutions = 20 × (0.5 + 0.1·√2) × 0.4 within 4 MCSE, and every trial is the one
    /// an unscaled effect of 0.1·√2 gives.
    @Test func doubleMoneyMultipliesAnEffectBySquareRootOfTwo() {
        let scaled = simulate(scenario(enabler: database(reference: 300_000)), trials: 20_000)
        let (mean, mcse) = meanAndError(scaled.total("solutions.launched"))
        #expect(abs(mean - 20 * (0.5 + 0.1 * 2.0.squareRoot()) * 0.4) < 4 * mcse)
        #expect(mcse > 0 && mcse < 0.03)
        let equivalent = simulate(scenario(enabler: database(pp: 0.1 * pow(2, 0.5), reference: nil)), trials: 20_000)
        let differing = zip(scaled.total("solutions.launched"), equivalent.total("solutions.launched")).filter { $0 != $1 }.count
        #expect(differing == 0)
        // Half the reference money: 0.1 / √2.
        let halved = simulate(scenario(enabler: database(reference: 1_200_000)), trials: 20_000)
        let (m2, e2) = meanAndError(halved.total("solutions.launched"))
        #expect(abs(m2 - 20 * (0.5 + 0.1 / 2.0.squareRoot()) * 0.4) < 4 * e2)
    }

    /// Elasticity 0: money does not matter (three times the reference, or nothing at all,
    /// gives the effect as stated, bit for bit).
    @Test func elasticityZeroMakesMoneyIrrelevant() {
        let stated = simulate(scenario(enabler: database(reference: nil)), trials: 2_000)
        for annotations in [450_000.0, 0] {
            let run = simulate(scenario(enabler: database(annotations: annotations, reference: 600_000, elasticity: 0)), trials: 2_000)
            let differing = (2026 ... 2030).map { year in
                zip(run.values("solutions.launched", year), stated.values("solutions.launched", year)).filter { $0 != $1 }.count
            }
            #expect(differing == [0, 0, 0, 0, 0])
            #expect(run.values("spend.state.bases", 2026) == [Double](repeating: annotations * 4, count: 2_000))
        }
        // With the default elasticity (0.5) and no money the effect vanishes: 20 × 0.5 × 0.4.
        let broke = simulate(scenario(enabler: database(annotations: 0, reference: 600_000)), trials: 20_000)
        let (mean, mcse) = meanAndError(broke.total("solutions.launched"))
        #expect(abs(mean - 20 * 0.5 * 0.4) < 4 * mcse)
    }

    /// A year effect scales and rounds to whole years: `-1 year` on a 3-year pilot with four times
    /// the money (s = 2) shortens it by 2 years; with 1.69 times (s = 1.3) by 1 year.
    @Test(arguments: [(4.0, 1), (1.69, 2), (1.0, 2), (0.09, 3)] as [(Double, Int)])
    func yearEffectsScaleAndRound(moneyRatio: Double, duration: Int) {
        var b = ScenarioBuilder(horizon: 2026 ... 2031)
        b.stage("pilot", duration: 3, success: 1, cost: 100)
        b.researchCall("recherche", years: 2026 ... 2026, projects: 10)
        b.add { b in
            Instrument(
                id: "outils", label: "", kind: .openTools, years: 2026 ... 2030,
                budget: .perYear(b.constant("outils.budget", 1_000_000 * moneyRatio, domain: .positive)),
                effects: [Effect(target: ParameterRef(0), kind: .years,
                                 change: b.constant("outils.effect.pilot.duration", -1, domain: .signed))],
                referenceMoneyPerYear: 1_000_000)
        }
        let run = simulate(b.scenario, trials: 2)
        // Active in 2026 … 2026 + D − 1, launched the year after.
        let active = (2026 ... 2031).map { run.values("projects.active.pilot", $0)[0] }
        #expect(active == (2026 ... 2031).map { $0 < 2026 + duration ? 10 : 0 })
        #expect(run.values("solutions.launched", 2026 + duration) == [10, 10])
    }
}
