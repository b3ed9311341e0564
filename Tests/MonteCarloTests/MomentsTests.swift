import Testing
@testable import MonteCarlo

/// `Moments.merge` (Chan, Golub & LeVeque): merged pieces describe their concatenation.
@Suite struct MomentsTests {
    /// 1,000 values with a large common offset and a spread over six orders of magnitude, so that
    /// a careless merge (naïve sums of squares) would lose most digits of m2.
    static let values: [Double] = {
        var x = [Double](repeating: 0, count: 1_000)
        x.withUnsafeMutableBufferPointer {
            Draws.fillUniforms(key: StreamKey(seed: 3, name: "moments"), year: 2030, draw: 0, firstTrial: 0, into: $0)
        }
        return x.enumerated().map { i, u in 1e6 + u * (i % 3 == 0 ? 1e-3 : 1e3) }
    }()

    static func onePass(_ x: ArraySlice<Double>) -> Moments {
        Array(x).withUnsafeBufferPointer { Moments($0) }
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(abs(a), abs(b))
    }

    @Test("Merging the pieces of any split gives the moments of the whole, count exact")
    func mergeOfAnySplit() {
        let x = Self.values
        let whole = Self.onePass(x[...])
        for cuts in [[500], [1], [999], [0, 1_000], [7, 100, 101, 640], Array(stride(from: 37, to: 1_000, by: 37))] {
            let bounds = [0] + cuts + [x.count]
            var merged = Moments()
            for k in 0 ..< bounds.count - 1 { merged.merge(Self.onePass(x[bounds[k] ..< bounds[k + 1]])) }
            #expect(merged.count == 1_000, "cuts \(cuts)")
            #expect(Self.close(merged.mean, whole.mean, 1e-14), "cuts \(cuts): mean \(merged.mean) vs \(whole.mean)")
            #expect(Self.close(merged.m2, whole.m2, 1e-9), "cuts \(cuts): m2 \(merged.m2) vs \(whole.m2)")
        }
    }

    @Test("Merging pieces in a tree or in a row agrees with the one pass")
    func mergeInATree() {
        let x = Self.values
        let whole = Self.onePass(x[...])
        let pieces = stride(from: 0, to: x.count, by: 125).map { Self.onePass(x[$0 ..< $0 + 125]) }
        var left = pieces[0], right = pieces[4]
        for p in pieces[1 ..< 4] { left.merge(p) }
        for p in pieces[5...] { right.merge(p) }
        left.merge(right)
        #expect(left.count == whole.count)
        #expect(Self.close(left.mean, whole.mean, 1e-14))
        #expect(Self.close(left.m2, whole.m2, 1e-9))
        #expect(Self.close(left.variance, whole.variance, 1e-9))
    }

    @Test("An empty Moments is the identity of merge, on either side")
    func emptyIsIdentity() {
        let m = Self.onePass(Self.values[0 ..< 10])
        var right = m
        right.merge(Moments())
        #expect(right == m)
        var left = Moments()
        left.merge(m)
        #expect(left == m)
        var empty = Moments()
        empty.merge(Moments())
        #expect(empty == Moments())
        #expect(empty.count == 0 && empty.variance == 0 && empty.standardError.isNaN)
    }

    @Test("Two single values merge to their mean and their squared half-difference times two")
    func twoValues() {
        var a = Moments(count: 1, mean: 3, m2: 0)
        a.merge(Moments(count: 1, mean: 7, m2: 0))
        #expect(a == Moments(count: 2, mean: 5, m2: 8))
        #expect(a.variance == 8)
    }
}
