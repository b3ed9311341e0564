import Analysis
import FundingModel
import MonteCarlo

/// Streams `trials.csv` and `inputs.csv` chunk by chunk (`--per-trial`), so memory stays flat.
///
/// Trials are numbered from 1. An `each year` input appears once per year as `path[YYYY]`.
public final class PerTrialFiles: PerTrialSink, @unchecked Sendable {
    let formatter: CSVFormatter
    let trials: StagedFile
    let inputs: StagedFile
    let firstYear: Int

    public static let trialsHeader = ["trial", "mix", "metric", "year", "value"]
    public static let inputsHeader = ["trial", "mix", "parameter", "value"]

    public init(transaction: OutputTransaction, dialect: CSVDialect, firstYear: Int) throws(OutputError) {
        formatter = CSVFormatter(dialect: dialect)
        self.firstYear = firstYear
        trials = try transaction.open("trials.csv")
        inputs = try transaction.open("inputs.csv")
        try trials.write(dialect.preamble)
        try trials.write(formatter.line(PerTrialFiles.trialsHeader))
        try inputs.write(dialect.preamble)
        try inputs.write(formatter.line(PerTrialFiles.inputsHeader))
    }

    public func write(_ chunk: PerTrialChunk, variants: [Variant]) throws {
        let sep = String(UnicodeScalar(formatter.dialect.separator))
        let mixes = variants.map { formatter.text($0.name) }
        let years = (0..<chunk.outputs[0].years).map { String(firstYear + $0) }
        for i in 0..<chunk.count {
            let trial = String(chunk.firstTrial + i + 1)
            var rows = ""
            var inputRows = ""
            for (v, variant) in variants.enumerated() {
                let out = chunk.outputs[v]
                let prefix = trial + sep + mixes[v] + sep
                for (s, info) in variant.model.series.enumerated() {
                    for y in 0..<out.years {
                        rows += prefix + info.id + sep + years[y] + sep + formatter.number(out.seriesValue(s, year: y, trial: i)) + "\n"
                    }
                }
                for (k, info) in variant.model.scalars.enumerated() {
                    rows += prefix + info.id + sep + sep + formatter.number(out.scalarValue(k, trial: i)) + "\n"
                }
                let block = chunk.inputs[v]
                for (p, parameter) in variant.model.scenario.parameters.enumerated() {
                    if parameter.eachYear {
                        for y in 0..<block.years {
                            inputRows += prefix + formatter.text(parameter.path + "[" + years[y] + "]") + sep
                                + formatter.number(block.value(p, year: y, trial: i)) + "\n"
                        }
                    } else {
                        inputRows += prefix + formatter.text(parameter.path) + sep + formatter.number(block.value(p, year: 0, trial: i)) + "\n"
                    }
                }
            }
            try trials.write(rows)
            try inputs.write(inputRows)
        }
    }

    /// Flushes and closes both files (before the transaction commits).
    public func close() throws(OutputError) {
        try trials.close()
        try inputs.close()
    }
}
