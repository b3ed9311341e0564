import ArgumentParser
import ScenarioLanguage

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a scenario and list every parameter with its family, unit and 5/50/95% quantiles.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The scenario file.")
    var file: String

    @Option(help: "Report format: text or json.")
    var format: Format = .text

    func run() throws {
        let loaded = try LoadedScenario.load(file)
        switch format {
        case .text: print(CheckReport.text(loaded.scenario, fileName: file), terminator: "")
        case .json: print(CheckReport.json(loaded.scenario, fileName: file), terminator: "")
        }
    }
}
