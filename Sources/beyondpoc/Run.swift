import Analysis
import ArgumentParser
import FundingModel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a scenario (its baseline, or one mix) and write summary.csv, scalars.csv, metrics.csv and run.json.")

    @Argument(help: "The scenario file.")
    var file: String

    @Option(help: "Run this mix instead of the baseline.")
    var mix: String?

    @OptionGroup var options: SimulationOptions

    func run() throws {
        let loaded = try LoadedScenario.load(file)
        var variants = Variant.of(loaded.scenario, mixes: [])
        if let mix, mix != Scenario.baselineName {
            try loaded.requireMix(mix)
            variants = Array(Variant.of(loaded.scenario, mixes: [mix]).dropFirst())
        }
        try SimulationJob(command: "run", loaded: loaded, variants: variants, options: options, compare: false).execute()
    }
}
