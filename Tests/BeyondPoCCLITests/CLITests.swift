import Foundation
import Testing

@Suite(.serialized) struct CLITests {
    @Test func missingFileExits66() throws {
        let outcome = try CLI.run(["run", "/nonexistent/none.scenario", "--no-progress"])
        #expect(outcome.status == 66)
        #expect(outcome.stderr == "beyondpoc: error: cannot read /nonexistent/none.scenario: no such file\n")
    }

    @Test func badArgumentsExit64() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--trials", "0"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--trials must be at least 1 (got 0)."))
        let unknown = try CLI.run(["run", file, "--sampling", "sobol"])
        #expect(unknown.status == 64)
    }

    @Test func unknownMixExits64() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--mix", "Nope", "--out", scratch.path("out")])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("no mix named \"Nope\" in \(file); its mixes: \"More research\"."))
        #expect(scratch.listing("out") == [])
    }

    @Test func badScenarioExits65WithLocatedDiagnostic() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("bad.scenario", cliScenario.replacingOccurrences(of: "grant 300k€ per project", with: "grant 300k€ per year"))
        let outcome = try CLI.run(["run", file, "--out", scratch.path("out")])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == """
            \(file):12:15: error: expected an amount per project, found `per year`
              grant 300k€ per year
                          ^~~~~~~~
            hint: `grant` is an amount per project: write `grant 300k€ per project`

            """)
        #expect(scratch.listing("out") == [])
    }

    /// A scenario using a clause of DESIGN §7 that the model does not simulate yet: `check` reads
    /// it, `run` refuses it (exit 65, no output folder) rather than run it as if the clause were absent.
    @Test func modelTwoClausesAreCheckedButNotRunYet() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("m2.scenario", cliScenario
            .replacingOccurrences(of: "  grant 300k€ per project\n", with: "  grant 300k€ per project\n  ramp 2 years\n")
            .replacingOccurrences(of: "  market 1_500 sites\n", with: "  market 1_500 sites\n  assessment capacity 10 per year duration 1 year\n"))
        let check = try CLI.run(["check", file])
        #expect(check.status == 0)
        #expect(check.stdout.contains("  assessment capacity assessment.capacity per year, duration assessment.duration years\n"))
        #expect(check.stdout.contains("    ramp recherche.ramp years\n"))
        let outcome = try CLI.run(["run", file, "--trials", "16", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == """
            beyondpoc: error: this version parses but does not yet simulate `assessment`, `ramp` (used in \(file)); `beyondpoc check` reads it

            """)
        #expect(scratch.listing("out") == [])
    }

    @Test func unwritableOutputExits73() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let blocker = try scratch.write("blocker", "a file, not a folder")
        let outcome = try CLI.run(["run", file, "--trials", "256", "--out", blocker + "/out", "--no-progress"])
        #expect(outcome.status == 73)
        #expect(outcome.stderr.hasPrefix("beyondpoc: error: cannot write \(blocker)/out"))
    }

    /// DESIGN §5 columns and years; identical bytes for one and two threads.
    @Test func summaryHasTheDesignColumnsAndIsIdenticalAcrossThreads() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let one = try CLI.run(["run", file, "--trials", "3000", "--threads", "1", "--out", scratch.path("t1"), "--no-progress"])
        let two = try CLI.run(["run", file, "--trials", "3000", "--threads", "2", "--out", scratch.path("t2"), "--no-progress"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        #expect(scratch.listing("t1") == ["metrics.csv", "run.json", "scalars.csv", "summary.csv"])
        let summary = try scratch.read("t1/summary.csv")
        #expect(summary == (try scratch.read("t2/summary.csv")))
        #expect(try scratch.read("t1/scalars.csv") == (try scratch.read("t2/scalars.csv")))
        let lines = summary.split(separator: "\n")
        #expect(lines[0] == "scenario,mix,metric,year,mean,sd,mcse,p05,p25,p50,p75,p95")
        let years = Set(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] })
        #expect(years == Set((2026...2035).map { Substring(String($0)) }))
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 12 })
        let scalars = try scratch.read("t1/scalars.csv").split(separator: "\n")
        #expect(scalars[0] == "scenario,mix,metric,mean,sd,mcse,p05,p25,p50,p75,p95,n")
    }

    @Test func frenchExcelDialect() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--trials", "512", "--csv-dialect", "excel-fr", "--out", scratch.path("fr"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("fr/summary.csv")))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("scenario;mix;metric;year;mean;sd;mcse;p05;p25;p50;p75;p95\n"))
        #expect(!text.split(separator: "\n").dropFirst().contains { $0.contains(".") && !$0.contains("\"") && $0.split(separator: ";").dropFirst(4).contains { $0.contains(".") } })
    }

    /// Waits for `process` to end, killing it if it outlives `seconds` (a test must never hang or
    /// fill the disk when the behaviour under test is broken).
    func waitOrKill(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return false
        }
        return true
    }

    /// Waits until the run has created its staging folder beside `out`, i.e. it is under way.
    func waitForStaging(_ scratch: Scratch, _ process: Process) {
        let deadline = Date().addingTimeInterval(30)
        while !scratch.listing().contains(where: { $0.hasPrefix(".out.beyondpoc-partial-") }) && process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        usleep(300_000)
    }

    /// An interrupted run (Ctrl-C) exits 130 and leaves no folder where there was none.
    @Test func interruptedRunLeavesNoFile() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let (process, _, err) = try CLI.start(["run", file, "--trials", "5000000", "--out", scratch.path("out"), "--no-progress"])
        waitForStaging(scratch, process)
        kill(process.processIdentifier, SIGINT)
        #expect(waitOrKill(process, seconds: 20), "the run ignored SIGINT")
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        #expect(process.terminationStatus == 130)
        #expect(String(decoding: stderr, as: UTF8.self) == "beyondpoc: interrupted; no file written\n")
        #expect(scratch.listing() == ["s.scenario"])
    }

    /// A run killed outright while streaming per-trial files leaves no output folder, only its hidden
    /// staging folder beside it, which the next run there removes.
    @Test func killedRunLeavesNoVisibleFile() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let (process, _, _) = try CLI.start(["run", file, "--trials", "100000", "--per-trial", "--out", scratch.path("out"), "--no-progress"])
        waitForStaging(scratch, process)
        #expect(process.isRunning, "the run ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let left = scratch.listing()
        #expect(left.count == 2 && left[0].hasPrefix(".out.beyondpoc-partial-") && left[1] == "s.scenario", "\(left)")
        let next = try CLI.run(["run", file, "--trials", "256", "--out", scratch.path("out"), "--no-progress"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(scratch.listing() == ["out", "s.scenario"])
        #expect(scratch.listing("out") == (try scratch.manifestFiles("out")))
    }
}
