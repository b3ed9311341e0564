import MonteCarlo

/// Payer totals, net positions and the per-trial scalars (DESIGN §3 "Outputs", §3.1 "Outputs").
extension ChunkKernel {
    /// `spend.<payer>.total` = Σ of the payer's sources; `net.<payer>` = spend − savings.
    func closeLedger() {
        let catalog = plan.catalog
        for k in catalog.payerTotal.indices {
            for y in 0 ..< years {
                let total = series(catalog.payerTotal[k], y)
                for source in catalog.payerSources[k] { add(series(source, y), into: total) }
                let savings = series(catalog.payerSavings[k], y), net = series(catalog.payerNet[k], y)
                forEachLanes { i, w in net.setLanes(i, w, total.lanes(i, w) - savings.lanes(i, w)) }
            }
        }
    }

    func computeScalars() {
        let catalog = plan.catalog
        // NPV = Σ_y x_y / (1+r)^y: the [year][trial] rows times the discount factors, summed in
        // year order for each trial. A plain loop rather than BLAS dgemv: with ten years the
        // product is a few multiply-adds per trial, and from 10 × 1024 elements on OpenBLAS
        // hands it to its own threads, which then spin on a machine whose cores already run the
        // engine's chunks; the loop's sums are also the same whatever the chunk.
        discountFactors.withUnsafeBufferPointer { factors in
            for (s, k) in catalog.npv {
                let npv = scalars + k &* outCapacity
                let first = series(s, 0)
                forEachLanes { i, w in
                    var sum = first.lanes(i, w) * factors[0]
                    for y in 1 ..< years { sum += series(s, y).lanes(i, w) * factors[y] }
                    npv.setLanes(i, w, sum)
                }
            }
        }

        // cost_per_sustainable_solution: undiscounted State spending ÷ sustainable solutions in Y1.
        let cost = scalars + catalog.costPerSustainable &* outCapacity
        let state = catalog.payerTotal[plan.statePayer]
        cost.update(repeating: 0, count: n)
        for y in 0 ..< years { add(series(state, y), into: cost) }
        let lastSustainable = series(catalog.sustainable, years - 1)
        forEachLanes { i, w in
            let solutions = lastSustainable.lanes(i, w)
            cost.setLanes(i, w, Lanes(repeating: .nan).replacing(with: cost.lanes(i, w) / solutions, where: solutions .> Lanes()))
        }

        // solutions.sustainable.any: at least one sustainable solution in the last year.
        let sustainableAny = scalars + catalog.sustainableAny &* outCapacity
        forEachLanes { i, w in
            sustainableAny.setLanes(i, w, Lanes().replacing(with: 1, where: lastSustainable.lanes(i, w) .> Lanes()))
        }
        // cap.breached.any.<payer>: a breach in any year.
        for (s, k) in catalog.capBreachedAny {
            let any = scalars + k &* outCapacity
            any.update(repeating: 0, count: n)
            for y in 0 ..< years {
                let breached = series(s, y)
                forEachLanes { i, w in
                    any.setLanes(i, w, any.lanes(i, w).replacing(with: 1, where: breached.lanes(i, w) .> Lanes()))
                }
            }
        }

        // breakeven_year: first year cumulative savings of all payers reach cumulative spending of
        // every payer but `private` (the State, other public instrument payers, pathway payers).
        let breakeven = scalars + catalog.breakevenYear &* outCapacity
        let savings = row(plan.scratch[Scratch.cumulativeSavings]), spend = row(plan.scratch[Scratch.cumulativePublic])
        savings.update(repeating: 0, count: n)
        spend.update(repeating: 0, count: n)
        breakeven.update(repeating: .nan, count: n)
        for y in 0 ..< years {
            for k in catalog.payerTotal.indices {
                add(series(catalog.payerSavings[k], y), into: savings)
                if k != plan.privatePayer { add(series(catalog.payerTotal[k], y), into: spend) }
            }
            let year = Double(plan.firstYear + y)
            let yearLanes = Lanes(repeating: year)
            forEachLanes { i, w in
                let (found, saved, spent) = (breakeven.lanes(i, w), savings.lanes(i, w), spend.lanes(i, w))
                let crossing = (found .!= found) .& (saved .> Lanes()) .& (saved .>= spent)
                breakeven.setLanes(i, w, found.replacing(with: yearLanes, where: crossing))
            }
        }
    }
}
