import Foundation
import MonteCarlo
import Testing
@testable import Analysis

@Suite("Value of information")
struct ValueOfInformationTests {
    /// EVPI of two options whose incremental net benefit is N(μ, σ²): σφ(μ/σ) − |μ|Φ(−|μ|/σ).
    static func normalEVPI(mean mu: Double, sd sigma: Double) -> Double {
        let z = mu / sigma
        return sigma * exp(-z * z / 2) / (2 * Double.pi).squareRoot() - abs(mu) * StandardNormal.cdf(-abs(z))
    }

    static func normals(_ name: String, count: Int, mean: Double, sd: Double) -> [Double] {
        let key = StreamKey(seed: 2026, name: name)
        return (0..<count).map { mean + sd * Draws.normal(key: key, trial: $0, year: 0, draw: 0) }
    }

    @Test func closedFormAtZeroIsSigmaOverRootTwoPi() {
        #expect(abs(Self.normalEVPI(mean: 0, sd: 3) - 3 / (2 * Double.pi).squareRoot()) < 1e-15)
    }

    /// N = 100,000 trials; option 0's net benefit is pure noise common to both options (it cancels
    /// in the EVPI). The estimate must sit within 4 of its own standard errors of the closed form,
    /// and that error must be the one expected (≈ 0.58σ/√N at μ = 0).
    @Test(arguments: [0.0, 400.0, -1_500.0])
    func evpiOfTwoNormalOptions(mu: Double) {
        let n = 100_000, sigma = 1_000.0
        let common = Self.normals("common", count: n, mean: 5_000, sd: 2_000)
        let theta = Self.normals("theta", count: n, mean: mu, sd: sigma)
        let nb = [common, zip(common, theta).map(+)]
        let evpi = DecisionStatistics.evpi(netBenefit: nb)
        let exact = Self.normalEVPI(mean: mu, sd: sigma)
        #expect(abs(evpi.value - exact) <= 4 * evpi.standardError, "EVPI \(evpi.value) vs \(exact) ± \(evpi.standardError)")
        #expect(evpi.standardError > 0 && evpi.standardError < 0.6 * sigma / Double(n).squareRoot())
        // The EVPI is the expected loss of the option best on average.
        let stats = DecisionStatistics.variants(netBenefit: nb)
        #expect(abs(stats.map(\.expectedLoss).min()! - evpi.value) < 1e-9)
    }

    /// NB₁ − NB₀ = θ₁ + θ₂ with θ₁ ~ N(100, 600²), θ₂ ~ N(−100, 800²) and an irrelevant ψ; N = 40,000.
    /// The options tie on average, where noise in a fit counts most.
    /// - the group {θ₁, θ₂} carries all the uncertainty: EVPPI = EVPI (within 1%);
    /// - E[NB₁ − NB₀ | θ₁] = θ₁ − 100 ~ N(0, 600²): EVPPI(θ₁) = 600/√(2π), and likewise
    ///   EVPPI(θ₂) = 800/√(2π) — the smoother works through the noise of the other;
    /// - ψ: EVPPI below 2% of the EVPI (the upward bias of fitting noise, kept small by GCV).
    @Test func evppiOnClosedForms() {
        let n = 40_000
        let theta1 = Self.normals("theta1", count: n, mean: 100, sd: 600)
        let theta2 = Self.normals("theta2", count: n, mean: -100, sd: 800)
        let psi = Self.normals("psi", count: n, mean: 0, sd: 1)
        let common = Self.normals("common", count: n, mean: 0, sd: 300)
        let nb = [common, (0..<n).map { common[$0] + theta1[$0] + theta2[$0] }]
        let evpi = DecisionStatistics.evpi(netBenefit: nb)

        let group = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [theta1, theta2])
        #expect(abs(group.value - evpi.value) <= 0.01 * evpi.value, "group \(group.value) vs EVPI \(evpi.value)")

        let first = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [theta1])
        let second = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [theta2])
        let exact1 = Self.normalEVPI(mean: 0, sd: 600), exact2 = Self.normalEVPI(mean: 0, sd: 800)
        #expect(abs(first.value - exact1) <= 4 * first.standardError, "θ₁ \(first.value) vs \(exact1) ± \(first.standardError)")
        #expect(abs(second.value - exact2) <= 4 * second.standardError, "θ₂ \(second.value) vs \(exact2) ± \(second.standardError)")
        #expect(first.standardError < 0.03 * exact1 && second.standardError < 0.03 * exact2)

        let irrelevant = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [psi])
        #expect(irrelevant.value >= 0 && irrelevant.value < 0.02 * evpi.value, "ψ \(irrelevant.value) vs EVPI \(evpi.value)")
        #expect(irrelevant.effectiveDegreesOfFreedom[0] < 4)
    }

    /// When one parameter is the whole incremental net benefit, its EVPPI is the EVPI.
    @Test func parameterCarryingAllUncertainty() {
        let n = 20_000
        let theta = Self.normals("theta", count: n, mean: -50, sd: 400)
        let common = Self.normals("common", count: n, mean: 1_000, sd: 300)
        let nb = [common, zip(common, theta).map(+)]
        let evpi = DecisionStatistics.evpi(netBenefit: nb)
        let evppi = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [theta])
        #expect(abs(evppi.value - evpi.value) <= 0.01 * evpi.value, "EVPPI \(evppi.value) vs EVPI \(evpi.value)")
        // A constant parameter carries nothing.
        let constant = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [[Double](repeating: 3, count: n)])
        #expect(constant.value == 0 && constant.standardError == 0)
    }

    /// Three options: two parameters each drive one option's gain; the group equals the EVPI.
    @Test func threeOptionsGroup() {
        let n = 20_000
        let a = Self.normals("a", count: n, mean: 0, sd: 500)
        let b = Self.normals("b", count: n, mean: 100, sd: 300)
        let nb = [[Double](repeating: 0, count: n), a, b]
        let evpi = DecisionStatistics.evpi(netBenefit: nb)
        let group = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [a, b])
        #expect(abs(group.value - evpi.value) <= 0.02 * evpi.value, "group \(group.value) vs EVPI \(evpi.value)")
        let deterministic = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [a, b])
        #expect(group == deterministic)
    }

    @Test func decisionStatisticsByHand() {
        // Four trials, three options; trial 2 ties options 0 and 1, trial 4 ties all three.
        let nb: [[Double]] = [[1, 5, 2, 4], [3, 5, 1, 4], [2, 0, 3, 4]]
        let stats = DecisionStatistics.variants(netBenefit: nb)
        // Best per trial: 3, 5, 3, 4 → E[max] = 15/4.
        let third = 1.0 / 3
        let expectedWins: [Double] = [0.5 + third, 1.5 + third, 1 + third]
        #expect(stats.map(\.probabilityBest) == expectedWins.map { $0 / 4 })
        #expect(stats.map(\.mean) == [3, 3.25, 2.25])
        #expect(stats.map(\.expectedLoss) == [0.75, 0.5, 1.5])
        #expect(abs(stats[0].standardDeviation - (10.0 / 3).squareRoot()) < 1e-12)  // deviations −2, 2, −1, 1
        #expect(abs(stats[0].meanStandardError - (10.0 / 3).squareRoot() / 2) < 1e-12)
        #expect(DecisionStatistics.evpi(netBenefit: nb).value == 0.5)
    }

    @Test func acceptabilityCurve() {
        // Option 0: outcome 1, cost 0; option 1: outcome 3, cost 10 + noise ±2 in two trials.
        let outcome: [[Double]] = [[1, 1], [3, 3]]
        let cost: [[Double]] = [[0, 0], [8, 12]]
        let worths = DecisionStatistics.worths(from: 0, to: 10, steps: 5)
        #expect(worths == [0, 2, 4, 6, 8, 10])
        let curve = DecisionStatistics.acceptability(outcome: outcome, cost: cost, worths: worths)
        // λ = 4: NB₀ = 4, NB₁ = 12 − 8 = 4 (tie) and 0 → P(best) = (0.25 + 0.5 + …): trial 1 tie, trial 2 option 0.
        #expect(curve[2].probabilityBest == [0.75, 0.25])
        #expect(curve[2].meanNetBenefit == [4, 2])
        #expect(curve[0].probabilityBest == [1, 0])
        #expect(curve[5].probabilityBest == [0, 1])
        #expect(curve[5].meanNetBenefit == [10, 20])
    }
}
