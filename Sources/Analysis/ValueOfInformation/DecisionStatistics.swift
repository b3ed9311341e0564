/// An estimate with its standard error.
public struct EstimateWithError: Sendable, Hashable {
    /// The estimate.
    public var value: Double
    /// Its standard error.
    public var standardError: Double

    public init(value: Double, standardError: Double) {
        self.value = value
        self.standardError = standardError
    }
}

/// What the per-trial net benefits say about one option (a row of decision.csv).
public struct VariantDecision: Sendable, Hashable {
    /// The mean net benefit E[NB_v].
    public var mean: Double
    /// The standard deviation of the net benefit across trials.
    public var standardDeviation: Double
    /// The Monte Carlo standard error of ``mean``: sd/√N.
    public var meanStandardError: Double
    /// The share of trials in which this option has the highest net benefit (ties split evenly).
    public var probabilityBest: Double
    /// E[max_w NB_w − NB_v]: what choosing this option forgoes, on average, against perfect knowledge.
    public var expectedLoss: Double
}

/// One point of the acceptability curve: for one worth λ, every option's P(best) and E[NB].
public struct AcceptabilityPoint: Sendable, Hashable {
    /// λ, the worth per unit of the outcome.
    public var worth: Double
    /// P(best) of each option at λ.
    public var probabilityBest: [Double]
    /// E[NB] = λ·E[S] − E[C] of each option at λ.
    public var meanNetBenefit: [Double]
}

/// Decision statistics over per-trial net benefits, and the expected value of perfect information.
///
/// `netBenefit[v][i]` is option v's net benefit in trial i (higher is better); every option has
/// the same trials, on common random numbers.
public enum DecisionStatistics {
    /// nb_mean, nb_sd, nb_mcse, p_best and expected_loss of every option.
    public static func variants(netBenefit: [[Double]]) -> [VariantDecision] {
        let options = netBenefit.count
        precondition(options >= 1)
        let n = netBenefit[0].count
        precondition(n >= 2 && netBenefit.allSatisfy { $0.count == n })
        var wins = [Double](repeating: 0, count: options)
        var sumBest = 0.0
        for i in 0..<n {
            var best = -Double.infinity, ties = 0
            for v in 0..<options {
                let x = netBenefit[v][i]
                if x > best { best = x; ties = 1 } else if x == best { ties += 1 }
            }
            sumBest += best
            let share = 1 / Double(ties)
            for v in 0..<options where netBenefit[v][i] == best { wins[v] += share }
        }
        return (0..<options).map { v in
            let (mean, sd) = meanAndStandardDeviation(netBenefit[v])
            return VariantDecision(
                mean: mean, standardDeviation: sd, meanStandardError: sd / Double(n).squareRoot(),
                probabilityBest: wins[v] / Double(n), expectedLoss: sumBest / Double(n) - mean)
        }
    }

    /// EVPI = E[max_v NB_v] − max_v E[NB_v], the expected loss of the option best on average.
    ///
    /// It is the mean of dᵢ = max_v NB_v,i − NB_v*,i with v* the option of highest mean; its
    /// standard error is sd(d)/√N (v* taken as known: when two options are close, the error of
    /// choosing v* adds a little more).
    public static func evpi(netBenefit: [[Double]]) -> EstimateWithError {
        let n = netBenefit[0].count
        let means = netBenefit.map { $0.reduce(0, +) / Double(n) }
        let chosen = means.indices.max { means[$0] < means[$1] }!
        var loss = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var best = -Double.infinity
            for v in netBenefit.indices { best = max(best, netBenefit[v][i]) }
            loss[i] = best - netBenefit[chosen][i]
        }
        let (mean, sd) = meanAndStandardDeviation(loss)
        return EstimateWithError(value: mean, standardError: sd / Double(n).squareRoot())
    }

    /// The acceptability curve and the expected-value frontier: with option v's per-trial outcome
    /// S_v,i and cost C_v,i, the net benefit at worth λ is λ·S_v,i − C_v,i; for each λ in `worths`,
    /// every option's P(best) (ties split evenly) and E[NB].
    public static func acceptability(outcome: [[Double]], cost: [[Double]], worths: [Double]) -> [AcceptabilityPoint] {
        precondition(outcome.count == cost.count && !outcome.isEmpty)
        let n = outcome[0].count
        let meanOutcome = outcome.map { $0.reduce(0, +) / Double(n) }
        let meanCost = cost.map { $0.reduce(0, +) / Double(n) }
        return worths.map { worth in
            var wins = [Double](repeating: 0, count: outcome.count)
            var values = [Double](repeating: 0, count: outcome.count)
            for i in 0..<n {
                var best = -Double.infinity, ties = 0
                for v in outcome.indices {
                    let x = worth * outcome[v][i] - cost[v][i]
                    values[v] = x
                    if x > best { best = x; ties = 1 } else if x == best { ties += 1 }
                }
                let share = 1 / Double(ties)
                for v in outcome.indices where values[v] == best { wins[v] += share }
            }
            return AcceptabilityPoint(
                worth: worth, probabilityBest: wins.map { $0 / Double(n) },
                meanNetBenefit: outcome.indices.map { worth * meanOutcome[$0] - meanCost[$0] })
        }
    }

    /// K + 1 evenly spaced worths from `low` to `high` (both included).
    public static func worths(from low: Double, to high: Double, steps: Int) -> [Double] {
        precondition(steps >= 1)
        return (0...steps).map { k in k == steps ? high : low + (high - low) * Double(k) / Double(steps) }
    }

    /// The mean and the sample standard deviation (n − 1), by a two-pass sum.
    static func meanAndStandardDeviation(_ x: [Double]) -> (mean: Double, sd: Double) {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        var squares = 0.0
        for value in x { squares += (value - mean) * (value - mean) }
        return (mean, x.count > 1 ? (squares / (n - 1)).squareRoot() : 0)
    }
}
