import FundingModel
import MonteCarlo

/// Mean, spread and quantiles of one output over the trials where it is defined.
public struct Statistic: Sendable, Hashable {
    /// Count (trials where defined), mean and squared deviations; sd and MCSE derive from it.
    public var moments: Moments
    /// Values at ``reportedQuantiles`` (NaN when no trial defines the output).
    public var quantiles: [Double]

    public init(moments: Moments, quantiles: [Double]) {
        self.moments = moments
        self.quantiles = quantiles
    }

    public var mean: Double { moments.count > 0 ? moments.mean : .nan }
    public var standardDeviation: Double { moments.count > 0 ? moments.standardDeviation : .nan }
    /// Monte Carlo standard error of the mean: sd / √n (conservative under Latin hypercube).
    public var standardError: Double { moments.standardError }
    /// Trials where the output is defined.
    public var definedTrials: Int { moments.count }
}

/// A yearly series summarised year by year.
public struct SeriesResult: Sendable, Hashable {
    public var info: Metric
    /// One statistic per horizon year, first year first.
    public var byYear: [Statistic]
}

/// A per-trial scalar summarised.
public struct ScalarResult: Sendable, Hashable {
    public var info: Metric
    public var statistic: Statistic
}

/// The summaries of one variant: the baseline or a mix.
public struct VariantResult: Sendable, Hashable {
    /// ``FundingModel/Scenario/baselineName`` or the mix name.
    public var name: String
    public var series: [SeriesResult]
    public var scalars: [ScalarResult]
    /// Trials whose pathway shares exceeded 100% and were scaled down.
    public var sharesScaledTrials: Int

    /// The series with identifier `id`.
    public func series(_ id: String) -> SeriesResult? { series.first { $0.info.id == id } }
    /// The scalar with identifier `id`.
    public func scalar(_ id: String) -> ScalarResult? { scalars.first { $0.info.id == id } }

    /// Every metric of `variants` once (metrics.csv): the series, then the scalars, each in the
    /// first variant's order followed by those only later variants have, in their order.
    public static func metrics(of variants: [VariantResult]) -> [Metric] {
        var seen = Set<String>()
        var series: [Metric] = [], scalars: [Metric] = []
        for v in variants {
            for s in v.series where seen.insert(s.info.id).inserted { series.append(s.info) }
        }
        for v in variants {
            for s in v.scalars where seen.insert(s.info.id).inserted { scalars.append(s.info) }
        }
        return series + scalars
    }
}

/// The paired difference mix − baseline of one metric (and year), over the trials where both are defined.
public struct Difference: Sendable, Hashable {
    public var metric: String
    public var unit: MetricUnit
    /// Calendar year; nil for per-trial scalars.
    public var year: Int?
    public var baselineMean: Double
    public var mixMean: Double
    /// Moments of the per-trial difference.
    public var difference: Moments
    /// 2.5% and 97.5% quantiles of the per-trial difference: where 95% of the paired effects lie.
    public var low95: Double
    public var high95: Double
    /// The metric's direction (``FundingModel/Metric/direction``).
    public var better: Better
    /// Share of paired trials where the mix is strictly better; nil when the metric has no direction.
    public var probabilityBetter: Double?
}

/// Every paired difference of one mix against the baseline.
public struct ComparisonResult: Sendable, Hashable {
    public var mix: String
    public var differences: [Difference]

    public func difference(_ metric: String, year: Int?) -> Difference? {
        differences.first { $0.metric == metric && $0.year == year }
    }
}

/// Everything a run produced.
public struct RunResult: Sendable {
    public var configuration: RunConfiguration
    public var horizon: ClosedRange<Int>
    /// Variants in run order; the first is the reference of comparisons.
    public var variants: [VariantResult]
    /// One per variant after the first, when comparisons were asked for.
    public var comparisons: [ComparisonResult]
    /// Wall time of the simulation and reduction, seconds.
    public var simulationSeconds: Double
}
