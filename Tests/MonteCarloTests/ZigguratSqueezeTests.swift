import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The squeeze that spares most wedge tests their `exp`: its bounds hold, its band is narrow, and
/// the test it speeds up gives the plain test's answer on points chosen to be hard (on the curve,
/// an ulp off it, at the margin) as well as spread over every wedge.
@Suite struct ZigguratSqueezeTests {
    /// Points of layer `layer` (1…255) on both signs: the word's 53-bit integer from the layer's
    /// bound (its narrowest point) to 2⁵³ − 1 (its widest), as the fill computes them.
    static func points(layer: Int) -> [Double] {
        let t = Ziggurat.tables
        let bound = t.storage[Ziggurat.boundsOffset + layer].bitPattern
        let top: UInt64 = (1 << 53) - 1
        var us: [UInt64] = [bound, bound + 1, top - 1, top]
        for k in 1..<24 { us.append(bound + (top - bound) / 24 * UInt64(k)) }
        return us.flatMap { u in [Double(u) * t.storage[layer], Double(u) * t.storage[256 + layer]] }
    }

    static func withWedge<R>(_ layer: Int, _ body: (UnsafePointer<Double>) -> R) -> R {
        Ziggurat.tables.wedges.withUnsafeBufferPointer { body($0.baseAddress! + Ziggurat.wedgeStride * layer) }
    }

    @Test("The squeeze's bounds enclose exp(t) at every point of every wedge")
    func boundsHold() {
        var violations = 0
        for layer in 1..<256 {
            Self.withWedge(layer) { wedge in
                for x in Self.points(layer: layer) {
                    let (t, low, high) = Ziggurat.squeeze(x, wedge)
                    let e = exp(t)
                    // The bounds must hold to within rounding (~1e-15), far inside the 2⁻⁴⁰ margin.
                    if low > e + 1e-14 || high < e - 1e-14 { violations += 1 }
                }
            }
        }
        #expect(violations == 0)
    }

    @Test("The band where exp must decide is under 1% of the wedge’s height on average, 20% at most")
    func bandIsNarrow() {
        var sum = 0.0, worst = 0.0, n = 0
        for layer in 1..<256 {
            Self.withWedge(layer) { wedge in
                for x in Self.points(layer: layer) {
                    let (_, low, high) = Ziggurat.squeeze(x, wedge)
                    let share = (high - low + 2 * Ziggurat.squeezeMargin) / wedge[1]
                    sum += share
                    worst = max(worst, share)
                    n += 1
                }
            }
        }
        #expect(sum / Double(n) < 0.01)
        #expect(worst < 0.2)
    }

    @Test("The squeezed wedge test answers as y < exp(t) does, near the curve and across the wedge")
    func sameAnswers() {
        var disagreements = 0, checked = 0
        for layer in 1..<256 {
            Self.withWedge(layer) { wedge in
                for x in Self.points(layer: layer) {
                    let (t, low, high) = Ziggurat.squeeze(x, wedge)
                    let e = exp(t)
                    var ys: [Double] = []
                    // On the curve and a few ulps either side.
                    var up = e, down = e
                    ys.append(e)
                    for _ in 0..<4 {
                        up = up.nextUp
                        down = down.nextDown
                        ys += [up, down]
                    }
                    // At the band's edges, inside and outside the margin.
                    for edge in [low, high] {
                        for offset in [0.0, 0.5, 1, 1.5, 2] {
                            ys += [edge - offset * Ziggurat.squeezeMargin, edge + offset * Ziggurat.squeezeMargin]
                        }
                    }
                    // Spread over the wedge's height, as the wedge draws them.
                    for k in 0...20 { ys.append(wedge[0] + Double(k) / 20 * wedge[1]) }
                    for y in ys {
                        checked += 1
                        if Ziggurat.underCurve(y, x, wedge) != (y < exp(-0.5 * x * x)) { disagreements += 1 }
                    }
                }
            }
        }
        #expect(checked > 500_000)
        #expect(disagreements == 0)
    }
}
