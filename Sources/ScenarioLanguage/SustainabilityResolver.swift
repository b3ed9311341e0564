import FundingModel
import MonteCarlo

extension Resolver {
    mutating func resolveSustainability(_ s: SustainabilitySyntax) {
        var market: ParameterRef?
        var uses: ParameterRef?
        var bass: (ParameterRef, ParameterRef)?
        var pathways: [Pathway] = []
        var pathwayLines: [String: Int] = [:]
        var rest: SourceRange?
        var shareRanges: [(parameter: Int, range: SourceRange)] = []
        var opexFixed: ParameterRef?
        var opexPerSite: ParameterRef?
        var savings: [Savings] = []
        var savingsLines: [String: Int] = [:]
        var exitAfter: ParameterRef?
        var caps: [(cap: Cap, range: SourceRange)] = []
        var capLines: [String: Int] = [:]

        for (keyword, clause) in s.clauses {
            switch clause {
            case .market(let q):
                market = add("market", q, .market)
            case .uses(let q):
                uses = add("uses", q, .uses)
            case .adoption(let p, let q):
                bass = (add("adoption.p", p, .bassP), add("adoption.q", q, .bassQ))
            case .pathway(let p):
                let name = p.name.value
                if let line = pathwayLines[name] {
                    sink.error("pathway `\(name)` is defined twice (first on line \(line))", at: p.name.range)
                    continue
                }
                pathwayLines[name] = p.name.range.line
                if let pathway = resolvePathway(p, rest: &rest, shareRanges: &shareRanges) { pathways.append(pathway) }
            case .opex(let first, let second):
                for q in [first, second].compactMap({ $0 }) {
                    if case .per("site-year")? = q.unit?.kind {
                        if opexPerSite != nil {
                            sink.error("`opex` gives two amounts per site-year", at: q.range, hint: "write `opex F per year + V per site-year`")
                        } else {
                            opexPerSite = add("opex.per_site", q, .opexPerSite)
                        }
                    } else if opexFixed != nil {
                        sink.error("`opex` gives two amounts per year", at: q.range, hint: "write `opex F per year + V per site-year`")
                    } else {
                        opexFixed = add("opex.fixed", q, .opexFixed)
                    }
                }
            case .savings(let q, let payer):
                if let line = savingsLines[payer.value] {
                    sink.error("savings for `\(payer.value)` are given twice (first on line \(line))", at: payer.range)
                    continue
                }
                savingsLines[payer.value] = payer.range.line
                savings.append(Savings(perUse: add("savings.\(payer.value)", q, .savings), payer: payer.value))
            case .exit(let q):
                exitAfter = add("exit.after", q, .exitAfter)
            case .cap(let payer, let amount, let policy):
                if let line = capLines[payer.value] {
                    sink.error("`\(payer.value)` has two caps (first on line \(line))", at: payer.range)
                    continue
                }
                capLines[payer.value] = payer.range.line
                caps.append((Cap(payer: payer.value, amount: add("cap.\(payer.value)", amount, .cap), policy: policy.value), payer.range))
            }
            _ = keyword
        }

        let pathwayPayers = Set(pathways.compactMap(\.payer))
        for (cap, range) in caps where !pathwayPayers.contains(cap.payer) {
            sink.warning(
                "`\(cap.payer)` pays for no pathway: this cap never binds", at: range,
                hint: "a cap covers the tariffs and licences its payer pays")
        }
        shareParameters = shareRanges.map(\.parameter)
        if let (total, tipping) = constantShareExcess(overrides: [:]) {
            let at = shareRanges.first { $0.parameter == tipping }?.range ?? s.keyword
            sink.error(
                "pathway shares add up to \(NumberText.percent(total)), more than 100%", at: at,
                hint: "lower the shares, or let one pathway take `share rest`")
        }

        func missing(_ what: String, _ hint: String) {
            if syntax.sustainabilityFailed { return }
            sink.error("`sustainability` needs `\(what)`", at: s.keyword, hint: hint)
        }
        if market == nil { missing("market", "add `market 1_500 sites`: the sites that could adopt") }
        if uses == nil { missing("uses", "add `uses 2_000 to 10_000 per site-year`") }
        if bass == nil { missing("adoption", "add `adoption bass p 0.01 to 0.04 q 0.30 to 0.60`") }
        if pathways.isEmpty && pathwayLines.isEmpty {
            missing("pathway", "add a line such as `pathway reimbursement share 30% tariff 5€ per use payer assurance_maladie`")
        }
        guard let market, let uses, let bass else { return }
        sustainability = Sustainability(
            market: market, uses: uses, bassP: bass.0, bassQ: bass.1, pathways: pathways, opexFixed: opexFixed,
            opexPerSite: opexPerSite, savings: savings, exitAfter: exitAfter, caps: caps.map(\.cap))
    }

    private mutating func resolvePathway(
        _ p: PathwaySyntax, rest: inout SourceRange?, shareRanges: inout [(parameter: Int, range: SourceRange)]
    ) -> Pathway? {
        let name = p.name.value
        let base = "pathway.\(name)"
        let cliff = name == "none"
        if cliff {
            let extra: [(String, SourceRange?)] = [
                ("tariff", p.tariff?.range), ("licence", p.licence?.range), ("payer", p.payer?.range), ("delay", p.delay?.range),
            ]
            for (what, range) in extra {
                if let range {
                    sink.error(
                        "the `none` pathway takes no \(what): it is the proof-of-concept cliff", at: range,
                        hint: "`pathway none share S` means no economic model; name the pathway otherwise if someone pays")
                }
            }
        }
        var share: ParameterRef?
        if let r = p.rest {
            if let first = rest {
                sink.error(
                    "only one pathway can take `share rest` (first on line \(first.line))", at: r,
                    hint: "give this pathway a share such as `share 20%`")
            }
            rest = rest ?? r
        } else if let q = p.share {
            share = add("\(base).share", q, .share)
            shareRanges.append((share!.index, q.range))
        } else {
            sink.error("pathway `\(name)` has no `share`", at: p.name.range, hint: "add `share 30%` or `share rest`")
            return nil
        }
        let delay = cliff ? nil : p.delay.map { add("\(base).delay", $0, .delay) }
        var price = Price.none
        if !cliff {
            if let t = p.tariff, let l = p.licence {
                sink.error(
                    "pathway `\(name)` has both a tariff and a licence", at: l.range, hint: "a pathway is paid per use or per site-year, not both")
                _ = t
            } else if let t = p.tariff {
                price = .tariffPerUse(add("\(base).tariff", t, .tariff))
            } else if let l = p.licence {
                price = .licencePerSiteYear(add("\(base).licence", l, .licence))
            }
            if price != .none, p.payer == nil {
                sink.error(
                    "pathway `\(name)` has a price but no `payer`", at: p.name.range,
                    hint: "add `payer NAME`, e.g. `payer assurance_maladie`")
            }
            if price == .none, let payer = p.payer {
                sink.warning(
                    "pathway `\(name)` has a payer but no tariff or licence: `\(payer.value)` pays nothing", at: payer.range)
            }
        }
        return Pathway(name: name, share: share, delay: delay, price: price, payer: cliff || price == .none ? nil : p.payer?.value)
    }

    /// The total of the constant pathway shares when it exceeds 100%, with the share that tips
    /// it over; `overrides` replaces laws (for mixes).
    func constantShareExcess(overrides: [Int: Distribution]) -> (Double, Int)? {
        var total = 0.0
        var tipping: Int?
        for k in shareParameters {
            guard case .constant(let v) = overrides[k] ?? parameters[k].distribution else { continue }
            total += v
            if tipping == nil, total > 1 + 1e-9 { tipping = k }
        }
        guard let tipping else { return nil }
        return (total, tipping)
    }
}
