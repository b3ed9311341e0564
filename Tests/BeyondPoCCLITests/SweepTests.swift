import Foundation
import Testing

/// `sweep` end to end: frontier.csv has the documented columns, one row per split, and Pareto flags
/// that agree with its own numbers.
@Suite struct SweepTests {
    @Test func frontierHasOneRowPerSplitAndConsistentParetoFlags() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["sweep", file, "--budget", "20M€", "--vary", "recherche,outils", "--steps", "4",
                                   "--trials", "512", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("5 splits × 512 trials"), "\(outcome.stdout)")
        #expect(scratch.listing("out") == (try scratch.manifestFiles("out")))
        #expect(scratch.exists("out/frontier.csv"))

        let lines = try scratch.read("out/frontier.csv").split(separator: "\n")
        #expect(lines[0] == """
            split,share.recherche,budget.recherche,share.outils,budget.outils,public_spend,sustainable,\
            sustainable_mcse,p_any_sustainable,p_cap_breached.assurance_maladie,pareto_efficient
            """)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // K = 4 steps over 2 instruments: C(5, 1) = 5 splits, the first instrument's share descending.
        try #require(rows.count == 5)
        #expect(rows.allSatisfy { $0.count == 11 })
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4", "5"])
        #expect(rows.map { Double($0[1])! } == [1, 0.75, 0.5, 0.25, 0])
        for row in rows {
            #expect(Double(row[1])! + Double(row[3])! == 1)
            #expect(Double(row[2])! + Double(row[4])! == 20_000_000)
            #expect((0...1).contains(Double(row[8])!) && (0...1).contains(Double(row[9])!))
            #expect(row[10] == "0" || row[10] == "1")
        }
        // Less public spend and more sustainable solutions are better: a flagged row is dominated by
        // no row, an unflagged row by at least one.
        let cost = rows.map { Double($0[5])! }, benefit = rows.map { Double($0[6])! }
        func dominates(_ j: Int, _ i: Int) -> Bool {
            cost[j] <= cost[i] && benefit[j] >= benefit[i] && (cost[j] < cost[i] || benefit[j] > benefit[i])
        }
        for i in rows.indices {
            let dominated = rows.indices.contains { dominates($0, i) }
            #expect((rows[i][10] == "1") == !dominated, "row \(i + 1): \(rows[i])")
        }
        #expect(rows.contains { $0[10] == "1" })
    }
}
