import Analysis
import ArgumentParser
import Export
import Foundation
import FundingModel

/// The shared body of `run` and `compare`: simulate, write every file atomically, print headlines.
/// With `--shard i/n`, simulate one range of the trials and write a partial result instead.
struct SimulationJob {
    var command: String
    var loaded: LoadedScenario
    var variants: [Variant]
    var options: SimulationOptions
    var compare: Bool

    func execute() throws {
        if let shard = options.shard { return try executeShard(shard) }
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
        try Self.publish(result, session: &session, perTrial: perTrial, compare: compare, variants: variants.map(\.name))
    }

    /// Writes the result files and run.json, then prints the headlines (shared with `merge`).
    static func publish(_ result: RunResult, session: inout OutputSession, perTrial: PerTrialFiles? = nil,
                        compare: Bool, variants: [String], parts: [RunManifest.Part]? = nil) throws {
        let loaded = session.loaded
        let options = session.options
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
        try session.commit(simulationSeconds: result.simulationSeconds, variants: variants, warnings: warnings, parts: parts)
        for w in warnings { standardError("warning: \(w)\n") }
        print(compare ? Headlines.ranking(result, title: loaded.scenario.title) : Headlines.table(result, title: loaded.scenario.title),
              terminator: "")
        print(session.closingLine)
    }

    /// One shard: its range of the trials, written as part.json and part.state (DESIGN §11).
    private func executeShard(_ shard: Shard) throws {
        var session = try OutputSession(command: command, loaded: loaded, options: options)
        let trials = ShardPlan.trials(ofShard: shard.index, of: shard.count, trials: options.trials)
        let (bar, progress) = session.progress(label: "shard \(shard.index)/\(shard.count)", total: trials.count)
        let partial: PartialResult
        do throws(EngineError) {
            partial = try Engine.runShard(
                variants, configuration: options.configuration, trials: trials, compare: compare,
                progress: progress, isCancelled: { interruptRequested.load(ordering: .relaxed) })
        } catch {
            bar?.finish()
            throw session.failed(error)
        }
        bar?.finish()
        let state = PartialState(
            command: command, scenarioFile: loaded.path, scenarioSHA256: SHA256.hexDigest(of: loaded.bytes),
            scenarioBytes: loaded.bytes, seed: options.seed, trials: options.trials, sampling: options.sampling.rawValue,
            csvDialect: options.csvDialect.rawValue, threads: options.threads, chunkSize: options.configuration.chunkSize,
            compare: compare, variants: variants.map(\.name), shardIndex: shard.index, shardCount: shard.count,
            result: partial)
        let summary = PartSummary(state: state)
        try session.stage("part.json", summary.json())
        try session.stage(OutputTransaction.partialStateName, state.encoded())
        try session.commit(simulationSeconds: partial.simulationSeconds, variants: variants.map(\.name), warnings: loaded.warnings)
        print(session.closingLine)
    }
}

/// part.json: a shard's partial result in words (the numbers are in part.state).
struct PartSummary: Codable {
    struct Range: Codable {
        var first: Int
        var end: Int
    }

    var formatVersion: UInt32
    var command: String
    var shard: Int
    var shards: Int
    var trialRange: Range
    var scenario: String
    var scenarioSha256: String
    var seed: UInt64
    var trials: Int
    var sampling: String
    var mixes: [String]
    var state: String

    init(state: PartialState) {
        formatVersion = PartialState.formatVersion
        command = state.command
        shard = state.shardIndex
        shards = state.shardCount
        trialRange = Range(first: state.result.trials.lowerBound, end: state.result.trials.upperBound)
        scenario = state.scenarioFile
        scenarioSha256 = state.scenarioSHA256
        seed = state.seed
        trials = state.trials
        sampling = state.sampling
        mixes = state.variants
        self.state = OutputTransaction.partialStateName
    }

    func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
