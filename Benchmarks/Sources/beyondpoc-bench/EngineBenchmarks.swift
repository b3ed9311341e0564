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
    // The issue's sweep: recherche, defis and outils when the scenario has them, else its first
    // three instruments; 20 M€ in steps of 1/10 (66 splits) × 100,000 trials.
    let ids = scenario.instruments.map(\.id)
    let wanted = ["recherche", "defis", "outils"]
    let vary = wanted.allSatisfy(ids.contains) ? wanted : Array(ids.prefix(3))
    let sweepTrials = Int(ProcessInfo.processInfo.environment["BEYONDPOC_BENCH_SWEEP_TRIALS"] ?? "") ?? 100_000
    var benchmarks: [Benchmark] = []
    if vary.count >= 2, let sweep = try? BudgetSweep(scenario: scenario, instruments: vary, total: 20e6, steps: 10) {
        benchmarks.append(Benchmark(
            group: "engine", name: "sweep \(vary.joined(separator: ",")), \(sweep.splits.count) splits × \(sweepTrials) trials",
            unit: "split-trials", repetitions: 3) {
            let configuration = RunConfiguration(trials: sweepTrials, seed: 1, threads: threads)
            guard let result = try? sweep.run(configuration: configuration) else { return 0 }
            return result.points.count * sweepTrials
        })
    }
    return benchmarks + [
        Benchmark(group: "engine", name: "run \(URL(fileURLWithPath: path).lastPathComponent), \(trials) trials, \(threads) threads",
                  unit: "trials", repetitions: 5) { run(baseline, compare: false) },
        Benchmark(group: "engine", name: "compare baseline + \(all.count - 1) mixes, \(trials) trials",
                  unit: "trial-variants", repetitions: 3) { run(all, compare: true) },
    ]
}
