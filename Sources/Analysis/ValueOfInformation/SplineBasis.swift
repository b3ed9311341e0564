/// The regression basis of an EVPPI fit: penalised cubic B-splines on the parameters' ranks.
///
/// Each parameter θ_p enters through u_p = (rank − ½)/N in (0, 1) — its empirical distribution
/// function — so knots sit at equally spaced quantiles of θ_p (the smoother works "on the sorted
/// parameter") and a skewed or heavy-tailed parameter needs no care. Any function of θ_p is a
/// function of u_p (tied values share a rank), so nothing is lost.
///
/// Terms: a main effect per parameter (K uniform cubic B-splines on [0, 1], a second-difference
/// penalty on their coefficients, P-splines of Eilers & Marx 1996); for a group, pairwise
/// interactions as tensor products of small cubic bases (penalised along both axes) or, for larger
/// groups, the bilinear products u_p·u_q (unpenalised). The sizes keep the basis at most ~240
/// columns (and at most N/5), so a fit costs O(N·k²): no N × N matrix.
struct SplineBasis {
    enum Term {
        /// Cubic B-splines of one parameter.
        case main(parameter: Int, size: Int)
        /// The tensor product of two parameters' cubic B-splines, `size` per axis.
        case tensor(first: Int, second: Int, size: Int)
        /// u_p·u_q.
        case bilinear(first: Int, second: Int)

        var columns: Int {
            switch self {
            case .main(_, let size): return size
            case .tensor(_, _, let size): return size * size
            case .bilinear: return 1
            }
        }
    }

    let terms: [Term]
    let offsets: [Int]
    let columns: Int

    /// The basis for `parameters` parameters fitted on `rows` rows.
    init(parameters d: Int, rows: Int) {
        let budget = max(8, min(240, rows / 5))
        var terms: [Term] = []
        if d == 1 {
            terms = [.main(parameter: 0, size: max(5, min(24, budget)))]
        } else {
            let pairs = d * (d - 1) / 2
            let mainSize = max(5, min(d <= 5 ? 10 : 6, budget / d))
            terms = (0..<d).map { .main(parameter: $0, size: mainSize) }
            let used = d * mainSize
            let tensorSize = d <= 2 ? 6 : d <= 4 ? 5 : 4
            if d <= 5 && used + pairs * tensorSize * tensorSize <= budget {
                for p in 0..<d { for q in (p + 1)..<d { terms.append(.tensor(first: p, second: q, size: tensorSize)) } }
            } else if used + pairs <= budget {
                for p in 0..<d { for q in (p + 1)..<d { terms.append(.bilinear(first: p, second: q)) } }
            }
        }
        self.terms = terms
        var offsets: [Int] = []
        var total = 0
        for term in terms {
            offsets.append(total)
            total += term.columns
        }
        self.offsets = offsets
        columns = total
    }

    /// Fills rows `range` of the design matrix (rows × columns, column-major, zeroed by the caller)
    /// from the parameters' rank scores `u[p][i]`.
    func fill(_ x: inout [Double], u: [[Double]], range: Range<Int>) {
        let rows = range.count
        for (t, term) in terms.enumerated() {
            let base = offsets[t]
            switch term {
            case .main(let p, let size):
                for (r, i) in range.enumerated() {
                    let (first, w) = SplineBasis.cubic(u[p][i], size: size)
                    for k in 0..<4 { x[(base + first + k) * rows + r] = w[k] }
                }
            case .tensor(let p, let q, let size):
                for (r, i) in range.enumerated() {
                    let (fp, wp) = SplineBasis.cubic(u[p][i], size: size)
                    let (fq, wq) = SplineBasis.cubic(u[q][i], size: size)
                    for a in 0..<4 {
                        for b in 0..<4 {
                            x[(base + (fp + a) * size + fq + b) * rows + r] = wp[a] * wq[b]
                        }
                    }
                }
            case .bilinear(let p, let q):
                for (r, i) in range.enumerated() { x[base * rows + r] = (u[p][i] - 0.5) * (u[q][i] - 0.5) }
            }
        }
    }

    /// The penalty blocks: for each penalised term, its column offset, width and DᵀD matrix.
    func penalties() -> [(offset: Int, width: Int, matrix: [Double])] {
        var result: [(Int, Int, [Double])] = []
        for (t, term) in terms.enumerated() {
            switch term {
            case .main(_, let size):
                result.append((offsets[t], size, SplineBasis.secondDifferencePenalty(size)))
            case .tensor(_, _, let size):
                // Rows and columns of the coefficient grid: P ⊗ I + I ⊗ P.
                let p = SplineBasis.secondDifferencePenalty(size)
                let width = size * size
                var m = [Double](repeating: 0, count: width * width)
                for a in 0..<size {
                    for b in 0..<size {
                        for c in 0..<size {
                            // (P ⊗ I): entry ((a,b),(c,b)) = P[a,c]; (I ⊗ P): ((a,b),(a,c)) = P[b,c].
                            m[(c * size + b) * width + a * size + b] += p[c * size + a]
                            m[(a * size + c) * width + a * size + b] += p[c * size + b]
                        }
                    }
                }
                result.append((offsets[t], width, m))
            case .bilinear:
                continue
            }
        }
        return result
    }

    /// The index of the first of the four uniform cubic B-splines (of `size` on [0, 1]) that are
    /// non-zero at `x`, and their values (which sum to 1).
    static func cubic(_ x: Double, size: Int) -> (Int, SIMD4<Double>) {
        let intervals = size - 3
        let scaled = min(max(x, 0), 1) * Double(intervals)
        let l = min(Int(scaled), intervals - 1)
        let t = scaled - Double(l)
        let s = 1 - t
        let t2 = t * t, t3 = t2 * t
        return (l, SIMD4(s * s * s / 6, (3 * t3 - 6 * t2 + 4) / 6, (-3 * t3 + 3 * t2 + 3 * t + 1) / 6, t3 / 6))
    }

    /// DᵀD for second differences of `size` coefficients (size × size, column-major).
    static func secondDifferencePenalty(_ size: Int) -> [Double] {
        var m = [Double](repeating: 0, count: size * size)
        guard size >= 3 else { return m }
        for r in 0..<(size - 2) {
            let d: [(Int, Double)] = [(r, 1), (r + 1, -2), (r + 2, 1)]
            for (i, a) in d { for (j, b) in d { m[j * size + i] += a * b } }
        }
        return m
    }
}
