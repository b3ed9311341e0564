import Foundation
import Testing
@testable import Export

/// run.json's keys are snake_case, like every column name of the CSV files.
@Suite struct RunManifestTests {
    @Test func keysAreSnakeCase() throws {
        let manifest = RunManifest(
            command: "run", scenario: .init(file: "s.scenario", title: "T", sha256: "00"), seed: 7, trials: 2000,
            sampling: "mc", threads: 2, chunkSize: 256, mixes: ["baseline"], csvDialect: "standard",
            files: ["summary.csv", "run.json"], timings: .init(simulationSeconds: 1, totalSeconds: 2),
            warnings: [], arguments: ["beyondpoc", "run"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(manifest.json())) as? [String: Any])
        #expect(object.keys.sorted() == ["arguments", "chunk_size", "command", "csv_dialect", "files", "mixes", "sampling",
                                         "scenario", "seed", "threads", "timings", "tool", "trials", "version", "warnings"])
        #expect((object["scenario"] as? [String: Any])?.keys.sorted() == ["file", "sha256", "title"])
        #expect((object["timings"] as? [String: Any])?.keys.sorted() == ["simulation_seconds", "total_seconds"])
    }
}
