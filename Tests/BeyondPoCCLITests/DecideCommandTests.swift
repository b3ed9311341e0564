import Foundation
import Testing

/// `beyondpoc decide` (DESIGN §8.2) end to end, and compare.csv's `diff_mcse` (§8.4).
@Suite(.serialized) struct DecideCommandTests {
    /// A scenario whose only mix draws the research grant from a normal law around the baseline's
    /// 100 k€: the choice turns on the grant alone, so its EVPPI is the EVPI.
    static let scenario = """
        scenario "Decide test"
        horizon 2026 to 2030
        pipeline
          stage poc duration 1 year success 0.5 cost 100k€ per project-year
          stage pilot duration 2 years success 0.4 cost 200k€ per project-year
        research_call rc "Calls"
          projects 10 per year enter poc
          grant 100k€ per project
        sustainability
          market 100 sites
          uses 1_000 to 3_000 per site-year
          adoption bass p 0.02 q 0.4
          pathway paid share 50% tariff 5€ per use payer am
          pathway none share rest
        mix "Uncertain grant"
          rc.grant normal(100k€, 20k€) per project
        mix "Fewer projects"
          rc.projects 6 per year

        """
    static let decision = "decision\n  worth 1M€ per sustainable solution\n"

    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func writesDecisionVoiAndAcceptability() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("small.scenario", Self.scenario + Self.decision)
        let outcome = try CLI.run(
            ["decide", "small.scenario", "--mixes", "Uncertain grant", "--trials", "3000", "--steps", "4", "--no-progress"],
            in: scratch.url)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let folder = "notebooks-data/small/decide"
        let files = ["acceptability.csv", "decision.csv", "metrics.csv", "run.json", "scalars.csv", "voi.csv"]
        #expect(scratch.listing(folder) == files)
        #expect(try scratch.manifestFiles(folder) == files)
        #expect(outcome.stdout.contains("EVPI (expected value of perfect information): "))
        #expect(outcome.stdout.contains("all in voi.csv:\n  rc.grant"))

        let decision = Self.rows(try scratch.read(folder + "/decision.csv"))
        #expect(decision.map(\.count) == [6, 6, 6])
        #expect(decision[0] == ["variant", "nb_mean", "nb_sd", "nb_mcse", "p_best", "expected_loss"])
        #expect(decision.dropFirst().map { $0[0] } == ["baseline", "Uncertain grant"])
        let nbMean = decision.dropFirst().map { Double($0[1])! }
        #expect(abs(decision.dropFirst().map { Double($0[4])! }.reduce(0, +) - 1) < 1e-12)

        // The scalars' net_benefit mean is decision.csv's nb_mean.
        let scalars = Self.rows(try scratch.read(folder + "/scalars.csv"))
        let netBenefit = scalars.filter { $0.count > 2 && $0[2] == "net_benefit" }
        #expect(netBenefit.map { $0[1] } == ["baseline", "Uncertain grant"])
        for (row, mean) in zip(netBenefit, nbMean) { #expect(abs(Double(row[3])! - mean) <= 1e-9 * abs(mean)) }

        let voi = Self.rows(try scratch.read(folder + "/voi.csv"))
        #expect(voi[0] == ["scope", "name", "parameters", "evppi", "evppi_se", "share_of_evpi"])
        #expect(voi.dropFirst().map { Array($0.prefix(3)) } == [
            ["all", "EVPI", ""], ["parameter", "rc.grant", "rc.grant"], ["parameter", "uses", "uses"],
        ])
        let evpi = Double(voi[1][3])!, grant = Double(voi[2][3])!
        #expect(evpi > 0 && abs(grant - evpi) < 0.02 * evpi)
        #expect(Double(voi[3][3])! < 0.02 * evpi)

        // Five worths from 0 to 2λ_s, two options each; P(best) adds up to 1 at every worth, and
        // E[NB](λ) = λ·E[S] − E[C] meets decision.csv's nb_mean at λ_s = 1 M€.
        let acceptability = Self.rows(try scratch.read(folder + "/acceptability.csv"))
        #expect(acceptability[0] == ["worth", "variant", "p_best", "nb_mean"])
        #expect(acceptability.count == 1 + 5 * 2)
        let points = acceptability.dropFirst()
        #expect(points.map { $0[0] } == ["0", "0", "500000", "500000", "1000000", "1000000", "1500000", "1500000", "2000000", "2000000"])
        for k in 0..<5 {
            let pair = points.dropFirst(2 * k).prefix(2)
            #expect(abs(pair.map { Double($0[2])! }.reduce(0, +) - 1) < 1e-12)
        }
        for v in 0..<2 {
            let line = points.enumerated().filter { $0.offset % 2 == v }.map { Double($0.element[3])! }
            let slope = (line[4] - line[0]) / 2_000_000
            for k in 0..<5 {
                #expect(abs(line[k] - (line[0] + slope * 500_000 * Double(k))) <= 1e-9 * abs(line[0]) + 1e-6)
            }
            #expect(abs(line[2] - nbMean[v]) <= 1e-9 * abs(nbMean[v]))
        }
    }

    @Test func withoutADecisionBlockItExits65NamingIt() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("small.scenario", Self.scenario)
        let outcome = try CLI.run(["decide", "small.scenario", "--trials", "200", "--no-progress"], in: scratch.url)
        #expect(outcome.status == 65)
        #expect(outcome.stderr == """
            small.scenario: error: `decide` needs a `decision` block
            hint: add a top-level block `decision` with an indented line such as `worth 4M€ per sustainable solution`

            """)
        #expect(!scratch.exists("notebooks-data"))
    }

    @Test func usageErrorsExit64() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("small.scenario", Self.scenario + Self.decision)
        let unknown = try CLI.run(["decide", "small.scenario", "--mixes", "Nope", "--no-progress"], in: scratch.url)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no mix named \"Nope\" in small.scenario; its mixes: \"Uncertain grant\", \"Fewer projects\"."))
        let reversed = try CLI.run(["decide", "small.scenario", "--worth-range", "2M€..1M€", "--no-progress"], in: scratch.url)
        #expect(reversed.status == 64)
        #expect(reversed.stderr.contains("--worth-range \"2M€..1M€\": the first worth must be at least 0 and below the second; write it as A..B, e.g. --worth-range 0..8M€."))
        let garbled = try CLI.run(["decide", "small.scenario", "--worth-range", "lots", "--no-progress"], in: scratch.url)
        #expect(garbled.status == 64)
        #expect(garbled.stderr.contains("--worth-range \"lots\" is not a range; write it as A..B, e.g. --worth-range 0..8M€."))
        let steps = try CLI.run(["decide", "small.scenario", "--steps", "0", "--no-progress"], in: scratch.url)
        #expect(steps.status == 64)
        #expect(steps.stderr.contains("--steps must be at least 1, got 0."))
        let few = try CLI.run(["decide", "small.scenario", "--trials", "50", "--no-progress"], in: scratch.url)
        #expect(few.status == 64)
        #expect(few.stderr.contains("decide needs at least 100 trials for the value of information, got --trials 50."))
        #expect(!scratch.exists("notebooks-data"))
    }

    /// diff_mcse is the standard deviation of the paired differences over √n.
    @Test func compareWritesTheMonteCarloErrorOfEachDifference() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("small.scenario", Self.scenario + Self.decision)
        let outcome = try CLI.run(
            ["compare", "small.scenario", "--mixes", "Fewer projects", "--trials", "400", "--per-trial", "--no-progress"],
            in: scratch.url)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let folder = "notebooks-data/small/compare"
        let compare = Self.rows(try scratch.read(folder + "/compare.csv"))
        #expect(compare[0] == ["metric", "year", "mix", "baseline_mean", "mix_mean", "diff_mean", "diff_mcse", "diff_lo95", "diff_hi95", "p_better"])
        let row = try #require(compare.first { $0[0] == "net_benefit" })
        // trials-scalars.csv: `trial,mix,<scalar>…`, one row per trial and variant.
        let scalarRows = Self.rows(try scratch.read(folder + "/trials-scalars.csv"))
        let column = try #require(scalarRows[0].firstIndex(of: "net_benefit"))
        var values: [String: [Double]] = [:]
        for r in scalarRows.dropFirst() where r.count == scalarRows[0].count {
            values[r[1], default: []].append(try #require(Double(r[column])))
        }
        let differences = zip(try #require(values["Fewer projects"]), try #require(values["baseline"])).map { $0 - $1 }
        #expect(differences.count == 400)
        let mean = differences.reduce(0, +) / 400
        let sd = (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 399).squareRoot()
        #expect(abs(Double(row[5])! - mean) <= 1e-9 * abs(mean))
        #expect(abs(Double(row[6])! - sd / 20) <= 1e-9 * sd)
        #expect(sd > 0)
    }
}
