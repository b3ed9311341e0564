import COpenBLAS
import Foundation
import MonteCarlo

/// An EVPPI estimate, its standard error, and how flexible the regression turned out.
public struct EVPPIEstimate: Sendable, Hashable {
    /// EVPPI = mean_i max_v ĝ_v(θ_i) − max_v mean_i ĝ_v(θ_i).
    public var value: Double
    /// Its standard error (regression uncertainty and the Monte Carlo error of the outer mean).
    public var standardError: Double
    /// The effective degrees of freedom of each option's fit (options 1…, against option 0).
    public var effectiveDegreesOfFreedom: [Double]
}

/// The expected value of partial perfect information of a parameter or a group of parameters, by
/// regression on the probabilistic sample (Strong, Oakley & Brennan 2014).
///
/// With NB_v,i the net benefit of option v in sample i and θ_i the sample's values of the
/// parameters of interest, EVPPI(θ) = E_θ[max_v E(NB_v | θ)] − max_v E(NB_v). The inner
/// conditional expectations are regressions: ĝ_v(θ) fits NB_v − NB_0 on θ (ĝ_0 ≡ 0; the differences
/// keep most of the noise common to every option out of the fit), and
/// EVPPI = (1/N) Σ_i max_v ĝ_v(θ_i) − max_v (1/N) Σ_i ĝ_v(θ_i).
///
/// The regression is a penalised regression spline (``SplineBasis``) on the parameters' ranks,
/// solved by least squares through the normal equations (XᵀX + λP)β = Xᵀy with a Cholesky
/// factorisation (LAPACK); λ minimises generalised cross-validation,
/// GCV(λ) = N·RSS(λ)/(N − edf(λ))² with edf = tr((XᵀX + λP)⁻¹XᵀX), separately for each option.
/// The cost is O(N·k²) for k basis columns (k ≤ 240); there is no N × N matrix.
///
/// **Bias.** The maximum is convex, so noise left in ĝ raises the estimate: a fit that follows the
/// noise of N samples finds "information" in an irrelevant parameter (upward bias, of the order of
/// the spread of the fitted noise, σ·√(edf/N)). GCV keeps edf small when θ explains little, so an
/// irrelevant parameter scores near zero; a smoother too stiff for a sharp g would bias downwards.
/// Both shrink as N grows. An estimate can exceed the EVPI by its error.
///
/// **Standard error.** Two parts, added in quadrature: (1) the regression's uncertainty, after
/// Strong et al. (2014): `draws` coefficient vectors from the fit's Bayesian posterior
/// N(β̂, σ̂²(XᵀX + λP)⁻¹), with σ̂² = RSS/(N − edf), each giving an EVPPI; their standard
/// deviation; (2) the Monte Carlo error of the outer mean, sd(dᵢ)/√N with
/// dᵢ = max_v ĝ_v(θᵢ) − ĝ_v*(θᵢ) and v* the option best on average. The normal draws come from
/// Philox under `seed` (stream `evppi.posterior`), so the error is the same on every run.
public enum PartialValueOfInformation {
    /// The EVPPI of the parameters `parameters` (`parameters[p][i]`: parameter p in sample i) for
    /// the options' net benefits `netBenefit[v][i]`.
    public static func evppi(
        netBenefit: [[Double]], parameters: [[Double]], draws: Int = 64, seed: UInt64 = 1
    ) -> EVPPIEstimate {
        let options = netBenefit.count
        precondition(options >= 2 && !parameters.isEmpty)
        let n = netBenefit[0].count
        precondition(netBenefit.allSatisfy { $0.count == n } && parameters.allSatisfy { $0.count == n })
        let responses = options - 1

        // Parameters that never vary carry no information; all constant → EVPPI 0 exactly.
        let varying = parameters.filter { column in column.contains { $0 != column[0] } }
        guard !varying.isEmpty else {
            return EVPPIEstimate(value: 0, standardError: 0, effectiveDegreesOfFreedom: .init(repeating: 0, count: responses))
        }
        let u = varying.map { column in averageRanks(column).map { ($0 - 0.5) / Double(n) } }
        let basis = SplineBasis(parameters: varying.count, rows: n)
        let k = basis.columns

        // Centred incremental net benefits: y_v = NB_v − NB_0 − mean.
        var means = [Double](repeating: 0, count: responses)
        var y = [Double](repeating: 0, count: n * responses)
        for v in 0..<responses {
            var s = 0.0
            for i in 0..<n { s += netBenefit[v + 1][i] - netBenefit[0][i] }
            means[v] = s / Double(n)
            for i in 0..<n { y[v * n + i] = netBenefit[v + 1][i] - netBenefit[0][i] - means[v] }
        }

        // Pass 1: XᵀX and Xᵀy over row blocks.
        let block = 4096
        var equations = NormalEquations(columns: k, responses: responses)
        var x = [Double]()
        var yBlock = [Double]()
        for start in stride(from: 0, to: n, by: block) {
            let range = start..<min(n, start + block)
            x = [Double](repeating: 0, count: range.count * k)
            basis.fill(&x, u: u, range: range)
            yBlock = [Double](repeating: 0, count: range.count * responses)
            for v in 0..<responses { for (r, i) in range.enumerated() { yBlock[v * range.count + r] = y[v * n + i] } }
            equations.add(x: x, y: yBlock, rows: range.count)
        }
        let gram = equations.symmetricGram
        let penalty = scaledPenalty(basis: basis, gram: gram)
        // A ridge far below any penalty: the main effects' bases overlap (each sums to one), so XᵀX
        // is singular; the ridge picks one of the equivalent coefficient vectors, same fitted values.
        let trace = (0..<k).reduce(0.0) { $0 + gram[$1 * k + $1] }
        let ridge = 1e-9 * trace / Double(k)

        // GCV over a grid of λ, per option.
        var chosen = [(lambda: Double, edf: Double, beta: [Double], factor: CholeskyFactor?)](
            repeating: (0, 0, [], nil), count: responses)
        var bestScore = [Double](repeating: .infinity, count: responses)
        for step in 0...28 {
            let lambda = pow(10, -8 + 0.5 * Double(step))
            var a = gram
            for j in 0..<k { for i in 0..<k { a[j * k + i] += lambda * penalty[j * k + i] } }
            for j in 0..<k { a[j * k + j] += ridge }
            guard let factor = CholeskyFactor(a, n: k) else { continue }
            var z = gram
            factor.solve(&z, columns: k)
            let edf = (0..<k).reduce(0.0) { $0 + z[$1 * k + $1] }
            guard Double(n) - edf > 1 else { continue }
            var beta = equations.crossProducts
            factor.solve(&beta, columns: responses)
            for v in 0..<responses {
                let b = Array(beta[(v * k)..<((v + 1) * k)])
                let c = Array(equations.crossProducts[(v * k)..<((v + 1) * k)])
                var quadratic = 0.0, linear = 0.0
                for j in 0..<k {
                    linear += b[j] * c[j]
                    var gb = 0.0
                    for i in 0..<k { gb += gram[j * k + i] * b[i] }
                    quadratic += b[j] * gb
                }
                let rss = max(0, equations.responseSquares[v] - 2 * linear + quadratic)
                let score = Double(n) * rss / ((Double(n) - edf) * (Double(n) - edf))
                if score < bestScore[v] {
                    bestScore[v] = score
                    chosen[v] = (lambda, edf, b, factor)
                }
            }
        }

        // Pass 2: fitted values ĝ_v and, for the error, posterior draws of them.
        let key = StreamKey(seed: seed, name: "evppi.posterior")
        let width = draws + 1
        var coefficients = [[Double]](repeating: [], count: responses)
        for v in 0..<responses {
            guard let factor = chosen[v].factor else {
                coefficients[v] = [Double](repeating: 0, count: k * width)
                continue
            }
            // σ̂² from the exact residuals needs ĝ; the GCV pass already has RSS through the Gram
            // matrix, accurate enough for an error bar.
            let b = chosen[v].beta
            var quadratic = 0.0, linear = 0.0
            for j in 0..<k {
                linear += b[j] * equations.crossProducts[v * k + j]
                var gb = 0.0
                for i in 0..<k { gb += gram[j * k + i] * b[i] }
                quadratic += b[j] * gb
            }
            let rss = max(0, equations.responseSquares[v] - 2 * linear + quadratic)
            let sigma = (rss / max(1, Double(n) - chosen[v].edf)).squareRoot()
            var z = [Double](repeating: 0, count: k * draws)
            for s in 0..<draws {
                for j in 0..<k { z[s * k + j] = Draws.normal(key: key, trial: j, year: UInt64(v), draw: UInt64(s)) }
            }
            factor.solveTransposedFactor(&z, columns: draws)
            var all = b
            for s in 0..<draws { for j in 0..<k { all.append(b[j] + sigma * z[s * k + j]) } }
            coefficients[v] = all
        }

        var fitted = [Double](repeating: 0, count: n * responses)
        var drawMaxSum = [Double](repeating: 0, count: draws)
        var drawSums = [Double](repeating: 0, count: draws * responses)
        var g = [Double]()
        var rowBest = [Double](repeating: 0, count: block)
        for start in stride(from: 0, to: n, by: block) {
            let range = start..<min(n, start + block)
            let rows = range.count
            x = [Double](repeating: 0, count: rows * k)
            basis.fill(&x, u: u, range: range)
            g = [Double](repeating: 0, count: rows * width * responses)
            for v in 0..<responses {
                multiply(x, rows: rows, columns: k, by: coefficients[v], width: width, into: &g, offset: v * rows * width)
            }
            // Column by column (each is contiguous in g): the fitted values, then each draw's sums.
            for s in 0...draws {
                for r in 0..<rows { rowBest[r] = 0 }
                for v in 0..<responses {
                    let column = v * rows * width + s * rows
                    var sum = 0.0
                    for r in 0..<rows {
                        let value = g[column + r] + means[v]
                        sum += value
                        rowBest[r] = max(rowBest[r], value)
                        if s == 0 { fitted[v * n + start + r] = value }
                    }
                    if s > 0 { drawSums[v * draws + s - 1] += sum }
                }
                if s > 0 { drawMaxSum[s - 1] += rowBest[0..<rows].reduce(0, +) }
            }
        }

        // The estimate and the Monte Carlo error of its outer mean.
        var fittedMeans = [Double](repeating: 0, count: responses)
        for v in 0..<responses { fittedMeans[v] = fitted[(v * n)..<((v + 1) * n)].reduce(0, +) / Double(n) }
        // dᵢ = max_v ĝ_v(θᵢ) − ĝ_v*(θᵢ), v* best on average (option 0 when no other beats it): its
        // mean is the EVPPI.
        let bestOption = fittedMeans.indices.max { fittedMeans[$0] < fittedMeans[$1] }!
        var d = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var best = 0.0
            for v in 0..<responses { best = max(best, fitted[v * n + i]) }
            d[i] = best - (fittedMeans[bestOption] > 0 ? fitted[bestOption * n + i] : 0)
        }
        let (meanGain, sdGain) = DecisionStatistics.meanAndStandardDeviation(d)
        let value = meanGain
        let monteCarloError = sdGain / Double(n).squareRoot()

        var replicates = [Double](repeating: 0, count: draws)
        for s in 0..<draws {
            var best = 0.0
            for v in 0..<responses { best = max(best, drawSums[v * draws + s] / Double(n)) }
            replicates[s] = drawMaxSum[s] / Double(n) - best
        }
        let regressionError = draws > 1 ? DecisionStatistics.meanAndStandardDeviation(replicates).sd : 0
        return EVPPIEstimate(
            value: value,
            standardError: (regressionError * regressionError + monteCarloError * monteCarloError).squareRoot(),
            effectiveDegreesOfFreedom: chosen.map(\.edf))
    }

    /// The penalty matrix with each term's block scaled to the size of its columns in XᵀX, so one
    /// λ means the same smoothness for terms of different widths.
    static func scaledPenalty(basis: SplineBasis, gram: [Double]) -> [Double] {
        let k = basis.columns
        var penalty = [Double](repeating: 0, count: k * k)
        for (offset, width, matrix) in basis.penalties() {
            var gramTrace = 0.0, penaltyTrace = 0.0
            for j in 0..<width {
                gramTrace += gram[(offset + j) * k + offset + j]
                penaltyTrace += matrix[j * width + j]
            }
            guard penaltyTrace > 0, gramTrace > 0 else { continue }
            let scale = gramTrace / penaltyTrace
            for j in 0..<width {
                for i in 0..<width { penalty[(offset + j) * k + offset + i] = scale * matrix[j * width + i] }
            }
        }
        return penalty
    }

    /// out[offset + …] = X (rows × columns) · B (columns × width), column-major.
    static func multiply(_ x: [Double], rows: Int, columns: Int, by b: [Double], width: Int,
                         into out: inout [Double], offset: Int) {
        BLAS.useOneThread()
        x.withUnsafeBufferPointer { xp in
            b.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(width), Int32(columns),
                                1, xp.baseAddress, Int32(rows), bp.baseAddress, Int32(columns), 0,
                                op.baseAddress! + offset, Int32(rows))
                }
            }
        }
    }
}
