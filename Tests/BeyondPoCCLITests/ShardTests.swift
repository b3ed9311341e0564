import Foundation
import Testing

/// `--shard i/n` and `beyondpoc merge` (DESIGN §11): the merged files are the unsharded run's, byte for byte.
@Suite struct ShardTests {
    static let resultFiles = ["summary.csv", "scalars.csv", "metrics.csv"]

    /// Runs `command` whole into `whole/` and as n shards merged into `merged/`; returns the scratch.
    func shardAndMerge(_ command: String, n: Int, trials: Int, extra: [String] = []) throws -> Scratch {
        let scratch = try Scratch()
        let file = try scratch.write("s.scenario", cliScenario)
        let common = [command, file, "--trials", "\(trials)", "--seed", "7", "--no-progress"] + extra
        let whole = try CLI.run(common + ["--out", scratch.path("whole"), "--threads", "2"])
        #expect(whole.status == 0, "\(whole.stderr)")
        var parts: [String] = []
        for i in 1...n {
            let part = scratch.path("parts/part-\(i)-of-\(n)")
            // Another thread count than the whole run: results depend on neither.
            let shard = try CLI.run(common + ["--shard", "\(i)/\(n)", "--threads", "1", "--out", part])
            #expect(shard.status == 0, "\(shard.stderr)")
            parts.append(part)
        }
        // In reverse order: merge sorts the parts by range.
        let merged = try CLI.run(["merge"] + parts.reversed() + ["--out", scratch.path("merged")])
        #expect(merged.status == 0, "\(merged.stderr)")
        return scratch
    }

    func expectIdentical(_ scratch: Scratch, files: [String]) throws {
        for name in files {
            let whole = try Data(contentsOf: URL(fileURLWithPath: scratch.path("whole/\(name)")))
            let merged = try Data(contentsOf: URL(fileURLWithPath: scratch.path("merged/\(name)")))
            #expect(whole == merged, "\(name) differs")
        }
    }

    // 3,000 trials are 12 blocks of 256: 7 shards get 1 or 2 blocks (uneven), the last a short one.
    @Test(arguments: [1, 2, 3, 7])
    func mergedCompareIsTheUnshardedCompare(n: Int) throws {
        let scratch = try shardAndMerge("compare", n: n, trials: 3000)
        defer { scratch.cleanup() }
        try expectIdentical(scratch, files: Self.resultFiles + ["compare.csv"])
    }

    @Test(arguments: [1, 2, 3, 7])
    func mergedRunIsTheUnshardedRun(n: Int) throws {
        let scratch = try shardAndMerge("run", n: n, trials: 3000)
        defer { scratch.cleanup() }
        try expectIdentical(scratch, files: Self.resultFiles)
    }

    /// 5,000 trials are 20 blocks: of 30 shards, 10 are empty, and merging still gives the same bits.
    @Test func moreShardsThanBlocks() throws {
        let scratch = try shardAndMerge("compare", n: 30, trials: 5000)
        defer { scratch.cleanup() }
        try expectIdentical(scratch, files: Self.resultFiles + ["compare.csv"])
        // Shard i gets blocks ⌊(i−1)·20/30⌋ ..< ⌊i·20/30⌋: part 1 none, part 2 the first.
        let empty = try scratch.read("parts/part-1-of-30/part.json")
        #expect(empty.contains("\"end\" : 0,\n    \"first\" : 0"), "\(empty)")
        let second = try scratch.read("parts/part-2-of-30/part.json")
        #expect(second.contains("\"end\" : 256,\n    \"first\" : 0"), "\(second)")
    }

    /// Latin hypercube strata are global: shards of an lhs run merge into the lhs run.
    @Test func latinHypercubeShards() throws {
        let scratch = try shardAndMerge("compare", n: 3, trials: 2000, extra: ["--sampling", "lhs"])
        defer { scratch.cleanup() }
        try expectIdentical(scratch, files: Self.resultFiles + ["compare.csv"])
    }

    @Test func mergedRunJsonListsTheParts() throws {
        let scratch = try shardAndMerge("run", n: 2, trials: 1000)
        defer { scratch.cleanup() }
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch.path("merged/run.json")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let parts = try #require(object["parts"] as? [[String: Any]])
        #expect(parts.map { $0["shard"] as? String } == ["1/2", "2/2"])
        #expect(parts.map { $0["first_trial"] as? Int } == [0, 512])
        #expect(parts.map { $0["end_trial"] as? Int } == [512, 1000])
        #expect(object["command"] as? String == "run")
        #expect(try scratch.manifestFiles("merged") == ["metrics.csv", "run.json", "scalars.csv", "summary.csv"])
    }

    /// Three parts of a 1,000-trial compare at seed 7, in `parts/`.
    func threeParts(_ scratch: Scratch, seed: Int = 7, scenario: String = cliScenario, folder: String = "parts") throws -> [String] {
        let file = try scratch.write("s-\(folder).scenario", scenario)
        return try (1...3).map { i in
            let part = scratch.path("\(folder)/part-\(i)-of-3")
            let outcome = try CLI.run(["compare", file, "--trials", "1000", "--seed", "\(seed)", "--shard", "\(i)/3",
                                       "--no-progress", "--out", part])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return part
        }
    }

    func expectRefusal(_ arguments: [String], _ message: String, _ scratch: Scratch) throws {
        let outcome = try CLI.run(["merge"] + arguments + ["--out", scratch.path("merged")])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "beyondpoc: error: \(message)\n")
        #expect(!scratch.exists("merged"), "nothing is written")
    }

    @Test func mergeRefusesADuplicatedPart() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let parts = try threeParts(scratch)
        let copy = scratch.path("copy")
        try FileManager.default.copyItem(atPath: parts[1], toPath: copy)
        try expectRefusal(parts + [copy], "\(copy): part 2/3 is given twice (also \(parts[1]))", scratch)
    }

    @Test func mergeRefusesAMissingPart() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let parts = try threeParts(scratch)
        try expectRefusal([parts[0], parts[2]], "part 2/3 missing (have 2 of 3)", scratch)
        try expectRefusal([parts[2]], "parts 1/3, 2/3 missing (have 1 of 3)", scratch)
    }

    @Test func mergeRefusesForeignParts() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let parts = try threeParts(scratch)
        let otherSeed = try threeParts(scratch, seed: 8, folder: "seed8")
        try expectRefusal([parts[0], otherSeed[1], parts[2]],
                          "\(otherSeed[1]): not a part of the same run as \(parts[0]): seed 8, not 7", scratch)
        let edited = cliScenario.replacingOccurrences(of: "projects 12 per year", with: "projects 13 per year")
        let otherScenario = try threeParts(scratch, scenario: edited, folder: "edited")
        let outcome = try CLI.run(["merge", parts[0], otherScenario[1], parts[2], "--out", scratch.path("merged")])
        #expect(outcome.status == 65)
        #expect(outcome.stderr.hasPrefix("beyondpoc: error: \(otherScenario[1]): not a part of the same run as \(parts[0]): scenario SHA-256 "))
        #expect(!scratch.exists("merged"))
        // A shard of another n is foreign too.
        let file = try scratch.write("s.scenario", cliScenario)
        let half = scratch.path("halves/part-2-of-2")
        _ = try CLI.run(["compare", file, "--trials", "1000", "--seed", "7", "--shard", "2/2", "--no-progress", "--out", half])
        try expectRefusal([parts[0], half], "\(half): not a part of the same run as \(parts[0]): shard count 2, not 3", scratch)
    }

    @Test func mergeRefusesUnreadableStates() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let parts = try threeParts(scratch)
        let statePath = parts[1] + "/part.state"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: statePath)))
        let original = bytes
        // Another format version (the u32 after the 8-byte magic).
        bytes[8] = 2
        try Data(bytes).write(to: URL(fileURLWithPath: statePath))
        try expectRefusal(parts, "\(parts[1]): part.state has format version 2; this beyondpoc reads version 1", scratch)
        // Cut short: a section lies beyond the end.
        try Data(original.prefix(original.count / 2)).write(to: URL(fileURLWithPath: statePath))
        let outcome = try CLI.run(["merge"] + parts + ["--out", scratch.path("merged")])
        #expect(outcome.status == 65)
        #expect(outcome.stderr.hasPrefix("beyondpoc: error: \(parts[1]): part.state is corrupt: "), "\(outcome.stderr)")
        // Not a state at all.
        try Data("hello".utf8).write(to: URL(fileURLWithPath: statePath))
        try expectRefusal(parts, "\(parts[1]): part.state is not a beyondpoc partial state", scratch)
        try FileManager.default.removeItem(atPath: statePath)
        try expectRefusal(parts, "\(parts[1]): no readable part.state (not a part folder of `--shard`)", scratch)
    }

    @Test(arguments: ["0/3", "4/3", "x", "1/0", "2"])
    func badShardIsAUsageError(shard: String) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--trials", "100", "--shard", shard, "--no-progress", "--out", scratch.path("o")])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("The value '\(shard)' is invalid for '--shard <i/n>'"), "\(outcome.stderr)")
        #expect(!scratch.exists("o"))
    }

    @Test func shardWithPerTrialIsAUsageError() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--trials", "100", "--shard", "1/2", "--per-trial", "--no-progress"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--per-trial cannot be sharded: run it without --shard."), "\(outcome.stderr)")
    }

    @Test func sweepDoesNotShardYet() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["sweep", file, "--budget", "10M€", "--vary", "recherche,outils", "--shard", "1/2", "--no-progress"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--shard is not available for sweep yet."), "\(outcome.stderr)")
    }

    /// Without --out, a shard writes notebooks-data/<stem>/<command>/part-<i>-of-<n>/ and merge
    /// writes the folder holding it.
    @Test func defaultFolders() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("s.scenario", cliScenario)
        for i in 1...2 {
            let outcome = try CLI.run(["run", "s.scenario", "--trials", "600", "--shard", "\(i)/2", "--no-progress"], in: scratch.url)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        #expect(scratch.listing("notebooks-data/s/run/part-1-of-2") == ["part.json", "part.state", "run.json"])
        let merged = try CLI.run(["merge", "notebooks-data/s/run/part-1-of-2", "notebooks-data/s/run/part-2-of-2"], in: scratch.url)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(scratch.listing("notebooks-data/s/run") == ["metrics.csv", "part-1-of-2", "part-2-of-2", "run.json", "scalars.csv", "summary.csv"])
    }
}
