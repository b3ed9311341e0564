import MonteCarlo

/// Whether a series counts events of the year, a level at the end of the year, or a 0/1 flag.
public enum SeriesKind: String, Sendable, Hashable {
    /// Sum over the year (entered, failed, launched, spend, revenue, …).
    case flow
    /// Level at the end of the year (active, sustainable, adoption.sites).
    case stock
    /// 0 or 1 (cap.breached): its mean is a probability.
    case indicator
}

/// A yearly output series: one value per trial and horizon year.
public struct SeriesInfo: Sendable, Hashable {
    /// Stable identifier used in CSV (`solutions.sustainable`, `spend.state.recherche`).
    public var id: String
    /// `€`, `projects`, `solutions`, `sites`, `uses`, `0/1`, …
    public var unit: String
    public var kind: SeriesKind
    public var summary: String

    public init(id: String, unit: String, kind: SeriesKind, summary: String) {
        self.id = id
        self.unit = unit
        self.kind = kind
        self.summary = summary
    }
}

/// A per-trial scalar output (`npv.net.state`, `breakeven_year`, …). NaN in a trial where it is
/// undefined (no sustainable solution, never breaks even).
public struct ScalarInfo: Sendable, Hashable {
    public var id: String
    public var unit: String
    public var summary: String

    public init(id: String, unit: String, summary: String) {
        self.id = id
        self.unit = unit
        self.summary = summary
    }
}

/// The outputs of one chunk of trials, structure-of-arrays.
///
/// Series `s`, year index `y` (0 = first horizon year), chunk trial `i` lives at
/// `series[(s * years + y) * capacity + i]`; scalar `k` of trial `i` at `scalars[k * capacity + i]`.
/// Only the first `count` trials are meaningful.
public struct ChunkOutput: Sendable {
    public let seriesCount: Int
    public let scalarCount: Int
    public let years: Int
    public let capacity: Int
    public var count: Int
    public var series: [Double]
    public var scalars: [Double]
    /// Trials of this chunk whose pathway shares exceeded 100% and were scaled down (run.json warning).
    public var sharesScaledTrials: Int = 0

    public init(seriesCount: Int, scalarCount: Int, years: Int, capacity: Int) {
        self.seriesCount = seriesCount
        self.scalarCount = scalarCount
        self.years = years
        self.capacity = capacity
        self.count = capacity
        self.series = Array(repeating: 0, count: seriesCount * years * capacity)
        self.scalars = Array(repeating: 0, count: scalarCount * capacity)
    }

    /// Offset of series `s`, year index `y` in ``series``.
    @inlinable public func seriesOffset(_ s: Int, year y: Int) -> Int { (s * years + y) * capacity }
    /// Offset of scalar `k` in ``scalars``.
    @inlinable public func scalarOffset(_ k: Int) -> Int { k * capacity }

    @inlinable public func seriesValue(_ s: Int, year y: Int, trial i: Int) -> Double { series[seriesOffset(s, year: y) + i] }
    @inlinable public func scalarValue(_ k: Int, trial i: Int) -> Double { scalars[scalarOffset(k) + i] }
}
