#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Standard normals by the ziggurat method (Marsaglia & Tsang, "The ziggurat method for generating
// random variables", J. Stat. Software 5(8), 2000) with 256 layers and one 64-bit word per try:
// bits 0-7 pick the layer, bit 8 the sign, bits 11-63 are a 53-bit uniform. About 98.5% of words
// are accepted by one multiply and one compare; the rest (wedges and the tail) draw more words
// from the fallback blocks `(trial, year, draw, k)`, k = 1, 2, … (see ``Draws``), so a normal
// stays a pure function of (key, trial, year, draw) whatever happens.

extension Draws {
    /// Z(key, trial, year, draw): a standard normal, a pure function of the four numbers.
    ///
    /// The main word is word `trial & 3` of block `(trial >> 2, year, draw, 0)`; a rejected word
    /// continues with the words of blocks `(trial, year, draw, k)`, k = 1, 2, … in order.
    @inlinable
    public static func normal(key: StreamKey, trial: Int, year: UInt64, draw: UInt64) -> Double {
        let w = word(key: key, trial: trial, year: year, draw: draw)
        return Ziggurat.tables.storage.withUnsafeBufferPointer { table in
            if let z = Ziggurat.fastNormal(w, table: table.baseAddress!) { return z }
            return Ziggurat.slowNormal(
                firstWord: w, key: key, trial: UInt64(truncatingIfNeeded: trial), year: year, draw: draw)
        }
    }

    /// Fills `output[i]` with Z(key, firstTrial + i, year, draw): the same numbers as
    /// ``normal(key:trial:year:draw:)``, bit for bit, one Philox block per four trials.
    ///
    /// Eight trials (two Philox blocks computed side by side) per step, each word through the fast
    /// path inline: its normal is stored at once, and a word that misses its core rectangle (≈ 1.5%)
    /// is only noted in a short list, finished later in batches (the wedge tests and second tries
    /// of ~60 words at once). So the hot loop holds no call (a call would force its live words out
    /// of caller-saved registers) and no `Optional`, and its one data-dependent branch is rarely
    /// taken.
    public static func fillNormals(
        key: StreamKey, year: UInt64, draw: UInt64, firstTrial: Int,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        let count = output.count
        guard count > 0, let out = output.baseAddress else { return }
        var i = 0
        // Leading trials up to a multiple of four, one at a time; so are negative trials (never
        // used by the engine), whose block counters UInt64(bitPattern: t) >> 2 would wrap between
        // trials −1 and 0 while the bulk loop steps them by one.
        while i < count && ((firstTrial &+ i) & 3 != 0 || firstTrial &+ i < 0) {
            out[i] = normal(key: key, trial: firstTrial &+ i, year: year, draw: draw)
            i += 1
        }
        let whole = (count &- i) & ~3
        if whole > 0 {
            Ziggurat.fillBlocks(
                key: key, year: year, draw: draw, firstTrial: firstTrial &+ i, count: whole, into: out + i)
            i &+= whole
        }
        while i < count {
            out[i] = normal(key: key, trial: firstTrial &+ i, year: year, draw: draw)
            i += 1
        }
    }
}

extension Ziggurat {
    /// The bulk of ``Draws/fillNormals(key:year:draw:firstTrial:into:)``: `out[i]` = Z(key,
    /// firstTrial + i, year, draw) for `count` trials, both multiples of four, firstTrial ≥ 0.
    /// A function of its own so that the register allocator sees only the hot loop.
    @inline(never)
    static func fillBlocks(
        key: StreamKey, year: UInt64, draw: UInt64, firstTrial: Int, count: Int, into out: UnsafeMutablePointer<Double>
    ) {
        tables.storage.withUnsafeBufferPointer { tableBuffer in
            let table = tableBuffer.baseAddress!
            withUnsafeTemporaryAllocation(of: PendingNormal.self, capacity: pendingCapacity) { pendingBuffer in
                let pending = pendingBuffer.baseAddress!
                var pendingCount = 0
                @inline(__always) func emit(_ w: UInt64, _ j: Int) {
                    let entry = Int(truncatingIfNeeded: w & 0x1FF)
                    let u = w >> 11
                    // Stored even when rejected: finishPending overwrites it.
                    out[j] = Double(Int64(bitPattern: u)) * table[entry]
                    if _slowPath(u >= table[boundsOffset &+ entry].bitPattern) {
                        pending[pendingCount] = PendingNormal(index: j, word: w)
                        pendingCount &+= 1
                    }
                }
                let k = (key.seed, key.stream)
                var block = UInt64(truncatingIfNeeded: firstTrial) >> 2
                var i = 0
                while count &- i >= 8 {
                    let (a, b) = Philox4x64.twoBlocks10((block, year, draw, 0), (block &+ 1, year, draw, 0), key: k)
                    block &+= 2
                    emit(a.0, i); emit(a.1, i &+ 1); emit(a.2, i &+ 2); emit(a.3, i &+ 3)
                    emit(b.0, i &+ 4); emit(b.1, i &+ 5); emit(b.2, i &+ 6); emit(b.3, i &+ 7)
                    if _slowPath(pendingCount > pendingCapacity &- 8) {
                        finishPending(
                            pending, count: pendingCount, into: out, firstTrial: firstTrial, key: key, year: year, draw: draw)
                        pendingCount = 0
                    }
                    i &+= 8
                }
                // At most one block of four left (room for its four words: see the flush above).
                if i < count {
                    let a = Philox4x64.block10(counter: (block, year, draw, 0), key: k)
                    emit(a.0, i); emit(a.1, i &+ 1); emit(a.2, i &+ 2); emit(a.3, i &+ 3)
                }
                finishPending(
                    pending, count: pendingCount, into: out, firstTrial: firstTrial, key: key, year: year, draw: draw)
            }
        }
    }
}

/// A normal of a bulk fill whose first word missed its core rectangle: its index in the output
/// and that word, waiting for ``Ziggurat/finishPending``.
struct PendingNormal {
    var index: Int
    var word: UInt64
}

/// The 256-layer ziggurat for the standard normal: tables and the accept/reject steps.
///
/// Layer 0 is the base strip (the rectangle [0, r] × [0, f(r)] plus the tail beyond r); layers
/// 1…255 are rectangles of equal area v stacked on it, layer i of width x[i] between heights
/// f(x[i]) and f(x[i+1]), with f(x) = exp(−x²/2), r = x[1] and x[256] = 0.
public enum Ziggurat {
    /// Start of the tail, x[1]: the r for which 256 layers of equal area close exactly at the top
    /// (the top layer's area matches v to ~3e-14 relative).
    public static let r = 3.6541528853610088
    /// Number of layers.
    public static let layers = 256

    /// The precomputed tables, built once on first use.
    public static let tables = ZigguratTables()

    /// Where the bounds start in ``ZigguratTables/storage`` (after the 512 scales).
    @inlinable static var boundsOffset: Int { 512 }

    /// Room in a bulk fill's list of pending normals. A flush every ~60 rejected words (one per
    /// ~4000 normals) keeps the batches full while the list stays a 1 KiB stack buffer.
    static var pendingCapacity: Int { 64 }

    /// The normal for a word when it falls inside its layer's core rectangle (≈ 98.5% of words),
    /// else nil. `table` is ``ZigguratTables/storage``.
    @inlinable @inline(__always)
    public static func fastNormal(_ w: UInt64, table: UnsafePointer<Double>) -> Double? {
        // Bits 0-8 (layer and sign) index the table, whose widths carry the sign: no branch on
        // the sign (a 50/50 branch mispredicts half the time) and no bit fiddling after the multiply.
        let entry = Int(truncatingIfNeeded: w & 0x1FF)
        let u = w >> 11
        // The bound is stored as the bit pattern of an integer: the test stays on the integer side.
        guard u < table[boundsOffset &+ entry].bitPattern else { return nil }
        return Double(Int64(bitPattern: u)) * table[entry]
    }

    /// The full ziggurat for a word that missed its core rectangle: wedge test, tail sampling, and
    /// new tries, drawing further words from the fallback blocks (trial, year, draw, k ≥ 1).
    @inline(never) @usableFromInline
    static func slowNormal(firstWord: UInt64, key: StreamKey, trial: UInt64, year: UInt64, draw: UInt64) -> Double {
        var more = FallbackWords(key: key, trial: trial, year: year, draw: draw)
        return tables.storage.withUnsafeBufferPointer { storage in
            tables.wedges.withUnsafeBufferPointer { wedges in
                let table = storage.baseAddress!
                var w = firstWord
                while true {
                    let layer = Int(truncatingIfNeeded: w & 0xFF)
                    let entry = Int(truncatingIfNeeded: w & 0x1FF)
                    let u = w >> 11
                    // Signed: ±x, as the sign bit asks.
                    let x = Double(Int64(bitPattern: u)) * table[entry]
                    if u < table[boundsOffset &+ entry].bitPattern { return x }
                    if layer == 0 {
                        // Tail beyond r (Marsaglia 1964): x = r + a with a = −log(U₁)/r, accepted when
                        // −2 log(U₂) > a²; exact, and it keeps drawing until it accepts.
                        while true {
                            let a = -log(Draws.unitInterval(more.next())) / r
                            let b = -log(Draws.unitInterval(more.next()))
                            if b + b > a * a { return w & 0x100 != 0 ? -(r + a) : r + a }
                        }
                    } else {
                        // Wedge: a uniform height in the layer, accepted under the curve
                        // (x² is the same for either sign, bit for bit).
                        let wedge = wedgeStride &* layer
                        let y = wedges[wedge] + Draws.unitInterval(more.next()) * wedges[wedge &+ 1]
                        if y < exp(-0.5 * x * x) { return x }
                    }
                    w = more.next()
                }
            }
        }
    }

    /// Slots per layer in ``ZigguratTables/wedges``.
    static var wedgeStride: Int { 6 }

    /// Slack of the squeeze in ``underCurve(_:_:_:)``: far above the rounding errors of its few
    /// operations (~1e-15 on values ≤ 1) and of `exp` (under one ulp), far below a wedge's height.
    static var squeezeMargin: Double { 0x1.0p-40 }

    /// The argument t = −x²/2 of the wedge test, and the squeeze's bounds on e^t, for a point of
    /// the layer whose ``ZigguratTables/wedges`` slots start at `wedge`.
    @inline(__always)
    static func squeeze(_ x: Double, _ wedge: UnsafePointer<Double>) -> (t: Double, low: Double, high: Double) {
        let t = -0.5 * x * x  // exactly the argument the plain test gives exp
        let d = -t - wedge[2]
        let low = wedge[3] - wedge[3] * d
        return (t, low, low + wedge[4] * (d * d))
    }

    /// `y < exp(-0.5 * x * x)`, the wedge test of the layer whose ``ZigguratTables/wedges`` slots
    /// start at `wedge`, bit for bit the same answer, but `exp` is called only when `y` is within
    /// the squeeze's band (a few percent of the wedge).
    ///
    /// With z = x²/2 and d = z − z_m (z_m the middle of the layer's range of z, |d| ≤ D):
    /// e^(−z_m)·(1 − d) ≤ e^(−z) ≤ e^(−z_m)·(1 − d + d²·e^D/2) (convexity of e^(−d), and Taylor's
    /// remainder). Below the first bound by more than the margin, `y` is under the curve; above the
    /// second, it is not, whatever `exp` rounds to; in between, `exp` decides.
    @inline(__always)
    static func underCurve(_ y: Double, _ x: Double, _ wedge: UnsafePointer<Double>) -> Bool {
        let (t, low, high) = squeeze(x, wedge)
        // One test for "outside the band", and the side as a flag: the usual outcome takes no
        // branch (a 50/50 branch here would stall every pending word behind the previous one's).
        // Rounding in center and half-band moves the band's edges by ~1e-16, well inside the margin.
        let center = 0.5 * (low + high)
        let halfBand = 0.5 * (high - low) + squeezeMargin
        var under = y < center ? 1 : 0
        if _slowPath(!(abs(y - center) > halfBand)) { under = y < exp(t) ? 1 : 0 }
        return under != 0
    }

    /// Writes the normals of `pending` (at most ``pendingCapacity`` words that missed their core
    /// rectangle in a bulk fill of trials firstTrial + index) into `out`.
    ///
    /// Nearly every such word needs only the first two words of its first fallback block
    /// `(trial, year, draw, 1)`: one for the wedge test and, when the wedge rejects (≈ 45%), the next
    /// try, which the fast path nearly always takes. So: (1) those blocks for all pending words, two
    /// side by side; (2) for each word, both outcomes computed and one chosen without a branch (a
    /// mispredicted 50/50 accept branch would make every word wait for the previous one's `exp`);
    /// (3) the rare rest (the tail, or a second miss, ≈ 2.5%) by ``slowNormal``, from the start.
    @inline(never)
    static func finishPending(
        _ pending: UnsafePointer<PendingNormal>, count: Int, into out: UnsafeMutablePointer<Double>,
        firstTrial: Int, key: StreamKey, year: UInt64, draw: UInt64
    ) {
        guard count > 0 else { return }
        assert(count <= pendingCapacity)
        let k = (key.seed, key.stream)
        @inline(__always) func trial(_ r: Int) -> UInt64 { UInt64(truncatingIfNeeded: firstTrial &+ pending[r].index) }
        tables.storage.withUnsafeBufferPointer { storage in
            tables.wedges.withUnsafeBufferPointer { wedgeBuffer in
                let table = storage.baseAddress!
                let wedges = wedgeBuffer.baseAddress!
                withUnsafeTemporaryAllocation(of: (UInt64, UInt64).self, capacity: pendingCapacity) { firstBuffer in
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: pendingCapacity) { slowBuffer in
                        let firsts = firstBuffer.baseAddress!
                        let slow = slowBuffer.baseAddress!
                        var r = 0
                        while r < count {
                            // An odd count computes its last block twice.
                            let (a, b) = Philox4x64.twoBlocks10(
                                (trial(r), year, draw, 1), (trial(Swift.min(r &+ 1, count &- 1)), year, draw, 1),
                                key: k)
                            firsts[r] = (a.0, a.1)
                            if r &+ 1 < count { firsts[r &+ 1] = (b.0, b.1) }
                            r &+= 2
                        }
                        var slowCount = 0
                        for r in 0..<count {
                            let w = pending[r].word
                            let (forWedge, second) = firsts[r]
                            let layer = Int(truncatingIfNeeded: w & 0xFF)
                            // The wedge test (also run, and ignored, for layer 0).
                            let x = Double(Int64(bitPattern: w >> 11)) * table[Int(truncatingIfNeeded: w & 0x1FF)]
                            let wedge = wedges + wedgeStride &* layer
                            let y = wedge[0] + Draws.unitInterval(forWedge) * wedge[1]
                            let accepted = underCurve(y, x, wedge)
                            // The second try by the fast path.
                            let secondEntry = Int(truncatingIfNeeded: second & 0x1FF)
                            let secondU = second >> 11
                            let secondZ = Double(Int64(bitPattern: secondU)) * table[secondEntry]
                            let secondFast = secondU < table[boundsOffset &+ secondEntry].bitPattern
                            // Chosen with a mask: both outcomes are computed, no branch to mispredict.
                            let keepFirst = 0 &- UInt64(accepted ? 1 : 0)
                            let bits = (x.bitPattern & keepFirst) | (secondZ.bitPattern & ~keepFirst)
                            out[pending[r].index] = Double(bitPattern: bits)
                            let done = (layer != 0 ? 1 : 0) & ((accepted ? 1 : 0) | (secondFast ? 1 : 0))
                            slow[slowCount] = r
                            slowCount &+= 1 &- done
                        }
                        for s in 0..<slowCount {
                            let r = slow[s]
                            out[pending[r].index] = slowNormal(
                                firstWord: pending[r].word, key: key, trial: trial(r), year: year, draw: draw)
                        }
                    }
                }
            }
        }
    }
}

/// The words of the fallback blocks (trial, year, draw, k), k = 1, 2, …, in order.
@usableFromInline
struct FallbackWords {
    let key: StreamKey
    let trial: UInt64, year: UInt64, draw: UInt64
    var block: UInt64 = 0
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var used = 4

    @usableFromInline
    init(key: StreamKey, trial: UInt64, year: UInt64, draw: UInt64) {
        self.key = key
        self.trial = trial
        self.year = year
        self.draw = draw
    }

    @usableFromInline
    mutating func next() -> UInt64 {
        if used == 4 {
            block += 1
            words = Philox4x64.block(counter: (trial, year, draw, block), key: (key.seed, key.stream))
            used = 0
        }
        defer { used += 1 }
        return Philox4x64.word(words, used)
    }
}

/// The ziggurat's tables, computed once from r.
public struct ZigguratTables: Sendable {
    /// Flat, 1024 slots for the entries e = sign·256 + layer i (the word's low nine bits):
    /// slot e holds ±x[i]·2⁻⁵³ (scales the word's 53-bit integer to a signed point in the layer),
    /// slot 512 + e the bit pattern of the `UInt64` ⌈x[i+1]/x[i]·2⁵³⌉ (the integer below which the
    /// point is inside the core rectangle). Two halves rather than pairs, so that the masked word
    /// itself indexes both (no extra shift on the hot path). 8 KiB: stays in L1.
    public let storage: [Double]
    /// f(x[i]) = exp(−x[i]²/2) for i in 0…256 (f(x[0]) is unused).
    public let heights: [Double]
    /// The layer edges x[0…256]; x[0] = v / f(r) is the base strip's equivalent width.
    public let edges: [Double]
    /// The common area of every layer (unnormalised density exp(−x²/2)).
    public let area: Double
    /// Per layer i, six slots from 6i: f(x[i]) and f(x[i+1]) − f(x[i]) (the wedge's base and
    /// height); z_m, e^(−z_m) and e^(−z_m)·e^D/2 for the squeeze of ``Ziggurat/underCurve(_:_:_:)``
    /// (z = x²/2 runs over z_m ± D in the layer); one unused. Layer 0 (the tail) gets a squeeze
    /// that always answers no: its wedge test is never used.
    let wedges: [Double]

    init() {
        let r = Ziggurat.r
        let n = Ziggurat.layers
        let fr = exp(-0.5 * r * r)
        // Tail area ∫_r^∞ exp(−x²/2) dx = √(π/2)·erfc(r/√2).
        let v = r * fr + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
        var x = [Double](repeating: 0, count: n + 1)
        x[0] = v / fr
        x[1] = r
        for i in 1..<(n - 1) {
            x[i + 1] = (-2 * log(v / x[i] + exp(-0.5 * x[i] * x[i]))).squareRoot()
        }
        x[n] = 0
        var storage = [Double](repeating: 0, count: 4 * n)
        for e in 0..<(2 * n) {
            let layer = e % n
            // Entries 256…511 are the negative half: the same layer with a negative width.
            storage[e] = (e < n ? 1 : -1) * x[layer] * 0x1.0p-53
            // Stored as Double(bitPattern:) of the integer ⌈x[i+1]/x[i]·2⁵³⌉ (compared as integers).
            storage[2 * n + e] = Double(bitPattern: UInt64((x[layer + 1] / x[layer] * 0x1.0p53).rounded(.up)))
        }
        let heights = x.map { exp(-0.5 * $0 * $0) }
        let stride = Ziggurat.wedgeStride
        var wedges = [Double](repeating: 0, count: stride * n)
        for i in 0..<n {
            wedges[stride * i] = heights[i]
            wedges[stride * i + 1] = heights[i + 1] - heights[i]
            guard i > 0 else { continue }
            let zLow = 0.5 * x[i + 1] * x[i + 1], zHigh = 0.5 * x[i] * x[i]
            let zMid = 0.5 * (zLow + zHigh)
            // Slack for points a rounding outside the layer and for the rounding of z itself.
            let halfWidth = 0.5 * (zHigh - zLow) * (1 + 0x1.0p-20) + 0x1.0p-30
            wedges[stride * i + 2] = zMid
            wedges[stride * i + 3] = exp(-zMid)
            wedges[stride * i + 4] = 0.5 * exp(-zMid) * exp(halfWidth)
        }
        self.storage = storage
        self.heights = heights
        self.edges = x
        self.area = v
        self.wedges = wedges
    }
}

/// The standard normal distribution's CDF and quantile.
public enum StandardNormal {
    /// Φ(x), accurate to a few ulps relative in both tails (down to Φ(−37) ≈ 6e-300).
    ///
    /// Uses Φ(x) = erfc(−x/√2)/2 and corrects for the rounding of −x/√2: the error δ of the
    /// rounded argument t shifts erfc by −δ·2/√π·exp(−t²), which matters in the far tail
    /// (relative error ≈ 2t·|δ|).
    @inlinable
    public static func cdf(_ x: Double) -> Double {
        let t = -x * 0.70710678118654757  // 1/√2 rounded
        // Exact residual of the product and the rounding of 1/√2 itself.
        let e = erfc(t)
        guard t > 1 else { return 0.5 * e }  // elsewhere the correction is below an ulp
        let delta = (-t).addingProduct(-x, 0.70710678118654757) + (-x) * -4.8336466567264567e-17
        return 0.5 * (e - delta * 1.1283791670955126 * exp(-t * t))
    }

    /// Φ⁻¹(p) for p in (0, 1): Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3),
    /// 477-484, 1988), relative accuracy about 1e-16. p = 0 gives −∞, p = 1 gives +∞.
    @inlinable
    public static func quantile(_ p: Double) -> Double {
        let q = p - 0.5
        if abs(q) <= 0.425 { return central(q) }
        // Tails: work with the smaller tail probability (1 − p is exact for p ≥ 0.5).
        let tail = q < 0 ? p : 1 - p
        let z = tailQuantile(tail)
        return q < 0 ? z : -z
    }

    /// Φ⁻¹(0.5 + q) for |q| ≤ 0.425 (AS 241, first rational function).
    @inlinable
    static func central(_ q: Double) -> Double {
        let r = 0.180625 - q * q
        let num = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
            + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
            + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
            + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0)
        let den = (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
            + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
            + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
            + 4.2313330701600911252e+1) * r + 1.0)
        return q * num / den
    }

    /// Φ⁻¹(p) for a lower-tail probability p < 0.075 (a negative number; AS 241's two tail
    /// rational functions in r = √(−log p)).
    @inlinable
    static func tailQuantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        var r = (-log(p)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            let num = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
                + 2.41780725177450611770e-1) * r + 1.27045825245236838258e+0) * r
                + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r
                + 4.63033784615654529590e+0) * r + 1.42343711074968357734e+0)
            let den = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
                + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
                + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r
                + 2.05319162663775882187e+0) * r + 1.0)
            value = num / den
        } else {
            r -= 5
            let num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
                + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r
                + 5.46378491116411436990e+0) * r + 6.65790464350110377720e+0)
            let den = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
                + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
                + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                + 5.99832206555887937690e-1) * r + 1.0)
            value = num / den
        }
        return -value
    }
}
