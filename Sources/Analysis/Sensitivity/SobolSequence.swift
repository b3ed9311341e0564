import MonteCarlo

/// Sobol' low-discrepancy points in the unit cube, plain or scrambled, in up to
/// ``maximumDimension`` (1,024) dimensions.
///
/// Construction (Bratley & Fox 1988; Joe & Kuo 2008): dimension j has a primitive polynomial of
/// degree s over GF(2) with inner coefficients a₁ … a_(s−1) and initial odd integers m₁ … m_s; later
/// m_k follow the recurrence m_k = 2a₁m_(k−1) ⊕ 2²a₂m_(k−2) ⊕ … ⊕ 2^s m_(k−s) ⊕ m_(k−s), and the
/// direction numbers are v_k = m_k / 2^k, held here as 64-bit binary fractions. Point i (Gray-code
/// order, as in Joe and Kuo's reference code and SciPy) is the XOR of the v_k for the bits k of
/// i ⊕ (i >> 1): the first 2^m points form a (t, m, s)-net, so every one-dimensional projection of
/// them puts exactly one point in each interval [k/2^m, (k+1)/2^m).
///
/// Scrambling (``init(dimension:scrambleSeed:)``) is Matoušek's random linear matrix scramble
/// followed by a digital shift: each dimension's direction numbers are multiplied over GF(2) by a
/// random lower-triangular bit matrix with a unit diagonal, and every point is XORed with a random
/// 64-bit word. Both keep the net property (the top m bits of a point still depend, one to one,
/// on the top m bits of the unscrambled point), remove the point at the origin, and make the
/// estimates unbiased; the bits come from Philox keyed by the seed (stream `sobol.scramble`,
/// trial = dimension, year = matrix row, 64 for the shift), so the same seed gives the same points.
public struct SobolSequence: Sendable {
    /// The number of coordinates of each point.
    public let dimension: Int
    /// Whether the points are scrambled (then they lie in the open interval (0, 1)).
    public let isScrambled: Bool
    /// v_1 … v_64 of each dimension: `directions[j * 64 + k]` is v_(k+1) of dimension j.
    let directions: [UInt64]
    /// The digital shift of each dimension (0 when plain).
    let shifts: [UInt64]

    /// The plain (unscrambled) sequence; its first point is the origin.
    public init(dimension: Int) {
        precondition(dimension >= 1 && dimension <= SobolSequence.maximumDimension,
                     "Sobol' points come in 1 … \(SobolSequence.maximumDimension) dimensions")
        self.dimension = dimension
        isScrambled = false
        directions = Array(SobolSequence.plainDirections.prefix(dimension * 64))
        shifts = [UInt64](repeating: 0, count: dimension)
    }

    /// The sequence scrambled by a linear matrix scramble and a digital shift drawn from `scrambleSeed`.
    public init(dimension: Int, scrambleSeed: UInt64) {
        precondition(dimension >= 1 && dimension <= SobolSequence.maximumDimension,
                     "Sobol' points come in 1 … \(SobolSequence.maximumDimension) dimensions")
        self.dimension = dimension
        isScrambled = true
        let key = StreamKey(seed: scrambleSeed, name: "sobol.scramble")
        var scrambled = [UInt64](repeating: 0, count: dimension * 64)
        var shifts = [UInt64](repeating: 0, count: dimension)
        for j in 0..<dimension {
            // Row for output bit b (63 = most significant): bit b itself plus random bits among the
            // more significant positions, so the matrix is lower triangular with a unit diagonal
            // when rows and columns run from the most significant bit down.
            var rows = [UInt64](repeating: 0, count: 64)
            for b in 0..<64 {
                let above: UInt64 = b == 63 ? 0 : ~((UInt64(1) << UInt64(b + 1)) &- 1)
                let word = Draws.word(key: key, trial: j, year: UInt64(63 - b), draw: 0)
                rows[b] = (word & above) | (UInt64(1) << UInt64(b))
            }
            for k in 0..<64 {
                let v = SobolSequence.plainDirections[j * 64 + k]
                var out: UInt64 = 0
                for b in 0..<64 where (rows[b] & v).nonzeroBitCount & 1 == 1 {
                    out |= UInt64(1) << UInt64(b)
                }
                scrambled[j * 64 + k] = out
            }
            shifts[j] = Draws.word(key: key, trial: j, year: 64, draw: 0)
        }
        directions = scrambled
        self.shifts = shifts
    }

    /// Point `index` as 64-bit binary fractions (coordinate = word / 2⁶⁴).
    public func words(at index: Int) -> [UInt64] {
        precondition(index >= 0)
        let gray = UInt64(index) ^ (UInt64(index) >> 1)
        return (0..<dimension).map { j in
            var x = shifts[j]
            var bits = gray
            var k = 0
            while bits != 0 {
                if bits & 1 == 1 { x ^= directions[j * 64 + k] }
                bits >>= 1
                k += 1
            }
            return x
        }
    }

    /// Point `index` in [0, 1)^dimension.
    public func point(at index: Int) -> [Double] {
        words(at: index).map(coordinate)
    }

    /// The first `count` points, one array per dimension (`columns()[j][i]` is coordinate j of
    /// point i), generated in Gray-code order: one XOR per coordinate and point.
    public func columns(count: Int) -> [[Double]] {
        precondition(count >= 0 && count <= 1 << 62)
        var result = [[Double]](repeating: [], count: dimension)
        for j in 0..<dimension {
            var column = [Double](repeating: 0, count: count)
            var x = shifts[j]
            for i in 0..<count {
                if i > 0 { x ^= directions[j * 64 + i.trailingZeroBitCount] }
                column[i] = coordinate(x)
            }
            result[j] = column
        }
        return result
    }

    /// A word as a coordinate: exact (word / 2⁶⁴, so the plain sequence reads 0, ½, ¾, ¼, …) when
    /// plain; the midpoint of its 2⁻⁵² cell when scrambled (``Draws/unitInterval(_:)``), so a
    /// scrambled coordinate is never 0 or 1 and any quantile function can take it.
    @inline(__always)
    func coordinate(_ word: UInt64) -> Double {
        isScrambled ? Draws.unitInterval(word) : Double(word) * 0x1.0p-64
    }

    /// The unscrambled direction numbers of every tabulated dimension, from ``joeKuoRows``.
    static let plainDirections: [UInt64] = {
        var all = [UInt64](repeating: 0, count: maximumDimension * 64)
        // Dimension 1: m_k = 1 for every k (van der Corput in base 2).
        for k in 0..<64 { all[k] = UInt64(1) << UInt64(63 - k) }
        var j = 1
        for line in joeKuoRows.split(separator: "\n") where j < maximumDimension {
            let fields = line.split(separator: " ").map { UInt64($0)! }
            let degree = Int(fields[1]), inner = fields[2]
            var m = Array(fields[3..<(3 + degree)])
            // m_k = 2a₁m_(k−1) ⊕ 2²a₂m_(k−2) ⊕ … ⊕ 2^(s−1)a_(s−1)m_(k−s+1) ⊕ 2^s m_(k−s) ⊕ m_(k−s).
            // Values above 2⁶⁴ are never needed: v_k keeps only bits of m_k below 2^k, shifted up.
            while m.count < 64 {
                let k = m.count  // computing m_(k+1), 0-based index k
                var next = m[k - degree] ^ (m[k - degree] << UInt64(degree))
                for r in 1..<degree where (inner >> UInt64(degree - 1 - r)) & 1 == 1 {
                    next ^= m[k - r] << UInt64(r)
                }
                m.append(next)
            }
            for k in 0..<64 { all[j * 64 + k] = m[k] << UInt64(63 - k) }
            j += 1
        }
        precondition(j == maximumDimension, "the direction-number table has \(j) dimensions")
        return all
    }()
}
