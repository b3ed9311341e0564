#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Enablers' effects that scale with money (issue 4, "budgets that mean something"; the DocC
/// article's "Elasticity of effects").
///
/// For an instrument with a ``Instrument/referenceMoneyPerYear`` R, each effect's change is
/// multiplied, trial by trial, by s = (m / R)^e, where m is the instrument's money per active
/// year in the trial and e its elasticity (``Instrument/elasticity``, 0.5 when absent).
extension ChunkKernel {
    /// Fills every scaling's rows with s for the chunk's trials (before any effect acts, so
    /// the money is read as drawn).
    func computeScalings() {
        let money = row(plan.scratch[Scratch.spare]), term = row(plan.scratch[Scratch.remaining])
        for scaling in plan.scalings {
            money.update(repeating: 0, count: n)
            if let b = scaling.budget {
                // Budget per year, or a total over A..B divided by its years.
                average(over: b.years, eachYear: plan.parameterEachYear[b.parameter], into: term) { y, i in
                    value(b.parameter, y)[i] / b.divisor
                }
                add(term, into: money)
            }
            if scaling.annotationsCount >= 0 {
                let (count, cost) = (scaling.annotationsCount, scaling.annotationsCost)
                let eachYear = plan.parameterEachYear[count] || plan.parameterEachYear[cost]
                average(over: scaling.annotationYears, eachYear: eachYear, into: term) { y, i in
                    max(0, value(count, y)[i]) * value(cost, y)[i]
                }
                add(term, into: money)
            }
            for r in 0 ..< (scaling.perYear ? years : 1) {
                let s = row(scaling.rows + r)
                let elasticity = scaling.elasticity.map { value($0, r) }
                let reference = scaling.reference
                // One power for the whole chunk when neither the money nor the elasticity varies.
                if isUniform(money), elasticity.map(isUniform) ?? true {
                    s.update(repeating: factor(money[0], reference, elasticity?[0] ?? ScalingPlan.defaultElasticity), count: n)
                } else {
                    for i in 0 ..< n { s[i] = factor(money[i], reference, elasticity?[i] ?? ScalingPlan.defaultElasticity) }
                }
            }
        }
    }

    /// `out[i]` = the mean of `value(y, i)` over the year indices `years` when the value is drawn
    /// each year (the first year's when the range is empty), else `value(0, i)`.
    private func average(
        over years: Range<Int>, eachYear: Bool, into out: UnsafeMutablePointer<Double>, _ value: (Int, Int) -> Double
    ) {
        guard eachYear, !years.isEmpty else {
            for i in 0 ..< n { out[i] = value(0, i) }
            return
        }
        out.update(repeating: 0, count: n)
        for y in years { for i in 0 ..< n { out[i] += value(y, i) } }
        let count = Double(years.count)
        for i in 0 ..< n { out[i] /= count }
    }

    /// s = (max(0, money) / reference)^elasticity.
    @inline(__always) private func factor(_ money: Double, _ reference: Double, _ elasticity: Double) -> Double {
        pow(max(0, money) / reference, elasticity)
    }
}
