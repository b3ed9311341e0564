import Testing
@testable import Analysis

@Suite("Sobol' points")
struct SobolSequenceTests {
    /// Coordinates 1, 2, 3, 10, 100, 512 and 1024 of points 1…7, 100, 1000 and 1023 of the plain
    /// sequence, from SciPy 1.17 (which ships the same Joe–Kuo table, in the same Gray-code order):
    /// `p = scipy.stats.qmc.Sobol(d=1024, scramble=False).random(1024); p[i][[0, 1, 2, 9, 99, 511, 1023]]`.
    static let reference: [(index: Int, values: [Double])] = [
        (1, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
        (2, [0.75, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75]),
        (3, [0.25, 0.75, 0.75, 0.25, 0.25, 0.25, 0.25]),
        (4, [0.375, 0.375, 0.625, 0.625, 0.875, 0.375, 0.875]),
        (5, [0.875, 0.875, 0.125, 0.125, 0.375, 0.875, 0.375]),
        (6, [0.625, 0.125, 0.875, 0.375, 0.125, 0.625, 0.125]),
        (7, [0.125, 0.625, 0.375, 0.875, 0.625, 0.125, 0.625]),
        (100, [0.4140625, 0.2578125, 0.7734375, 0.6953125, 0.8828125, 0.5234375, 0.9453125]),
        (1000, [0.2197265625, 0.0966796875, 0.5185546875, 0.0693359375, 0.1865234375, 0.3955078125, 0.7138671875]),
        (1023, [0.0009765625, 0.7529296875, 0.6123046875, 0.8505859375, 0.5302734375, 0.6142578125, 0.9951171875]),
    ]
    static let checkedDimensions = [0, 1, 2, 9, 99, 511, 1023]

    @Test func plainPointsMatchThePublishedSequence() {
        let sequence = SobolSequence(dimension: 1024)
        #expect(sequence.point(at: 0).allSatisfy { $0 == 0 })
        let columns = sequence.columns(count: 1024)
        for (index, values) in Self.reference {
            let point = sequence.point(at: index)
            for (j, expected) in zip(Self.checkedDimensions, values) {
                #expect(point[j] == expected, "point \(index), dimension \(j + 1)")
                #expect(columns[j][index] == expected, "column \(j + 1), point \(index)")
            }
        }
    }

    @Test func tableHasItsStatedDimensions() {
        #expect(SobolSequence.maximumDimension == 1024)
        #expect(SobolSequence.plainDirections.count == 1024 * 64)
        // Every direction number v_k = m_k/2^k with m_k odd: bit 64 − k is set.
        for j in [0, 1, 500, 1023] {
            for k in 0..<64 { #expect(SobolSequence.plainDirections[j * 64 + k] >> UInt64(63 - k) & 1 == 1) }
        }
    }

    /// Each one-dimensional projection of the first 2^m scrambled points holds exactly one point in
    /// every interval [k/2^m, (k+1)/2^m).
    @Test(arguments: [4, 10])
    func scrambledProjectionsAreStratified(m: Int) {
        let count = 1 << m
        let columns = SobolSequence(dimension: 200, scrambleSeed: 42).columns(count: count)
        for (j, column) in columns.enumerated() {
            var seen = [Bool](repeating: false, count: count)
            for x in column {
                #expect(x > 0 && x < 1)
                seen[Int(x * Double(count))] = true
            }
            #expect(seen.allSatisfy { $0 }, "dimension \(j + 1)")
        }
    }

    @Test func scramblingIsKeyedBySeed() {
        let a = SobolSequence(dimension: 5, scrambleSeed: 7)
        let b = SobolSequence(dimension: 5, scrambleSeed: 7)
        let c = SobolSequence(dimension: 5, scrambleSeed: 8)
        #expect(a.columns(count: 64) == b.columns(count: 64))
        #expect(a.columns(count: 64) != c.columns(count: 64))
        // The Gray-code walk and the direct formula agree on scrambled points too.
        let columns = a.columns(count: 64)
        for i in [0, 1, 17, 63] { #expect(a.point(at: i) == columns.map { $0[i] }) }
    }
}
