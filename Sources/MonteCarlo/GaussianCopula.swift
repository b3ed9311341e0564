import COpenBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Correlates latent standard normals so that the values reach requested Spearman correlations.
///
/// The Pearson matrix R (r = 2 sin(πρ/6) for each requested Spearman ρ, 1 on the diagonal, 0
/// elsewhere) is factored once as R = F·Fᵀ: Cholesky by LAPACK `dpotrf` when R is positive
/// definite; when it is only semi-definite (ρ = ±1, or a singular combination) and its smallest
/// eigenvalue is ≥ −1e-10, F = V·√Λ from `dsyev`, rows rescaled to unit length so every latent
/// stays a standard normal. A chunk of n trials is an n×k column-major matrix Z of independent
/// latents; the correlated latents are Z·Fᵀ, one BLAS call per chunk (`dtrmm` in place for a
/// triangular factor, `dgemm` otherwise).
///
/// Spearman's ρ of the latents maps exactly to Pearson's r by the formula above for a Gaussian
/// copula, and ranks survive every monotone marginal; with discrete or rounded marginals the
/// achieved rank correlation can be lower (ties).
public struct GaussianCopula: Sendable {
    /// Number of correlated values.
    public let dimension: Int
    /// R, column-major dimension × dimension.
    public let pearson: [Double]
    /// F with F·Fᵀ = R, column-major; lower triangular when ``isTriangular``.
    public let factor: [Double]
    /// True when F is the Cholesky factor (R positive definite).
    public let isTriangular: Bool

    /// Builds the copula for `dimension` values with the given rank correlations (indices in
    /// 0..<dimension; unspecified pairs are 0). Spearman ρ maps to Pearson r = 2 sin(πρ/6).
    public init(dimension: Int, correlations: [RankCorrelation]) throws(CorrelationError) {
        if let error = GaussianCopula.validate(dimension: dimension, correlations: correlations) { throw error }
        self.dimension = dimension
        let r = GaussianCopula.pearsonMatrix(dimension: dimension, correlations: correlations)
        self.pearson = r
        switch GaussianCopula.factorize(r, dimension: dimension) {
        case .cholesky(let l):
            factor = l
            isTriangular = true
        case .eigen(let f):
            factor = f
            isTriangular = false
        case .notPositiveSemiDefinite:
            throw .notPositiveSemiDefinite(
                pairs: GaussianCopula.offendingPairs(r, dimension: dimension, correlations: correlations))
        }
    }

    /// The problem with a set of correlations, or nil when they form a valid copula
    /// (entries in [-1, 1], no value with itself, positive semi-definite after the Pearson map).
    public static func check(dimension: Int, correlations: [RankCorrelation]) -> CorrelationError? {
        do {
            _ = try GaussianCopula(dimension: dimension, correlations: correlations)
            return nil
        } catch {
            return error
        }
    }

    /// Pearson's r of a bivariate normal whose Spearman's ρ is `spearman`: 2 sin(πρ/6)
    /// (exactly ±1 at ρ = ±1).
    public static func pearson(spearman rho: Double) -> Double {
        if abs(rho) == 1 { return rho }
        return 2 * sin(Double.pi * rho / 6)
    }

    /// Replaces the n×k column-major latents (column j = value j, `rows` trials, leading
    /// dimension `rows`) by their correlated version Z·Fᵀ.
    public func correlate(_ latents: UnsafeMutableBufferPointer<Double>, rows: Int) {
        precondition(latents.count >= rows * dimension, "latents hold fewer than rows × dimension doubles")
        guard rows > 0, dimension > 1, let z = latents.baseAddress else { return }
        BLAS.useOneThread()
        let n = Int32(rows), k = Int32(dimension)
        factor.withUnsafeBufferPointer { f in
            if isTriangular {
                cblas_dtrmm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                            n, k, 1, f.baseAddress, k, z, n)
            } else {
                let copy = [Double](UnsafeBufferPointer(start: z, count: rows * dimension))
                copy.withUnsafeBufferPointer { c in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, n, k, k,
                                1, c.baseAddress, n, f.baseAddress, k, 0, z, n)
                }
            }
        }
    }

    // MARK: - Building blocks


    static func validate(dimension: Int, correlations: [RankCorrelation]) -> CorrelationError? {
        var seen = Set<[Int]>()
        for c in correlations {
            guard c.first != c.second, abs(c.spearman) <= 1,
                  (0..<dimension).contains(c.first), (0..<dimension).contains(c.second),
                  seen.insert([min(c.first, c.second), max(c.first, c.second)]).inserted
            else { return .invalid(c) }
        }
        return nil
    }

    static func pearsonMatrix(dimension k: Int, correlations: [RankCorrelation]) -> [Double] {
        var r = [Double](repeating: 0, count: k * k)
        for i in 0..<k { r[i * k + i] = 1 }
        for c in correlations {
            let v = pearson(spearman: c.spearman)
            r[c.first * k + c.second] = v
            r[c.second * k + c.first] = v
        }
        return r
    }

    enum Factor {
        case cholesky([Double])
        case eigen([Double])
        case notPositiveSemiDefinite
    }

    /// Smallest eigenvalue accepted as "semi-definite" (rounding of a singular matrix).
    static let eigenTolerance = -1e-10

    static func factorize(_ r: [Double], dimension k: Int) -> Factor {
        BLAS.useOneThread()
        var a = r
        var n = Int32(k), lda = Int32(k), info: Int32 = 0
        dpotrf_("L", &n, &a, &lda, &info, 1)
        if info == 0 {
            // dpotrf leaves the upper triangle as it was: clear it so F is exactly L.
            for j in 0..<k { for i in 0..<j { a[j * k + i] = 0 } }
            return .cholesky(a)
        }
        guard let (values, vectors) = eigen(r, dimension: k),
              let smallest = values.min(), smallest >= eigenTolerance
        else { return .notPositiveSemiDefinite }
        // F = V·√Λ (column j of V scaled by √λ_j), rows rescaled to unit norm.
        var f = vectors
        for j in 0..<k {
            // Eigenvalues within the tolerance of 0 are the singular directions: exactly 0, so
            // that perfectly correlated latents coincide instead of differing by √(rounding).
            let s = values[j] <= -eigenTolerance ? 0 : values[j].squareRoot()
            for i in 0..<k { f[j * k + i] *= s }
        }
        for i in 0..<k {
            var norm = 0.0
            for j in 0..<k { norm += f[j * k + i] * f[j * k + i] }
            let scale = 1 / norm.squareRoot()
            for j in 0..<k { f[j * k + i] *= scale }
        }
        return .eigen(f)
    }

    /// Eigenvalues (ascending) and eigenvectors (column-major) of a symmetric matrix, by `dsyev`.
    static func eigen(_ r: [Double], dimension k: Int) -> (values: [Double], vectors: [Double])? {
        var a = r
        var w = [Double](repeating: 0, count: k)
        var n = Int32(k), lda = Int32(k), info: Int32 = 0
        var lwork: Int32 = -1
        var query = 0.0
        dsyev_("V", "L", &n, &a, &lda, &w, &query, &lwork, &info, 1, 1)
        guard info == 0 else { return nil }
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: max(1, Int(lwork)))
        dsyev_("V", "L", &n, &a, &lda, &w, &work, &lwork, &info, 1, 1)
        guard info == 0 else { return nil }
        return (w, a)
    }

    /// Whether the principal submatrix on `indices` is positive semi-definite.
    static func isSemiDefinite(_ r: [Double], dimension k: Int, indices: [Int]) -> Bool {
        let m = indices.count
        var sub = [Double](repeating: 0, count: m * m)
        for (a, i) in indices.enumerated() { for (b, j) in indices.enumerated() { sub[b * m + a] = r[j * k + i] } }
        guard let (values, _) = eigen(sub, dimension: m), let smallest = values.min() else { return false }
        return smallest >= eigenTolerance
    }

    /// The requested correlations among a minimal set of values whose correlations cannot hold
    /// together: the first leading block that is not semi-definite, then each value dropped in
    /// turn if the rest still fails (so no value can be removed from what is reported).
    static func offendingPairs(_ r: [Double], dimension k: Int, correlations: [RankCorrelation]) -> [RankCorrelation] {
        var block = Array(0..<k)
        for m in 3...max(3, k) where m <= k {
            if !isSemiDefinite(r, dimension: k, indices: Array(0..<m)) { block = Array(0..<m); break }
        }
        var i = 0
        while i < block.count {
            var without = block
            without.remove(at: i)
            if without.count >= 3 && !isSemiDefinite(r, dimension: k, indices: without) {
                block = without
            } else {
                i += 1
            }
        }
        let members = Set(block)
        return correlations.filter { members.contains($0.first) && members.contains($0.second) }
    }
}
