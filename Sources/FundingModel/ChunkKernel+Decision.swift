import MonteCarlo

/// `net_benefit` (DESIGN §8.1): the decision block's value of a trial.
extension ChunkKernel {
    /// net_benefit = λ_s × sustainable(Y1) + λ_u × NPV(uses) − Σ_cost payers npv.net.<payer>.
    ///
    /// Runs after ``computeScalars()``, which fills the `npv.net.<payer>` scalars. The uses are
    /// discounted with the factors and the year order of every other NPV, trial by trial, so the
    /// bits do not depend on the chunk.
    func computeNetBenefit() {
        guard let terms = plan.catalog.netBenefit else { return }
        let result = scalars + terms.scalar &* outCapacity
        let lastSustainable = series(terms.sustainable, years - 1)
        let perSolution = Lanes(repeating: terms.perSustainableSolution)
        let perUse = Lanes(repeating: terms.perUse)
        discountFactors.withUnsafeBufferPointer { factors in
            let firstUses = series(terms.uses, 0)
            forEachLanes { i, w in
                var uses = firstUses.lanes(i, w) * factors[0]
                for y in 1 ..< years { uses += series(terms.uses, y).lanes(i, w) * factors[y] }
                var value = perSolution * lastSustainable.lanes(i, w) + perUse * uses
                for k in terms.costs { value -= (scalars + k &* outCapacity).lanes(i, w) }
                result.setLanes(i, w, value)
            }
        }
    }
}
