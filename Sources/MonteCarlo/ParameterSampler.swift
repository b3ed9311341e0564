/// One value to sample: its name (the RNG stream key), its law, and whether it is drawn once per
/// trial or afresh every year.
public struct SampledValue: Sendable, Hashable {
    public var name: String
    public var distribution: Distribution
    public var eachYear: Bool

    public init(name: String, distribution: Distribution, eachYear: Bool) {
        self.name = name
        self.distribution = distribution
        self.eachYear = eachYear
    }
}

/// A requested rank correlation between two per-trial values (indices into the sampler's values).
public struct RankCorrelation: Sendable, Hashable {
    public var first: Int
    public var second: Int
    /// Spearman's rho in [-1, 1].
    public var spearman: Double

    public init(first: Int, second: Int, spearman: Double) {
        self.first = first
        self.second = second
        self.spearman = spearman
    }
}

/// How trials sample the latent normals.
public enum SamplingDesign: String, Sendable, Hashable, CaseIterable {
    /// Independent draws (plain Monte Carlo).
    case monteCarlo = "mc"
    /// Latin hypercube over the trials of the run: one draw per stratum per value (and per year).
    case latinHypercube = "lhs"
}

/// The sampled values of one chunk of trials, structure-of-arrays.
///
/// Value `v` occupies `rows(v) × capacity` doubles, row-major `[row][trial]`: one row for
/// per-trial values, one row per horizon year (year index 0 = first year) for `each year` values.
/// Only the first `count` trials of each row are meaningful (the last chunk may be partial).
public struct ParameterBlock: Sendable {
    /// Trials filled in this chunk (≤ capacity).
    public var count: Int
    public let capacity: Int
    public let years: Int
    public let eachYear: [Bool]
    @usableFromInline let offsets: [Int]
    @usableFromInline var storage: [Double]

    public init(values: [SampledValue], years: Int, capacity: Int) {
        self.count = capacity
        self.capacity = capacity
        self.years = years
        self.eachYear = values.map(\.eachYear)
        var offsets: [Int] = []
        var total = 0
        for v in values {
            offsets.append(total)
            total += (v.eachYear ? years : 1) * capacity
        }
        self.offsets = offsets
        self.storage = Array(repeating: 0, count: total)
    }

    /// Rows of value `v`: 1, or the number of years.
    @inlinable public func rows(_ v: Int) -> Int { eachYear[v] ? years : 1 }

    /// Start index in storage of value `v` for `yearIndex` (ignored for per-trial values).
    @inlinable func start(_ v: Int, year yearIndex: Int) -> Int {
        offsets[v] + (eachYear[v] ? yearIndex : 0) * capacity
    }

    /// Value `v` for chunk-trial `i` in year index `yearIndex` (ignored for per-trial values).
    @inlinable
    public func value(_ v: Int, year yearIndex: Int, trial i: Int) -> Double {
        storage[start(v, year: yearIndex) + i]
    }

    /// The row of value `v` for `yearIndex` (any year for per-trial values): `count` doubles.
    @inlinable
    public func withRow<R>(_ v: Int, year yearIndex: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        let s = start(v, year: yearIndex)
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[s ..< s + count])) }
    }

    /// Mutable access to a row of `count` doubles (the sampler fills rows).
    @inlinable
    public mutating func withMutableRow<R>(_ v: Int, year yearIndex: Int, _ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        let s = start(v, year: yearIndex)
        let n = count
        return try storage.withUnsafeMutableBufferPointer { try body(UnsafeMutableBufferPointer(rebasing: $0[s ..< s + n])) }
    }
}

/// Draws every value of a chunk of trials: latent normals (Philox + ziggurat), correlated through
/// the Gaussian copula, stratified under Latin hypercube, mapped through each marginal.
///
/// The draw of value `v` for trial `t` depends only on (seed, name of v, t, year) and, for
/// correlated values, on the names of the values it is correlated with: never on the chunk
/// size, the thread count, or on which other values exist.
public struct ParameterSampler: Sendable {
    public let values: [SampledValue]
    public let correlations: [RankCorrelation]
    public let seed: UInt64
    public let design: SamplingDesign
    public let totalTrials: Int
    public let firstYear: Int
    public let years: Int

    public init(
        values: [SampledValue], correlations: [RankCorrelation], seed: UInt64,
        design: SamplingDesign, totalTrials: Int, firstYear: Int, years: Int
    ) throws(CorrelationError) {
        self.values = values
        self.correlations = correlations
        self.seed = seed
        self.design = design
        self.totalTrials = totalTrials
        self.firstYear = firstYear
        self.years = years
        // PLACEHOLDER: copula and LHS to come; for now independent Monte Carlo draws.
    }

    /// A block sized for `capacity` trials.
    public func makeBlock(capacity: Int) -> ParameterBlock {
        ParameterBlock(values: values, years: years, capacity: capacity)
    }

    /// Fills the first `block.count` trials of `block`: trials firstTrial ..< firstTrial + block.count.
    public func fill(_ block: inout ParameterBlock, firstTrial: Int) {
        for (v, value) in values.enumerated() {
            let key = StreamKey(seed: seed, name: value.name)
            for row in 0..<block.rows(v) {
                let year = value.eachYear ? UInt64(firstYear + row) : Draws.perTrial
                block.withMutableRow(v, year: row) { out in
                    Draws.fillNormals(key: key, year: year, draw: 0, firstTrial: firstTrial, into: out)
                    for i in out.indices { out[i] = value.distribution.value(latent: out[i]) }
                }
            }
        }
    }
}

/// A correlation matrix that cannot be a Gaussian copula's.
public enum CorrelationError: Error, Sendable, Hashable {
    /// The matrix (after the Spearman → Pearson map) is not positive semi-definite; `pairs`
    /// are the requested correlations among the values involved in the failure.
    case notPositiveSemiDefinite(pairs: [RankCorrelation])
    /// A correlation outside [-1, 1], or a value correlated with itself.
    case invalid(RankCorrelation)
}
