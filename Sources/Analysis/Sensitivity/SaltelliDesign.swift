import MonteCarlo

/// The sample matrices of a variance-based (Sobol') sensitivity analysis: two independent N × D
/// matrices A and B of uniforms, and for each input group g the matrix AB_g, which is A with the
/// columns of g taken from B (Saltelli et al. 2010). A model run on every row of A, B and each AB_g
/// — N·(G + 2) runs for G groups — feeds ``SobolIndices/estimate(a:b:mixed:resamples:seed:)``.
///
/// The uniforms are the inputs' probability levels: map each through the input's quantile
/// function. Inputs must be independent (conditioning or correlations break the estimators).
public struct SaltelliDesign: Sendable {
    /// Where the uniforms of A and B come from.
    public enum Points: Sendable, Hashable {
        /// A scrambled Sobol' sequence in 2D dimensions: A is its first D coordinates, B the next D.
        case scrambledSobol(seed: UInt64)
        /// Independent uniforms from Philox (stream `saltelli.mc`): trial = row, year = column.
        case monteCarlo(seed: UInt64)
    }

    /// N, the rows of A, B and every AB_g.
    public let baseRows: Int
    /// D, the number of inputs.
    public let dimension: Int
    /// A, one array per input: `a[i][j]` is input i in row j, in (0, 1).
    public let a: [[Double]]
    /// B, laid out like ``a``.
    public let b: [[Double]]

    /// Draws A and B. Scrambled Sobol' points need 2D ≤ ``SobolSequence/maximumDimension`` (D ≤ 512);
    /// a power of two for N keeps their balance.
    public init(baseRows: Int, dimension: Int, points: Points) {
        precondition(baseRows >= 2 && dimension >= 1)
        self.baseRows = baseRows
        self.dimension = dimension
        switch points {
        case .scrambledSobol(let seed):
            precondition(2 * dimension <= SobolSequence.maximumDimension,
                         "scrambled Sobol' points give at most \(SobolSequence.maximumDimension / 2) inputs")
            let columns = SobolSequence(dimension: 2 * dimension, scrambleSeed: seed).columns(count: baseRows)
            a = Array(columns[0..<dimension])
            b = Array(columns[dimension...])
        case .monteCarlo(let seed):
            let key = StreamKey(seed: seed, name: "saltelli.mc")
            let columns = (0..<(2 * dimension)).map { column in
                (0..<baseRows).map { row in Draws.uniform(key: key, trial: row, year: UInt64(column), draw: 0) }
            }
            a = Array(columns[0..<dimension])
            b = Array(columns[dimension...])
        }
    }

    /// AB_g: A with the inputs of `group` (indices into 0..<D) taken from B.
    public func mixed(group: [Int]) -> [[Double]] {
        var result = a
        for i in group {
            precondition(i >= 0 && i < dimension, "input \(i) is not in 0..<\(dimension)")
            result[i] = b[i]
        }
        return result
    }
}
