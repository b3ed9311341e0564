import ArgumentParser
import Export
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
            It is added to DIR and listed in DIR/run.json; every other file of DIR stays as it was. \
            Exit codes: 66 no such result folder, 65 a file of it cannot be read (or metrics.csv is missing: \
            rerun the command with this version), 64 usage, 73 cannot write.
            """)

    @Argument(help: "A result folder written by run, compare, sweep, sensitivity or decide.")
    var directory: String

    @Option(name: .customLong("lang"), help: "The report's language: en or fr (numbers as 1 234,5 M€).")
    var language: ReportLanguage = .en

    func run() throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let manifestURL = url.appendingPathComponent("run.json")
        let html: String
        let manifest: String?
        do {
            html = try ReportWriter.html(directory: url, language: language)
            // Only a folder a command wrote is amended: without run.json it is not one (and the
            // transaction would refuse to swap it).
            guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
                standardError("beyondpoc: error: \(manifestURL.path): missing; report draws a folder written by a beyondpoc command\n")
                throw Exit.missingFile
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ReportError.badFile(path: manifestURL.path, line: 0, reason: "is not UTF-8 text")
            }
            manifest = try ReportWriter.listing(ReportWriter.fileName, inManifest: text, path: manifestURL.path)
        } catch let error as ReportError {
            standardError("beyondpoc: error: \(error)\n")
            switch error {
            case .notAResultFolder: throw Exit.missingFile
            case .badFile: throw Exit.badScenario
            }
        }
        installInterruptHandler()
        do {
            // Amend: the run's files stay byte for byte; report.html and run.json change in one swap.
            let transaction = try OutputTransaction(directory: url, mode: .amend)
            do {
                try transaction.write(ReportWriter.fileName, bytes: Array(html.utf8))
                if let manifest { try transaction.write("run.json", bytes: Array(manifest.utf8)) }
                let committed = try transaction.commit { step in
                    step == .removeOld || !interruptRequested.load(ordering: .relaxed)
                }
                if !committed {
                    standardError("beyondpoc: interrupted; no file written\n")
                    throw Exit.interrupted
                }
            } catch let error as OutputError {
                transaction.abort()
                throw error
            }
        } catch let error as OutputError {
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.cannotWrite
        }
        print("wrote \(url.appendingPathComponent(ReportWriter.fileName).path)")
    }
}
