import Analysis
import Foundation
import ScenarioLanguage

/// The whole job minus file writing: compile a scenario, sample, simulate and reduce every output
/// to moments and quantiles, on all cores. The scenario is $BEYONDPOC_BENCH_SCENARIO, else the shared
/// acceptance example beside the repository, else the project's reference scenario.
func engineBenchmarks() -> [Benchmark] {
    let candidates = [ProcessInfo.processInfo.environment["BEYONDPOC_BENCH_SCENARIO"],
                      "../shared/examples/ami-2019.scenario", "scenarios/reference.scenario"]
    guard let path = candidates.compactMap({ $0 }).first(where: FileManager.default.fileExists),
          let data = FileManager.default.contents(atPath: path),
          let scenario = ScenarioCompiler.compile(bytes: [UInt8](data), fileName: path).scenario
    else { return [] }
    let trials = Int(ProcessInfo.processInfo.environment["BEYONDPOC_BENCH_TRIALS"] ?? "") ?? 1_000_000
    let threads = ProcessInfo.processInfo.activeProcessorCount
    func run(_ variants: [Variant], compare: Bool) -> Int {
        let configuration = RunConfiguration(trials: trials, seed: 1, threads: threads)
        guard let result = try? Engine.run(variants, configuration: configuration, compare: compare) else { return 0 }
        return result.configuration.trials * variants.count
    }
    let baseline = Variant.of(scenario, mixes: [])
    let all = Variant.of(scenario)
    return [
        Benchmark(group: "engine", name: "run \(URL(fileURLWithPath: path).lastPathComponent), \(trials) trials, \(threads) threads",
                  unit: "trials", repetitions: 5) { run(baseline, compare: false) },
        Benchmark(group: "engine", name: "compare baseline + \(all.count - 1) mixes, \(trials) trials",
                  unit: "trial-variants", repetitions: 3) { run(all, compare: true) },
    ]
}
