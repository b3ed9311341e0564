// TEMPORARY stub (exact, memory grows with n) until the mergeable sketch lands; same API.
public struct QuantileSketch: Sendable {
    var values: [Double] = []
    public init() {}
    public var count: Int { values.count }
    public mutating func add(_ x: Double) { values.append(x) }
    public mutating func add(_ x: Double, count: Int) { values.append(contentsOf: repeatElement(x, count: count)) }
    public mutating func add(contentsOf xs: UnsafeBufferPointer<Double>) { values.append(contentsOf: xs) }
    public mutating func merge(_ other: QuantileSketch) { values.append(contentsOf: other.values) }
    public func quantile(_ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s[Int((q * Double(s.count - 1)).rounded(.down))]
    }
}
