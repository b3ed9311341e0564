import Foundation
import Testing
@testable import Analysis

@Suite("PRCC and SRC")
struct RegressionSensitivityTests {
    /// Six trials whose values are already ranks (no ties), so Spearman's r = 1 − 6Σd²/(n(n² − 1))
    /// with n(n² − 1) = 210:
    /// - r(x₁, x₂): d = (−1, 1, −1, 1, −1, 1), Σd² = 6 → 29/35;
    /// - r(x₁, y): d = (0, −1, 1, −1, 1, 0), Σd² = 4 → 31/35;
    /// - r(x₂, y): d = (1, −2, 2, −2, 2, −1), Σd² = 18 → 17/35.
    /// With one input regressed out, r(x₁, y | x₂) = (r₁y − r₁₂r₂y)/√((1 − r₁₂²)(1 − r₂y²))
    /// = (31·35 − 29·17)/√((35² − 29²)(35² − 17²)) = 592/√(384·936), and
    /// r(x₂, y | x₁) = (17·35 − 29·31)/√((35² − 29²)(35² − 31²)) = −304/√(384·264).
    static let x1: [Double] = [1, 2, 3, 4, 5, 6]
    static let x2: [Double] = [2, 1, 4, 3, 6, 5]
    static let y: [Double] = [1, 3, 2, 5, 4, 6]

    @Test func prccOfAHandComputedExample() {
        let result = RegressionSensitivity.prcc(inputs: [Self.x1, Self.x2], output: Self.y)
        let r1 = 592 / (384.0 * 936).squareRoot(), r2 = -304 / (384.0 * 264).squareRoot()
        #expect(abs(result[0].value - r1) < 1e-12)
        #expect(abs(result[1].value - r2) < 1e-12)
        // N = 6, p = 1: CI = tanh(atanh r ± 1.96/√2); t = r·√(3/(1 − r²)) on 3 degrees of freedom.
        // p-values from SciPy: `2 * scipy.stats.t.sf(abs(r * np.sqrt(3 / (1 - r**2))), 3)`.
        #expect(abs(result[0].lower - tanh(atanh(r1) - 1.96 / 2.0.squareRoot())) < 1e-12)
        #expect(abs(result[0].upper - tanh(atanh(r1) + 1.96 / 2.0.squareRoot())) < 1e-12)
        #expect(abs(result[0].pValue - 0.001683138569148526) < 1e-12)
        #expect(abs(result[1].pValue - 0.011462432592160489) < 1e-12)
        #expect(abs(result[1].lower - -0.9971108257802481) < 1e-12)
        #expect(abs(result[1].upper - -0.46005769481744635) < 1e-12)
    }

    @Test func prccUsesRanksAndAverageTies() {
        // A monotone transform of an input or of the output changes nothing.
        let a = RegressionSensitivity.prcc(inputs: [Self.x1, Self.x2], output: Self.y)
        let b = RegressionSensitivity.prcc(inputs: [Self.x1.map { exp($0) }, Self.x2.map { $0 * $0 * $0 }], output: Self.y.map { log($0) })
        #expect(a == b)
        #expect(averageRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }

    @Test func constantInputGetsNoValue() {
        let result = RegressionSensitivity.prcc(inputs: [Self.x1, [4, 4, 4, 4, 4, 4]], output: Self.y)
        #expect(result[1].value.isNaN)
        // With no other input to regress out, the PRCC is Spearman's r = 31/35.
        #expect(abs(result[0].value - 31.0 / 35) < 1e-12)
    }

    /// Least squares with an intercept on eight trials, against NumPy and SciPy:
    /// `b = np.linalg.lstsq(A, Y)`; `se = sqrt(diag(s2 * inv(A.T @ A)))`, s2 = RSS/5;
    /// SRC = b·sd(x)/sd(y); CI = SRC ± t.ppf(0.975, 5)·se·sd(x)/sd(y); p = 2·t.sf(|b/se|, 5).
    @Test func srcAgainstNumPy() {
        let x1 = [0.3, 1.2, 2.5, 3.1, 4.8, 5.2, 6.9, 7.4]
        let x2 = [2.0, 0.5, 1.5, 3.5, 2.5, 4.0, 3.0, 5.5]
        let y = [1.1, 2.0, 4.2, 5.1, 8.3, 8.1, 12.2, 12.4]
        let result = RegressionSensitivity.src(inputs: [x1, x2], output: y)
        let expected: [(Double, Double, Double, Double)] = [
            (1.0316827511244426, 0.8720106281525855, 1.1913548740962998, 1.444907726891142e-05),
            (-0.04673014130904951, -0.20640226428090672, 0.1129419816628077, 0.4857492397123054),
        ]
        for (estimate, (value, lower, upper, p)) in zip(result, expected) {
            #expect(abs(estimate.value - value) < 1e-10)
            #expect(abs(estimate.lower - lower) < 1e-8)
            #expect(abs(estimate.upper - upper) < 1e-8)
            #expect(abs(estimate.pValue - p) < 1e-10 * max(1, p / 1e-5))
        }
    }
}
