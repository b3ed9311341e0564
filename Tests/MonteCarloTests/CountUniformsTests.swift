import Testing
@testable import MonteCarlo

/// `CountUniforms.fill` computes four Philox blocks at once; every uniform must be exactly the
/// canonical `Draws.uniform` of its trial, whatever the row's start and length.
@Suite struct CountUniformsTests {
    @Test func rowsMatchTheCanonicalDrawsBitForBit() {
        let key = StreamKey(seed: 42, name: "passage:poc:recherche")
        var compared = 0
        for first in [0, 1, 2, 3, 5, 17, 1 << 40 + 3] {
            for count in [0, 1, 3, 4, 15, 16, 17, 33, 100] {
                for year in [UInt64(2026), Draws.perTrial] {
                    var row = [Double](repeating: -1, count: count)
                    row.withUnsafeMutableBufferPointer { CountUniforms.fill(key: key, year: year, firstTrial: first, into: $0) }
                    let expected = (0 ..< count).map { Draws.uniform(key: key, trial: first + $0, year: year, draw: 0) }
                    #expect(row.map(\.bitPattern) == expected.map(\.bitPattern), "first \(first) count \(count)")
                    compared += count
                }
            }
        }
        #expect(compared == 7 * 2 * (1 + 3 + 4 + 15 + 16 + 17 + 33 + 100))
    }

    /// A draw other than 0 selects other blocks, as in `Draws`.
    @Test func otherDrawsFollowTheCanonicalLayout() {
        let key = StreamKey(seed: 7, stream: 99)
        var row = [Double](repeating: 0, count: 21)
        row.withUnsafeMutableBufferPointer { CountUniforms.fill(key: key, year: 2030, draw: 3, firstTrial: 6, into: $0) }
        #expect(row == (0 ..< 21).map { Draws.uniform(key: key, trial: 6 + $0, year: 2030, draw: 3) })
        #expect(row != (0 ..< 21).map { Draws.uniform(key: key, trial: 6 + $0, year: 2030, draw: 0) })
    }
}
