import Testing
@testable import MonteCarlo

/// The tabulated Poisson inversion (scanned from the mode for short sides, bisected for long ones)
/// returns exactly what the walk from the mode returns.
@Suite struct CountTableTests {
    @Test(arguments: [0.3, 2, 6, 17.5, 40, 400, 10_000])
    func tableAgreesWithTheWalk(lambda: Double) {
        let table = Poisson.table(lambda: lambda)
        for i in 0..<4_000 {
            let u = Draws.unitInterval(StableHash.mix(UInt64(i) &+ UInt64(lambda * 1000)))
            #expect(table.quantile(u, complement: 1 - u) == Poisson.quantile(u, lambda: lambda), "λ \(lambda) u \(u)")
        }
        for u in [0x1.0p-53, 1e-12, 0.5, 1 - 1e-12, 1 - 0x1.0p-53] {
            #expect(table.quantile(u, complement: 1 - u) == Poisson.quantile(u, lambda: lambda), "λ \(lambda) u \(u)")
        }
    }
}
