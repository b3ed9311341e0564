import Foundation
import Testing

/// `beyondpoc report DIR` and `--report` (DESIGN §10): report.html joins the result folder and its
/// run.json under the output transaction's rules; the run's own files do not change.
@Suite struct ReportCommandTests {
    @Test func runWithReportListsReportHTMLInRunJSON() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--trials", "256", "--report", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try scratch.manifestFiles("out") == ["metrics.csv", "report.html", "run.json", "scalars.csv", "summary.csv"])
        #expect(scratch.listing("out") == ["metrics.csv", "report.html", "run.json", "scalars.csv", "summary.csv"])
        let html = try scratch.read("out/report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<h1>CLI test</h1>"))
        // Drawn from the staged files: the report of the folder afterwards is the same page.
        let again = try CLI.run(["report", scratch.path("out")])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try scratch.read("out/report.html") == html)
        #expect(outcome.stdout.hasSuffix(" s\n") && outcome.stdout.contains("wrote 5 files to \(scratch.path("out"))/"))
        #expect(scratch.listing() == ["out", "s.scenario"])
    }

    @Test func compareAndSweepWithReportInFrench() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let compare = try CLI.run(["compare", file, "--trials", "256", "--report", "--lang", "fr", "--out", scratch.path("c"), "--no-progress"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(try scratch.manifestFiles("c") == ["compare.csv", "metrics.csv", "report.html", "run.json", "scalars.csv", "summary.csv"])
        let html = try scratch.read("c/report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"))
        #expect(html.contains("data-chart=\"forest:solutions.sustainable\""))
        let sweep = try CLI.run(["sweep", file, "--budget", "20M€", "--vary", "recherche,outils", "--steps", "2", "--trials", "128",
                                 "--report", "--out", scratch.path("w"), "--no-progress"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(try scratch.manifestFiles("w") == ["frontier.csv", "metrics.csv", "report.html", "run.json"])
        #expect(try scratch.read("w/report.html").contains("data-chart=\"frontier\""))
    }

    /// Every file keeps its bytes except run.json, which gains report.html before itself; the
    /// foreign note and shard sub-folder stay; a second report changes report.html only.
    @Test func reportOfARunFolderAddsReportHTMLAndKeepsEveryOtherByte() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let run = try CLI.run(["run", file, "--trials", "256", "--per-trial", "--out", scratch.path("out"), "--no-progress"])
        #expect(run.status == 0, "\(run.stderr)")
        _ = try scratch.write("out/notes.txt", "mine\n")
        try FileManager.default.createDirectory(atPath: scratch.path("out/part-1-of-2"), withIntermediateDirectories: false)
        _ = try scratch.write("out/part-1-of-2/part.json", "{}\n")
        let before = scratch.snapshot("out")
        let manifest = try scratch.read("out/run.json")

        let outcome = try CLI.run(["report", scratch.path("out")])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "wrote \(scratch.path("out"))/report.html\n")
        var after = scratch.snapshot("out")
        #expect(after.removeValue(forKey: "report.html") != nil)
        let removed = after.removeValue(forKey: "run.json")
        let newManifest = try #require(removed)
        var unchanged = before
        unchanged.removeValue(forKey: "run.json")
        #expect(after == unchanged)
        #expect(String(decoding: newManifest, as: UTF8.self)
                == manifest.replacingOccurrences(of: "    \"inputs.csv\",\n    \"run.json\"", with: "    \"inputs.csv\",\n    \"report.html\",\n    \"run.json\""))
        #expect(scratch.listing() == ["out", "s.scenario"])

        let french = try CLI.run(["report", scratch.path("out"), "--lang", "fr"])
        #expect(french.status == 0, "\(french.stderr)")
        #expect(try scratch.read("out/report.html").hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"))
        #expect(scratch.snapshot("out")["run.json"] == newManifest)
    }

    @Test func aFolderWithoutMetricsCSVExits65() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let run = try CLI.run(["run", file, "--trials", "256", "--out", scratch.path("out"), "--no-progress"])
        #expect(run.status == 0, "\(run.stderr)")
        try FileManager.default.removeItem(atPath: scratch.path("out/metrics.csv"))
        let before = scratch.snapshot("out")
        let outcome = try CLI.run(["report", scratch.path("out")])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "beyondpoc: error: \(scratch.path("out"))/metrics.csv: missing: this folder was written by an older version of beyondpoc; rerun the command that wrote it (beyondpoc run …) with this version, which writes metrics.csv (the label, unit, kind and direction of every metric)\n")
        #expect(scratch.snapshot("out") == before)
    }

    @Test func missingFoldersAndBadUsage() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let missing = try CLI.run(["report", scratch.path("nowhere")])
        #expect(missing.status == 66)
        #expect(missing.stderr == "beyondpoc: error: \(scratch.path("nowhere")): no such folder\n")
        // Result files without run.json: not a folder a command wrote, so not amended.
        try FileManager.default.createDirectory(atPath: scratch.path("loose"), withIntermediateDirectories: false)
        _ = try scratch.write("loose/summary.csv", "scenario,mix,metric,year,mean,sd,mcse,p05,p25,p50,p75,p95\nS,baseline,solutions.active,2026,1,0,0,0,0,1,1,2\n")
        _ = try scratch.write("loose/metrics.csv", "metric,label,unit,kind,direction\nsolutions.active,Solutions in use,solutions,stock,higher\n")
        let loose = try CLI.run(["report", scratch.path("loose")])
        #expect(loose.status == 66)
        #expect(loose.stderr == "beyondpoc: error: \(scratch.path("loose"))/run.json: missing; report draws a folder written by a beyondpoc command\n")
        #expect(scratch.listing("loose") == ["metrics.csv", "summary.csv"])
        let usage = try CLI.run(["report", scratch.path("loose"), "--lang", "de"])
        #expect(usage.status == 64)
    }
}

extension ReportCommandTests {
    @Test func langWithoutReportIsAUsageError() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--lang", "fr", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--lang is the language of --report; add --report."))
        #expect(!scratch.exists("out"))
    }
}
