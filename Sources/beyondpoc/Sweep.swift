import Analysis
import ArgumentParser
import Export
import Foundation
import FundingModel
import ScenarioLanguage

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a total public budget across instruments in steps of 1/K; write frontier.csv with the Pareto-efficient splits.",
        discussion: """
            The budget is spent over the programme: each instrument's part is spread evenly over its active years. \
            Feeders then fund as many projects or winners as their part allows; enablers' effects scale with \
            (money / the money the scenario states)^elasticity. All splits share their random numbers.
            """)

    @Argument(help: "The scenario file.")
    var file: String

    @Option(help: "Total public budget to split, e.g. 60M€ (units as in scenarios).")
    var budget: String

    @Option(help: "Comma-separated instrument ids to split the budget between, e.g. recherche,defis,outils.")
    var vary: String

    @Option(help: "Steps K: shares move in steps of 1/K.")
    var steps: Int = 10

    @OptionGroup var options: SimulationOptions

    func validate() throws {
        guard MoneyAmount.parse(budget) != nil else {
            throw ValidationError("--budget must be an amount such as 60M€ or 1.5bn€ (got \"\(budget)\").")
        }
        guard !options.perTrial else { throw ValidationError("--per-trial is not available for sweep.") }
        guard options.shard == nil else { throw ValidationError("--shard is not available for sweep yet.") }
    }

    func run() throws {
        let loaded = try LoadedScenario.load(file)
        let ids = vary.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let sweep: BudgetSweep
        do {
            sweep = try BudgetSweep(scenario: loaded.scenario, instruments: ids, total: MoneyAmount.parse(budget)!, steps: steps)
        } catch {
            throw ValidationError("\(error).")
        }
        var session = try OutputSession(command: "sweep", loaded: loaded, options: options)
        let splits = sweep.splits.count
        let (bar, progress) = session.progress(label: "\(splits) splits", total: splits * options.trials)
        let result: SweepResult
        do throws(EngineError) {
            result = try sweep.run(configuration: options.configuration, progress: progress,
                                   isCancelled: { interruptRequested.load(ordering: .relaxed) })
        } catch {
            bar?.finish()
            throw session.failed(error)
        }
        bar?.finish()
        try session.stage("frontier.csv", FrontierFile(dialect: options.csvDialect).bytes(result))
        try session.stage("metrics.csv", MetricsFile(dialect: options.csvDialect).bytes(result.metrics))
        try session.commit(simulationSeconds: result.simulationSeconds, variants: sweep.splits.map { $0.map(String.init).joined(separator: "/") },
                           warnings: loaded.warnings)
        print(Self.table(result, title: loaded.scenario.title, trials: options.trials, lastYear: loaded.scenario.horizon.upperBound))
        print(session.closingLine)
    }

    /// The Pareto-efficient splits, cheapest first.
    static func table(_ r: SweepResult, title: String, trials: Int, lastYear: Int) -> String {
        let efficient = r.points.enumerated().filter { $0.element.paretoEfficient }.sorted { $0.element.publicSpend < $1.element.publicSpend }
        var out = "\(title) — \(Headlines.format(r.total, unit: "€")) split over \(r.instruments.joined(separator: ", ")) in steps of 1/\(r.steps): "
        out += "\(r.points.count) splits × \(trials) trials\n"
        out += "\(efficient.count) Pareto-efficient splits (less State spend, more sustainable solutions in \(lastYear)):\n\n"
        out += Headlines.pad("split", 7) + r.instruments.map { Headlines.pad($0, 14, right: true) }.joined()
            + Headlines.pad("State spend", 16, right: true) + Headlines.pad("sustainable", 14, right: true)
            + Headlines.pad("P(≥ 1)", 10, right: true) + "\n"
        for (i, p) in efficient {
            out += Headlines.pad(String(i + 1), 7)
            out += p.split.map { Headlines.pad(String(format: "%.0f%%", 100 * Double($0) / Double(r.steps)), 14, right: true) }.joined()
            out += Headlines.pad(Headlines.format(p.publicSpend, unit: "€"), 16, right: true)
            out += Headlines.pad(String(format: "%.2f", p.sustainable), 14, right: true)
            out += Headlines.pad(String(format: "%.3f", p.probabilityAnySustainable), 10, right: true) + "\n"
        }
        return out
    }
}
