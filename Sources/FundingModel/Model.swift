import MonteCarlo

/// The funding model of DESIGN §3: turns a ``Scenario`` into yearly output series and per-trial
/// scalars, one chunk of trials at a time.
///
/// The engine builds one model per scenario (or mix), draws `ParameterBlock`s with
/// ``makeSampler(seed:design:totalTrials:)``, and calls ``simulate(firstTrial:seed:parameters:workspace:into:)``
/// on each chunk, on any thread, with one ``Workspace`` per thread. Everything the dynamics need
/// is resolved into index tables by ``init(scenario:)``: the hot path holds no strings or
/// dictionaries and allocates nothing.
public struct SimulationModel: Sendable {
    public let scenario: Scenario
    /// Every yearly output series, in a stable grouped order: `projects.*`, `solutions.*`,
    /// `adoption.*`, `opex.total`, `spend.*` (by payer: its sources, then its total), `revenue.*`,
    /// `savings.*`, `net.*`, `cap.*`, `participants.*`.
    public let series: [Metric]
    /// Every per-trial scalar.
    public let scalars: [Metric]
    let plan: ModelPlan
    /// 1 / (1 + r)^y for year index y.
    let discountFactors: [Double]
    /// Tells this model's workspaces from others' (an identity, never part of any result).
    let identity = UInt64.random(in: .min ... .max)

    public init(scenario: Scenario) {
        self.scenario = scenario
        self.plan = ModelPlan(scenario: scenario)
        self.series = plan.catalog.series
        self.scalars = plan.catalog.scalars
        var factors: [Double] = []
        var f = 1.0
        for _ in 0 ..< scenario.yearCount {
            factors.append(f)
            f /= 1 + scenario.discountRate
        }
        self.discountFactors = factors
    }

    /// The values the sampler draws: ``Scenario/parameters`` in order, named by their paths (the
    /// RNG stream of a value is its path, so mixes share the draws of the values they share).
    public var sampledValues: [SampledValue] {
        scenario.parameters.map { SampledValue(name: $0.path, distribution: $0.distribution, eachYear: $0.eachYear) }
    }

    /// The scenario's `correlate` lines as indices into ``sampledValues``.
    public var rankCorrelations: [RankCorrelation] {
        scenario.correlations.map { RankCorrelation(first: $0.first.index, second: $0.second.index, spearman: $0.spearman) }
    }

    /// A sampler of ``sampledValues`` over the scenario's horizon.
    public func makeSampler(seed: UInt64, design: SamplingDesign, totalTrials: Int) throws(CorrelationError) -> ParameterSampler {
        try ParameterSampler(
            values: sampledValues, correlations: rankCorrelations, seed: seed, design: design,
            totalTrials: totalTrials, firstYear: scenario.horizon.lowerBound, years: scenario.yearCount)
    }

    /// An output buffer for chunks of up to `capacity` trials.
    public func makeOutput(capacity: Int) -> ChunkOutput {
        ChunkOutput(seriesCount: series.count, scalarCount: scalars.count, years: scenario.yearCount, capacity: capacity)
    }

    /// Scratch buffers for chunks of up to `capacity` trials; one per worker thread.
    public func makeWorkspace(capacity: Int) -> Workspace {
        Workspace(slots: plan.slotCount, capacity: capacity, bookkeeping: plan.bookkeepingCount, owner: identity)
    }

    /// Index of the series named `id` in ``series``.
    public func seriesIndex(of id: String) -> Int? { series.firstIndex { $0.id == id } }

    /// Index of the scalar named `id` in ``scalars``.
    public func scalarIndex(of id: String) -> Int? { scalars.firstIndex { $0.id == id } }

    /// Simulates chunk trials `firstTrial ..< firstTrial + parameters.count` into `output`
    /// (sets `output.count` and `output.sharesScaledTrials`). Pure: the same inputs give the same
    /// bits, whatever the chunk size or thread.
    ///
    /// - Parameters:
    ///   - firstTrial: global index of the chunk's first trial (the counter of every random count).
    ///   - seed: the run's seed (the key of every random count; the same as the sampler's).
    ///   - parameters: the chunk's sampled values, laid out as ``sampledValues``.
    ///   - workspace: scratch from ``makeWorkspace(capacity:)`` with capacity ≥ `parameters.count`.
    ///   - output: from ``makeOutput(capacity:)`` with capacity ≥ `parameters.count`.
    public func simulate(
        firstTrial: Int, seed: UInt64, parameters: ParameterBlock,
        workspace: inout Workspace, into output: inout ChunkOutput
    ) {
        let n = parameters.count
        precondition(n <= workspace.capacity && n <= output.capacity, "chunk larger than the workspace or output")
        precondition(parameters.years == plan.years && output.years == plan.years, "block for another horizon")
        precondition(parameters.eachYear.count == plan.parameterSlot.count, "block for another scenario")
        precondition(workspace.owner == identity, "a workspace serves the model that made it")
        output.count = n
        output.sharesScaledTrials = 0
        guard n > 0 else { return }
        let capacity = workspace.capacity
        var scaled = 0
        workspace.arena.withUnsafeMutableBufferPointer { arena in
            workspace.bookkeeping.withUnsafeMutableBufferPointer { bookkeeping in
                output.series.withUnsafeMutableBufferPointer { seriesBuffer in
                    output.scalars.withUnsafeMutableBufferPointer { scalarBuffer in
                        let kernel = ChunkKernel(
                            plan: plan, discountFactors: discountFactors,
                            arena: arena.baseAddress!, capacity: capacity,
                            out: seriesBuffer.baseAddress!, outCapacity: output.capacity,
                            scalars: scalarBuffer.baseAddress!,
                            bookkeeping: bookkeeping.baseAddress!, n: n, firstTrial: firstTrial, seed: seed)
                        scaled = kernel.run(parameters: parameters)
                    }
                }
            }
        }
        output.sharesScaledTrials = scaled
    }

    /// Per-thread scratch of ``simulate(firstTrial:seed:parameters:workspace:into:)``: one arena
    /// of rows of `capacity` doubles (parameter values after effects, cohort state, scratch rows).
    public struct Workspace: Sendable {
        /// Largest chunk this workspace serves.
        public let capacity: Int
        var arena: [Double]
        /// Per-chunk integers that let empty cohorts, lanes and years be skipped (see
        /// ``ModelPlan``'s bookkeeping offsets).
        var bookkeeping: [Int]
        /// The model that made it: its arena keeps that model's layout (exit rows stay zero
        /// between chunks), so it must not serve another.
        let owner: UInt64

        init(slots: Int, capacity: Int, bookkeeping: Int, owner: UInt64) {
            self.capacity = capacity
            self.arena = Array(repeating: 0, count: slots * capacity)
            self.bookkeeping = Array(repeating: 0, count: bookkeeping)
            self.owner = owner
        }
    }
}
