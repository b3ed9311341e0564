import Analysis
import ArgumentParser
import Export
import Foundation
import Report

/// What every simulating command shares: the output folder as one transaction, Ctrl-C handling,
/// the progress bar, run.json, and the exit codes for failures (73 cannot write, 130 interrupted).
struct OutputSession {
    let command: String
    let loaded: LoadedScenario
    let options: SimulationOptions
    let transaction: OutputTransaction
    let started = ContinuousClock.now
    private(set) var files: [String] = []

    /// Opens the output folder (exit 73 when it cannot be created) and arms the interrupt handler.
    init(command: String, loaded: LoadedScenario, options: SimulationOptions) throws {
        try loaded.requireSimulated()
        self.command = command
        self.loaded = loaded
        self.options = options
        do {
            transaction = try OutputTransaction(directory: options.outputDirectory(stem: loaded.stem, command: command))
        } catch {
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.cannotWrite
        }
        installInterruptHandler()
    }

    var directory: URL { transaction.directory }

    /// A progress bar when stderr is a terminal and `--no-progress` is absent.
    func progress(label: String, total: Int? = nil) -> (bar: ProgressBar?, update: (@Sendable (Int) -> Void)?) {
        guard !options.noProgress, ProgressBar.isTerminal() else { return (nil, nil) }
        let bar = ProgressBar(total: total ?? options.trials, label: label)
        return (bar, { done in bar.update(done) })
    }

    /// Runs `body`, turning output errors into exit 73 (and deleting everything staged).
    func writing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as OutputError {
            fail(error)
        }
    }

    func fail(_ error: OutputError) -> Never {
        transaction.abort()
        standardError("beyondpoc: error: \(error)\n")
        Foundation.exit(Exit.cannotWrite.rawValue)
    }

    /// Maps an engine failure to its message and exit code, deleting everything staged.
    func failed(_ error: EngineError) -> ExitCode {
        transaction.abort()
        switch error {
        case .cancelled:
            standardError("beyondpoc: interrupted; no file written\n")
            return Exit.interrupted
        case .sink(let e):
            standardError("beyondpoc: error: \(e)\n")
            return Exit.cannotWrite
        case .correlation(let e):
            standardError("beyondpoc: error: the correlations cannot be sampled: \(e)\n")
            return Exit.badScenario
        }
    }

    mutating func stage(_ name: String, _ bytes: [UInt8]) throws {
        try writing { try transaction.write(name, bytes: bytes) }
        files.append(name)
    }

    mutating func noteStreamed(_ names: [String]) { files += names }

    /// Writes run.json (and, with `--report`, report.html drawn from the staged files), then swaps
    /// the new folder in — unless Ctrl-C comes before the swap.
    mutating func commit(simulationSeconds: Double, variants: [String], warnings: [String],
                         parts: [RunManifest.Part]? = nil) throws {
        let configuration = options.configuration
        let report = options.report ? [ReportWriter.fileName] : []
        var manifest = RunManifest(
            command: command,
            scenario: .init(file: loaded.path, title: loaded.scenario.title, sha256: SHA256.hexDigest(of: loaded.bytes)),
            seed: configuration.seed, trials: configuration.trials, sampling: configuration.sampling.rawValue,
            threads: configuration.threads, chunkSize: configuration.chunkSize,
            mixes: variants, csvDialect: options.csvDialect.rawValue, files: files + report + ["run.json"],
            timings: .init(simulationSeconds: simulationSeconds, totalSeconds: (ContinuousClock.now - started).seconds),
            warnings: warnings, arguments: CommandLine.arguments)
        manifest.parts = parts
        try stage("run.json", manifest.json())
        if options.report { try stageReport() }
        let committed = try writing {
            try transaction.commit { step in
                CommitStopHook.pauseIfAsked(at: step)
                // Up to the swap an interrupt cancels; after it, the new folder is in place and the run ends normally.
                return step == .removeOld || !interruptRequested.load(ordering: .relaxed)
            }
        }
        if !committed {
            standardError("beyondpoc: interrupted; no file written\n")
            throw Exit.interrupted
        }
    }

    /// Draws report.html from the staged files (run.json, which lists it, included) and stages it.
    /// The files are this run's own: a failure to read them is a failure to write the output (73).
    private mutating func stageReport() throws {
        let html: String
        do {
            html = try ReportWriter.html(directory: transaction.stagingDirectory, language: options.language)
        } catch {
            transaction.abort()
            standardError("beyondpoc: error: cannot write \(directory.appendingPathComponent(ReportWriter.fileName).path): \(error)\n")
            Foundation.exit(Exit.cannotWrite.rawValue)
        }
        try stage(ReportWriter.fileName, Array(html.utf8))
    }

    /// The closing line: what was written where, and how long it took.
    var closingLine: String {
        "wrote \(files.count) files to \(directory.path)/ in \(String(format: "%.2f", (ContinuousClock.now - started).seconds)) s"
    }
}

/// Test-only hook: with `BEYONDPOC_TEST_STOP_AT=<step>` in the environment (a ``CommitStep`` raw
/// value: link, move, swap, remove-old) the process stops itself with SIGSTOP just before that step
/// of the commit, so that a test can kill it at a known point and inspect the folder. Not a user
/// feature: it is undocumented in `--help` and does nothing when the variable is unset.
enum CommitStopHook {
    static let step: CommitStep? = ProcessInfo.processInfo.environment["BEYONDPOC_TEST_STOP_AT"].flatMap(CommitStep.init(rawValue:))

    static func pauseIfAsked(at current: CommitStep) {
        if current == step { raise(SIGSTOP) }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
