import Analysis
import FundingModel
import MonteCarlo

/// The columns of the wide per-trial files and, for every variant, where each column's value
/// comes from (DESIGN §10).
///
/// Metric columns are the union over variants: the first variant's (the baseline's) in the
/// model's order, then those a later variant adds, in its order. Input columns are the
/// parameters drawn at random in at least one variant (a parameter constant in every variant
/// tells an analyst nothing), once per trial as `path`, or once per horizon year as `path[YYYY]`
/// for `each year` values. A variant that lacks a column (a metric of an instrument it dropped, or
/// a value it draws in the other form) gets an empty cell there.
public struct PerTrialLayout: Sendable, Equatable {
    /// Where a cell's value comes from in one variant's chunk.
    public enum Source: Sendable, Equatable {
        /// The variant lacks the column: an empty cell.
        case missing
        /// Series, scalar or parameter index in the variant's model.
        case index(Int)
        /// An `each year` parameter's value in a horizon year (index from the first year).
        case yearly(parameter: Int, year: Int)
    }

    /// The series columns of `trials.csv` after `trial,mix,year`.
    public var seriesColumns: [String]
    /// The scalar columns of `trials-scalars.csv` after `trial,mix`.
    public var scalarColumns: [String]
    /// The parameter columns of `inputs.csv` after `trial,mix` (`path` or `path[YYYY]`).
    public var inputColumns: [String]
    /// For each variant (run order), the source of each series column.
    public var seriesSources: [[Source]]
    /// For each variant, the source of each scalar column.
    public var scalarSources: [[Source]]
    /// For each variant, the source of each input column.
    public var inputSources: [[Source]]

    /// The layout for `variants`, the first being the one whose columns come first (the baseline).
    public init(variants: [Variant]) {
        let firstYear = variants[0].model.scenario.horizon.lowerBound
        let years = variants[0].model.scenario.yearCount

        func union(_ ids: [[String]]) -> (columns: [String], sources: [[Source]]) {
            var columns: [String] = []
            var known = Set<String>()
            for list in ids {
                for id in list where known.insert(id).inserted { columns.append(id) }
            }
            let sources = ids.map { list in
                let position = Dictionary(list.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                return columns.map { position[$0].map(Source.index) ?? .missing }
            }
            return (columns, sources)
        }
        (seriesColumns, seriesSources) = union(variants.map { $0.model.series.map(\.id) })
        (scalarColumns, scalarSources) = union(variants.map { $0.model.scalars.map(\.id) })

        // Parameters by path, in the order of first appearance; each path has up to two forms.
        var paths: [String] = []
        var drawn = Set<String>()
        var forms: [String: (once: Bool, yearly: Bool)] = [:]
        for variant in variants {
            for parameter in variant.model.scenario.parameters {
                if forms[parameter.path] == nil {
                    paths.append(parameter.path)
                    forms[parameter.path] = (false, false)
                }
                if parameter.eachYear { forms[parameter.path]!.yearly = true } else { forms[parameter.path]!.once = true }
                if !parameter.distribution.isConstant { drawn.insert(parameter.path) }
            }
        }
        inputColumns = []
        inputSources = Array(repeating: [], count: variants.count)
        let indexByPath = variants.map { variant in
            Dictionary(variant.model.scenario.parameters.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        }
        for path in paths where drawn.contains(path) {
            let form = forms[path]!
            if form.once {
                inputColumns.append(path)
                for v in variants.indices {
                    let p = indexByPath[v][path]
                    let once = p.map { !variants[v].model.scenario.parameters[$0].eachYear } ?? false
                    inputSources[v].append(once ? .index(p!) : .missing)
                }
            }
            if form.yearly {
                for y in 0 ..< years {
                    inputColumns.append("\(path)[\(firstYear + y)]")
                    for v in variants.indices {
                        let p = indexByPath[v][path]
                        let yearly = p.map { variants[v].model.scenario.parameters[$0].eachYear } ?? false
                        inputSources[v].append(yearly ? .yearly(parameter: p!, year: y) : .missing)
                    }
                }
            }
        }
    }
}

/// Streams the per-trial files in the analyst's shape (`--per-trial`), chunk by chunk in trial
/// order, so memory stays flat:
/// - `trials.csv`: `trial,mix,year,<series>…`, one row per trial, variant and year;
/// - `trials-scalars.csv`: `trial,mix,<scalar>…`, one row per trial and variant;
/// - `inputs.csv`: `trial,mix,<parameter>…`, one row per trial and variant.
///
/// Trials are numbered from 1; rows go trial by trial, then variant by variant (run order), then
/// year by year. With `gzip` the files are `.csv.gz`, deflated through the system zlib as they
/// are written.
public final class PerTrialFiles: PerTrialSink, @unchecked Sendable {
    let formatter: CSVFormatter
    let layout: PerTrialLayout
    let years: Int
    /// The names of the three files, in the order trials, trials-scalars, inputs.
    public let fileNames: [String]
    private let outputs: [Output]
    /// Spelled once: each variant's `mix` cell and each year's cell, as bytes.
    private let mixCells: [[UInt8]]
    private let yearCells: [[UInt8]]
    private var row: [UInt8] = []
    /// Rows are handed to the file in pieces of about this many bytes.
    static let pieceSize = 1 << 18

    /// zlib's level for `--gzip`: 1, the fastest. On the reference scenario's trials.csv it is
    /// 3.5 times faster than zlib's default (6) for a file 10% larger (2.8 times smaller than the
    /// text instead of 3.1); at the default level, deflate took three quarters of a per-trial run.
    public static let gzipLevel: Int32 = 1

    /// A staged file, written as is or through gzip.
    private enum Output {
        case plain(StagedFile)
        case gzip(GzipFile)

        func write(_ bytes: [UInt8]) throws(OutputError) {
            switch self {
            case .plain(let file): try file.write(bytes)
            case .gzip(let file): try file.write(bytes)
            }
        }

        func close() throws(OutputError) {
            switch self {
            case .plain(let file): try file.close()
            case .gzip(let file): try file.close()
            }
        }
    }

    /// Opens the three files in the transaction's staging folder and writes their headers.
    public init(transaction: OutputTransaction, dialect: CSVDialect, variants: [Variant], gzip: Bool) throws(OutputError) {
        formatter = CSVFormatter(dialect: dialect)
        layout = PerTrialLayout(variants: variants)
        let firstYear = variants[0].model.scenario.horizon.lowerBound
        let years = variants[0].model.scenario.yearCount
        self.years = years
        let suffix = gzip ? ".csv.gz" : ".csv"
        fileNames = ["trials", "trials-scalars", "inputs"].map { $0 + suffix }
        var outputs: [Output] = []
        for name in fileNames {
            let file = try transaction.open(name)
            outputs.append(gzip ? .gzip(try GzipFile(file: file, level: PerTrialFiles.gzipLevel)) : .plain(file))
        }
        self.outputs = outputs
        let formatter = formatter
        mixCells = variants.map { Array(formatter.text($0.name).utf8) }
        yearCells = (0 ..< years).map { Array(String(firstYear + $0).utf8) }
        let headers = [
            ["trial", "mix", "year"] + layout.seriesColumns,
            ["trial", "mix"] + layout.scalarColumns,
            ["trial", "mix"] + layout.inputColumns,
        ]
        for (output, header) in zip(outputs, headers) {
            try output.write(dialect.preamble + Array(formatter.line(header.map(formatter.text)).utf8))
        }
        row.reserveCapacity(PerTrialFiles.pieceSize + (1 << 16))
    }

    /// Appends a chunk's rows to the three files in turn; chunks come in trial order.
    public func write(_ chunk: PerTrialChunk, variants: [Variant]) throws {
        let separator = formatter.dialect.separator
        let newline = UInt8(ascii: "\n")
        for i in 0 ..< chunk.count {
            let trial = chunk.firstTrial + i + 1
            for v in variants.indices {
                let out = chunk.outputs[v]
                for y in 0 ..< years {
                    startRow(trial, v, separator)
                    row.append(separator)
                    row.append(contentsOf: yearCells[y])
                    for source in layout.seriesSources[v] {
                        row.append(separator)
                        if case .index(let s) = source { formatter.appendNumber(out.seriesValue(s, year: y, trial: i), to: &row) }
                    }
                    row.append(newline)
                }
            }
            try flushIfFull(outputs[0])
        }
        try flush(outputs[0])
        for i in 0 ..< chunk.count {
            let trial = chunk.firstTrial + i + 1
            for v in variants.indices {
                let out = chunk.outputs[v]
                startRow(trial, v, separator)
                for source in layout.scalarSources[v] {
                    row.append(separator)
                    if case .index(let k) = source { formatter.appendNumber(out.scalarValue(k, trial: i), to: &row) }
                }
                row.append(newline)
            }
            try flushIfFull(outputs[1])
        }
        try flush(outputs[1])
        for i in 0 ..< chunk.count {
            let trial = chunk.firstTrial + i + 1
            for v in variants.indices {
                let block = chunk.inputs[v]
                startRow(trial, v, separator)
                for source in layout.inputSources[v] {
                    row.append(separator)
                    switch source {
                    case .missing: break
                    case .index(let p): formatter.appendNumber(block.value(p, year: 0, trial: i), to: &row)
                    case .yearly(let p, let y): formatter.appendNumber(block.value(p, year: y, trial: i), to: &row)
                    }
                }
                row.append(newline)
            }
            try flushIfFull(outputs[2])
        }
        try flush(outputs[2])
    }

    /// `trial,mix,` into the row buffer.
    /// `trial,mix` — every row's first two cells; the caller writes the separator before the next.
    private func startRow(_ trial: Int, _ variant: Int, _ separator: UInt8) {
        formatter.appendNumber(Double(trial), to: &row)
        row.append(separator)
        row.append(contentsOf: mixCells[variant])
    }

    private func flushIfFull(_ output: Output) throws(OutputError) {
        if row.count >= PerTrialFiles.pieceSize { try flush(output) }
    }

    private func flush(_ output: Output) throws(OutputError) {
        guard !row.isEmpty else { return }
        try output.write(row)
        row.removeAll(keepingCapacity: true)
    }

    /// Finishes the files (gzip trailers), flushes and closes them (before the transaction commits).
    public func close() throws(OutputError) {
        for output in outputs { try output.close() }
    }
}
