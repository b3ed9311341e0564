import MonteCarlo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A correlation-type sensitivity measure of one input: its value, 95% interval and p-value.
public struct CorrelationEstimate: Sendable, Hashable {
    /// The estimate (a PRCC or an SRC).
    public var value: Double
    /// The lower end of the 95% interval.
    public var lower: Double
    /// The upper end of the 95% interval.
    public var upper: Double
    /// The two-sided p-value of "no effect".
    public var pValue: Double
}

/// Sensitivity measures from a regression of the output on the inputs of N sampled trials:
/// partial rank correlation coefficients (PRCC) and standardised regression coefficients (SRC).
///
/// Both come from one (p + 1) × (p + 1) cross-product matrix of the centred columns — O(N·p²) to
/// form with BLAS, then a Cholesky factorisation (LAPACK `dpotrf_`): no N × N matrix.
public enum RegressionSensitivity {
    /// The PRCC of each input with the output (Marino et al. 2008).
    ///
    /// Inputs and output are replaced by their ranks (ties share their mean rank). The PRCC of
    /// input i is the correlation of the residuals of rank(xᵢ) and rank(y) once the other inputs'
    /// ranks are regressed out by least squares. With C the cross-product matrix of the centred
    /// ranks [x₁ … x_k, y] and P = C⁻¹, that correlation is −P_iy / √(P_ii·P_yy): the residuals of
    /// the two regressions are the Schur complement of the other inputs in C, and inverting C
    /// gives exactly that complement's inverse.
    ///
    /// With p = k − 1 inputs regressed out: the 95% interval is tanh(atanh r ± 1.96/√(N − 3 − p))
    /// and the p-value is the two-sided Student-t tail of t = r·√((N − 2 − p)/(1 − r²)) with
    /// N − 2 − p degrees of freedom. An input that never varies, or a collinear set, gets NaN.
    public static func prcc(inputs: [[Double]], output: [Double]) -> [CorrelationEstimate] {
        let n = output.count
        let ranked = inputs.map(averageRanks)
        let varying = ranked.indices.filter { i in ranked[i].contains { $0 != ranked[i][0] } }
        let undefined = CorrelationEstimate(value: .nan, lower: .nan, upper: .nan, pValue: .nan)
        var result = [CorrelationEstimate](repeating: undefined, count: inputs.count)
        let controls = varying.count - 1
        guard !varying.isEmpty, n - 3 - controls > 0 else { return result }
        let columns = varying.map { ranked[$0] } + [averageRanks(output)]
        guard let c = crossProducts(columns), let factor = CholeskyFactor(c, n: columns.count) else { return result }
        let inverse = factor.inverse()
        let k = columns.count, y = k - 1
        let df = Double(n - 2 - controls)
        for (position, i) in varying.enumerated() {
            var r = -inverse[y * k + position] / (inverse[position * k + position] * inverse[y * k + y]).squareRoot()
            r = max(-1, min(1, r))
            let half = 1.96 / Double(n - 3 - controls).squareRoot()
            let z = atanh(r)
            let t = abs(r) < 1 ? r * (df / (1 - r * r)).squareRoot() : (r > 0 ? Double.infinity : -.infinity)
            result[i] = CorrelationEstimate(value: r, lower: tanh(z - half), upper: tanh(z + half),
                                            pValue: StudentT.twoSidedTail(t, degreesOfFreedom: df))
        }
        return result
    }

    /// The SRC of each input: the least-squares coefficient of the output on all inputs (raw values,
    /// with an intercept), times sd(xᵢ)/sd(y).
    ///
    /// With S the centred cross products, b = S_xx⁻¹ S_xy, residual variance
    /// s² = (S_yy − bᵀS_xy)/(N − k − 1) and se(bᵢ) = √(s²·(S_xx⁻¹)_ii); the SRC's standard error is
    /// se(bᵢ)·sd(xᵢ)/sd(y), its 95% interval SRC ± t₀.₉₇₅·se with N − k − 1 degrees of freedom, and
    /// its p-value the two-sided Student-t tail of bᵢ/se(bᵢ). An input that never varies gets NaN.
    public static func src(inputs: [[Double]], output: [Double]) -> [CorrelationEstimate] {
        let n = output.count
        let varying = inputs.indices.filter { i in inputs[i].contains { $0 != inputs[i][0] } }
        let undefined = CorrelationEstimate(value: .nan, lower: .nan, upper: .nan, pValue: .nan)
        var result = [CorrelationEstimate](repeating: undefined, count: inputs.count)
        let k = varying.count
        guard k > 0, n - k - 1 > 0 else { return result }
        let columns = varying.map { inputs[$0] } + [output]
        guard let s = crossProducts(columns) else { return result }
        let m = k + 1
        var sxx = [Double](repeating: 0, count: k * k)
        for j in 0..<k { for i in 0..<k { sxx[j * k + i] = s[j * m + i] } }
        guard let factor = CholeskyFactor(sxx, n: k) else { return result }
        let inverse = factor.inverse()
        var b = (0..<k).map { s[k * m + $0] }
        factor.solve(&b, columns: 1)
        let syy = s[k * m + k]
        var explained = 0.0
        for i in 0..<k { explained += b[i] * s[k * m + i] }
        let df = Double(n - k - 1)
        let residualVariance = max(0, syy - explained) / df
        let critical = StudentT.twoSidedCritical(0.05, degreesOfFreedom: df)
        for (position, i) in varying.enumerated() {
            let scale = (s[position * m + position] / syy).squareRoot()
            let se = (residualVariance * inverse[position * k + position]).squareRoot()
            let value = b[position] * scale
            let t = se > 0 ? b[position] / se : (b[position] == 0 ? 0 : .infinity)
            result[i] = CorrelationEstimate(
                value: value, lower: value - critical * se * scale, upper: value + critical * se * scale,
                pValue: StudentT.twoSidedTail(t, degreesOfFreedom: df))
        }
        return result
    }

    /// The cross products of the centred columns, m × m, column-major; nil when a column is constant.
    static func crossProducts(_ columns: [[Double]]) -> [Double]? {
        let m = columns.count, n = columns[0].count
        var centred = [Double](repeating: 0, count: n * m)
        for (j, column) in columns.enumerated() {
            let mean = column.reduce(0, +) / Double(n)
            for i in 0..<n { centred[j * n + i] = column[i] - mean }
        }
        var equations = NormalEquations(columns: m, responses: 0)
        equations.add(x: centred, y: [], rows: n)
        let gram = equations.symmetricGram
        for j in 0..<m where !(gram[j * m + j] > 0) { return nil }
        return gram
    }
}

/// Student's t distribution through the regularised incomplete beta function:
/// P(|T| > |t|) = I_(ν/(ν + t²))(ν/2, ½).
enum StudentT {
    /// P(|T| ≥ |t|) with ν degrees of freedom.
    static func twoSidedTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        return Distribution.beta(alpha: nu / 2, beta: 0.5).cdf(nu / (nu + t * t))
    }

    /// The c with P(|T| ≥ c) = `alpha` (1.96… for large ν at α = 0.05).
    static func twoSidedCritical(_ alpha: Double, degreesOfFreedom nu: Double) -> Double {
        let x = Distribution.beta(alpha: nu / 2, beta: 0.5).quantile(alpha)
        return (nu * (1 - x) / x).squareRoot()
    }
}
