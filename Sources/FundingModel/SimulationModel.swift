import MonteCarlo

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
