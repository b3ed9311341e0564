import Testing
@testable import MonteCarlo

/// Calendar years and counts up to 4095 are whole numbers the sketch keeps exactly, so
/// `breakeven_year` quantiles are real years and never drift by the relative accuracy.
@Suite struct QuantileSketchExactTests {
    @Test func calendarYearsHaveExactQuantiles() {
        var values: [Double] = []
        for (i, year) in (2026...2035).enumerated() {
            values += Array(repeating: Double(year), count: 10 * (i + 1))  // 10, 20, …, 100 of each
        }
        var sketch = QuantileSketch()
        values.withUnsafeBufferPointer { sketch.add(contentsOf: $0) }
        let sorted = values.sorted()
        for q in [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0] {
            #expect(sketch.quantile(q) == sorted[Int((q * Double(sorted.count - 1)).rounded(.down))], "q \(q)")
        }
        #expect(sketch.quantile(0.05) == 2027)  // rank ⌊0.05 × 549⌋ = 27: the 10 of 2026 then 20 of 2027
    }

    @Test func repeatedInsertEqualsSingleInserts() {
        var once = QuantileSketch(), many = QuantileSketch()
        for x in [0.0, 3, 2031, 4095, 4096, 1.5e6, -2.5] {
            once.add(x, count: 300)
            for _ in 0..<300 { many.add(x) }
        }
        #expect(once == many)
        #expect(once.count == 2_100)
        #expect(once.quantile(0.5) == 2031)
    }

    @Test func mergeOfDisjointIntegerRangesIsExact() {
        var low = QuantileSketch(), high = QuantileSketch(), whole = QuantileSketch()
        for k in 0..<50 {
            low.add(Double(k))
            high.add(Double(4000 + k))
            whole.add(Double(k))
            whole.add(Double(4000 + k))
        }
        var merged = high
        merged.merge(low)
        #expect(merged == whole)
        #expect(merged.quantile(0.5) == 49)
        #expect(merged.quantile(0.51) == 4000)
    }
}
