import Analysis
import ArgumentParser
import Export
import Foundation
import FundingModel

/// The shared body of `run` and `compare`: simulate, write every file atomically, print headlines.
struct SimulationJob {
    var command: String
    var loaded: LoadedScenario
    var variants: [Variant]
    var options: SimulationOptions
    var compare: Bool

    func execute() throws {
        var session = try OutputSession(command: command, loaded: loaded, options: options)
        let perTrial: PerTrialFiles? = try session.writing {
            options.perTrial
                ? try PerTrialFiles(transaction: session.transaction, dialect: options.csvDialect,
                                    variants: variants, gzip: options.gzip)
                : nil
        }
        let (bar, progress) = session.progress(label: variants.count > 1 ? "\(variants.count) variants" : "simulating")
        let result: RunResult
        do throws(EngineError) {
            result = try Engine.run(
                variants, configuration: options.configuration, compare: compare, perTrial: perTrial,
                progress: progress, isCancelled: { interruptRequested.load(ordering: .relaxed) })
        } catch {
            bar?.finish()
            throw session.failed(error)
        }
        bar?.finish()

        var warnings = loaded.warnings
        for v in result.variants where v.sharesScaledTrials > 0 {
            warnings.append("\(v.name): pathway shares exceeded 100% in \(v.sharesScaledTrials) of \(options.trials) trials and were scaled down (rest = 0)")
        }
        let writer = ResultFiles(dialect: options.csvDialect, scenarioTitle: loaded.scenario.title)
        try session.stage("summary.csv", writer.summary(result))
        try session.stage("scalars.csv", writer.scalars(result))
        if compare { try session.stage("compare.csv", writer.compare(result)) }
        try session.stage("metrics.csv", MetricsFile(dialect: options.csvDialect).bytes(VariantResult.metrics(of: result.variants)))
        if let perTrial {
            try session.writing { try perTrial.close() }
            session.noteStreamed(perTrial.fileNames)
        }
        try session.commit(simulationSeconds: result.simulationSeconds, variants: variants.map(\.name), warnings: warnings)
        for w in warnings { standardError("warning: \(w)\n") }
        print(compare ? Headlines.ranking(result, title: loaded.scenario.title) : Headlines.table(result, title: loaded.scenario.title),
              terminator: "")
        print(session.closingLine)
    }
}
