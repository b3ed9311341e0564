import Analysis
import ArgumentParser
import Export
import Foundation
import MonteCarlo
import Report

extension SamplingDesign: ExpressibleByArgument {}
extension CSVDialect: ExpressibleByArgument {}

/// Options shared by `run`, `compare` and `sweep`.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Number of trials.")
    var trials: Int = 10_000

    @Option(help: "Seed of the random streams.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Sampling design: mc (Monte Carlo) or lhs (Latin hypercube).")
    var sampling: SamplingDesign = .monteCarlo

    @Option(help: "Output folder (default: notebooks-data/<scenario file stem>/<command>/).")
    var out: String?

    @Flag(help: "Also write trials.csv, trials-scalars.csv and inputs.csv: every trial's outputs and sampled inputs, one row per trial and variant (and year for trials.csv).")
    var perTrial = false

    @Flag(help: "With --per-trial: write the per-trial files gzip-compressed (.csv.gz).")
    var gzip = false

    @Option(name: .customLong("csv-dialect"), help: "CSV spelling: standard or excel-fr (; separators, decimal commas, BOM).")
    var csvDialect: CSVDialect = .standard

    @Flag(help: "Do not show the progress bar.")
    var noProgress = false

    @Flag(help: "Also write report.html: the results drawn in one self-contained page (as `beyondpoc report`).")
    var report = false

    @Option(name: .customLong("lang"), help: "The language of --report: en (default) or fr (numbers as 1 234,5 M€).")
    var lang: ReportLanguage?

    /// The report's language: `--lang`, English by default.
    var language: ReportLanguage { lang ?? .en }

    @Option(help: ArgumentHelp("Run only the i-th of n contiguous ranges of the trials and write a partial result (part.json, part.state) for `beyondpoc merge` (run and compare).", valueName: "i/n"))
    var shard: Shard?

    func validate() throws {
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1 (got \(trials)).") }
        guard trials <= 1_000_000_000 else { throw ValidationError("--trials must be at most 1,000,000,000.") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
        guard !gzip || perTrial else { throw ValidationError("--gzip compresses the per-trial files: it needs --per-trial.") }
        guard lang == nil || report else { throw ValidationError("--lang is the language of --report; add --report.") }
        guard shard == nil || !perTrial else { throw ValidationError("--per-trial cannot be sharded: run it without --shard.") }
        guard shard == nil || !report else {
            throw ValidationError("--report needs result files, which a shard does not write: run `beyondpoc report` on the folder `beyondpoc merge` writes.")
        }
    }

    var configuration: RunConfiguration {
        RunConfiguration(trials: trials, seed: seed, threads: threads, sampling: sampling)
    }

    /// `--out`, or `notebooks-data/<stem>/<command>/` so that one command's result never replaces
    /// another's (DESIGN §10).
    func outputDirectory(stem: String, command: String) -> URL {
        let folder = "notebooks-data/\(stem)/\(command)" + (shard.map { "/\($0.folderName)" } ?? "")
        return URL(fileURLWithPath: out ?? folder, isDirectory: true)
    }
}

/// `--shard i/n`: the i-th of n ranges of the trials (1 ≤ i ≤ n).
struct Shard: ExpressibleByArgument, Equatable {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        index = i
        count = n
    }

    /// `part-<i>-of-<n>` (DESIGN §10).
    var folderName: String { "part-\(index)-of-\(count)" }
}
