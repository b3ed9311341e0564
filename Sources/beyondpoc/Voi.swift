import Analysis
import ArgumentParser
import Export
import Foundation

/// `beyondpoc voi SAMPLES.csv --nb COL,COL…` (DESIGN §8.2b): decision statistics, EVPI and EVPPI
/// on any model's probabilistic sample.
struct Voi: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Value of information on any model's probabilistic sample: decision.csv and voi.csv.",
        discussion: """
            SAMPLES.csv has one row per sample, one net-benefit column per option (--nb; higher is \
            better; the first is the baseline of the EVPPI regressions) and parameter columns. It may \
            be spelled with , separators and . decimals or ; separators and , decimals (excel-fr).
            """)

    /// Column names that number the samples rather than describe them (compared case-insensitively).
    static let indexColumns: Set<String> = ["sample", "trial", "iteration", "id", ""]
    /// Fewer samples than this cannot support the regressions.
    static let minimumSamples = 100

    @Argument(help: "The sample file (CSV).")
    var file: String

    @Option(help: "Comma-separated net-benefit columns, one per option (at least two).")
    var nb: String

    @Option(help: "Comma-separated parameter columns (default: every other numeric column except an index column sample, trial, iteration or id).")
    var parameters: String?

    @Option(help: "Groups of parameters learnt together: columns joined by +, groups separated by ; (e.g. \"A+B;C+D\").")
    var groups: String?

    @Option(help: "Output folder (default: notebooks-data/<file stem>/voi/).")
    var out: String?

    @Option(name: .customLong("csv-dialect"), help: "CSV spelling of the output: standard or excel-fr (default: that of the input).")
    var csvDialect: CSVDialect?

    var netBenefitColumns: [String] { Voi.list(nb) }
    var parameterColumns: [String]? { parameters.map(Voi.list) }

    func validate() throws {
        let options = netBenefitColumns
        guard options.count >= 2 else {
            throw ValidationError("--nb needs at least two net-benefit columns, one per option (got \(options.count)), e.g. --nb nb_standard,nb_new.")
        }
        if let duplicate = Voi.firstDuplicate(options) { throw ValidationError("--nb names `\(duplicate)` twice.") }
        if let chosen = parameterColumns {
            if let duplicate = Voi.firstDuplicate(chosen) { throw ValidationError("--parameters names `\(duplicate)` twice.") }
            if let clash = chosen.first(where: options.contains) {
                throw ValidationError("`\(clash)` is a net-benefit column (--nb); it cannot be a parameter too.")
            }
        }
        _ = try parsedGroups()
    }

    /// The groups of `--groups`, or a usage error saying what is wrong with the string.
    func parsedGroups() throws -> [ValueOfInformationReport.Group] {
        guard let groups else { return [] }
        let hint = "write groups as columns joined by + and separated by ;, e.g. --groups \"cost_a+cost_b;effect_a+effect_b\""
        let parts = groups.split(separator: ";", omittingEmptySubsequences: false)
        var result: [ValueOfInformationReport.Group] = []
        for (number, part) in parts.enumerated() {
            let members = part.split(separator: "+", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if members.contains(where: \.isEmpty) {
                throw ValidationError("--groups \"\(groups)\": group \(number + 1) has an empty column name; \(hint).")
            }
            guard members.count >= 2 else {
                throw ValidationError("--groups \"\(groups)\": group \(number + 1) (`\(members[0])`) has one column; a group needs at least two (one column alone is a parameter row already); \(hint).")
            }
            if let duplicate = Voi.firstDuplicate(members) {
                throw ValidationError("--groups \"\(groups)\": group \(number + 1) names `\(duplicate)` twice.")
            }
            if let clash = members.first(where: netBenefitColumns.contains) {
                throw ValidationError("--groups \"\(groups)\": `\(clash)` is a net-benefit column (--nb), not a parameter.")
            }
            result.append(.init(name: members.joined(separator: "+"), members: members))
        }
        return result
    }

    func run() throws {
        let started = ContinuousClock.now
        let table = try load()
        let groups = try parsedGroups()
        let options = netBenefitColumns

        let report: ValueOfInformationReport
        let parameterNames: [String]
        do {
            let netBenefit = try options.map(table.numbers)
            parameterNames = parameterColumns ?? table.columns.filter { name in
                !options.contains(name) && !Voi.indexColumns.contains(name.lowercased()) && table.isNumeric(name)
            }
            var values: [String: [Double]] = [:]
            for name in parameterNames + groups.flatMap(\.members) where values[name] == nil {
                values[name] = try table.numbers(name)
            }
            guard table.rowCount >= Voi.minimumSamples else {
                standardError("beyondpoc: error: \(file) has \(table.rowCount) samples; the value of information needs at least \(Voi.minimumSamples)\n")
                throw Exit.badScenario
            }
            report = ValueOfInformationReport(
                variants: options, netBenefit: netBenefit, parameters: parameterNames, groups: groups, values: values)
        } catch let error as SampleTableError {
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.badScenario
        }

        let directory = URL(fileURLWithPath: out ?? "notebooks-data/\(Voi.stem(file))/voi", isDirectory: true)
        let dialect = csvDialect ?? table.dialect
        do {
            let transaction = try OutputTransaction(directory: directory)
            do {
                try transaction.write("decision.csv", bytes: DecisionFiles.decisionCSV(report, dialect: dialect))
                try transaction.write("voi.csv", bytes: DecisionFiles.voiCSV(report, dialect: dialect))
                try transaction.commit()
            } catch {
                transaction.abort()
                throw error
            }
        } catch {
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.cannotWrite
        }
        print(Voi.summary(report, file: file), terminator: "")
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        print("wrote 2 files to \(directory.path)/ in \(String(format: "%.2f", seconds)) s")
    }

    /// Reads and parses the sample file: exit 66 when it cannot be read, 65 when it is not a table.
    func load() throws -> SampleTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            standardError("beyondpoc: error: cannot read \(file): no such file\n")
            throw Exit.missingFile
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: file) else {
            standardError("beyondpoc: error: cannot read \(file): \(isDirectory.boolValue ? "it is a folder" : "permission denied")\n")
            throw Exit.missingFile
        }
        do {
            return try SampleTable(bytes: [UInt8](data), file: file)
        } catch {
            standardError("beyondpoc: error: \(error)\n")
            throw Exit.badScenario
        }
    }

    /// The terminal summary: per option E[NB], P(best) and expected loss; the EVPI; the largest EVPPIs.
    static func summary(_ report: ValueOfInformationReport, file: String) -> String {
        "Value of information — \(file), \(report.samples) samples, \(report.variants.count) options (net benefit: higher is better)\n\n"
            + DecisionTable.text(report, optionHeading: "option", unit: "", shownEVPPIs: 10)
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func firstDuplicate(_ names: [String]) -> String? {
        var seen = Set<String>()
        return names.first { !seen.insert($0).inserted }
    }

    /// The file name without folders or extension.
    static func stem(_ path: String) -> String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
}
