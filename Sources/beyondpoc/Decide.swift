import Analysis
import ArgumentParser
import Export
import Foundation
import FundingModel
import ScenarioLanguage

/// `beyondpoc decide FILE` (DESIGN §8.2): the baseline and mixes on common random numbers, judged
/// by the scenario's `decision` block — which option is best, how sure, and what learning each
/// uncertain value would be worth.
struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose between the baseline and mixes by net benefit: decision.csv, voi.csv, acceptability.csv.",
        discussion: """
            Needs a `decision` block in the scenario. Writes decision.csv (E[NB], P(best), expected \
            loss per option), voi.csv (EVPI, then EVPPI of every uncertain value and group), \
            acceptability.csv (P(best) and E[NB] over a range of worths per sustainable solution), \
            scalars.csv, metrics.csv and run.json.
            """)

    @Argument(help: "The scenario file.")
    var file: String

    @Option(help: "Comma-separated mix names (default: every mix of the file).")
    var mixes: String?

    @Option(name: .customLong("worth-range"), help: "Worths per sustainable solution for acceptability.csv, as A..B (e.g. 0..8M€; default 0 to twice the decision's worth).")
    var worthRange: String?

    @Option(help: "Steps between the two ends of --worth-range (K + 1 points).")
    var steps: Int = 20

    @OptionGroup var options: SimulationOptions

    func validate() throws {
        guard options.shard == nil else { throw ValidationError("--shard is not available for decide yet.") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps).") }
        // The EVPPI regressions need a sample of some size (as `voi` does).
        guard options.trials >= Voi.minimumSamples else {
            throw ValidationError("decide needs at least \(Voi.minimumSamples) trials for the value of information, got --trials \(options.trials).")
        }
        if let worthRange { _ = try Decide.parseRange(worthRange) }
    }

    /// `A..B` with amounts as scenarios write them (`0..8M€`), A < B, both finite and ≥ 0.
    static func parseRange(_ text: String) throws -> ClosedRange<Double> {
        let example = "write it as A..B, e.g. --worth-range 0..8M€"
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 else { throw ValidationError("--worth-range \"\(text)\" is not a range; \(example).") }
        let ends = parts.map { MoneyAmount.parse($0.trimmingCharacters(in: .whitespaces)) }
        guard let low = ends[0], let high = ends[1], low.isFinite, high.isFinite else {
            let bad = ends[0] == nil ? parts[0] : parts[1]
            throw ValidationError("--worth-range \"\(text)\": `\(bad)` is not an amount; \(example).")
        }
        guard low >= 0, low < high else {
            throw ValidationError("--worth-range \"\(text)\": the first worth must be at least 0 and below the second; \(example).")
        }
        return low...high
    }

    func run() throws {
        let loaded = try LoadedScenario.load(file)
        guard let decision = loaded.scenario.decision else {
            standardError(Diagnostic(
                severity: .error, message: "`decide` needs a `decision` block", fileName: file, line: 0, column: 0, length: 0,
                hint: "add a top-level block `decision` with an indented line such as `worth 4M€ per sustainable solution`"
            ).rendered())
            throw Exit.badScenario
        }
        var selected: [String]? = nil
        if let mixes {
            let names = Voi.list(mixes)
            for name in names { try loaded.requireMix(name) }
            selected = names
        }
        let variants = Variant.of(loaded.scenario, mixes: selected)
        guard variants.count >= 2 else {
            throw ValidationError("\(file) has no mix to decide against its baseline; add a `mix \"name\"` block.")
        }
        let range = try worthRange.map(Decide.parseRange) ?? 0...(2 * decision.perSustainableSolution)
        let worths = DecisionStatistics.worths(from: range.lowerBound, to: range.upperBound, steps: steps)

        var session = try OutputSession(command: "decide", loaded: loaded, options: options)
        let samples = DecisionSamples(variants: variants, trials: options.trials)
        let files: PerTrialFiles? = try session.writing {
            options.perTrial
                ? try PerTrialFiles(transaction: session.transaction, dialect: options.csvDialect,
                                    variants: variants, gzip: options.gzip)
                : nil
        }
        let sink: any PerTrialSink = files.map { PerTrialSinks([samples, $0]) } ?? samples
        let (bar, progress) = session.progress(label: "\(variants.count) variants")
        let result: RunResult
        do throws(EngineError) {
            // Only the scalars are reduced: decide writes no summary.csv.
            result = try Engine.run(
                variants, configuration: options.configuration, selection: OutputSelection(series: []), perTrial: sink,
                progress: progress, isCancelled: { interruptRequested.load(ordering: .relaxed) })
        } catch {
            bar?.finish()
            throw session.failed(error)
        }
        bar?.finish()

        let report = ValueOfInformationReport(
            variants: samples.variants, netBenefit: samples.netBenefit, parameters: samples.parameters,
            groups: samples.groups(of: loaded.scenario), values: samples.valuesByPath)
        let acceptability = DecisionStatistics.acceptability(outcome: samples.sustainable, cost: samples.cost, worths: worths)

        var warnings = loaded.warnings
        for v in result.variants where v.sharesScaledTrials > 0 {
            warnings.append("\(v.name): pathway shares exceeded 100% in \(v.sharesScaledTrials) of \(options.trials) trials and were scaled down (rest = 0)")
        }
        let dialect = options.csvDialect
        let writer = ResultFiles(dialect: dialect, scenarioTitle: loaded.scenario.title)
        try session.stage("decision.csv", DecisionFiles.decisionCSV(report, dialect: dialect))
        try session.stage("voi.csv", DecisionFiles.voiCSV(report, dialect: dialect))
        try session.stage("acceptability.csv", DecisionFiles.acceptabilityCSV(acceptability, variants: report.variants, dialect: dialect))
        try session.stage("scalars.csv", writer.scalars(result))
        try session.stage("metrics.csv", MetricsFile(dialect: dialect).bytes(VariantResult.metrics(of: result.variants)))
        if let files {
            try session.writing { try files.close() }
            session.noteStreamed(files.fileNames)
        }
        try session.commit(simulationSeconds: result.simulationSeconds, variants: variants.map(\.name), warnings: warnings)
        for w in warnings { standardError("warning: \(w)\n") }
        print(Decide.summary(report, title: loaded.scenario.title, decision: decision), terminator: "")
        print(session.closingLine)
    }

    /// The terminal table: per mix E[NB], P(best) and expected loss; the EVPI; the five largest EVPPIs.
    static func summary(_ report: ValueOfInformationReport, title: String, decision: Decision) -> String {
        let number = DecisionTable.number
        var out = "Decision — \(title), \(report.samples) trials; net benefit at \(number(decision.perSustainableSolution)) € per sustainable solution"
        if decision.perUse != 0 { out += " and \(number(decision.perUse)) € per use" }
        out += ", net cost of \(decision.costPayers.joined(separator: ", ")) (higher is better)\n\n"
        return out + DecisionTable.text(report, optionHeading: "mix", unit: "€", shownEVPPIs: 5)
    }
}

/// Hands every chunk to several sinks, in order (decide's samples and the `--per-trial` files).
final class PerTrialSinks: PerTrialSink, @unchecked Sendable {
    let sinks: [any PerTrialSink]
    init(_ sinks: [any PerTrialSink]) { self.sinks = sinks }
    func write(_ chunk: PerTrialChunk, variants: [Variant]) throws {
        for sink in sinks { try sink.write(chunk, variants: variants) }
    }
}
