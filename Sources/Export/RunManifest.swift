import Foundation

/// run.json: what produced a set of result files, so a figure can be traced and reproduced.
public struct RunManifest: Codable, Sendable {
    public struct ScenarioInfo: Codable, Sendable {
        public var file: String
        public var title: String
        public var sha256: String

        public init(file: String, title: String, sha256: String) {
            self.file = file
            self.title = title
            self.sha256 = sha256
        }
    }

    public struct Timings: Codable, Sendable {
        /// Sampling, simulation and reduction.
        public var simulationSeconds: Double
        /// From reading the scenario to the last file written.
        public var totalSeconds: Double

        public init(simulationSeconds: Double, totalSeconds: Double) {
            self.simulationSeconds = simulationSeconds
            self.totalSeconds = totalSeconds
        }
    }

    public var tool = "beyondpoc"
    public var version = toolVersion
    public var command: String
    public var scenario: ScenarioInfo
    public var seed: UInt64
    public var trials: Int
    public var sampling: String
    public var threads: Int
    public var chunkSize: Int
    public var mixes: [String]
    public var csvDialect: String
    public var files: [String]
    public var timings: Timings
    public var warnings: [String]
    /// The exact command line, to rerun.
    public var arguments: [String]
    /// For `beyondpoc merge`: the shards merged (absent from an unsharded run's run.json).
    public var parts: [Part]?

    /// One merged shard: its folder and the global trials it ran.
    public struct Part: Codable, Sendable {
        public var folder: String
        public var shard: String
        public var firstTrial: Int
        public var endTrial: Int

        public init(folder: String, shard: String, firstTrial: Int, endTrial: Int) {
            self.folder = folder
            self.shard = shard
            self.firstTrial = firstTrial
            self.endTrial = endTrial
        }
    }

    public init(
        command: String, scenario: ScenarioInfo, seed: UInt64, trials: Int, sampling: String, threads: Int,
        chunkSize: Int, mixes: [String], csvDialect: String, files: [String], timings: Timings,
        warnings: [String], arguments: [String]
    ) {
        self.command = command
        self.scenario = scenario
        self.seed = seed
        self.trials = trials
        self.sampling = sampling
        self.threads = threads
        self.chunkSize = chunkSize
        self.mixes = mixes
        self.csvDialect = csvDialect
        self.files = files
        self.timings = timings
        self.warnings = warnings
        self.arguments = arguments
    }

    /// Pretty, key-sorted JSON with snake_case keys.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Encoding a struct of strings and numbers cannot fail; NaN never reaches here.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
