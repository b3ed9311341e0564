import Analysis
import ArgumentParser
import FundingModel

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the baseline and mixes on common random numbers; write compare.csv with paired differences.")

    @Argument(help: "The scenario file.")
    var file: String

    @Option(help: "Comma-separated mix names (default: every mix of the file).")
    var mixes: String?

    @OptionGroup var options: SimulationOptions

    func run() throws {
        let loaded = try LoadedScenario.load(file)
        let available = loaded.scenario.mixes.map(\.name)
        var selected: [String]? = nil
        if let mixes {
            let names = mixes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for name in names { try loaded.requireMix(name) }
            selected = names
        }
        guard !available.isEmpty else {
            throw ValidationError("\(file) has no mix to compare with its baseline; add a `mix \"name\"` block.")
        }
        let variants = Variant.of(loaded.scenario, mixes: selected)
        try SimulationJob(command: "compare", loaded: loaded, variants: variants, options: options, compare: true).execute()
    }
}

import Foundation
