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

    /// A row inserted with its extremes (whole numbers in a short range take their own path)
    /// gives the same sketch as the same values inserted one by one.
    static func bulkEqualsSingles(_ values: [Double], _ label: String) {
        var bulk = QuantileSketch(), singles = QuantileSketch()
        values.withUnsafeBufferPointer { bulk.add(contentsOf: $0, minimum: values.min()!, maximum: values.max()!) }
        for x in values { singles.add(x) }
        #expect(bulk == singles, "\(label)")
        #expect(bulk.count == values.count, "\(label)")
        for q in [0, 0.1, 0.5, 0.9, 1] { #expect(bulk.quantile(q) == singles.quantile(q), "\(label) q \(q)") }
    }

    @Test("Rows of whole numbers, and rows where the whole numbers stop, equal one-by-one inserts")
    func wholeNumberRows() {
        let counts = (0 ..< 257).map { Double(($0 * 7919) % 13) }  // 0…12, not a multiple of 4 long
        Self.bulkEqualsSingles(counts, "small counts")
        Self.bulkEqualsSingles(counts.map { $0 + 2026 }, "calendar years")
        Self.bulkEqualsSingles(Array(repeating: 5, count: 9) + [6], "nearly constant")
        Self.bulkEqualsSingles((0 ..< 300).map { Double($0) }, "a range wider than the whole-number path")
        Self.bulkEqualsSingles((0 ..< 256).map { Double(3840 + $0) }, "up to 4095")
        Self.bulkEqualsSingles((0 ..< 256).map { Double(3841 + $0) }, "up to 4096, past the exact range")
        for stop in [0, 1, 2, 3, 4, 5, 127, 255] {
            var row = counts.prefix(256).map { $0 }
            row[stop] = 2.5
            Self.bulkEqualsSingles(row, "a fraction at \(stop)")
        }
        Self.bulkEqualsSingles(counts + [-0.0, 0], "signed zeros")
        Self.bulkEqualsSingles(counts + [-3], "a negative whole number")
        Self.bulkEqualsSingles([0, 1, 2, 3e15, 2, 1], "a huge whole number")
        Self.bulkEqualsSingles([0, 1, 1e-300, 1, .infinity], "tiny and infinite values")
    }

    @Test("Extremes wider than the row are harmless; a row past its stated range is still counted")
    func statedExtremes() {
        let row: [Double] = [3, 4, 4, 5, 9, 4, 3, 3]
        var loose = QuantileSketch(), singles = QuantileSketch()
        row.withUnsafeBufferPointer { loose.add(contentsOf: $0, minimum: 0, maximum: 200) }
        for x in row { singles.add(x) }
        #expect(loose.count == singles.count)
        #expect(loose.exact.trimmed == singles.exact.trimmed)
        // Extremes narrower than the values: the whole-number path stops at 9, the rest is counted.
        var narrow = QuantileSketch()
        row.withUnsafeBufferPointer { narrow.add(contentsOf: $0, minimum: 3, maximum: 5) }
        #expect(narrow.exact.trimmed == singles.exact.trimmed)
    }
}
