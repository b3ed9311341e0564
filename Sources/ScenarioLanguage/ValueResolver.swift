#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FundingModel
import MonteCarlo

/// A value checked against its parameter's spec and turned into a law in base units.
struct ResolvedValue {
    var distribution: Distribution
    var eachYear: Bool
    /// `from 90% interval a to b` when the family was chosen by the domain.
    var familyNote: String?
    var unit: UnitSyntax?
}

/// Checks a written value (units, dimensions, domain, parameters of its law) and builds its
/// ``MonteCarlo/Distribution``. The first problem of a value is an error; suspicious but legal
/// values get warnings.
struct ValueResolver {
    let spec: ParameterSpec
    let quantity: Quantity
    var warnings: [(String, SourceRange, String?)] = []

    static func resolve(_ quantity: Quantity, _ spec: ParameterSpec, sink: inout DiagnosticSink) -> ResolvedValue? {
        var r = ValueResolver(spec: spec, quantity: quantity)
        do {
            let value = try r.resolve()
            for (m, range, hint) in r.warnings { sink.warning(m, at: range, hint: hint) }
            return value
        } catch {
            sink.report(error)
            return nil
        }
    }

    private var law: LawSyntax { quantity.law }
    private var clause: String { spec.clause }
    private var isYearChange: Bool { spec.dimension == .change(.years) }

    private mutating func resolve() throws(SyntaxError) -> ResolvedValue {
        var note: String?
        var distribution: Distribution
        switch law.law {
        case .constant(let t):
            let v = try base(t)
            try checkConstant(v, t)
            distribution = .constant(v)
        case .interval(let a, let b):
            let (d, n) = try interval(a, b)
            distribution = d
            note = n
        case .call(let name, let arguments):
            distribution = try call(name, arguments)
        }
        try checkUnit()
        return ResolvedValue(distribution: distribution, eachYear: quantity.eachYear != nil, familyNote: note, unit: quantity.unit)
    }

    // MARK: Units

    private func example(_ unit: String) -> String { "write `\(clause) \(law.text) \(unit)`" }

    private func checkUnit() throws(SyntaxError) {
        let written = quantity.unit
        switch spec.unit {
        case .none:
            if let u = written {
                throw SyntaxError(
                    "`\(clause)` takes no unit, found `\(u.text)`", at: u.range,
                    hint: "`\(clause)` is \(spec.what): write `\(clause) \(law.text)`")
            }
        case .per(let w):
            if case .per(w)? = written?.kind { return }
            if written == nil, w == "year", quantity.eachYear != nil { return }
            try unitProblem(written, expected: "per \(w)")
        case .sites:
            if written?.kind == .sites { return }
            try unitProblem(written, expected: "sites")
        case .years:
            if written?.kind == .years { return }
            try unitProblem(written, expected: law.text == "1" || law.text == "+1" || law.text == "-1" ? "year" : "years")
        case .budget:
            switch written?.kind {
            case .per("year")?, .over?: return
            case nil where quantity.eachYear != nil: return
            default:
                let hint = "write `budget \(law.text) per year` or `budget \(law.text) over 2026 to 2028`"
                if let u = written {
                    throw SyntaxError("expected `per year` or `over A to B` after the budget, found `\(u.text)`", at: u.range, hint: hint)
                }
                throw SyntaxError("missing unit: a budget is an amount per year or over years", at: law.range, hint: hint)
            }
        }
    }

    private func unitProblem(_ written: UnitSyntax?, expected: String) throws(SyntaxError) {
        let hint = "`\(clause)` is \(spec.what): \(example(expected))"
        guard let u = written else {
            throw SyntaxError("missing unit: `\(clause)` is \(spec.what)", at: law.range, hint: hint)
        }
        throw SyntaxError("expected \(spec.what), found `\(u.text)`", at: u.range, hint: hint)
    }

    // MARK: Numbers and their dimensions

    /// The term's value in base units, if its unit suits the parameter.
    private func base(_ t: Term) throws(SyntaxError) -> Double {
        let value: Double
        switch spec.dimension {
        case .money:
            guard case .money(let scale) = t.unit else {
                throw SyntaxError(
                    "expected an amount in euros, found `\(t.text)`", at: t.range,
                    hint: t.unit == .none ? "write the currency: `\(t.text)€` or `\(t.text)k€`" : nil)
            }
            value = t.number * scale
        case .fraction:
            switch t.unit {
            case .none: value = t.number
            case .percent: value = t.number / 100
            case .percentagePoints:
                throw SyntaxError(
                    "`\(t.text)` is a change in percentage points, not \(spec.what)", at: t.range,
                    hint: "write \(spec.what) as `0.45` or `45%`")
            case .money:
                throw SyntaxError("expected \(spec.what), found an amount in euros `\(t.text)`", at: t.range)
            }
        case .rate:
            switch t.unit {
            case .none: value = t.number
            case .percent: value = t.number / 100
            default: throw SyntaxError("expected \(spec.what), found `\(t.text)`", at: t.range, hint: "write a plain number such as `0.03`")
            }
        case .count, .number, .years:
            guard t.unit == .none else {
                throw SyntaxError("expected \(plainWhat), found `\(t.text)`", at: t.range, hint: "write a plain number")
            }
            value = t.number
        case .change(let kind):
            value = try change(t, kind)
        }
        guard value.isFinite, abs(value) < 1e300 else {
            throw SyntaxError("`\(t.text)` is too large", at: t.range)
        }
        return value
    }

    private var plainWhat: String {
        switch spec.dimension {
        case .count: return "a count"
        case .years: return "whole years"
        default: return spec.what
        }
    }

    private func change(_ t: Term, _ kind: EffectKind) throws(SyntaxError) -> Double {
        let digits = t.text.prefix { $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." || $0 == "_" }
        switch (kind, t.unit) {
        case (.percentagePoints, .percentagePoints): return t.number / 100
        case (.percent, .percent): return t.number / 100
        case (.years, .none): return t.number
        default: break
        }
        let unitName: String
        let fix: String
        switch kind {
        case .percentagePoints: unitName = "percentage points"; fix = "write `\(digits)pp`"
        case .percent: unitName = "percent"; fix = "write `\(digits)%`"
        case .years: unitName = "whole years"; fix = "write the change in whole years, such as `-1 year`"
        }
        if let (path, what) = spec.effectTarget {
            throw SyntaxError("an effect on `\(path)` (\(what)) is in \(unitName), found `\(t.text)`", at: t.range, hint: fix)
        }
        throw SyntaxError("`\(clause)` is a change in \(unitName), found `\(t.text)`", at: t.range, hint: fix)
    }

    /// A shape argument (beta's a and b, gamma's shape, lognormal's mu and sigma, poisson's lambda):
    /// a plain number.
    private func plain(_ t: Term, _ role: String) throws(SyntaxError) -> Double {
        guard t.unit == .none else {
            throw SyntaxError("\(role) is a plain number, found `\(t.text)`", at: t.range)
        }
        return t.number
    }

    // MARK: Constants

    private func checkConstant(_ v: Double, _ t: Term) throws(SyntaxError) {
        if let bound = spec.bound, bound.refuses(v) {
            throw SyntaxError(bound.message(t.text), at: t.range, hint: bound.hint)
        }
        switch spec.domain {
        case .probability:
            guard v >= 0, v <= 1 else {
                throw SyntaxError("probability out of range: `\(t.text)`", at: t.range, hint: "a probability must lie in [0, 1]")
            }
        case .share:
            guard v >= 0, v <= 1 else {
                throw SyntaxError("share out of range: `\(t.text)`", at: t.range, hint: "a share must lie in [0, 100%]")
            }
        case .positive:
            guard v >= 0 else {
                throw SyntaxError("`\(clause)` cannot be negative, found `\(t.text)`", at: t.range)
            }
        case .count:
            guard v >= 0, v == v.rounded() else {
                throw SyntaxError("a count must be a whole number ≥ 0, found `\(t.text)`", at: t.range)
            }
        case .wholeYears:
            try checkYears(v, t)
        case .signed:
            if isYearChange {
                try checkYears(v, t)
            } else if spec.dimension == .change(.percent), v < -1 {
                throw SyntaxError(
                    "a change of `\(t.text)` would make the value negative", at: t.range, hint: "a change in percent is at least -100%")
            }
        }
    }

    private func checkYears(_ v: Double, _ t: Term) throws(SyntaxError) {
        guard v == v.rounded() else {
            throw SyntaxError("`\(t.text)` is not a whole number of years", at: t.range, hint: "durations and delays are whole years")
        }
        let least = isYearChange ? -ParameterSpec.maxYears : spec.minimum
        guard v >= least else {
            throw SyntaxError(
                spec.minimum >= 1 ? "`\(clause)` is at least \(Int(spec.minimum)) year, found `\(t.text)`"
                    : "`\(clause)` cannot be negative, found `\(t.text)`", at: t.range)
        }
        guard abs(v) <= ParameterSpec.maxYears else {
            throw SyntaxError("`\(t.text)` years is too long", at: t.range, hint: "at most \(Int(ParameterSpec.maxYears)) years")
        }
    }

    // MARK: 90% intervals

    private var intervalFamily: IntervalFamily {
        if isYearChange { return .wholeYears }
        switch spec.domain {
        case .probability, .share: return .logitNormal
        case .positive: return .lognormal
        case .signed: return .normal
        case .wholeYears: return .wholeYears
        case .count: return .roundedLognormal
        }
    }

    private func interval(_ a: Term, _ b: Term) throws(SyntaxError) -> (Distribution, String) {
        let va = try base(a)
        let vb = try base(b)
        let range = a.range.through(b.range)
        guard va < vb else {
            throw SyntaxError(
                "`a to b` needs a < b, found `\(a.text) to \(b.text)`", at: range,
                hint: va == vb ? "write the constant `\(a.text)`" : "write the lower end first: `\(b.text) to \(a.text)`")
        }
        let family = intervalFamily
        switch family {
        case .logitNormal:
            guard va > 0, vb < 1 else {
                throw SyntaxError(
                    "a 90% interval on \(spec.what) is logit-normal and needs 0 < a < b < 1, found `\(a.text) to \(b.text)`",
                    at: range, hint: "for a range that reaches 0 or 1, write `uniform(\(a.text), \(b.text))` or `beta(…)`")
            }
        case .lognormal:
            guard va > 0 else {
                throw SyntaxError(
                    "a 90% interval on a positive quantity is lognormal and needs a > 0, found `\(a.text)`", at: a.range,
                    hint: "write `uniform(\(a.text), \(b.text))` for a flat range, or `normal(…)` for a quantity that can be negative")
            }
        case .roundedLognormal:
            guard va > 0 else {
                throw SyntaxError(
                    "a 90% interval on a count is a rounded lognormal and needs a > 0, found `\(a.text)`", at: a.range,
                    hint: "write `poisson(…)` or `uniform(\(a.text), \(b.text))`")
            }
        case .wholeYears:
            try checkYears(va, a)
            try checkYears(vb, b)
        case .normal:
            break
        }
        let distribution: Distribution
        do {
            distribution = try Distribution.interval90(va, vb, family: family)
        } catch {
            throw SyntaxError("cannot fit a 90% interval to `\(a.text) to \(b.text)`", at: range)
        }
        return (distribution, "from 90% interval \(NumberText.exact(va)) to \(NumberText.exact(vb))")
    }

    // MARK: Explicit distributions

    /// The arguments of a call, matched to the names `roles` (labels optional but checked).
    private func arguments(
        _ name: Located<String>, _ args: [CallArgument], _ roles: [String], aliases: [String: String] = [:]
    ) throws(SyntaxError) -> [Term] {
        let signature = "\(name.value)(\(roles.joined(separator: ", ")))"
        guard args.count == roles.count else {
            throw SyntaxError(
                "`\(name.value)` takes \(roles.count) argument\(roles.count == 1 ? "" : "s"), found \(args.count)",
                at: law.range, hint: "write `\(signature)`")
        }
        var terms: [Term] = []
        for (arg, role) in zip(args, roles) {
            if let key = arg.key {
                throw SyntaxError("unexpected `\(key.text):`", at: key.range, hint: "write `\(signature)`")
            }
            if let label = arg.label, label.value != role, aliases[label.value] != role {
                throw SyntaxError(
                    "expected the argument `\(role)`, found `\(label.value)`", at: label.range, hint: "write `\(signature)`")
            }
            terms.append(arg.value)
        }
        return terms
    }

    /// `NAME(arguments)`: a law written explicitly, checked against the value's spec.
    private mutating func call(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        switch name.value {
        case "normal": return wrap(try normalLaw(name, args), continuous: true)
        case "lognormal": return wrap(try lognormalLaw(name, args), continuous: true)
        case "beta": return wrap(try betaLaw(name, args), continuous: true)
        case "pert", "triangular": return wrap(try pertLaw(name, args), continuous: true)
        case "uniform": return wrap(try uniformLaw(name, args), continuous: true)
        case "gamma": return wrap(try gammaLaw(name, args), continuous: true)
        case "poisson": return wrap(try poissonLaw(name, args), continuous: false)
        case "discrete": return wrap(try discrete(name, args), continuous: false)
        default:
            let hint = Suggestions.hint(for: name.value, among: ValueSyntax.distributionNames)
                ?? "distributions: " + ValueSyntax.distributionNames.map { "`\($0)(…)`" }.joined(separator: ", ")
            throw SyntaxError("unknown distribution `\(name.value)`", at: name.range, hint: hint)
        }
    }

    /// `normal(mean, sd)`; warns when a positive value would often be negative.
    private mutating func normalLaw(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        let t = try arguments(name, args, ["mean", "sd"])
        let (mean, sd) = (try base(t[0]), try base(t[1]))
        try positive(sd, t[1], "the standard deviation")
        if spec.domain == .probability || spec.domain == .share {
            throw outside01(name, hint: "use `a to b` (logit-normal) or `beta(…)`")
        }
        if spec.domain == .positive {
            let below = StandardNormal.cdf(-mean / sd)
            if below > 0.001 {
                warnings.append((
                    "normal(…) draws a negative `\(clause)` \(NumberText.significant(below * 100, 2))% of the time",
                    law.range, "use `a to b` (a lognormal) or `gamma(…)` for a positive quantity"))
            }
        }
        return .normal(mean: mean, sd: sd)
    }

    /// `lognormal(mean: m, sd: s)` of the value, or `lognormal(mu: m, sigma: s)` of its log.
    private mutating func lognormalLaw(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        let d: Distribution
        let labels = args.compactMap { $0.label?.value }
        if labels.contains("mu") || labels.contains("sigma") {
            let t = try arguments(name, args, ["mu", "sigma"])
            let mu = try plain(t[0], "mu (the mean of the log)")
            let sigma = try plain(t[1], "sigma (the sd of the log)")
            try positive(sigma, t[1], "sigma")
            d = .lognormal(mu: mu, sigma: sigma)
        } else {
            guard labels.contains("mean") || labels.contains("sd") else {
                throw SyntaxError(
                    "`lognormal` needs labelled arguments", at: law.range,
                    hint: "write `lognormal(mean: m, sd: s)` (of the value itself) or `lognormal(mu: m, sigma: s)` (of its log)")
            }
            let t = try arguments(name, args, ["mean", "sd"])
            let (mean, sd) = (try base(t[0]), try base(t[1]))
            try positive(mean, t[0], "the mean of a lognormal")
            try positive(sd, t[1], "the standard deviation")
            let sigma2 = log1p((sd / mean) * (sd / mean))
            d = .lognormal(mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
        }
        try notOnFraction(name, "lognormal(…) can exceed 1")
        return d
    }

    /// `beta(a, b)`, for probabilities and shares only.
    private mutating func betaLaw(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        let t = try arguments(name, args, ["a", "b"], aliases: ["alpha": "a", "beta": "b"])
        let (a, b) = (try plain(t[0], "a"), try plain(t[1], "b"))
        try positive(a, t[0], "a")
        try positive(b, t[1], "b")
        guard spec.domain == .probability || spec.domain == .share else {
            throw SyntaxError(
                "beta(…) draws values in [0, 1]: it suits probabilities and shares, not \(spec.what)", at: name.range,
                hint: "use `pert(min, mode, max)` for a bounded quantity")
        }
        return .beta(alpha: a, beta: b)
    }

    /// `pert(min, mode, max)` and `triangular(min, mode, max)`.
    private mutating func pertLaw(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        let t = try arguments(name, args, ["min", "mode", "max"])
        let (lo, mode, hi) = (try base(t[0]), try base(t[1]), try base(t[2]))
        guard lo <= mode else {
            throw SyntaxError(
                "`\(name.value)` needs min ≤ mode ≤ max, found min \(t[0].text) above mode \(t[1].text)",
                at: t[0].range.through(t[1].range), hint: "write the arguments in the order min, mode, max")
        }
        guard mode <= hi else {
            throw SyntaxError(
                "`\(name.value)` needs min ≤ mode ≤ max, found mode \(t[1].text) above max \(t[2].text)",
                at: t[1].range.through(t[2].range), hint: "write the arguments in the order min, mode, max")
        }
        guard lo < hi else {
            throw SyntaxError("`\(name.value)` needs min < max", at: law.range, hint: "write the constant `\(t[0].text)`")
        }
        try bounded(lo, hi, name, t[0], t[2])
        return name.value == "pert" ? .pert(min: lo, mode: mode, max: hi) : .triangular(min: lo, mode: mode, max: hi)
    }

    /// `uniform(min, max)`.
    private mutating func uniformLaw(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        let t = try arguments(name, args, ["min", "max"])
        let (lo, hi) = (try base(t[0]), try base(t[1]))
        guard lo < hi else {
            throw SyntaxError(
                "`uniform` needs min < max, found `\(t[0].text)` and `\(t[1].text)`", at: t[0].range.through(t[1].range),
                hint: lo == hi ? "write the constant `\(t[0].text)`" : "write the lower end first")
        }
        try bounded(lo, hi, name, t[0], t[1])
        return .uniform(min: lo, max: hi)
    }

    /// `gamma(shape, scale)`.
    private mutating func gammaLaw(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        let t = try arguments(name, args, ["shape", "scale"])
        let shape = try plain(t[0], "the shape")
        let scale = try base(t[1])
        try positive(shape, t[0], "the shape")
        try positive(scale, t[1], "the scale")
        try notOnFraction(name, "gamma(…) can exceed 1")
        return .gamma(shape: shape, scale: scale)
    }

    /// `poisson(lambda)`, for whole numbers.
    private mutating func poissonLaw(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        let t = try arguments(name, args, ["lambda"])
        let lambda = try plain(t[0], "lambda (the mean count)")
        try positive(lambda, t[0], "lambda")
        guard lambda <= 1e6 else {
            throw SyntaxError(
                "poisson(…) with a mean above 1000000", at: t[0].range,
                hint: "for large counts write `a to b` (a rounded lognormal)")
        }
        guard spec.domain == .count || spec.domain == .wholeYears || isYearChange
            || (spec.domain == .positive && spec.dimension == .number) else {
            throw SyntaxError(
                "poisson(…) draws whole numbers: it suits counts and years, not \(spec.what)", at: name.range)
        }
        return .poisson(lambda: lambda)
    }

    /// Counts and whole years take whole values: continuous laws are rounded and clamped
    /// (paths.md); integer laws are kept, clamped only where the domain has a floor above 0.
    private func wrap(_ d: Distribution, continuous: Bool) -> Distribution {
        if isYearChange {
            return continuous ? .rounded(d, min: -.infinity, max: .infinity) : d
        }
        switch spec.domain {
        case .count:
            return continuous ? .rounded(d, min: 0, max: .infinity) : d
        case .wholeYears:
            if continuous { return .rounded(d, min: spec.minimum, max: .infinity) }
            if case .poisson = d, spec.minimum > 0 { return .rounded(d, min: spec.minimum, max: .infinity) }
            return d
        default:
            return d
        }
    }

    private func discrete(_ name: Located<String>, _ args: [CallArgument]) throws(SyntaxError) -> Distribution {
        guard !args.isEmpty else {
            throw SyntaxError("`discrete` needs at least one `value: probability` pair", at: law.range, hint: "write `discrete(1: 0.2, 2: 0.8)`")
        }
        var values: [Double] = []
        var weights: [Double] = []
        var sum = 0.0
        for arg in args {
            guard let key = arg.key else {
                throw SyntaxError(
                    "`discrete` takes `value: probability` pairs", at: arg.range, hint: "write `discrete(1: 0.2, 2: 0.8)`")
            }
            let v = try base(key)
            try checkConstant(v, key)
            let p: Double
            switch arg.value.unit {
            case .none: p = arg.value.number
            case .percent: p = arg.value.number / 100
            default: throw SyntaxError("expected a probability, found `\(arg.value.text)`", at: arg.value.range)
            }
            guard p >= 0, p <= 1 else {
                throw SyntaxError("probability out of range: `\(arg.value.text)`", at: arg.value.range, hint: "a probability must lie in [0, 1]")
            }
            values.append(v)
            weights.append(p)
            sum += p
        }
        guard abs(sum - 1) <= 1e-9 * Double(args.count) + 1e-12 else {
            throw SyntaxError(
                "the probabilities of `discrete` add up to \(NumberText.significant(sum, 6)), not 1", at: law.range,
                hint: "make the probabilities sum to 1")
        }
        return .discrete(values: values, weights: weights)
    }

    private func positive(_ v: Double, _ t: Term, _ role: String) throws(SyntaxError) {
        guard v > 0 else { throw SyntaxError("\(role) must be > 0, found `\(t.text)`", at: t.range) }
    }

    private func outside01(_ name: Located<String>, hint: String) -> SyntaxError {
        SyntaxError(
            "\(name.value)(…) can draw values outside [0, 1], but `\(clause)` is \(spec.what)", at: name.range,
            hint: hint)
    }

    private func notOnFraction(_ name: Located<String>, _ reason: String) throws(SyntaxError) {
        if spec.domain == .probability || spec.domain == .share {
            throw SyntaxError(
                "\(reason), but `\(clause)` is \(spec.what)", at: name.range, hint: "use `a to b` (logit-normal) or `beta(…)`")
        }
    }

    /// Bounded laws (uniform, pert, triangular) must stay in the domain.
    private func bounded(_ lo: Double, _ hi: Double, _ name: Located<String>, _ a: Term, _ b: Term) throws(SyntaxError) {
        switch spec.domain {
        case .probability, .share:
            guard lo >= 0 else {
                throw SyntaxError("\(spec.what.dropFirst(2)) out of range: `\(a.text)`", at: a.range, hint: fractionHint)
            }
            guard hi <= 1 else {
                throw SyntaxError("\(spec.what.dropFirst(2)) out of range: `\(b.text)`", at: b.range, hint: fractionHint)
            }
        case .positive, .count:
            guard lo >= 0 else { throw SyntaxError("`\(clause)` cannot be negative, found `\(a.text)`", at: a.range) }
        case .wholeYears:
            try checkYears(lo.rounded(), a)
            try checkYears(hi.rounded(), b)
        case .signed:
            if isYearChange {
                try checkYears(lo.rounded(), a)
                try checkYears(hi.rounded(), b)
            }
        }
    }

    private var fractionHint: String {
        spec.domain == .probability ? "a probability must lie in [0, 1]" : "a share must lie in [0, 100%]"
    }
}
