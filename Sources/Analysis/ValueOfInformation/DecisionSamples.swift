import Foundation
import FundingModel
import MonteCarlo

/// What `beyondpoc decide` keeps of every trial (DESIGN §8.2): per variant its `net_benefit`,
/// its sustainable solutions in the last year and the cost part of its net benefit, and the
/// value of every uncertain parameter. Memory is O(trials × (variants + parameters)).
///
/// The engine hands chunks in trial order; each trial's values land at its index, so the arrays
/// do not depend on the chunk size or the number of threads.
public final class DecisionSamples: PerTrialSink, @unchecked Sendable {
    /// The variants' names, baseline first (the order of the net-benefit columns).
    public let variants: [String]
    /// λ_s of the decision block.
    public let worthPerSolution: Double
    /// The paths of the uncertain parameters, in scenario order.
    public let parameters: [String]
    /// `net_benefit` of variant v in trial i: `netBenefit[v][i]`.
    public private(set) var netBenefit: [[Double]]
    /// `solutions.sustainable` in the last horizon year, by variant and trial.
    public private(set) var sustainable: [[Double]]
    /// Each uncertain parameter's value by trial (a value drawn each year: its horizon mean).
    public private(set) var values: [[Double]]

    /// Where each uncertain parameter is read: the first variant (baseline first) in which it is
    /// uncertain — a value a mix makes uncertain is read from that mix — and its index.
    private let sources: [(variant: Int, parameter: Int)]
    private let netBenefitScalar: [Int]
    private let sustainableSeries: [Int]
    private let lock = NSLock()

    /// Prepares room for `trials` trials of `variants`; every variant needs a decision block.
    public init(variants: [Variant], trials: Int) {
        let baseline = variants[0].model.scenario
        guard let decision = baseline.decision else { preconditionFailure("decide needs a decision block") }
        self.variants = variants.map(\.name)
        worthPerSolution = decision.perSustainableSolution
        var sources: [(variant: Int, parameter: Int)] = []
        for p in baseline.parameters.indices {
            if let v = variants.firstIndex(where: { !$0.model.scenario.parameters[p].distribution.isConstant }) {
                sources.append((v, p))
            }
        }
        self.sources = sources
        parameters = sources.map { baseline.parameters[$0.parameter].path }
        netBenefitScalar = variants.map { v in v.model.scalars.firstIndex { $0.id == "net_benefit" }! }
        sustainableSeries = variants.map { v in v.model.series.firstIndex { $0.id == "solutions.sustainable" }! }
        let zeros = [Double](repeating: 0, count: trials)
        netBenefit = Array(repeating: zeros, count: variants.count)
        sustainable = Array(repeating: zeros, count: variants.count)
        values = Array(repeating: zeros, count: sources.count)
    }

    public func write(_ chunk: PerTrialChunk, variants _: [Variant]) throws {
        lock.lock()
        defer { lock.unlock() }
        let first = chunk.firstTrial
        for v in chunk.outputs.indices {
            let out = chunk.outputs[v]
            let nb = netBenefitScalar[v], last = out.years - 1, s = sustainableSeries[v]
            for i in 0..<chunk.count {
                netBenefit[v][first + i] = out.scalarValue(nb, trial: i)
                sustainable[v][first + i] = out.seriesValue(s, year: last, trial: i)
            }
        }
        for (k, source) in sources.enumerated() {
            let block = chunk.inputs[source.variant]
            let p = source.parameter
            if block.eachYear[p] {
                let years = Double(block.years)
                for i in 0..<chunk.count {
                    var sum = 0.0
                    for y in 0..<block.years { sum += block.value(p, year: y, trial: i) }
                    values[k][first + i] = sum / years
                }
            } else {
                for i in 0..<chunk.count { values[k][first + i] = block.value(p, year: 0, trial: i) }
            }
        }
    }

    /// The cost part of each variant's net benefit: C = λ_s·S − NB (net costs of the decision's
    /// payers, less the worth of uses), so that the net benefit at another worth λ is λ·S − C.
    public var cost: [[Double]] {
        zip(netBenefit, sustainable).map { nb, s in zip(nb, s).map { worthPerSolution * $1 - $0 } }
    }

    /// The sampled values by parameter path (for ``ValueOfInformationReport``).
    public var valuesByPath: [String: [Double]] {
        Dictionary(uniqueKeysWithValues: zip(parameters, values))
    }

    /// The groups of DESIGN §8.2 that hold at least two uncertain parameters: `instrument:<id>`
    /// (every path of one instrument), `pipeline` (the stages' values), `sustainability` (every
    /// value of the block) and `pathway:<name>` (one pathway's options). A group of one
    /// parameter would repeat that parameter's row.
    public func groups(of scenario: Scenario) -> [ValueOfInformationReport.Group] {
        func root(_ path: String) -> String { String(path.prefix { $0 != "." }) }
        let stages = Set(scenario.stages.map(\.name))
        let instruments = Set(scenario.instruments.map(\.id))
        var result: [ValueOfInformationReport.Group] = []
        func add(_ name: String, _ members: [String]) {
            if members.count >= 2 { result.append(.init(name: name, members: members)) }
        }
        for instrument in scenario.instruments {
            add("instrument:\(instrument.id)", parameters.filter { root($0) == instrument.id })
        }
        add("pipeline", parameters.filter { stages.contains(root($0)) })
        add("sustainability", parameters.filter { !stages.contains(root($0)) && !instruments.contains(root($0)) })
        for pathway in scenario.sustainability?.pathways ?? [] {
            add("pathway:\(pathway.name)", parameters.filter { $0.hasPrefix("pathway.\(pathway.name).") })
        }
        return result
    }
}
