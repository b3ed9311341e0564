import FundingModel
import MonteCarlo

/// Every split of a total public budget across some instruments, in steps of 1/K, run on common
/// random numbers (`beyondpoc sweep`).
///
/// How money acts in a split (documented in notebooks-data/README.md and the model article):
/// - the total is spent over the whole programme; instrument i receives total × kᵢ/K, spread evenly
///   over its active years (`budget X per year` with X = total × kᵢ/K / years);
/// - a feeder's projects or winners then follow its budget: `projects` and `winners` are dropped
///   (research_call: ⌊budget / grant⌋ a year, or ⌊budget / (stage cost × D)⌋ without a grant;
///   experimentation_call: ⌊budget / (cofunding × stage cost × D)⌋; challenge: the budget net of
///   organisation is the prize pool, winners ⌊pool / (stage cost × D)⌋);
/// - an enabler's effects scale as (budget / the money the scenario states)^elasticity
///   (`open_database` annotations are replaced by the budget).
/// Everything else, and every draw, is the baseline's: the splits differ only by where money goes.
public struct BudgetSweep: Sendable {
    public let scenario: Scenario
    /// Instrument ids, in the order the user gave them.
    public let instruments: [String]
    /// Euros over the programme.
    public let total: Double
    public let steps: Int

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownInstrument(String, known: [String])
        case repeatedInstrument(String)
        case tooFewInstruments
        case invalidSteps(Int)
        case invalidTotal
        case tooManySplits(Int)

        public var description: String {
            switch self {
            case .unknownInstrument(let id, let known):
                return "no instrument `\(id)` in the scenario; its instruments: \(known.map { "`\($0)`" }.joined(separator: ", "))"
            case .repeatedInstrument(let id): return "instrument `\(id)` is named twice in --vary"
            case .tooFewInstruments: return "--vary needs at least two instruments to split a budget between"
            case .invalidSteps(let k): return "--steps must be between 1 and 100 (got \(k))"
            case .invalidTotal: return "--budget must be a positive amount, e.g. 60M€"
            case .tooManySplits(let n): return "\(n) splits is too many (at most 5,000): use fewer --steps or instruments"
            }
        }
    }

    public init(scenario: Scenario, instruments: [String], total: Double, steps: Int) throws(Problem) {
        let known = scenario.instruments.map(\.id)
        var seen = Set<String>()
        for id in instruments {
            guard known.contains(id) else { throw .unknownInstrument(id, known: known) }
            guard seen.insert(id).inserted else { throw .repeatedInstrument(id) }
        }
        guard instruments.count >= 2 else { throw .tooFewInstruments }
        guard (1...100).contains(steps) else { throw .invalidSteps(steps) }
        guard total > 0, total.isFinite else { throw .invalidTotal }
        self.scenario = scenario
        self.instruments = instruments
        self.total = total
        self.steps = steps
        let count = BudgetSweep.splitCount(parts: instruments.count, steps: steps)
        guard count <= 5_000 else { throw .tooManySplits(count) }
    }

    /// C(K + n − 1, n − 1): the number of ways to give K steps to n instruments.
    public static func splitCount(parts n: Int, steps k: Int) -> Int {
        var c = 1.0
        for i in 1..<n { c = c * Double(k + i) / Double(i) }
        return Int(c.rounded())
    }

    /// Every split as steps per instrument (summing to K), the first instrument's share descending.
    public var splits: [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        func fill(_ remaining: Int, _ left: Int) {
            if left == 1 {
                result.append(current + [remaining])
                return
            }
            for k in stride(from: remaining, through: 0, by: -1) {
                current.append(k)
                fill(remaining - k, left - 1)
                current.removeLast()
            }
        }
        fill(steps, instruments.count)
        return result
    }

    /// The euros each instrument receives over the programme in `split`.
    public func budgets(_ split: [Int]) -> [Double] {
        split.map { total * Double($0) / Double(steps) }
    }

    /// The scenario with `split` applied (see the type's documentation).
    public func scenario(for split: [Int]) -> Scenario {
        var s = scenario
        s.mixes = []
        for (id, money) in zip(instruments, budgets(split)) {
            guard let k = s.instruments.firstIndex(where: { $0.id == id }) else { continue }
            var instrument = s.instruments[k]
            let perYear = money / Double(instrument.years.count)
            let budgetParameter = Parameter(
                path: "\(id).budget", distribution: .constant(perYear), unit: "€/year", domain: .positive)
            if let ref = s.reference(path: "\(id).budget") {
                s[ref] = budgetParameter
                instrument.budget = .perYear(ref)
            } else {
                s.parameters.append(budgetParameter)
                instrument.budget = .perYear(ParameterRef(s.parameters.count - 1))
            }
            if var feeder = instrument.feeder {
                feeder.projects = nil
                if instrument.kind == .challenge { feeder.prize = nil }
                instrument.feeder = feeder
            }
            if instrument.kind == .openDatabase { instrument.annotations = nil }
            s.instruments[k] = instrument
        }
        return s
    }

    /// Outputs a sweep reduces: State spending, sustainable solutions, P(at least one sustainable
    /// solution) and every capped payer's P(breach) (the catalog's cap-breach scalars).
    static func selection(_ model: SimulationModel) -> OutputSelection {
        OutputSelection(
            series: ["spend.state.total", "solutions.sustainable"],
            scalars: Set(["solutions.sustainable.any"] + model.scalars.filter { $0.role == .capBreach }.map(\.id)))
    }

    /// Splits simulated together: each holds a chunk's parameters and outputs per worker, so
    /// batches keep memory flat however many splits there are.
    public static let batchSize = 8

    /// Runs every split on the same trials: every draw is keyed by its path, so the splits share
    /// their random numbers (common random numbers) without bookkeeping, batch after batch.
    /// `progress` receives split-trials done (of splits × trials).
    public func run(
        configuration: RunConfiguration, progress: (@Sendable (Int) -> Void)? = nil,
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(EngineError) -> SweepResult {
        let all = splits
        var variantResults: [VariantResult] = []
        var seconds = 0.0
        for start in stride(from: 0, to: all.count, by: Self.batchSize) {
            let batch = all[start ..< min(all.count, start + Self.batchSize)]
            let variants = batch.map { split in
                Variant(name: split.map(String.init).joined(separator: "/"), model: SimulationModel(scenario: scenario(for: split)))
            }
            let before = start * configuration.trials
            let width = batch.count
            var batchProgress: (@Sendable (Int) -> Void)? = nil
            if let progress { batchProgress = { done in progress(before + done * width) } }
            let result = try Engine.run(
                variants, configuration: configuration, selection: Self.selection(variants[0].model),
                progress: batchProgress, isCancelled: isCancelled)
            variantResults += result.variants
            seconds += result.simulationSeconds
        }
        let last = scenario.yearCount - 1
        // The splits share one catalog (they differ only in money): its capped payers, by name.
        let capped = variantResults[0].scalars.filter { $0.info.role == .capBreach }.compactMap(\.info.payer)
        var points: [SweepPoint] = []
        for (split, variant) in zip(all, variantResults) {
            let breaches = variant.scalars.filter { $0.info.role == .capBreach }
            let spend = variant.series("spend.state.total")?.byYear.reduce(0) { $0 + $1.mean } ?? 0
            let sustainable = variant.series("solutions.sustainable")?.byYear[last]
            points.append(SweepPoint(
                split: split, budgets: budgets(split), publicSpend: spend,
                sustainable: sustainable?.mean ?? 0, sustainableStandardError: sustainable?.standardError ?? 0,
                probabilityAnySustainable: variant.scalar("solutions.sustainable.any")?.statistic.mean ?? 0,
                probabilityCapBreached: Dictionary(uniqueKeysWithValues: breaches.compactMap { b in
                    b.info.payer.map { ($0, b.statistic.mean) }
                }),
                paretoEfficient: false))
        }
        let efficient = paretoEfficient(cost: points.map(\.publicSpend), benefit: points.map(\.sustainable))
        for i in points.indices { points[i].paretoEfficient = efficient[i] }
        return SweepResult(instruments: instruments, cappedPayers: capped, total: total, steps: steps, points: points,
                           metrics: VariantResult.metrics(of: variantResults), simulationSeconds: seconds)
    }
}

/// One split and what it achieves (means over trials).
public struct SweepPoint: Sendable, Hashable {
    /// Steps per instrument (sum K).
    public var split: [Int]
    /// Euros per instrument over the programme.
    public var budgets: [Double]
    /// Expected State spend over the horizon, undiscounted (Σ years of mean spend.state.total).
    public var publicSpend: Double
    /// Expected sustainable solutions in the last horizon year, and its Monte Carlo standard error.
    public var sustainable: Double
    public var sustainableStandardError: Double
    /// P(at least one sustainable solution in the last year).
    public var probabilityAnySustainable: Double
    /// P(the payer's cap is breached in at least one year), by capped payer.
    public var probabilityCapBreached: [String: Double]
    /// No other split has lower or equal spend and higher or equal sustainable solutions, one strictly.
    public var paretoEfficient: Bool
}

public struct SweepResult: Sendable {
    public var instruments: [String]
    public var cappedPayers: [String]
    public var total: Double
    public var steps: Int
    public var points: [SweepPoint]
    /// The metrics the points are computed from (metrics.csv of a sweep).
    public var metrics: [Metric]
    public var simulationSeconds: Double
}

/// Pareto efficiency for "less cost, more benefit": point i is efficient unless some j has
/// cost ≤ and benefit ≥ with at least one strict. Ties (identical points) are all efficient.
public func paretoEfficient(cost: [Double], benefit: [Double]) -> [Bool] {
    precondition(cost.count == benefit.count)
    return cost.indices.map { i in
        !cost.indices.contains { j in
            cost[j] <= cost[i] && benefit[j] >= benefit[i] && (cost[j] < cost[i] || benefit[j] > benefit[i])
        }
    }
}
