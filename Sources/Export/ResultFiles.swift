import Analysis
import FundingModel

/// The version written in run.json and printed by `--version`.
public let toolVersion = "0.1.0"

/// Spells a run's summaries as the CSV files of DESIGN §5.
public struct ResultFiles: Sendable {
    public let formatter: CSVFormatter
    public let scenarioTitle: String

    public init(dialect: CSVDialect, scenarioTitle: String) {
        formatter = CSVFormatter(dialect: dialect)
        self.scenarioTitle = scenarioTitle
    }

    public static let summaryHeader = ["scenario", "mix", "metric", "year", "mean", "sd", "mcse", "p05", "p25", "p50", "p75", "p95"]
    public static let scalarsHeader = ["scenario", "mix", "metric", "mean", "sd", "mcse", "p05", "p25", "p50", "p75", "p95", "n"]
    public static let compareHeader = ["metric", "year", "mix", "baseline_mean", "mix_mean", "diff_mean", "diff_mcse", "diff_lo95", "diff_hi95", "p_better"]

    private func statisticCells(_ s: Statistic) -> [String] {
        [formatter.number(s.mean), formatter.number(s.standardDeviation), formatter.number(s.standardError)]
            + s.quantiles.map(formatter.number)
    }

    /// summary.csv: one line per variant, series and year.
    public func summary(_ result: RunResult) -> [UInt8] {
        var text = formatter.line(ResultFiles.summaryHeader)
        let scenario = formatter.text(scenarioTitle)
        for variant in result.variants {
            let mix = formatter.text(variant.name)
            for series in variant.series {
                for (y, statistic) in series.byYear.enumerated() {
                    text += formatter.line([scenario, mix, series.info.id, String(result.horizon.lowerBound + y)]
                                           + statisticCells(statistic))
                }
            }
        }
        return formatter.dialect.preamble + Array(text.utf8)
    }

    /// scalars.csv: one line per variant and scalar; `n` = trials where the scalar is defined.
    public func scalars(_ result: RunResult) -> [UInt8] {
        var text = formatter.line(ResultFiles.scalarsHeader)
        let scenario = formatter.text(scenarioTitle)
        for variant in result.variants {
            let mix = formatter.text(variant.name)
            for scalar in variant.scalars {
                text += formatter.line([scenario, mix, scalar.info.id] + statisticCells(scalar.statistic)
                                       + [String(scalar.statistic.definedTrials)])
            }
        }
        return formatter.dialect.preamble + Array(text.utf8)
    }

    /// compare.csv: one line per mix, metric and year (empty year for scalars).
    public func compare(_ result: RunResult) -> [UInt8] {
        var text = formatter.line(ResultFiles.compareHeader)
        for comparison in result.comparisons {
            let mix = formatter.text(comparison.mix)
            for d in comparison.differences {
                let meanDifference = d.difference.count > 0 ? d.difference.mean : Double.nan
                // The Monte Carlo standard error of diff_mean (DESIGN §8.4): sd of the paired
                // differences / √n, small even when the differences spread widely.
                let differenceError = d.difference.standardError
                text += formatter.line([
                    d.metric, d.year.map(String.init) ?? "", mix,
                    formatter.number(d.baselineMean), formatter.number(d.mixMean), formatter.number(meanDifference),
                    formatter.number(differenceError), formatter.number(d.low95), formatter.number(d.high95),
                    d.probabilityBetter.map(formatter.number) ?? "",
                ])
            }
        }
        return formatter.dialect.preamble + Array(text.utf8)
    }
}

/// frontier.csv of `beyondpoc sweep`: one line per split of the budget.
///
/// Columns: `split` (1…N), then per varied instrument `share.<id>` (its fraction of the total) and
/// `budget.<id>` (euros over the programme), then `public_spend` (expected State spend over the
/// horizon, undiscounted), `sustainable` (expected sustainable solutions in the last year) and its
/// `sustainable_mcse`, `p_any_sustainable`, one `p_cap_breached.<payer>` per capped payer, and
/// `pareto_efficient` (1 when no other split spends less or equal for as many or more sustainable
/// solutions, one of the two strictly; else 0).
public struct FrontierFile: Sendable {
    public let formatter: CSVFormatter

    public init(dialect: CSVDialect) {
        formatter = CSVFormatter(dialect: dialect)
    }

    public func header(_ result: SweepResult) -> [String] {
        var columns = ["split"]
        for id in result.instruments { columns += ["share.\(id)", "budget.\(id)"] }
        columns += ["public_spend", "sustainable", "sustainable_mcse", "p_any_sustainable"]
        for payer in result.cappedPayers { columns.append("p_cap_breached.\(payer)") }
        return columns + ["pareto_efficient"]
    }

    public func bytes(_ result: SweepResult) -> [UInt8] {
        var text = formatter.line(header(result))
        for (i, p) in result.points.enumerated() {
            var cells = [String(i + 1)]
            for (k, budget) in zip(p.split, p.budgets) {
                cells += [formatter.number(Double(k) / Double(result.steps)), formatter.number(budget)]
            }
            cells += [formatter.number(p.publicSpend), formatter.number(p.sustainable),
                      formatter.number(p.sustainableStandardError), formatter.number(p.probabilityAnySustainable)]
            cells += result.cappedPayers.map { formatter.number(p.probabilityCapBreached[$0] ?? .nan) }
            cells.append(p.paretoEfficient ? "1" : "0")
            text += formatter.line(cells)
        }
        return formatter.dialect.preamble + Array(text.utf8)
    }
}
