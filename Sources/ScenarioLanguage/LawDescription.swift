import FundingModel
import MonteCarlo

/// How `check` names laws and their parameters (4 significant digits).
enum LawDescription {
    static func family(_ d: Distribution) -> String {
        switch d {
        case .constant: return "constant"
        case .normal: return "normal"
        case .lognormal: return "lognormal"
        case .logitNormal: return "logit-normal"
        case .beta: return "beta"
        case .pert: return "pert"
        case .triangular: return "triangular"
        case .uniform: return "uniform"
        case .gamma: return "gamma"
        case .poisson: return "poisson"
        case .discrete: return "discrete"
        case .wholeUniform: return "whole-uniform"
        case .rounded: return "rounded"
        }
    }

    /// Named parameters of a law, in display order (the inner law of `rounded` is separate).
    static func parameters(_ d: Distribution) -> [(String, Double)] {
        switch d {
        case .constant(let v): return [("value", v)]
        case .normal(let m, let s): return [("mean", m), ("sd", s)]
        case .lognormal(let mu, let sigma), .logitNormal(let mu, let sigma): return [("mu", mu), ("sigma", sigma)]
        case .beta(let a, let b): return [("alpha", a), ("beta", b)]
        case .pert(let lo, let mode, let hi), .triangular(let lo, let mode, let hi):
            return [("min", lo), ("mode", mode), ("max", hi)]
        case .uniform(let lo, let hi): return [("min", lo), ("max", hi)]
        case .gamma(let k, let theta): return [("shape", k), ("scale", theta)]
        case .poisson(let lambda): return [("lambda", lambda)]
        case .wholeUniform(let lo, let hi): return [("min", Double(lo)), ("max", Double(hi))]
        case .rounded(_, let lo, let hi): return [("min", lo), ("max", hi)]
        case .discrete: return []
        }
    }

    static let maxDiscreteShown = 8

    /// `logit-normal(mu=0.2092, sigma=0.2492)`, `constant 150000`, `uniform whole years 1 to 3`.
    static func text(_ d: Distribution) -> String {
        let s = { NumberText.significant($0) }
        switch d {
        case .constant(let v):
            return "constant \(NumberText.exact(v))"
        case .wholeUniform(let lo, let hi):
            return "uniform whole years \(lo) to \(hi)"
        case .rounded(let inner, let lo, let hi):
            let bounds = lo.isFinite || hi.isFinite
                ? " in [\(lo.isFinite ? s(lo) : "-∞"), \(hi.isFinite ? s(hi) + "]" : "∞)")" : ""
            return "rounded \(text(inner))\(bounds)"
        case .discrete(let values, let weights):
            var entries = zip(values, weights).prefix(maxDiscreteShown).map { "\(s($0.0)): \(s($0.1))" }
            if values.count > maxDiscreteShown { entries.append("… \(values.count) values") }
            return "discrete(\(entries.joined(separator: ", ")))"
        default:
            let list = parameters(d).map { "\($0.0)=\(s($0.1))" }.joined(separator: ", ")
            return "\(family(d))(\(list))"
        }
    }

    /// The p-quantile for `check`: every law has one (nil only for an empty discrete law).
    static func quantile(_ d: Distribution, _ p: Double) -> Double? {
        let q = d.quantile(p)
        return q.isNaN ? nil : q
    }
}
