import Foundation
import Testing

/// A result folder holds exactly one run's files (its run.json lists them), keeps what beyondpoc
/// does not own, and changes whole: killed at any step of the commit, it shows the complete old set
/// or the complete new set (DESIGN §5, §10; OutputTransaction).
@Suite(.serialized) struct OutputFolderTests {
    static let foreignNote = "my notes, not beyondpoc's\n"

    /// A folder written by `run --per-trial` (seed 1), plus a foreign file and a foreign sub-folder.
    func preparedFolder(_ scratch: Scratch, _ file: String) throws {
        let first = try CLI.run(["run", file, "--trials", "256", "--seed", "1", "--per-trial", "--out", scratch.path("out"), "--no-progress"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(scratch.exists("out/trials.csv") && scratch.exists("out/inputs.csv"))
        _ = try scratch.write("out/notes.txt", Self.foreignNote)
        try FileManager.default.createDirectory(atPath: scratch.path("out/part-1-of-2"), withIntermediateDirectories: false)
        _ = try scratch.write("out/part-1-of-2/part.json", "{}\n")
    }

    func seed(_ scratch: Scratch, _ folder: String) throws -> Int? {
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch.path(folder + "/run.json")))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["seed"] as? Int
    }

    @Test func filesTheNewRunDoesNotWriteAreRemovedAndForeignOnesKept() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        try preparedFolder(scratch, file)
        let second = try CLI.run(["run", file, "--trials", "256", "--seed", "2", "--out", scratch.path("out"), "--no-progress"])
        #expect(second.status == 0, "\(second.stderr)")
        let listed = try scratch.manifestFiles("out")
        #expect(listed.contains("summary.csv") && listed.contains("scalars.csv") && listed.contains("run.json"))
        #expect(!listed.contains("trials.csv") && !listed.contains("inputs.csv"))
        #expect(scratch.listing("out") == (listed + ["notes.txt", "part-1-of-2"]).sorted())
        #expect(try scratch.read("out/notes.txt") == Self.foreignNote)
        #expect(try scratch.read("out/part-1-of-2/part.json") == "{}\n")
        #expect(try seed(scratch, "out") == 2)
        // Nothing is left beside the folder.
        #expect(scratch.listing() == ["out", "s.scenario"])

        // compare writes compare.csv; a later run removes it.
        let compare = try CLI.run(["compare", file, "--trials", "256", "--out", scratch.path("out"), "--no-progress"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(scratch.exists("out/compare.csv"))
        let third = try CLI.run(["run", file, "--trials", "256", "--out", scratch.path("out"), "--no-progress"])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(scratch.listing("out") == ((try scratch.manifestFiles("out")) + ["notes.txt", "part-1-of-2"]).sorted())
        #expect(!scratch.exists("out/compare.csv"))
    }

    /// Each command has its own default folder, notebooks-data/<stem>/<command>/.
    @Test func eachCommandWritesItsOwnDefaultFolder() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("s.scenario", cliScenario)
        let common = ["--trials", "128", "--no-progress"]
        for arguments in [["run", "s.scenario"], ["compare", "s.scenario"],
                          ["sweep", "s.scenario", "--budget", "10M€", "--vary", "recherche,outils", "--steps", "2"]] {
            let outcome = try CLI.run(arguments + common, in: scratch.url)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("/notebooks-data/s/\(arguments[0])/ in "), "\(outcome.stdout)")
        }
        #expect(scratch.listing("notebooks-data/s") == ["compare", "run", "sweep"])
        #expect(scratch.exists("notebooks-data/s/run/summary.csv"))
        #expect(scratch.exists("notebooks-data/s/compare/compare.csv"))
        #expect(scratch.exists("notebooks-data/s/sweep/frontier.csv"))
        for command in ["run", "compare", "sweep"] {
            #expect(scratch.listing("notebooks-data/s/\(command)") == (try scratch.manifestFiles("notebooks-data/s/\(command)")))
        }
    }

    /// Ctrl-C before the commit leaves no folder, not even the parents it would have created.
    @Test func interruptedFirstRunLeavesNoFolder() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let (process, out, err) = try CLI.start(["run", file, "--trials", "256", "--out", scratch.path("a/b/out"), "--no-progress"],
                                                environment: ["BEYONDPOC_TEST_STOP_AT": "swap"])
        try #require(waitUntilStopped(process), "the run never reached the swap")
        kill(process.processIdentifier, SIGINT)
        kill(process.processIdentifier, SIGCONT)
        let outcome = CLI.finish(process, out, err)
        #expect(outcome.status == 130)
        #expect(outcome.stderr == "beyondpoc: interrupted; no file written\n")
        #expect(scratch.listing() == ["s.scenario"])
    }

    /// Whether `process` stopped itself (state T in /proc) before `seconds` passed.
    func waitUntilStopped(_ process: Process, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        let statPath = "/proc/\(process.processIdentifier)/stat"
        while Date() < deadline && process.isRunning {
            if let stat = try? String(contentsOfFile: statPath, encoding: .utf8),
               let close = stat.lastIndex(of: ")") {
                let state = stat[stat.index(after: close)...].split(separator: " ").first
                if state == "T" || state == "t" { return true }
            }
            usleep(10_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return false
    }

    /// Stops the second run before `step` of its commit, sends `signal`, and checks the folder.
    func killDuringCommit(at step: String, with signal: Int32) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        try preparedFolder(scratch, file)
        let old = scratch.snapshot("out")
        // What the second run writes, for comparison.
        let reference = try CLI.run(["run", file, "--trials", "256", "--seed", "2", "--out", scratch.path("reference"), "--no-progress"])
        #expect(reference.status == 0, "\(reference.stderr)")

        let (process, out, err) = try CLI.start(["run", file, "--trials", "256", "--seed", "2", "--out", scratch.path("out"), "--no-progress"],
                                                environment: ["BEYONDPOC_TEST_STOP_AT": step])
        try #require(waitUntilStopped(process), "the run never reached \(step)")
        kill(process.processIdentifier, signal)
        kill(process.processIdentifier, SIGCONT)
        let outcome = CLI.finish(process, out, err)

        let newSetInPlace = step == "remove-old"
        if signal == SIGINT {
            // Up to the swap an interrupt cancels (exit 130, old set); after it the run ends normally.
            #expect(outcome.status == (newSetInPlace ? 0 : 130), "\(outcome.stderr)")
            if !newSetInPlace { #expect(outcome.stderr == "beyondpoc: interrupted; no file written\n") }
        } else {
            #expect(process.terminationReason == .uncaughtSignal && outcome.status == SIGKILL)
        }

        func expectNewSet() throws {
            #expect(try seed(scratch, "out") == 2)
            #expect(scratch.listing("out") == ((try scratch.manifestFiles("out")) + ["notes.txt", "part-1-of-2"]).sorted())
            #expect(try scratch.read("out/summary.csv") == (try scratch.read("reference/summary.csv")))
            #expect(try scratch.read("out/scalars.csv") == (try scratch.read("reference/scalars.csv")))
            #expect(try scratch.read("out/notes.txt") == Self.foreignNote)
            #expect(try scratch.read("out/part-1-of-2/part.json") == "{}\n")
        }

        if newSetInPlace {
            try expectNewSet()
        } else if signal == SIGINT {
            #expect(scratch.snapshot("out") == old)
        } else {
            // Killed before the swap: beyondpoc's files are the old set, byte for byte; only a
            // foreign sub-folder moved aside just before the swap is missing until the next run.
            var expected = old
            if step == "swap" { expected = expected.filter { !$0.key.hasPrefix("part-1-of-2") } }
            #expect(scratch.snapshot("out") == expected)
        }
        if signal == SIGINT {
            #expect(scratch.listing() == ["out", "reference", "s.scenario"])
        }

        // The next run recovers whatever a killed run left and commits normally.
        let next = try CLI.run(["run", file, "--trials", "256", "--seed", "2", "--out", scratch.path("out"), "--no-progress"])
        #expect(next.status == 0, "\(next.stderr)")
        try expectNewSet()
        #expect(scratch.listing() == ["out", "reference", "s.scenario"])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat")),
          arguments: ["link", "move", "swap", "remove-old"])
    func killedDuringTheCommit(step: String) throws {
        try killDuringCommit(at: step, with: SIGKILL)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat")),
          arguments: ["link", "move", "swap", "remove-old"])
    func interruptedDuringTheCommit(step: String) throws {
        try killDuringCommit(at: step, with: SIGINT)
    }
}

/// Folders that are not result folders, or that the shell stands in, are refused (exit 73) and left alone.
@Suite struct RefusedOutputFolderTests {
    @Test func aFolderWithFilesButNoRunJSONIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        try FileManager.default.createDirectory(atPath: scratch.path("mine"), withIntermediateDirectories: false)
        _ = try scratch.write("mine/notes.txt", "mine\n")
        let outcome = try CLI.run(["run", file, "--trials", "128", "--out", scratch.path("mine"), "--no-progress"])
        #expect(outcome.status == 73)
        #expect(outcome.stderr == "beyondpoc: error: cannot write \(scratch.path("mine")): it is not empty and has no run.json, so it is not a result folder; name a new or empty folder\n")
        #expect(scratch.listing("mine") == ["notes.txt"])
        #expect(scratch.listing() == ["mine", "s.scenario"])
    }

    @Test func theCurrentFolderIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", "s.scenario", "--trials", "128", "--out", ".", "--no-progress"], in: scratch.url)
        #expect(outcome.status == 73)
        #expect(outcome.stderr.hasSuffix(": it is the current folder or contains it, and a run replaces the whole folder; run from outside it\n"), "\(outcome.stderr)")
        #expect(scratch.listing() == ["s.scenario"])
    }
}
