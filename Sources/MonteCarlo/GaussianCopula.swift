// CONTRACT (implementation to be completed): the Gaussian copula.

/// Correlates latent standard normals so that the values reach requested Spearman correlations.
public struct GaussianCopula: Sendable {
    /// Number of correlated values.
    public let dimension: Int

    /// Builds the copula for `dimension` values with the given rank correlations (indices in
    /// 0..<dimension; unspecified pairs are 0). Spearman ρ maps to Pearson r = 2 sin(πρ/6).
    public init(dimension: Int, correlations: [RankCorrelation]) throws(CorrelationError) {
        self.dimension = dimension
        if let error = GaussianCopula.check(dimension: dimension, correlations: correlations) { throw error }
    }

    /// The problem with a set of correlations, or nil when they form a valid copula
    /// (entries in [-1, 1], no value with itself, positive semi-definite after the Pearson map).
    public static func check(dimension: Int, correlations: [RankCorrelation]) -> CorrelationError? {
        for c in correlations where c.first == c.second || !(abs(c.spearman) <= 1) {
            return .invalid(c)
        }
        return nil  // PLACEHOLDER: the positive semi-definite check comes with LAPACK
    }
}
