import Foundation

/// Runs the built `beyondpoc` binary (it sits beside the test bundle) and captures its output.
struct CLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var dir = bundle
        // The test runner may live inside a `.xctest` folder; walk up to the products folder.
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("beyondpoc").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("beyondpoc")
    }

    /// Starts the binary; the caller waits or signals it. `environment` adds variables to ours.
    static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        let (process, out, err) = try start(arguments, in: directory)
        return finish(process, out, err)
    }

    /// Reads everything the process writes, waits for it to end and returns what it did.
    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Outcome {
        // Read before waiting so a chatty child never blocks on a full pipe.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A fresh temporary folder per test, removed by `cleanup()`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("beyondpoc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    func listing(_ name: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(name))) ?? []).sorted()
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// The `files` that `<folder>/run.json` lists, sorted.
    func manifestFiles(_ folder: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(folder + "/run.json")))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return ((object?["files"] as? [String]) ?? []).sorted()
    }

    /// Every file under `folder` (relative paths, sub-folders walked) with its bytes.
    func snapshot(_ folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let root = url.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [:] }
        for case let relative as String in walker {
            let full = root.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: full.path, isDirectory: &isFolder), isFolder.boolValue {
                result[relative + "/"] = Data()
            } else {
                result[relative] = (try? Data(contentsOf: full)) ?? Data()
            }
        }
        return result
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// A complete scenario in the project's language, small enough for fast CLI tests.
let cliScenario = """
scenario "CLI test"
horizon 2026 to 2035
discount 3%

pipeline
  stage poc   duration 1 year   success 0.40 to 0.60  cost 150k€ per project-year
  stage pilot duration 2 years  success 0.30 to 0.50  cost 400k€ per project-year

research_call recherche "Research calls"
  years 2026 to 2029
  projects 12 per year enter poc
  grant 300k€ per project

open_tools outils "Open tools"
  years 2026 to 2030
  budget 1M€ per year
  effect poc.cost -10% to -2%

sustainability
  market 1_500 sites
  uses 2_000 to 10_000 per site-year
  adoption bass p 0.01 to 0.04 q 0.30 to 0.60
  pathway reimbursement share 30% to 50% delay 1 to 2 years tariff 2€ to 8€ per use payer assurance_maladie
  pathway none share rest
  opex 300k€ per year + 1k€ per site-year
  savings 5€ to 15€ per use for hospitals
  exit after 2 years below breakeven
  cap assurance_maladie 20M€ per year policy price_volume

correlate poc.success pilot.success 0.6
correlate adoption.q uses -0.4

mix "More research"
  recherche.projects 20 per year
"""
