// TEMPORARY stub of the model's API so the engine and CLI build before the dynamics land.
// Replaced by the model branch (same public API).
import MonteCarlo

public struct SimulationModel: Sendable {
    public let scenario: Scenario
    public let series: [SeriesInfo]
    public let scalars: [ScalarInfo]

    public init(scenario: Scenario) {
        self.scenario = scenario
        self.series = [SeriesInfo(id: "stub.first_parameter", unit: "", kind: .flow, summary: "stub")]
        self.scalars = [ScalarInfo(id: "stub.scalar", unit: "", summary: "stub")]
    }

    public var sampledValues: [SampledValue] {
        scenario.parameters.map { SampledValue(name: $0.path, distribution: $0.distribution, eachYear: $0.eachYear) }
    }

    public var rankCorrelations: [RankCorrelation] {
        scenario.correlations.map { RankCorrelation(first: $0.first.index, second: $0.second.index, spearman: $0.spearman) }
    }

    public func makeSampler(seed: UInt64, design: SamplingDesign, totalTrials: Int) throws(CorrelationError) -> ParameterSampler {
        try ParameterSampler(values: sampledValues, correlations: rankCorrelations, seed: seed, design: design,
                             totalTrials: totalTrials, firstYear: scenario.horizon.lowerBound, years: scenario.yearCount)
    }

    public func makeOutput(capacity: Int) -> ChunkOutput {
        ChunkOutput(seriesCount: series.count, scalarCount: scalars.count, years: scenario.yearCount, capacity: capacity)
    }

    public struct Workspace {}
    public func makeWorkspace(capacity: Int) -> Workspace { Workspace() }

    public func simulate(firstTrial: Int, seed: UInt64, parameters: ParameterBlock,
                         workspace: inout Workspace, into output: inout ChunkOutput) {
        output.count = parameters.count
        for y in 0..<output.years {
            for i in 0..<parameters.count {
                let v = scenario.parameters.isEmpty ? 0 : parameters.value(0, year: y, trial: i)
                output.series[output.seriesOffset(0, year: y) + i] = v
            }
        }
        for i in 0..<parameters.count {
            output.scalars[output.scalarOffset(0) + i] = i % 3 == 0 ? .nan : Double(firstTrial + i)
        }
    }
}
