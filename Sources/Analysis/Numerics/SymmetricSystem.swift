import COpenBLAS
import MonteCarlo

/// A symmetric positive-definite system A·x = b solved through its Cholesky factor (LAPACK
/// `dpotrf_`/`dpotrs_`): the normal equations of every least-squares fit in the decision and
/// sensitivity estimators. Matrices are column-major, n × n, only the lower triangle is read.
struct CholeskyFactor {
    let n: Int
    /// The factor L in the lower triangle (the upper triangle holds whatever A had there).
    private(set) var storage: [Double]

    /// Factors `matrix`; nil when it is not positive definite (collinear columns).
    init?(_ matrix: [Double], n: Int) {
        precondition(matrix.count == n * n)
        self.n = n
        storage = matrix
        var order = Int32(n), lda = Int32(max(1, n)), info: Int32 = 0
        dpotrf_("L", &order, &storage, &lda, &info, 1)
        if info != 0 { return nil }
    }

    /// Solves A·X = B for the `columns` right-hand sides stored column-major in `rhs` (n × columns).
    func solve(_ rhs: inout [Double], columns: Int) {
        precondition(rhs.count == n * columns)
        guard columns > 0 else { return }
        var order = Int32(n), nrhs = Int32(columns), lda = Int32(max(1, n)), ldb = Int32(max(1, n)), info: Int32 = 0
        storage.withUnsafeBufferPointer { a in
            dpotrs_("L", &order, &nrhs, a.baseAddress, &lda, &rhs, &ldb, &info, 1)
        }
    }

    /// A⁻¹ (full, both triangles) from the factor (LAPACK `dpotri_`).
    func inverse() -> [Double] {
        var a = storage
        var order = Int32(n), lda = Int32(max(1, n)), info: Int32 = 0
        dpotri_("L", &order, &a, &lda, &info, 1)
        for j in 0..<n { for i in 0..<j { a[j * n + i] = a[i * n + j] } }
        return a
    }

    /// Solves Lᵀ·X = B in place for `columns` right-hand sides (n × columns, column-major): with z
    /// standard normal, Lᵀ⁻¹z has covariance A⁻¹ (a draw from a posterior N(β̂, A⁻¹)).
    func solveTransposedFactor(_ rhs: inout [Double], columns: Int) {
        guard columns > 0 else { return }
        storage.withUnsafeBufferPointer { a in
            cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit,
                        Int32(n), Int32(columns), 1, a.baseAddress, Int32(n), &rhs, Int32(n))
        }
    }
}

/// Accumulates XᵀX and XᵀY over row blocks of a design matrix that is never held whole.
struct NormalEquations {
    let columns: Int
    let responses: Int
    /// XᵀX, column-major, lower triangle filled by `dsyrk` (mirrored by ``symmetricGram``).
    private(set) var gram: [Double]
    /// XᵀY, columns × responses, column-major.
    private(set) var crossProducts: [Double]
    /// YᵀY per response (its diagonal only).
    private(set) var responseSquares: [Double]
    private(set) var rows = 0

    init(columns: Int, responses: Int) {
        self.columns = columns
        self.responses = responses
        gram = [Double](repeating: 0, count: columns * columns)
        crossProducts = [Double](repeating: 0, count: columns * responses)
        responseSquares = [Double](repeating: 0, count: responses)
    }

    /// Adds a block: `x` is rows × columns and `y` rows × responses, both column-major.
    mutating func add(x: [Double], y: [Double], rows blockRows: Int) {
        guard blockRows > 0 else { return }
        BLAS.useOneThread()
        let m = Int32(blockRows), k = Int32(columns)
        x.withUnsafeBufferPointer { xp in
            cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, k, m, 1, xp.baseAddress, m, 1, &gram, k)
            if responses > 0 {
                y.withUnsafeBufferPointer { yp in
                    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, k, Int32(responses), m,
                                1, xp.baseAddress, m, yp.baseAddress, m, 1, &crossProducts, k)
                }
            }
        }
        for r in 0..<responses {
            var s = 0.0
            for i in 0..<blockRows { s += y[r * blockRows + i] * y[r * blockRows + i] }
            responseSquares[r] += s
        }
        rows += blockRows
    }

    /// XᵀX with both triangles filled.
    var symmetricGram: [Double] {
        var g = gram
        for j in 0..<columns { for i in 0..<j { g[j * columns + i] = g[i * columns + j] } }
        return g
    }
}

/// Ranks 1…n of `values`, ties sharing their average rank (the convention of rank correlations).
func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start + 1
        while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
        let rank = Double(start + end + 1) / 2  // the mean of ranks start+1 … end
        for k in start..<end { ranks[order[k]] = rank }
        start = end
    }
    return ranks
}
