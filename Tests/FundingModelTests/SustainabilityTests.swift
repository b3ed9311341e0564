import FundingModel
import MonteCarlo
import Testing

/// Beyond proof of concept: pathways, Bass adoption, revenue, exit and caps (DESIGN §3.1).
@Suite struct SustainabilityTests {
    /// One project that always succeeds: one solution launched in 2027 on `pathway`.
    func singleSolution(
        licence: Double = 10_000, delay: Double? = nil, market: Double = 100, p: Double = 0.03, q: Double = 0.4,
        opexFixed: Double? = nil, opexPerSite: Double? = nil, exitAfter: Double? = nil, projects: Double = 1,
        caps: [(String, Double, CapPolicy)] = []
    ) -> Scenario {
        var b = ScenarioBuilder(horizon: 2026 ... 2035, discountRate: 0.03)
        b.stage("poc", duration: 1, success: 1, cost: 0)
        b.researchCall("recherche", years: 2026 ... 2026, projects: projects)
        let pathway = b.pathway("hospital_budget", share: 1, delay: delay, licence: licence, payer: "hospitals")
        b.sustain(market: market, uses: 1_000, p: p, q: q, pathways: [pathway], opexFixed: opexFixed,
                  opexPerSite: opexPerSite, savings: [(5, "hospitals")], exitAfter: exitAfter, caps: caps)
        return b.scenario
    }

    /// A_t = A_{t−1} + (p + q·A_{t−1}/M)(M − A_{t−1}), capped at M, computed here independently.
    func bass(market m: Double, p: Double, q: Double, years: Int) -> [Double] {
        var a = 0.0
        return (0 ..< years).map { _ in
            a = min(m, a + (p + q * a / m) * (m - a))
            return a
        }
    }

    @Test func adoptionFollowsTheBassRecursion() {
        let run = simulate(singleSolution(), trials: 2)
        let expected = [0.0] + bass(market: 100, p: 0.03, q: 0.4, years: 9)
        for (y, a) in zip(2026 ... 2035, expected) {
            #expect(abs(run.values("adoption.sites", y)[1] - a) < 1e-9)
            #expect(abs(run.values("adoption.uses", y)[1] - a * 1_000) < 1e-6)
            #expect(abs(run.values("revenue.hospital_budget", y)[1] - a * 10_000) < 1e-6)
            #expect(run.values("spend.hospitals.hospital_budget", y) == run.values("revenue.hospital_budget", y))
            #expect(abs(run.values("savings.hospitals", y)[1] - a * 1_000 * 5) < 1e-6)
        }
        // Delay 2: launched in 2027, first adopters in 2029.
        let delayed = simulate(singleSolution(delay: 2), trials: 1)
        let late = [0.0, 0, 0] + bass(market: 100, p: 0.03, q: 0.4, years: 7)
        for (y, a) in zip(2026 ... 2035, late) {
            #expect(abs(delayed.values("adoption.sites", y)[0] - a) < 1e-9)
        }
        #expect((2026 ... 2035).map { delayed.values("solutions.sustainable", $0)[0] } == [0, 0, 0, 1, 1, 1, 1, 1, 1, 1])
        #expect((2026 ... 2035).map { delayed.values("solutions.active", $0)[0] } == [0, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    /// K consecutive years below breakeven: the solution earns in the K-th and is withdrawn at
    /// its end; a solution that reaches breakeven before K stays.
    @Test(arguments: [3.0, 4, 5, 6])
    func exitAfterKYearsBelowBreakeven(k: Double) {
        let scenario = singleSolution(licence: 20_000, market: 100, p: 0.03, q: 0.5,
                                      opexFixed: 600_000, opexPerSite: 1_000, exitAfter: k)
        // The expectation, from the recursion: revenue 20k·A against opex 600k + 1k·A.
        var withdrawal: Int?
        var below = 0
        for (year, a) in zip(2027 ... 2035, bass(market: 100, p: 0.03, q: 0.5, years: 9)) {
            if 20_000 * a >= 600_000 + 1_000 * a { below = 0 } else { below += 1 }
            if below >= Int(k) { withdrawal = year; break }
        }
        let run = simulate(scenario, trials: 1)
        let withdrawn = (2026 ... 2035).map { run.values("solutions.withdrawn", $0)[0] }
        let active = (2026 ... 2035).map { run.values("solutions.active", $0)[0] }
        if let w = withdrawal {
            #expect(withdrawn == (2026 ... 2035).map { $0 == w ? 1 : 0 })
            #expect(active == (2026 ... 2035).map { $0 >= 2027 && $0 < w ? 1 : 0 })
            #expect(run.values("revenue.hospital_budget", w)[0] > 0)
            if w < 2035 { #expect(run.values("revenue.hospital_budget", w + 1)[0] == 0) }
        } else {
            #expect(withdrawn.allSatisfy { $0 == 0 })
            #expect(run.values("solutions.sustainable", 2035) == [1])
        }
        // The chosen figures exercise both outcomes: breakeven comes in the 5th operating year.
        #expect((withdrawal != nil) == (k <= 4))
    }

    /// Only `pathway none`: every solution falls off the cliff at launch; no one pays or saves.
    @Test func onlyNoneMeansEverySolutionHitsTheCliff() {
        let run = simulate(amiScenario(pathways: .onlyNone), trials: 2_000)
        #expect(run.total("solutions.cliff") == run.total("solutions.launched"))
        #expect(run.total("solutions.launched").reduce(0, +) > 1_000)
        #expect(run.total("solutions.active").allSatisfy { $0 == 0 })
        #expect(run.total("adoption.sites").allSatisfy { $0 == 0 })
        #expect(run.total("savings.hospitals").allSatisfy { $0 == 0 })
        #expect(run.total("spend.hospitals.total").allSatisfy { $0 == 0 })
        #expect(run.scalar("cost_per_sustainable_solution").allSatisfy { $0.isNaN })
        #expect(run.scalar("breakeven_year").allSatisfy { $0.isNaN })
    }

    /// price_volume: the payer's pathway spend never exceeds the cap, in any trial or year.
    @Test func priceVolumeCapIsNeverExceeded() {
        let run = simulate(amiScenario(cap: .priceVolume), trials: 3_000)
        var breaches = 0
        for year in 2026 ... 2035 {
            let spend = run.values("spend.assurance_maladie.reimbursement", year)
            #expect(spend.allSatisfy { $0 <= 30_000_000 })
            #expect(spend == run.values("revenue.reimbursement", year))
            breaches += Int(run.values("cap.breached.assurance_maladie", year).reduce(0, +))
        }
        #expect(breaches > 100)
    }

    /// flag: nothing changes; the breach indicator is exactly demand > cap.
    @Test func flagRecordsBreachesOnly() {
        let run = simulate(amiScenario(cap: .flag), trials: 3_000)
        var breaches = 0
        for year in 2026 ... 2035 {
            let spend = run.values("spend.assurance_maladie.reimbursement", year)
            let breached = run.values("cap.breached.assurance_maladie", year)
            #expect(breached == spend.map { $0 > 30_000_000 ? 1 : 0 })
            breaches += Int(breached.reduce(0, +))
        }
        #expect(breaches > 100)
    }

    /// ration: new adopters admitted pro rata up to the cap, existing sites continue.
    @Test func rationAdmitsNewAdoptersUpToTheCap() {
        let cap = 2_000_000.0
        let run = simulate(singleSolution(market: 100, p: 0.05, q: 0.5, projects: 3,
                                          caps: [("hospitals", cap, .ration)]), trials: 1)
        var a = 0.0
        var binding = 0
        for year in 2027 ... 2035 {
            let kept = min(a, 100)
            let new = max(0, min(100, kept + (0.05 + 0.5 * kept / 100) * (100 - kept)) - kept)
            let demandKept = 3 * 10_000 * kept, demandNew = 3 * 10_000 * new
            let breached = demandKept + demandNew > cap
            let admitted = breached ? (demandNew > 0 ? min(1, max(0, (cap - demandKept) / demandNew)) : 0) : 1
            a = kept + admitted * new
            if breached { binding += 1 }
            #expect(abs(run.values("adoption.sites", year)[0] - 3 * a) < 1e-9)
            #expect(abs(run.values("spend.hospitals.hospital_budget", year)[0] - 3 * 10_000 * a) < 1e-6)
            #expect(run.values("cap.breached.hospitals", year) == [breached ? 1 : 0])
            #expect(run.values("spend.hospitals.hospital_budget", year)[0] <= max(cap, demandKept) * (1 + 1e-12))
        }
        #expect(binding >= 3)
    }

    /// Shares above 100% are scaled down (and the trials counted); shares below 100% without
    /// `rest` leave the remainder to the cliff.
    @Test func pathwaySharesScaledOrLeftToTheCliff() {
        func scenario(_ a: Double, _ b2: Double, rest: Bool) -> Scenario {
            var b = ScenarioBuilder(horizon: 2026 ... 2028)
            b.stage("poc", duration: 1, success: 1, cost: 0)
            b.researchCall("recherche", years: 2026 ... 2026, projects: 10)
            var pathways = [b.pathway("a", share: a, licence: 1, payer: "x"), b.pathway("b", share: b2, licence: 1, payer: "y")]
            if rest { pathways.append(b.pathway("c", share: nil, licence: 1, payer: "z")) }
            b.sustain(market: 10, uses: 1, p: 0.1, q: 0.1, pathways: pathways)
            return b.scenario
        }
        let over = simulate(scenario(0.7, 0.6, rest: true), trials: 500)
        #expect(over.sharesScaledTrials == 500)
        #expect(over.total("revenue.c").allSatisfy { $0 == 0 })
        // Each solution earns licence 1 × p·M = 1 site in its launch year: revenue.a counts pathway a.
        let (ratio, e) = meanAndError(over.values("revenue.a", 2027).map { $0 - 0.7 / 1.3 * 10 })
        #expect(abs(ratio) < 4 * e)
        let under = simulate(scenario(0.3, 0.3, rest: false), trials: 20_000)
        #expect(under.sharesScaledTrials == 0)
        // E[cliff − 0.4 × launched] = 0.
        let (gap, e2) = meanAndError(zip(under.values("solutions.cliff", 2027), under.values("solutions.launched", 2027)).map { $0 - 0.4 * $1 })
        #expect(abs(gap) < 4 * e2)
        #expect(under.values("solutions.launched", 2027).allSatisfy { $0 == 10 })
    }
}
