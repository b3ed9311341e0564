import Foundation

/// The decision statistics, EVPI and EVPPIs of one probabilistic sample: the content of
/// decision.csv and voi.csv (DESIGN §8.2, §8.2b).
public struct ValueOfInformationReport: Sendable {
    /// One row of voi.csv.
    public struct Row: Sendable, Hashable {
        /// What the row is about.
        public enum Scope: String, Sendable, Hashable {
            /// All uncertainty: the EVPI.
            case all
            /// One parameter.
            case parameter
            /// A group of parameters, learnt together.
            case group
        }
        public var scope: Scope
        /// `EVPI`, the parameter's name, or the group's name.
        public var name: String
        /// The parameters concerned (empty for the EVPI).
        public var parameters: [String]
        /// The EVPI or EVPPI.
        public var value: Double
        /// Its standard error.
        public var standardError: Double

        /// value / EVPI (NaN when the EVPI is 0).
        public func share(ofEVPI evpi: Double) -> Double { evpi > 0 ? value / evpi : .nan }
    }

    /// A group of parameters to learn together.
    public struct Group: Sendable {
        public var name: String
        public var members: [String]
        public init(name: String, members: [String]) {
            self.name = name
            self.members = members
        }
    }

    /// The options' names, in the order of the net-benefit columns (the first is the baseline of
    /// the EVPPI regressions).
    public let variants: [String]
    /// The samples used.
    public let samples: Int
    /// One entry per option.
    public let decisions: [VariantDecision]
    /// The EVPI row, then one row per parameter, then one per group.
    public let rows: [Row]

    /// The EVPI.
    public var evpi: Row { rows[0] }

    /// Computes every statistic. `values` gives each parameter's and group member's sampled
    /// values by name (every name of `parameters` and `groups` must be there); EVPPIs run in parallel (each is deterministic, so the result does not
    /// depend on the number of threads).
    public init(
        variants: [String], netBenefit: [[Double]], parameters: [String], groups: [Group],
        values: [String: [Double]]
    ) {
        precondition(variants.count == netBenefit.count && variants.count >= 2)
        self.variants = variants
        samples = netBenefit[0].count
        decisions = DecisionStatistics.variants(netBenefit: netBenefit)
        let evpi = DecisionStatistics.evpi(netBenefit: netBenefit)
        let jobs: [(Row.Scope, String, [String])] =
            parameters.map { (.parameter, $0, [$0]) } + groups.map { (.group, $0.name, $0.members) }
        let results = UnsafeResults(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            let columns = jobs[j].2.map { name in
                guard let column = values[name] else { preconditionFailure("no sampled values for parameter `\(name)`") }
                return column
            }
            results.store(j, PartialValueOfInformation.evppi(netBenefit: netBenefit, parameters: columns))
        }
        rows = [Row(scope: .all, name: "EVPI", parameters: [], value: evpi.value, standardError: evpi.standardError)]
            + jobs.indices.map { j in
                let estimate = results.values[j]!
                return Row(scope: jobs[j].0, name: jobs[j].1, parameters: jobs[j].2,
                           value: estimate.value, standardError: estimate.standardError)
            }
    }
}

/// Slots written by the parallel EVPPI jobs, one each, read after they all finish.
private final class UnsafeResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [EVPPIEstimate?]
    init(count: Int) { values = .init(repeating: nil, count: count) }
    func store(_ index: Int, _ value: EVPPIEstimate) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
