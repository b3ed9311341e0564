/// One value to sample: its name (the RNG stream key), its law, and whether it is drawn once per
/// trial or afresh every year.
public struct SampledValue: Sendable, Hashable {
    /// The parameter path (`poc.success`): the RNG stream key, so draws follow the name.
    public var name: String
    /// The law of the value.
    public var distribution: Distribution
    /// Drawn afresh every year (`each year`) rather than once per trial.
    public var eachYear: Bool

    /// A value named `name` with law `distribution`, drawn once per trial or every year.
    public init(name: String, distribution: Distribution, eachYear: Bool) {
        self.name = name
        self.distribution = distribution
        self.eachYear = eachYear
    }
}

/// A requested rank correlation between two per-trial values (indices into the sampler's values).
public struct RankCorrelation: Sendable, Hashable {
    /// Index of one value.
    public var first: Int
    /// Index of the other value.
    public var second: Int
    /// Spearman's rho in [-1, 1].
    public var spearman: Double

    /// Spearman's ρ between values `first` and `second`.
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
    /// Trials the block can hold.
    public let capacity: Int
    /// Horizon years (rows of an `each year` value).
    public let years: Int
    /// For each value, whether it has one row per year.
    public let eachYear: [Bool]
    @usableFromInline let offsets: [Int]
    @usableFromInline var storage: [Double]
    /// Room for the latents of the largest correlated group (capacity × its size), grown on
    /// first use by the sampler: the copula works on a contiguous n×k matrix.
    var scratch: [Double] = []

    /// An empty block (zeros) for `capacity` trials of `values`, `count` = capacity.
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

/// Draws every value of a chunk of trials: constants without a draw; uncorrelated laws read
/// through their CDF from uniforms; the others from latent normals (Philox + ziggurat), correlated
/// through the Gaussian copula; stratified under Latin hypercube; mapped through each marginal.
///
/// The draw of value `v` for trial `t` depends only on (seed, name of v, t, year) and, for
/// correlated values, on the names of the values it is correlated with: never on the chunk
/// size, the thread count, or on which other values exist.
///
/// Correlations: only once-per-trial values can be correlated (an `each year` value in a
/// correlation is ``CorrelationError/invalid(_:)``). Values linked by correlations form groups
/// (connected components); each group has its own ``GaussianCopula`` over its members in the
/// order of `values`, so adding or removing an unrelated value or group changes nothing.
///
/// Latin hypercube (``SamplingDesign/latinHypercube``): the independent latents are stratified
/// (one draw per stratum of 1/N per value, and per year for `each year` values; see
/// ``LatinHypercube``). With correlation the copula mixes stratified latents, so a correlated
/// value's own draws are no longer exactly one per stratum (the first member of a group keeps
/// its stratification: its row of the Cholesky factor is (1, 0, …)). The Monte Carlo standard
/// error sd/√n reported for every design is conservative under Latin hypercube, which never
/// has a larger variance of the mean than plain Monte Carlo for monotone responses and usually
/// has a smaller one.
///
/// Memory: one ``ParameterBlock`` per chunk (plus the chunk-sized latents of the largest group);
/// nothing grows with the number of trials.
public struct ParameterSampler: Sendable {
    /// The values drawn, in block order.
    public let values: [SampledValue]
    /// The requested rank correlations (indices into ``values``).
    public let correlations: [RankCorrelation]
    /// The run's seed (first half of every stream key).
    public let seed: UInt64
    /// Plain Monte Carlo or Latin hypercube.
    public let design: SamplingDesign
    /// N, the trials of the run (the strata of the Latin hypercube).
    public let totalTrials: Int
    /// The calendar year of year index 0 (the counter's year for `each year` values).
    public let firstYear: Int
    /// Horizon years.
    public let years: Int

    /// A group of correlated values: their indices (ascending) and their copula.
    struct Group: Sendable {
        var members: [Int]
        var copula: GaussianCopula
    }

    let groups: [Group]
    /// For each value, its group index, or nil when uncorrelated.
    let groupOf: [Int?]
    let keys: [StreamKey]
    /// The cumulative table of each uncorrelated Poisson value, built once (the law is the same in
    /// every chunk, so the walk of its support is too).
    let poissonTables: [Int: CountQuantileTable]

    /// Validates the correlations and factors one copula per correlated group.
    ///
    /// Throws ``CorrelationError/invalid(_:)`` for a pair out of range, a value with itself, |ρ| > 1,
    /// a pair given twice or an `each year` value; ``CorrelationError/notPositiveSemiDefinite(pairs:)``
    /// with the caller's own pairs among a minimal set of values that cannot hold together.
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
        self.keys = values.map { StreamKey(seed: seed, name: $0.name) }
        var tables: [Int: CountQuantileTable] = [:]
        for (v, value) in values.enumerated() {
            if case .poisson(let lambda) = value.distribution, lambda > 0 { tables[v] = Poisson.table(lambda: lambda) }
        }
        self.poissonTables = tables

        // Only per-trial values of this sampler can be correlated.
        for c in correlations {
            guard values.indices.contains(c.first), values.indices.contains(c.second),
                  !values[c.first].eachYear, !values[c.second].eachYear
            else { throw .invalid(c) }
        }
        if let error = GaussianCopula.validate(dimension: values.count, correlations: correlations) { throw error }

        // Connected components by union-find, members in value order.
        var parent = Array(values.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for c in correlations { parent[root(c.first)] = root(c.second) }
        var membersByRoot: [Int: [Int]] = [:]
        for c in correlations {
            membersByRoot[root(c.first), default: []].append(contentsOf: [c.first, c.second])
        }
        var groups: [Group] = []
        var groupOf = [Int?](repeating: nil, count: values.count)
        for members in membersByRoot.values.map({ Array(Set($0)).sorted() }).sorted(by: { $0[0] < $1[0] }) {
            var local: [Int: Int] = [:]
            for (j, v) in members.enumerated() { local[v] = j }
            let inGroup = correlations.filter { local[$0.first] != nil }
            let mapped = inGroup.map { RankCorrelation(first: local[$0.first]!, second: local[$0.second]!, spearman: $0.spearman) }
            let copula: GaussianCopula
            do {
                copula = try GaussianCopula(dimension: members.count, correlations: mapped)
            } catch {
                // Report the caller's own correlations (global indices).
                if case .notPositiveSemiDefinite(let pairs) = error {
                    throw .notPositiveSemiDefinite(pairs: pairs.map { p in
                        inGroup.first { local[$0.first] == p.first && local[$0.second] == p.second }!
                    })
                }
                throw error
            }
            for v in members { groupOf[v] = groups.count }
            groups.append(Group(members: members, copula: copula))
        }
        self.groups = groups
        self.groupOf = groupOf
    }

    /// A block sized for `capacity` trials.
    public func makeBlock(capacity: Int) -> ParameterBlock {
        ParameterBlock(values: values, years: years, capacity: capacity)
    }

    /// Fills the first `block.count` trials of `block`: trials firstTrial ..< firstTrial + block.count.
    public func fill(_ block: inout ParameterBlock, firstTrial: Int) {
        let n = block.count
        precondition(design == .monteCarlo || firstTrial + n <= totalTrials,
                     "Latin hypercube trials beyond totalTrials")
        // Uncorrelated values: constants need no draw; laws read through their CDF take uniforms;
        // normal-based laws take latent normals; then the marginal.
        for (v, value) in values.enumerated() where groupOf[v] == nil {
            let law = value.distribution
            for row in 0..<block.rows(v) {
                let year = value.eachYear ? UInt64(truncatingIfNeeded: firstYear + row) : Draws.perTrial
                block.withMutableRow(v, year: row) { out in
                    if law.isConstant {
                        out.update(repeating: law.quantile(0.5))
                    } else if law.drawsFromUniform {
                        fillUniforms(v, year: year, firstTrial: firstTrial, into: out)
                        if let table = poissonTables[v] {
                            for i in out.indices { out[i] = Double(table.quantile(out[i], complement: 1 - out[i])) }
                        } else {
                            law.values(fromUniforms: out)
                        }
                    } else {
                        fillLatents(v, year: year, firstTrial: firstTrial, into: out)
                        law.values(fromLatents: out)
                    }
                }
            }
        }
        // Correlated groups: independent latents side by side, Z·Fᵀ, then each marginal.
        for group in groups {
            let k = group.members.count
            if block.scratch.count < n * k { block.scratch = [Double](repeating: 0, count: block.capacity * k) }
            var scratch = block.scratch
            block.scratch = []  // keep the buffer uniquely referenced while we write it
            scratch.withUnsafeMutableBufferPointer { z in
                for (j, v) in group.members.enumerated() {
                    fillLatents(v, year: Draws.perTrial, firstTrial: firstTrial,
                                into: UnsafeMutableBufferPointer(rebasing: z[(j * n)..<((j + 1) * n)]))
                }
                group.copula.correlate(UnsafeMutableBufferPointer(rebasing: z[0..<(n * k)]), rows: n)
                for (j, v) in group.members.enumerated() {
                    block.withMutableRow(v, year: 0) { out in
                        for i in 0..<n { out[i] = z[j * n + i] }
                        values[v].distribution.values(fromLatents: out)
                    }
                }
            }
            block.scratch = scratch
        }
    }

    /// The independent uniforms of value `v` (stratified under Latin hypercube).
    func fillUniforms(_ v: Int, year: UInt64, firstTrial: Int, into out: UnsafeMutableBufferPointer<Double>) {
        switch design {
        case .monteCarlo:
            Draws.fillUniforms(key: keys[v], year: year, draw: 0, firstTrial: firstTrial, into: out)
        case .latinHypercube:
            let permutation = StratumPermutation(count: totalTrials, key: keys[v], year: year)
            LatinHypercube.fillUniforms(key: keys[v], year: year, firstTrial: firstTrial, permutation: permutation, into: out)
        }
    }

    /// The independent latent normals of value `v` for trials firstTrial ..< firstTrial + count.
    func fillLatents(_ v: Int, year: UInt64, firstTrial: Int, into out: UnsafeMutableBufferPointer<Double>) {
        switch design {
        case .monteCarlo:
            Draws.fillNormals(key: keys[v], year: year, draw: 0, firstTrial: firstTrial, into: out)
        case .latinHypercube:
            let permutation = StratumPermutation(count: totalTrials, key: keys[v], year: year)
            LatinHypercube.fillLatents(key: keys[v], year: year, firstTrial: firstTrial,
                                       permutation: permutation, into: out)
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
