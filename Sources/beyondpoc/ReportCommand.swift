import ArgumentParser
import Foundation
import Report

extension ReportLanguage: ExpressibleByArgument {}

/// `beyondpoc report DIR [--lang en|fr]`: draws a result folder into DIR/report.html.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Draw a result folder (run, compare, sweep, sensitivity, decide) into one self-contained report.html.",
        discussion: """
            The report has inline SVG charts and CSS, needs no script and no network, and prints well. \
            It is written into DIR and listed in DIR/run.json.
            """)

    @Argument(help: "A result folder written by run, compare, sweep, sensitivity, decide or voi.")
    var directory: String

    @Option(name: .customLong("lang"), help: "The report's language: en or fr (numbers as 1 234,5 M€).")
    var language: ReportLanguage = .en

    func run() throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            let written = try ReportWriter.write(directory: url, language: language)
            print("wrote \(written.path)")
        } catch {
            standardError("beyondpoc: error: \(error)\n")
            switch error {
            case .notAResultFolder: throw Exit.missingFile
            case .badFile: throw Exit.badScenario
            case .cannotWrite: throw Exit.cannotWrite
            }
        }
    }
}
