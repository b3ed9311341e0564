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
        let started = ContinuousClock.now
        let directory = options.outputDirectory(stem: loaded.stem)
        let transaction: OutputTransaction
        do {
            transaction = try OutputTransaction(directory: directory)
        } catch {
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.cannotWrite
        }
        installInterruptHandler()
        let configuration = options.configuration
        var files = ["summary.csv", "scalars.csv"]
        if compare { files.append("compare.csv") }

        let perTrial: PerTrialFiles?
        do {
            perTrial = options.perTrial
                ? try PerTrialFiles(transaction: transaction, dialect: options.csvDialect, firstYear: loaded.scenario.horizon.lowerBound)
                : nil
        } catch {
            transaction.abort()
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.cannotWrite
        }
        if perTrial != nil { files += ["trials.csv", "inputs.csv"] }

        let bar = !options.noProgress && ProgressBar.isTerminal()
            ? ProgressBar(total: configuration.trials, label: variants.count > 1 ? "\(variants.count) variants" : "simulating")
            : nil
        var progress: (@Sendable (Int) -> Void)? = nil
        if let bar { progress = { done in bar.update(done) } }
        let result: RunResult
        do throws(EngineError) {
            result = try Engine.run(
                variants, configuration: configuration, compare: compare, perTrial: perTrial,
                progress: progress, isCancelled: { interruptRequested.load(ordering: .relaxed) })
        } catch {
            bar?.finish()
            transaction.abort()
            switch error {
            case .cancelled:
                standardError("beyondpoc: interrupted; no file written\n")
                throw Exit.interrupted
            case .sink(let e):
                standardError("beyondpoc: error: \(e)\n")
                throw Exit.cannotWrite
            case .correlation(let e):
                standardError("beyondpoc: error: the correlations cannot be sampled: \(e)\n")
                throw Exit.badScenario
            }
        }
        bar?.finish()

        var warnings = loaded.warnings
        for v in result.variants where v.sharesScaledTrials > 0 {
            warnings.append("\(v.name): pathway shares exceeded 100% in \(v.sharesScaledTrials) of \(configuration.trials) trials and were scaled down (rest = 0)")
        }
        let writer = ResultFiles(dialect: options.csvDialect, scenarioTitle: loaded.scenario.title)
        do {
            try transaction.write("summary.csv", bytes: writer.summary(result))
            try transaction.write("scalars.csv", bytes: writer.scalars(result))
            if compare { try transaction.write("compare.csv", bytes: writer.compare(result)) }
            try perTrial?.close()
            let elapsed = ContinuousClock.now - started
            let manifest = RunManifest(
                command: command,
                scenario: .init(file: loaded.path, title: loaded.scenario.title, sha256: SHA256.hexDigest(of: loaded.bytes)),
                seed: configuration.seed, trials: configuration.trials, sampling: configuration.sampling.rawValue,
                threads: configuration.threads, chunkSize: configuration.chunkSize,
                mixes: variants.map(\.name), csvDialect: options.csvDialect.rawValue, files: files + ["run.json"],
                timings: .init(simulationSeconds: result.simulationSeconds, totalSeconds: elapsed.seconds),
                warnings: warnings, arguments: CommandLine.arguments)
            try transaction.write("run.json", bytes: manifest.json())
            if interruptRequested.load(ordering: .relaxed) {
                transaction.abort()
                standardError("beyondpoc: interrupted; no file written\n")
                throw Exit.interrupted
            }
            try transaction.commit()
        } catch let error as OutputError {
            transaction.abort()
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.cannotWrite
        }
        for w in warnings { standardError("warning: \(w)\n") }
        print(Headlines.table(result, title: loaded.scenario.title), terminator: "")
        print("wrote \(files.count + 1) files to \(directory.path)/ in \(String(format: "%.2f", (ContinuousClock.now - started).seconds)) s")
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
