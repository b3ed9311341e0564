import Testing
@testable import MonteCarlo

@Suite struct QuantileSketchTests {
    static let qs = [0, 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1]

    /// 100k draws of a distribution (canonical normals through its marginal).
    static func sample(_ d: Distribution, name: String, n: Int = 100_000) -> [Double] {
        var x = [Double](repeating: 0, count: n)
        x.withUnsafeMutableBufferPointer {
            Draws.fillNormals(key: StreamKey(seed: 77, name: name), year: Draws.perTrial, draw: 0, firstTrial: 0, into: $0)
            d.values(fromLatents: $0)
        }
        return x
    }

    static func sketch(_ x: [Double]) -> QuantileSketch {
        var s = QuantileSketch()
        x.withUnsafeBufferPointer { s.add(contentsOf: $0) }
        return s
    }

    /// Every quantile within the sketch's relative accuracy of the exact value of rank ⌊q(n−1)⌋.
    static func checkRelative(_ x: [Double], _ label: String) {
        let s = sketch(x)
        let sorted = x.sorted()
        for q in qs {
            let exact = sorted[Int((q * Double(x.count - 1)).rounded(.down))]
            let got = s.quantile(q)
            #expect(abs(got - exact) <= s.relativeAccuracy * abs(exact) * (1 + 1e-12), "\(label) q \(q): \(got) vs \(exact)")
        }
    }

    @Test("Default accuracy is 1/257 (k = 7); the requested accuracy is honoured")
    func accuracy() {
        #expect(QuantileSketch().mantissaBits == 7)
        #expect(QuantileSketch().relativeAccuracy == 1.0 / 257)
        #expect(QuantileSketch(relativeAccuracy: 0.01).relativeAccuracy <= 0.01)
        #expect(QuantileSketch(relativeAccuracy: 1e-4).relativeAccuracy <= 1e-4)
    }

    @Test("Lognormal sample: quantiles within the relative accuracy")
    func lognormal() { Self.checkRelative(Self.sample(.lognormal(mu: 13, sigma: 1.2), name: "ln"), "lognormal") }

    @Test("Signed normal sample: quantiles within the relative accuracy")
    func normal() { Self.checkRelative(Self.sample(.normal(mean: 0.3, sd: 2), name: "n"), "normal") }

    @Test("Mixed with zeros: zeros exact, the rest within the relative accuracy")
    func mixedWithZeros() {
        let base = Self.sample(.lognormal(mu: 8, sigma: 0.7), name: "m")
        let x = base.enumerated().map { $0.offset % 5 < 2 ? 0 : $0.element }  // 40% zeros
        Self.checkRelative(x, "mixed")
        let s = Self.sketch(x)
        #expect(s.quantile(0.25) == 0)
        #expect(s.quantile(0.399) == 0)
    }

    @Test("Whole numbers below the exact limit have exact quantiles")
    func integers() {
        let x = Self.sample(.poisson(lambda: 37), name: "i").map { $0 } + [0, 1023, 512]
        let s = Self.sketch(x)
        let sorted = x.sorted()
        for q in Self.qs {
            #expect(s.quantile(q) == sorted[Int((q * Double(x.count - 1)).rounded(.down))], "q \(q)")
        }
    }

    @Test("Merging two halves gives exactly the sketch of the whole, in either order")
    func merge() {
        let x = Self.sample(.normal(mean: 5, sd: 20), name: "mg") + Self.sample(.poisson(lambda: 4), name: "mp", n: 3_000)
        let whole = Self.sketch(x)
        var a = Self.sketch(Array(x[..<40_000]))
        let b = Self.sketch(Array(x[40_000...]))
        var ba = b
        a.merge(b)
        ba.merge(Self.sketch(Array(x[..<40_000])))
        #expect(a == whole)
        #expect(ba == whole)
        for q in Self.qs { #expect(a.quantile(q) == whole.quantile(q)) }
        #expect(a.count == x.count)
    }

    @Test("add(_:) one by one equals add(contentsOf:)")
    func oneByOne() {
        let x = Self.sample(.normal(mean: 0, sd: 1e6), name: "o", n: 5_000) + [0, -0.0, 3, .infinity, -.infinity, 1e-300]
        var s = QuantileSketch()
        for v in x { s.add(v) }
        #expect(s == Self.sketch(x))
        #expect(s.quantile(0) == -.infinity)
        #expect(s.quantile(1) == .infinity)
        #expect(QuantileSketch().quantile(0.5).isNaN)
    }
}
