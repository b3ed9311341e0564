import Analysis
import Foundation
import MonteCarlo
import Testing

/// `beyondpoc voi`: exit codes, exact messages, and the numbers of a generated sample.
@Suite(.serialized) struct VoiCommandTests {
    /// A sample of `rows` rows: index, a text label, two parameters, noise and three options whose
    /// net benefits depend on the parameters (as text, every number written to round-trip).
    static func sample(rows: Int, excelFR: Bool = false) -> (text: String, netBenefit: [[Double]], costs: [[Double]]) {
        let key = StreamKey(seed: 99, name: "voi-cli")
        func z(_ i: Int, _ d: UInt64) -> Double { Draws.normal(key: key, trial: i, year: 0, draw: d) }
        var nb: [[Double]] = [[], [], []]
        var costs: [[Double]] = [[], []]
        let separator = excelFR ? ";" : ","
        var text = ["sample", "label", "cost_a", "cost_b", "noise", "nb_old", "nb_new", "nb_other"].joined(separator: separator) + "\n"
        for i in 0..<rows {
            let a = 100 + 600 * z(i, 0), b = -100 + 800 * z(i, 1), noise = z(i, 2), common = 300 * z(i, 3)
            let options = [common, common + a + b, common - 50 + 0.5 * a]
            for v in 0..<3 { nb[v].append(options[v]) }
            costs[0].append(a)
            costs[1].append(b)
            let cells = ["\(i + 1)", "run"] + ([a, b, noise] + options).map { x in
                excelFR ? "\(x)".replacingOccurrences(of: ".", with: ",") : "\(x)"
            }
            text += cells.joined(separator: separator) + "\n"
        }
        return (excelFR ? "\u{FEFF}" + text : text, nb, costs)
    }

    static func csvRows(_ text: String, separator: Character = ",") -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func writesDecisionAndVoiWithTheLibrarysEVPI() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let (text, nb, costs) = Self.sample(rows: 2_000)
        _ = try scratch.write("samples.csv", text)
        let outcome = try CLI.run(["voi", "samples.csv", "--nb", "nb_old,nb_new,nb_other", "--groups", "cost_a+cost_b"], in: scratch.url)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(scratch.listing("notebooks-data/samples/voi") == ["decision.csv", "voi.csv"])

        let voi = Self.csvRows(try scratch.read("notebooks-data/samples/voi/voi.csv"))
        #expect(voi.map { Array($0.prefix(3)) } == [
            ["scope", "name", "parameters"], ["all", "EVPI", ""], ["parameter", "cost_a", "cost_a"],
            ["parameter", "cost_b", "cost_b"], ["parameter", "noise", "noise"], ["group", "cost_a+cost_b", "cost_a+cost_b"],
        ])
        #expect(voi[0] == ["scope", "name", "parameters", "evppi", "evppi_se", "share_of_evpi"])
        let evpi = DecisionStatistics.evpi(netBenefit: nb)
        #expect(Double(voi[1][3]) == evpi.value)
        #expect(Double(voi[1][4]) == evpi.standardError)
        #expect(voi[1][5] == "1")
        // The numbers round-trip through the CSV, so the EVPPIs are the library's to the bit.
        let group = PartialValueOfInformation.evppi(netBenefit: nb, parameters: costs)
        #expect(Double(voi[5][3]) == group.value && Double(voi[5][4]) == group.standardError)
        let first = PartialValueOfInformation.evppi(netBenefit: nb, parameters: [costs[0]])
        #expect(Double(voi[2][3]) == first.value)
        #expect(abs(group.value - evpi.value) < 0.01 * evpi.value)

        let decision = Self.csvRows(try scratch.read("notebooks-data/samples/voi/decision.csv"))
        #expect(decision[0] == ["variant", "nb_mean", "nb_sd", "nb_mcse", "p_best", "expected_loss"])
        #expect(decision.dropFirst().map(\.first) == ["nb_old", "nb_new", "nb_other"])
        let stats = DecisionStatistics.variants(netBenefit: nb)
        for (row, s) in zip(decision.dropFirst(), stats) {
            #expect(Double(row[1]) == s.mean && Double(row[4]) == s.probabilityBest && Double(row[5]) == s.expectedLoss)
        }
        #expect(outcome.stdout.contains("EVPI (expected value of perfect information): "))
        #expect(outcome.stdout.hasPrefix("Value of information — samples.csv, 2000 samples, 3 options"))
    }

    @Test func readsExcelFrenchWithByteOrderMark() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("fr.csv", Self.sample(rows: 300, excelFR: true).text)
        _ = try scratch.write("std.csv", Self.sample(rows: 300).text)
        let fr = try CLI.run(["voi", "fr.csv", "--nb", "nb_old,nb_new", "--parameters", "cost_a", "--out", "fr"], in: scratch.url)
        let std = try CLI.run(["voi", "std.csv", "--nb", "nb_old,nb_new", "--parameters", "cost_a", "--out", "std",
                               "--csv-dialect", "excel-fr"], in: scratch.url)
        #expect(fr.status == 0 && std.status == 0, "\(fr.stderr)\(std.stderr)")
        // The output follows the input's dialect: the excel-fr input gives excel-fr files.
        func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch.path(name)))) }
        let written = try bytes("fr/voi.csv")
        #expect(written.starts(with: [0xEF, 0xBB, 0xBF] + Array("scope;name;parameters;evppi;evppi_se;share_of_evpi\n".utf8)))
        #expect(written == (try bytes("std/voi.csv")))
        #expect(try bytes("fr/decision.csv") == (try bytes("std/decision.csv")))
        #expect(String(decoding: written, as: UTF8.self).contains("\nall;EVPI;;"))
    }

    @Test func missingFileExits66() throws {
        let outcome = try CLI.run(["voi", "/nonexistent/samples.csv", "--nb", "a,b"])
        #expect(outcome.status == 66)
        #expect(outcome.stderr == "beyondpoc: error: cannot read /nonexistent/samples.csv: no such file\n")
    }

    @Test func nonNumericCellNamesRowAndColumn() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        var lines = Self.sample(rows: 200).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cells = lines[16].split(separator: ",").map(String.init)  // file line 17
        cells[3] = "abc"  // cost_b
        lines[16] = cells.joined(separator: ",")
        _ = try scratch.write("SAMPLES.csv", lines.joined(separator: "\n"))
        let outcome = try CLI.run(["voi", "SAMPLES.csv", "--nb", "nb_old,nb_new", "--out", "out"], in: scratch.url)
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "beyondpoc: error: SAMPLES.csv:17: column `cost_b` holds `abc`, not a number\n")
        #expect(scratch.listing("out") == [])
    }

    @Test func missingColumnAndTooFewRowsExit65() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("s.csv", Self.sample(rows: 200).text)
        let missing = try CLI.run(["voi", "s.csv", "--nb", "nb_old,nb_gone"], in: scratch.url)
        #expect(missing.status == 65)
        #expect(missing.stderr == "beyondpoc: error: s.csv has no column `nb_gone`; its columns: `sample`, `label`, `cost_a`, `cost_b`, `noise`, `nb_old`, `nb_new`, `nb_other`\n")
        let label = try CLI.run(["voi", "s.csv", "--nb", "nb_old,nb_new", "--parameters", "label"], in: scratch.url)
        #expect(label.status == 65)
        #expect(label.stderr == "beyondpoc: error: s.csv:2: column `label` holds `run`, not a number\n")

        _ = try scratch.write("short.csv", Self.sample(rows: 99).text)
        let short = try CLI.run(["voi", "short.csv", "--nb", "nb_old,nb_new"], in: scratch.url)
        #expect(short.status == 65)
        #expect(short.stderr == "beyondpoc: error: short.csv has 99 samples; the value of information needs at least 100\n")
    }

    @Test func usageErrorsExit64() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try scratch.write("s.csv", Self.sample(rows: 200).text)
        let one = try CLI.run(["voi", "s.csv", "--nb", "nb_old"], in: scratch.url)
        #expect(one.status == 64)
        #expect(one.stderr.contains("--nb needs at least two net-benefit columns, one per option (got 1), e.g. --nb nb_standard,nb_new."))
        let empty = try CLI.run(["voi", "s.csv", "--nb", "nb_old,nb_new", "--groups", "cost_a+;cost_b+noise"], in: scratch.url)
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("--groups \"cost_a+;cost_b+noise\": group 1 has an empty column name; write groups as columns joined by + and separated by ;, e.g. --groups \"cost_a+cost_b;effect_a+effect_b\"."))
        let single = try CLI.run(["voi", "s.csv", "--nb", "nb_old,nb_new", "--groups", "cost_a+cost_b;noise"], in: scratch.url)
        #expect(single.status == 64)
        #expect(single.stderr.contains("group 2 (`noise`) has one column"))
        #expect(scratch.listing() == ["s.csv"])
    }
}
