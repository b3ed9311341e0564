import Foundation
import MonteCarlo
import Testing
@testable import Analysis

@Suite("Sobol' indices")
struct SobolIndicesTests {
    /// Ishigami: f = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁, xᵢ ~ U(−π, π), a = 7, b = 0.1.
    static func ishigami(_ x: [Double]) -> Double {
        sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
    }

    /// Runs `model` on the rows of A, B and each single-input AB_i; returns the indices of every
    /// input and of `extraGroups`.
    static func analyse(_ design: SaltelliDesign, extraGroups: [[Int]] = [], model: ([Double]) -> Double) -> [SobolIndexEstimate] {
        func outputs(_ columns: [[Double]]) -> [Double] {
            (0..<design.baseRows).map { row in model(columns.map { $0[row] }) }
        }
        let groups = (0..<design.dimension).map { [$0] } + extraGroups
        return SobolIndices.estimate(
            a: outputs(design.a), b: outputs(design.b), mixed: groups.map { outputs(design.mixed(group: $0)) },
            resamples: 200, seed: 3)
    }

    /// The exact indices: V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½, V₁ = ½(1 + bπ⁴/5)², V₂ = a²/8, V₃ = 0,
    /// V₁₃ = b²π⁸(1/18 − 1/50); S_T1 = (V₁ + V₁₃)/V, S_T2 = V₂/V, S_T3 = V₁₃/V.
    static let exact: (first: [Double], total: [Double]) = {
        let (a, b) = (7.0, 0.1)
        let pi4 = pow(Double.pi, 4), pi8 = pow(Double.pi, 8)
        let v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
        let v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8
        let v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50)
        return ([v1 / v, v2 / v, 0], [(v1 + v13) / v, v2 / v, v13 / v])
    }()

    @Test func exactIshigamiValuesAreTheDesignOnes() {
        let stated = (first: [0.3139, 0.4424, 0.0], total: [0.5576, 0.4424, 0.2437])
        for i in 0..<3 {
            #expect(abs(Self.exact.first[i] - stated.first[i]) < 5e-5)
            #expect(abs(Self.exact.total[i] - stated.total[i]) < 5e-5)
        }
    }

    @Test(arguments: [
        (SaltelliDesign.Points.scrambledSobol(seed: 11), 0.02),
        (SaltelliDesign.Points.monteCarlo(seed: 11), 0.035),
    ])
    func ishigamiIndices(points: SaltelliDesign.Points, tolerance: Double) {
        let design = SaltelliDesign(baseRows: 1 << 14, dimension: 3, points: points)
        let indices = Self.analyse(design) { u in Self.ishigami(u.map { -Double.pi + 2 * Double.pi * $0 }) }
        for i in 0..<3 {
            #expect(abs(indices[i].first.value - Self.exact.first[i]) <= tolerance, "S\(i + 1) = \(indices[i].first.value)")
            #expect(abs(indices[i].total.value - Self.exact.total[i]) <= tolerance, "ST\(i + 1) = \(indices[i].total.value)")
            for estimate in [indices[i].first, indices[i].total] {
                #expect(estimate.lower <= estimate.value && estimate.value <= estimate.upper)
                #expect(estimate.upper - estimate.lower < 0.1)
            }
        }
    }

    /// Y = X₁·X₂, X₁ ~ N(1, 0.5²), X₂ ~ N(2, 1): V = μ₂²σ₁² + μ₁²σ₂² + σ₁²σ₂² = 1 + 1 + 0.25 = 2.25,
    /// S₁ = μ₂²σ₁²/V = 4/9, S₂ = μ₁²σ₂²/V = 4/9, S_T1 = σ₁²(μ₂² + σ₂²)/V = 5/9, S_T2 = σ₂²(μ₁² + σ₁²)/V = 5/9;
    /// the group {X₁, X₂} explains everything: S = S_T = 1.
    @Test func productOfIndependentInputs() {
        let (m1, s1, m2, s2) = (1.0, 0.5, 2.0, 1.0)
        let v = m2 * m2 * s1 * s1 + m1 * m1 * s2 * s2 + s1 * s1 * s2 * s2
        let design = SaltelliDesign(baseRows: 1 << 14, dimension: 2, points: .scrambledSobol(seed: 5))
        let indices = Self.analyse(design, extraGroups: [[0, 1]]) { u in
            (m1 + s1 * StandardNormal.quantile(u[0])) * (m2 + s2 * StandardNormal.quantile(u[1]))
        }
        #expect(abs(indices[0].first.value - m2 * m2 * s1 * s1 / v) < 0.02)
        #expect(abs(indices[1].first.value - m1 * m1 * s2 * s2 / v) < 0.02)
        #expect(abs(indices[0].total.value - s1 * s1 * (m2 * m2 + s2 * s2) / v) < 0.02)
        #expect(abs(indices[1].total.value - s2 * s2 * (m1 * m1 + s1 * s1) / v) < 0.02)
        #expect(abs(indices[2].first.value - 1) < 0.02)
        #expect(abs(indices[2].total.value - 1) < 0.02)
    }

    @Test func bootstrapIsDeterministic() {
        let design = SaltelliDesign(baseRows: 512, dimension: 3, points: .scrambledSobol(seed: 1))
        let model: ([Double]) -> Double = { u in Self.ishigami(u.map { -Double.pi + 2 * Double.pi * $0 }) }
        #expect(Self.analyse(design, model: model) == Self.analyse(design, model: model))
    }

    @Test func mixedMatrixTakesTheGroupFromB() {
        let design = SaltelliDesign(baseRows: 8, dimension: 3, points: .monteCarlo(seed: 2))
        let ab = design.mixed(group: [0, 2])
        #expect(ab[0] == design.b[0] && ab[1] == design.a[1] && ab[2] == design.b[2])
    }
}
