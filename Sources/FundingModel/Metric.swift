/// One output of the model, described once: the metric catalog entry every reader takes its
/// meaning from (the reduction, comparisons, headlines, metrics.csv), so that nothing re-derives a
/// unit, a direction or what a missing value means from the id.
///
/// ``SimulationModel/series`` and ``SimulationModel/scalars`` hold one entry per output; the
/// entries are made in one place, the model's output catalog.
public struct Metric: Sendable, Hashable {
    /// Stable identifier used in CSV (`solutions.sustainable`, `spend.state.recherche`, `npv.net.state`).
    public var id: String
    /// A short human label, usable as an axis title ("Sustainable solutions", "State spending").
    public var label: String
    public var unit: MetricUnit
    public var kind: MetricKind
    /// Which way the metric is better, for P(mix better) and rankings.
    public var direction: Better
    /// What the metric is in a variant that lacks it (a mix that dropped an instrument with `without`).
    public var missing: MissingValue
    /// The payer the metric is booked to (spending, savings, net cost, cap breaches), or the payer
    /// of a pathway's revenue; nil for metrics of no payer.
    public var payer: String?
    /// What the metric is to its ``payer``; nil for metrics of no payer.
    public var role: MetricRole?
    /// One sentence of meaning (DocC and notebooks-data/README.md say the same, longer).
    public var summary: String

    public init(id: String, label: String, unit: MetricUnit, kind: MetricKind, direction: Better,
                missing: MissingValue, payer: String? = nil, role: MetricRole? = nil, summary: String) {
        self.id = id
        self.label = label
        self.unit = unit
        self.kind = kind
        self.direction = direction
        self.missing = missing
        self.payer = payer
        self.role = role
        self.summary = summary
    }
}

/// The units of DESIGN §10. Yearly series are per calendar year; NPVs and ratios of money are `€`.
public enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    case euro = "€"
    case solutions, projects, participants, sites, uses
    /// A calendar year (`breakeven_year`).
    case year
    /// A duration in years.
    case years
    /// A 0/1 flag: its mean is a probability.
    case flag = "0/1"
}

/// How a metric aggregates (DESIGN §10).
public enum MetricKind: String, Sendable, Hashable, CaseIterable {
    /// A yearly series summed over the year (entered, launched, spend, revenue, cap breaches, …):
    /// adding its years is meaningful (a 0/1 flow summed over years counts the years it was 1).
    case flow
    /// A yearly series that is a level during or at the end of the year (active, sustainable,
    /// adoption.sites): its years do not add.
    case stock
    /// One value per trial (NPVs, breakeven year, cost per sustainable solution, any-year flags).
    case scalar
}

/// Which way a metric is better, for P(mix better) and rankings (metrics.csv `direction`).
public enum Better: String, Sendable, Hashable, CaseIterable {
    case higher
    case lower
    /// No direction (activity counts, operating cost): P(better) is not reported.
    case neither = "none"
}

/// What a metric is in a variant that lacks it.
public enum MissingValue: String, Sendable, Hashable, CaseIterable {
    /// Nothing happened: no spending, no participants, no breach (series, NPVs, flags).
    case zero
    /// The metric has no value (a ratio with nothing to divide by, a year that never came).
    case undefined
}

/// What a payer's metric measures, so that readers pick metrics by meaning (a payer's net cost, its
/// spending for a stacked chart) rather than by parsing ids.
public enum MetricRole: String, Sendable, Hashable, CaseIterable {
    /// All spending booked to the payer (`spend.<payer>.total`, `npv.spend.<payer>`).
    case spending
    /// One source of the payer's spending: an instrument, a feeder's private spending, a pathway.
    case spendingSource
    /// Savings accruing to the payer (`savings.<payer>`, `npv.savings.<payer>`).
    case savings
    /// Spending minus savings (`net.<payer>`, `npv.net.<payer>`).
    case netCost
    /// Revenue of the solutions on a pathway the payer pays (`revenue.<pathway>`, `npv.revenue.<pathway>`).
    case revenue
    /// The payer's cap was breached (`cap.breached.<payer>`, `cap.breached.any.<payer>`).
    case capBreach
}
