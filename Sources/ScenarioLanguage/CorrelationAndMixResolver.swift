import FundingModel
import MonteCarlo

extension Resolver {
    /// Laws whose rank correlation can fall short of the copula's (DESIGN §3.1).
    static func isRoundedOrDiscrete(_ d: Distribution) -> Bool {
        switch d {
        case .rounded, .wholeUniform, .poisson, .discrete: return true
        default: return false
        }
    }

    // MARK: correlate

    mutating func resolveCorrelations() -> [Correlation] {
        var result: [Correlation] = []
        var lines: [Int] = []  // correlate line of each result, for the PSD check
        var syntaxOf: [CorrelateSyntax] = []
        var pairs: [Set<Int>: Int] = [:]
        for c in syntax.correlations {
            var refs: [Int] = []
            for path in [c.first, c.second] {
                guard let k = index[path.value] else {
                    if alreadyReported(path.value) { continue }
                    sink.error("unknown parameter `\(path.value)` in `correlate`", at: path.range, hint: unknownPathHint(path.value))
                    continue
                }
                if parameters[k].eachYear {
                    sink.error(
                        "`\(path.value)` is drawn each year: only values drawn once per trial can be correlated", at: path.range,
                        hint: "drop `each year` from `\(path.value)`, or this correlation")
                    continue
                }
                refs.append(k)
            }
            let rho = c.rho
            guard rho.unit == .none else {
                sink.error("a correlation is a plain number in [-1, 1], found `\(rho.text)`", at: rho.range)
                continue
            }
            guard rho.number >= -1, rho.number <= 1 else {
                sink.error("correlation out of range: `\(rho.text)`", at: rho.range, hint: "a rank correlation lies in [-1, 1]")
                continue
            }
            guard refs.count == 2 else { continue }
            guard refs[0] != refs[1] else {
                sink.error("`\(c.first.value)` is correlated with itself", at: c.first.range.through(c.second.range))
                continue
            }
            if let line = pairs[Set(refs)] {
                sink.error(
                    "`\(c.first.value)` and `\(c.second.value)` are already correlated (line \(line))",
                    at: c.first.range.through(c.second.range))
                continue
            }
            pairs[Set(refs)] = c.keyword.line
            for (k, path) in zip(refs, [c.first, c.second]) {
                let d = parameters[k].distribution
                if d.isConstant {
                    sink.warning("`\(path.value)` is a constant: this correlation has no effect", at: path.range)
                } else if Self.isRoundedOrDiscrete(d) {
                    sink.warning(
                        "`\(path.value)` takes whole or discrete values: the rank correlation achieved can be lower than \(rho.text)",
                        at: path.range, hint: "correlations act on the latent normals, before rounding")
                }
            }
            result.append(Correlation(first: ParameterRef(refs[0]), second: ParameterRef(refs[1]), spearman: rho.number))
            lines.append(c.keyword.line)
            syntaxOf.append(c)
        }
        checkPositiveSemiDefinite(result, syntaxOf)
        return result
    }

    /// Reports a set of correlations that no Gaussian copula can reach, on every `correlate` line
    /// of the pairs MonteCarlo names.
    private mutating func checkPositiveSemiDefinite(_ correlations: [Correlation], _ lines: [CorrelateSyntax]) {
        guard !correlations.isEmpty else { return }
        // Only the correlated values matter: number them 0..<k.
        var dense: [Int: Int] = [:]
        for c in correlations {
            for r in [c.first.index, c.second.index] where dense[r] == nil { dense[r] = dense.count }
        }
        let rank = correlations.map {
            RankCorrelation(first: dense[$0.first.index]!, second: dense[$0.second.index]!, spearman: $0.spearman)
        }
        guard let error = GaussianCopula.check(dimension: dense.count, correlations: rank) else { return }
        let involved: [RankCorrelation]
        switch error {
        case .notPositiveSemiDefinite(let pairs): involved = pairs
        case .invalid(let pair): involved = [pair]
        }
        let names = involved.map { pair -> String in
            let k = rank.firstIndex { Set([$0.first, $0.second]) == Set([pair.first, pair.second]) }
            return k.map { "`\(lines[$0].first.value)`–`\(lines[$0].second.value)`" } ?? "?"
        }
        let list = names.joined(separator: ", ")
        var reported = false
        for pair in involved {
            guard let k = rank.firstIndex(where: { Set([$0.first, $0.second]) == Set([pair.first, pair.second]) }) else { continue }
            let c = lines[k]
            sink.error(
                "these correlations cannot hold together (not positive semi-definite): \(list)",
                at: c.first.range.through(c.rho.range), hint: "weaken some of them, or remove one")
            reported = true
        }
        if !reported, let c = lines.first {
            sink.error(
                "the correlations cannot hold together (not positive semi-definite)", at: c.keyword,
                hint: "weaken some of them, or remove one")
        }
    }

    // MARK: mix

    mutating func resolveMixes(correlated: Set<Int>) -> [Mix] {
        var result: [Mix] = []
        var mixLines: [String: Int] = [:]
        for m in syntax.mixes {
            let name = m.name.value
            if name == Scenario.baselineName {
                sink.error("`baseline` is the name of the scenario without a mix", at: m.name.range, hint: "choose another name")
            } else if let line = mixLines[name] {
                sink.error("mix \"\(name)\" is defined twice (first on line \(line))", at: m.name.range)
            }
            mixLines[name] = mixLines[name] ?? m.keyword.line
            if m.items.isEmpty && !m.failed {
                sink.warning("mix \"\(name)\" changes nothing", at: m.name.range, hint: "add indented lines `PATH VALUE` or `without ID`")
            }
            result.append(resolveMix(m, correlated: correlated))
        }
        return result
    }

    /// What a mix's lines have set so far (each may be set once).
    private struct MixDraft {
        var mix: Mix
        var overridden: [Int: SourceRange] = [:]
        var laws: [Int: Distribution] = [:]
        var dropped: [String: SourceRange] = [:]
        var policies: Set<String> = []
    }

    /// One mix: its lines, then the rules across them.
    private mutating func resolveMix(_ m: MixSyntax, correlated: Set<Int>) -> Mix {
        var draft = MixDraft(mix: Mix(name: m.name.value))
        for item in m.items {
            switch item {
            case .capPolicy(let payer, let policy): changeCapPolicy(payer, policy, &draft)
            case .without(let id): drop(id, &draft)
            case .override(let path, let q): override(path, q, correlated: correlated, &draft)
            }
        }
        // Overrides of a dropped instrument's values change nothing (warned in source order).
        for (k, range) in draft.overridden.sorted(by: { ($0.value.line, $0.value.column) < ($1.value.line, $1.value.column) }) {
            let root = String(parameters[k].path.prefix { $0 != "." })
            if draft.dropped[root] != nil {
                sink.warning("mix drops `\(root)`, so overriding `\(parameters[k].path)` has no effect", at: range)
            }
        }
        if let (total, _) = constantShareExcess(overrides: draft.laws) {
            sink.error(
                "in mix \"\(m.name.value)\", pathway shares add up to \(NumberText.percent(total)), more than 100%", at: m.name.range,
                hint: "lower the shares, or let one pathway take `share rest`")
        }
        return draft.mix
    }

    /// `cap PAYER policy P`: an existing cap under another policy.
    private mutating func changeCapPolicy(_ payer: Located<String>, _ policy: Located<CapPolicy>, _ draft: inout MixDraft) {
        let capped = sustainability?.caps.map(\.payer) ?? []
        guard capped.contains(payer.value) else {
            sink.error(
                "no cap on `\(payer.value)` to change", at: payer.range,
                hint: Suggestions.hint(for: payer.value, among: capped)
                    ?? (capped.isEmpty ? "the scenario has no `cap`" : "capped payers: \(capped.map { "`\($0)`" }.joined(separator: ", "))"))
            return
        }
        guard draft.policies.insert(payer.value).inserted else {
            sink.error("the policy of `\(payer.value)`'s cap is changed twice in this mix", at: payer.range)
            return
        }
        draft.mix.capPolicies.append(Mix.CapPolicyChange(payer: payer.value, policy: policy.value))
    }

    /// `without ID`.
    private mutating func drop(_ id: Located<String>, _ draft: inout MixDraft) {
        guard instrumentIndex[id.value] != nil else {
            if brokenNames.contains(id.value) { return }
            sink.error(
                "unknown instrument `\(id.value)` in `without`", at: id.range,
                hint: Suggestions.hint(for: id.value, among: instruments.map(\.id)))
            return
        }
        if draft.dropped[id.value] != nil {
            sink.error("`without \(id.value)` is given twice in this mix", at: id.range)
            return
        }
        draft.dropped[id.value] = id.range
        draft.mix.without.append(id.value)
    }

    /// `PATH VALUE`: checked by the spec of the clause that defined the parameter.
    private mutating func override(_ path: Located<String>, _ q: Quantity, correlated: Set<Int>, _ draft: inout MixDraft) {
        guard let k = index[path.value] else {
            if alreadyReported(path.value) { return }
            sink.error("unknown parameter `\(path.value)` in mix", at: path.range, hint: unknownPathHint(path.value))
            return
        }
        if let first = draft.overridden[k] {
            sink.error("`\(path.value)` is overridden twice in this mix (first on line \(first.line))", at: path.range)
            return
        }
        draft.overridden[k] = path.range
        let spec = specs[k].named(path.value)
        guard let value = ValueResolver.resolve(q, spec, sink: &sink) else { return }
        if let over = spec.over, case .over(let r)? = value.unit?.kind, let unit = value.unit, r != over {
            sink.error(
                "a mix cannot move the years of a budget (\(over.lowerBound) to \(over.upperBound))", at: unit.range,
                hint: "write `\(path.value) X over \(over.lowerBound) to \(over.upperBound)`")
            return
        }
        if value.eachYear, correlated.contains(k) {
            sink.error(
                "`\(path.value)` is correlated: it cannot be drawn each year", at: q.eachYear ?? q.range,
                hint: "only values drawn once per trial can be correlated")
            return
        }
        draft.laws[k] = value.distribution
        draft.mix.overrides.append(Mix.Override(parameter: ParameterRef(k), distribution: value.distribution, eachYear: value.eachYear))
    }
}
