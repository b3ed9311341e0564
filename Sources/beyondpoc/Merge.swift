import Analysis
import ArgumentParser
import Export
import Foundation
import FundingModel
import ScenarioLanguage

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the part folders of a sharded run or compare (--shard i/n) into the files the unsharded command writes.",
        discussion: """
            The parts must come from the same scenario (SHA-256), seed, trials, sampling, command and mixes, and \
            cover every range i/n exactly once; otherwise nothing is written (exit 65). The scenario is read from \
            the parts (part.state holds its bytes), not from its file.
            """)

    @Argument(help: "The part folders (part-<i>-of-<n>/), in any order.")
    var parts: [String]

    @Option(help: "Output folder (default: the folder holding the first part's folder).")
    var out: String?

    @Flag(help: "Do not show the progress bar (nothing to show: accepted for symmetry with the simulating commands).")
    var noProgress = false

    func validate() throws {
        guard !parts.isEmpty else { throw ValidationError("name at least one part folder.") }
    }

    func run() throws {
        var states: [(folder: String, state: PartialState)] = []
        for folder in parts {
            let state = try Self.read(folder)
            if let (firstFolder, first) = states.first {
                try Self.requireSameRun(state, folder: folder, as: first, of: firstFolder)
            }
            if let other = states.first(where: { $0.state.shardIndex == state.shardIndex }) {
                throw Self.refuse("\(folder): part \(state.shardIndex)/\(state.shardCount) is given twice (also \(other.folder))")
            }
            states.append((folder, state))
        }
        let first = states[0].state
        let given = Set(states.map(\.state.shardIndex))
        let missing = (1...first.shardCount).filter { !given.contains($0) }
        if !missing.isEmpty {
            let names = missing.map { "\($0)/\(first.shardCount)" }.joined(separator: ", ")
            throw Self.refuse("part\(missing.count > 1 ? "s" : "") \(names) missing (have \(states.count) of \(first.shardCount))")
        }
        states.sort { $0.state.shardIndex < $1.state.shardIndex }

        // The scenario from the parts' bytes, compiled as the shards compiled it.
        let compiled = ScenarioCompiler.compile(bytes: first.scenarioBytes, fileName: first.scenarioFile)
        guard let scenario = compiled.scenario, !compiled.hasErrors else {
            throw Self.refuse("\(states[0].folder): its scenario does not compile")
        }
        let loaded = LoadedScenario(
            path: first.scenarioFile, bytes: first.scenarioBytes, scenario: scenario,
            warnings: compiled.diagnostics.filter { $0.severity == .warning }.map(\.message))
        let all = Variant.of(scenario)
        var variants: [Variant] = []
        for name in first.variants {
            guard let v = all.first(where: { $0.name == name }) else {
                throw Self.refuse("\(states[0].folder): its scenario has no mix \"\(name)\"")
            }
            variants.append(v)
        }
        let parent = URL(fileURLWithPath: states[0].folder, isDirectory: true).standardizedFileURL.deletingLastPathComponent()
        // The options of the parts, as the shards parsed them.
        let options = try SimulationOptions.parse([
            "--trials", "\(first.trials)", "--seed", "\(first.seed)", "--threads", "\(first.threads)",
            "--sampling", first.sampling, "--csv-dialect", first.csvDialect, "--out", out ?? parent.path, "--no-progress",
        ])
        let merger = ShardMerger(variants: variants, configuration: options.configuration, compare: first.compare)
        for (folder, state) in states {
            do throws(PartialState.ReadError) {
                try merger.add(state)
            } catch {
                if case .corrupt(let why) = error { throw Self.refuse("\(folder): \(OutputTransaction.partialStateName) is corrupt: \(why)") }
                throw Self.refuse("\(folder): \(OutputTransaction.partialStateName) is unreadable")
            }
        }
        let result = merger.finish()
        var session = try OutputSession(command: first.command, loaded: loaded, options: options)
        let manifestParts = states.map {
            RunManifest.Part(folder: $0.folder, shard: "\($0.state.shardIndex)/\($0.state.shardCount)",
                             firstTrial: $0.state.result.trials.lowerBound, endTrial: $0.state.result.trials.upperBound)
        }
        try SimulationJob.publish(result, session: &session, compare: first.compare, variants: first.variants,
                                  parts: manifestParts)
    }

    /// A refusal: the message on stderr, exit 65, nothing written.
    static func refuse(_ message: String) -> ExitCode {
        standardError("beyondpoc: error: \(message)\n")
        return Exit.badScenario
    }

    /// Reads `folder/part.state`; exit 65 naming the folder when it is missing, corrupt or of another version.
    static func read(_ folder: String) throws -> PartialState {
        let path = URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(OutputTransaction.partialStateName).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refuse("\(folder): no readable \(OutputTransaction.partialStateName) (not a part folder of `--shard`)")
        }
        let state: PartialState
        do throws(PartialState.ReadError) {
            state = try PartialState(decoding: [UInt8](data), numbers: false)
        } catch {
            switch error {
            case .notAPartialState:
                throw refuse("\(folder): \(OutputTransaction.partialStateName) is not a beyondpoc partial state")
            case .unsupportedVersion(let v):
                throw refuse("\(folder): \(OutputTransaction.partialStateName) has format version \(v); this beyondpoc reads version \(PartialState.formatVersion)")
            case .corrupt(let why):
                throw refuse("\(folder): \(OutputTransaction.partialStateName) is corrupt: \(why)")
            }
        }
        guard state.shardCount >= 1, (1...state.shardCount).contains(state.shardIndex),
              state.result.trials == ShardPlan.trials(ofShard: state.shardIndex, of: state.shardCount, trials: state.trials)
        else {
            throw refuse("\(folder): \(OutputTransaction.partialStateName) is corrupt: its trial range is not that of part \(state.shardIndex)/\(state.shardCount)")
        }
        return state
    }

    /// Exit 65 naming `folder` when its part does not belong with the first part's run.
    static func requireSameRun(_ state: PartialState, folder: String, as first: PartialState, of firstFolder: String) throws {
        func differs(_ what: String, _ mine: String, _ theirs: String) -> ExitCode {
            refuse("\(folder): not a part of the same run as \(firstFolder): \(what) \(mine), not \(theirs)")
        }
        if state.scenarioSHA256 != first.scenarioSHA256 {
            throw differs("scenario SHA-256", state.scenarioSHA256, first.scenarioSHA256)
        }
        if state.command != first.command { throw differs("command", state.command, first.command) }
        if state.seed != first.seed { throw differs("seed", "\(state.seed)", "\(first.seed)") }
        if state.trials != first.trials { throw differs("trials", "\(state.trials)", "\(first.trials)") }
        if state.sampling != first.sampling { throw differs("sampling", state.sampling, first.sampling) }
        if state.variants != first.variants {
            throw differs("mixes", state.variants.joined(separator: ","), first.variants.joined(separator: ","))
        }
        if state.compare != first.compare { throw differs("comparison", "\(state.compare)", "\(first.compare)") }
        if state.csvDialect != first.csvDialect { throw differs("CSV dialect", state.csvDialect, first.csvDialect) }
        if state.shardCount != first.shardCount {
            throw differs("shard count", "\(state.shardCount)", "\(first.shardCount)")
        }
    }
}
