import FundingModel

/// What the resolver fills while it reads the `sustainability` block.
struct SustainabilityDraft {
    /// The block being built; `market`, `uses` and the Bass coefficients hold ``unset`` until
    /// their clause is read (a block without them is an error and builds nothing).
    var model = Sustainability(market: unset, uses: unset, bassP: unset, bassQ: unset, pathways: [])
    /// The clause keywords written.
    var given: Set<String> = []
    /// Where each named line was first written, by "KEYWORD NAME" (`pathway paid`, `cap hospitals`):
    /// a second line for the same name is an error.
    var firstNamed: [String: SourceRange] = [:]
    /// The pathway that takes `share rest`.
    var rest: SourceRange?
    /// The constant-sum rule's share parameters, with their ranges.
    var shareRanges: [(parameter: Int, range: SourceRange)] = []

    static let unset = ParameterRef(-1)

    /// Records the line naming `name` for `keyword`; false (and an error from `duplicate`) when
    /// the name was already given.
    mutating func claim(_ keyword: String, _ name: Located<String>, duplicate: (Int) -> Void) -> Bool {
        if let first = firstNamed["\(keyword) \(name.value)"] {
            duplicate(first.line)
            return false
        }
        firstNamed["\(keyword) \(name.value)"] = name.range
        return true
    }
}

typealias SustainabilityClauseRule = ClauseRule<SustainabilityDraft, Sustainability>

/// The clauses of `sustainability` (DESIGN §2, §7), in the order hints and `check` list them.
/// Their keywords are also the reserved first segments of sustainability paths.
///
/// To add a clause, add one entry here (and its model value to ``FundingModel/Sustainability``);
/// pathway options are in ``PathwayOptions``.
enum SustainabilityClauses {
    static var all: [SustainabilityClauseRule] { [market, uses, adoption, pathway, opex, savings, exit, cap] }

    static var market: SustainabilityClauseRule {
        SustainabilityClauseRule(
            keyword: "market", grammar: Grammar.quantity,
            resolve: { r, line, d in
                guard let q = line.value else { return }
                d.model.market = r.add("market", q, ParameterSpec(
                    clause: "market", domain: .positive, unitLabel: "sites", dimension: .number, unit: .sites,
                    what: "a number of sites"))
            },
            place: .summary,
            text: { s, u in ["market \(s[u.market].path)"] },
            json: { s, u in [("market", s.pathJSON(u.market))] })
    }

    static var uses: SustainabilityClauseRule {
        SustainabilityClauseRule(
            keyword: "uses", grammar: Grammar.quantity,
            resolve: { r, line, d in
                guard let q = line.value else { return }
                d.model.uses = r.add("uses", q, ParameterSpec(
                    clause: "uses", domain: .positive, unitLabel: "uses/site-year", dimension: .number, unit: .per("site-year"),
                    what: "a number of uses per site-year"))
            },
            place: .summary,
            text: { s, u in ["uses \(s[u.uses].path)"] },
            json: { s, u in [("uses", s.pathJSON(u.uses))] })
    }

    /// `adoption bass p P q Q`.
    static var adoption: SustainabilityClauseRule {
        let example = "write `adoption bass p 0.01 to 0.04 q 0.30 to 0.60`"
        return SustainabilityClauseRule(
            keyword: "adoption",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                try r.cursor.expect("bass", hint: example)
                while let t = r.cursor.current {
                    guard t.isWord("p") || t.isWord("q"), r.line.values[t.text] == nil else { break }
                    r.cursor.index += 1
                    r.line.values[t.text] = try r.cursor.quantity(after: t.text)
                }
                if r.line.values["p"] == nil || r.line.values["q"] == nil || r.cursor.current != nil {
                    throw r.cursor.unexpected(r.line.values["p"] == nil ? "`p`" : "`q`", hint: example)
                }
            },
            resolve: { r, line, d in
                guard let p = line.values["p"], let q = line.values["q"] else { return }
                let spec = ParameterSpec(
                    clause: "p", domain: .positive, unitLabel: "1/year", dimension: .rate, unit: .none,
                    what: "a Bass coefficient per year")
                d.model.bassP = r.add("adoption.p", p, spec)
                d.model.bassQ = r.add("adoption.q", q, spec.named("q"))
            },
            place: .summary,
            text: { s, u in ["adoption bass p \(s[u.bassP].path), q \(s[u.bassQ].path)"] },
            json: { s, u in [("bass_p", s.pathJSON(u.bassP)), ("bass_q", s.pathJSON(u.bassQ))] })
    }

    /// `pathway NAME OPTIONS…` (repeatable; options in ``PathwayOptions``).
    static var pathway: SustainabilityClauseRule {
        SustainabilityClauseRule(
            keyword: "pathway", repeatable: true, grammar: PathwayOptions.grammar,
            resolve: { r, line, d in
                guard let name = line.names["name"] else { return }
                let fresh = d.claim("pathway", name) { first in
                    r.sink.error("pathway `\(name.value)` is defined twice (first on line \(first))", at: name.range)
                }
                if fresh, let p = r.resolvePathway(line, name, &d) { d.model.pathways.append(p) }
            },
            place: .lines,
            text: { s, u in
                ["pathways (\(u.pathways.count))"] + u.pathways.map { p in
                    "  \(p.name): " + PathwayOptions.all.flatMap { $0.text(s, p) }.joined(separator: ", ")
                }
            },
            json: { s, u in
                [("pathways", .array(u.pathways.map { p in
                    .object([("name", .string(p.name))] + PathwayOptions.all.flatMap { $0.json(s, p) } + [("cliff", .bool(p.isCliff))])
                }))]
            })
    }

    /// `opex F per year [+ V per site-year]`: which amount is fixed and which per site is told
    /// by the units, in either order.
    static var opex: SustainabilityClauseRule {
        let hint = "write `opex F per year + V per site-year`"
        return SustainabilityClauseRule(
            keyword: "opex",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: "opex")
                if r.cursor.current?.kind == .plus {
                    r.cursor.index += 1
                    r.line.values["+"] = try r.cursor.quantity(after: "+")
                }
            },
            resolve: { r, line, d in
                for q in [line.value, line.values["+"]].compactMap({ $0 }) {
                    if case .per("site-year")? = q.unit?.kind {
                        if d.model.opexPerSite != nil {
                            r.sink.error("`opex` gives two amounts per site-year", at: q.range, hint: hint)
                        } else {
                            d.model.opexPerSite = r.add("opex.per_site", q, ParameterSpec(
                                clause: "opex", domain: .positive, unitLabel: "€/site-year", dimension: .money,
                                unit: .per("site-year"), what: "an amount per site-year"))
                        }
                    } else if d.model.opexFixed != nil {
                        r.sink.error("`opex` gives two amounts per year", at: q.range, hint: hint)
                    } else {
                        d.model.opexFixed = r.add("opex.fixed", q, ParameterSpec(
                            clause: "opex", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
                            what: "an amount per year"))
                    }
                }
            },
            place: .lines,
            text: { s, u in
                let parts = [u.opexFixed.map { "\(s[$0].path) per year" }, u.opexPerSite.map { "\(s[$0].path) per site-year" }]
                    .compactMap { $0 }
                return parts.isEmpty ? [] : ["opex " + parts.joined(separator: " + ")]
            },
            json: { s, u in [("opex_fixed", s.pathJSON(u.opexFixed)), ("opex_per_site", s.pathJSON(u.opexPerSite))] })
    }

    /// `savings S per use for PAYER` (one line per payer).
    static var savings: SustainabilityClauseRule {
        SustainabilityClauseRule(
            keyword: "savings", repeatable: true,
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: "savings")
                try r.cursor.expect("for", hint: "write `savings 5€ to 20€ per use for PAYER`")
                r.line.names["for"] = try r.cursor.name("a payer name after `for`")
            },
            resolve: { r, line, d in
                guard let q = line.value, let payer = line.names["for"] else { return }
                let fresh = d.claim("savings", payer) { first in
                    r.sink.error("savings for `\(payer.value)` are given twice (first on line \(first))", at: payer.range)
                }
                guard fresh else { return }
                let perUse = r.add("savings.\(payer.value)", q, ParameterSpec(
                    clause: "savings", domain: .positive, unitLabel: "€/use", dimension: .money, unit: .per("use"),
                    what: "an amount per use"))
                d.model.savings.append(Savings(perUse: perUse, payer: payer.value))
            },
            place: .lines,
            text: { s, u in u.savings.map { "savings \(s[$0.perUse].path) per use for \($0.payer)" } },
            json: { s, u in
                [("savings", .array(u.savings.map { .object([("path", s.pathJSON($0.perUse)), ("payer", .string($0.payer))]) }))]
            })
    }

    /// `exit after K years below breakeven`.
    static var exit: SustainabilityClauseRule {
        let hint = "write `exit after 2 years below breakeven`"
        return SustainabilityClauseRule(
            keyword: "exit",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                try r.cursor.expect("after", hint: hint)
                r.line.value = try r.cursor.quantity(after: "after")
                try r.cursor.expect("below", hint: hint)
                try r.cursor.expect("breakeven", hint: hint)
            },
            resolve: { r, line, d in
                guard let q = line.value else { return }
                d.model.exitAfter = r.add("exit.after", q, ParameterSpec(
                    clause: "exit after", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years,
                    what: "whole years", minimum: 1))
            },
            place: .lines,
            text: { s, u in u.exitAfter.map { ["exit after \(s[$0].path) years below breakeven"] } ?? [] },
            json: { s, u in [("exit_after", s.pathJSON(u.exitAfter))] })
    }

    /// `cap PAYER X per year policy P` (one per payer).
    static var cap: SustainabilityClauseRule {
        SustainabilityClauseRule(
            keyword: "cap", repeatable: true,
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                let payer = try r.cursor.name("a payer name after `cap`")
                r.line.names["payer"] = payer
                r.line.value = try r.cursor.quantity(after: payer.value)
                try r.cursor.expect("policy", hint: "write `cap \(payer.value) 30M€ per year policy price_volume`")
                r.line.policy = try r.cursor.capPolicy()
            },
            resolve: { r, line, d in
                guard let payer = line.names["payer"], let amount = line.value, let policy = line.policy else { return }
                let fresh = d.claim("cap", payer) { first in
                    r.sink.error("`\(payer.value)` has two caps (first on line \(first))", at: payer.range)
                }
                guard fresh else { return }
                let ref = r.add("cap.\(payer.value)", amount, ParameterSpec(
                    clause: "cap", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
                    what: "an amount per year"))
                d.model.caps.append(Cap(payer: payer.value, amount: ref, policy: policy.value))
            },
            place: .lines,
            text: { s, u in u.caps.map { "cap \($0.payer): \(s[$0.amount].path) per year, policy \($0.policy.rawValue)" } },
            json: { s, u in
                [("caps", .array(u.caps.map {
                    .object([("payer", .string($0.payer)), ("path", s.pathJSON($0.amount)), ("policy", .string($0.policy.rawValue))])
                }))]
            })
    }
}

/// An option of a `pathway` line; its `resolve` sets its value on the resolved pathway.
typealias PathwayOption = ClauseRule<Pathway, Pathway>

/// The options of a `pathway` line, in the order `check` lists them.
///
/// `share`, `delay`, `tariff`, `licence` and `payer` depend on each other (the `none` cliff, one
/// price, a payer for a price): ``Resolver/resolvePathway(_:_:_:)`` resolves them together and
/// their `resolve` does nothing. A new option adds one entry whose `resolve` sets its value on
/// the resolved ``FundingModel/Pathway`` (called in table order, after those five).
enum PathwayOptions {
    static var all: [PathwayOption] { [share, delay, tariff, quantity("licence"), payer] }

    /// `pathway NAME` then options, each at most once, in any order.
    static var grammar: ClauseGrammar {
        { (r: inout ClauseReader) throws(SyntaxError) in
            r.line.names["name"] = try r.cursor.name("a pathway name after `pathway`")
            let options = all
            let words = options.map(\.keyword)
            var given: Set<String> = []
            while let t = r.cursor.current {
                guard t.kind == .word, let option = options.first(where: { $0.keyword == t.text }) else {
                    let hint = t.kind == .word ? Suggestions.hint(for: t.text, among: words + ["license"]) : nil
                    throw SyntaxError(
                        "expected \(quotedAlternatives(words)), found \(t.quoted)", at: t.range,
                        hint: hint.map { $0 == "did you mean `license`?" ? "did you mean `licence`?" : $0 })
                }
                guard given.insert(t.text).inserted else {
                    throw SyntaxError("`\(t.text)` is given twice for this pathway", at: t.range)
                }
                r.cursor.index += 1
                try option.grammar(&r)
            }
        }
    }

    // The units of the five core options.
    static let shareSpec = ParameterSpec(
        clause: "share", domain: .share, unitLabel: "share", dimension: .fraction, unit: .none, what: "a share")
    static let delaySpec = ParameterSpec(
        clause: "delay", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years, what: "whole years")
    static let tariffSpec = ParameterSpec(
        clause: "tariff", domain: .positive, unitLabel: "€/use", dimension: .money, unit: .per("use"), what: "an amount per use")
    static let licenceSpec = ParameterSpec(
        clause: "licence", domain: .positive, unitLabel: "€/site-year", dimension: .money, unit: .per("site-year"),
        what: "an amount per site-year")

    /// An option whose value is read into ``ClauseLine/values`` under its keyword; resolved by
    /// ``Resolver/resolvePathway(_:_:_:)`` and not shown on its own (`licence` is shown as the price).
    static func quantity(_ keyword: String) -> PathwayOption {
        PathwayOption(
            keyword: keyword,
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in r.line.values[keyword] = try r.cursor.quantity(after: keyword) },
            resolve: { _, _, _ in }, place: .hidden)
    }

    /// `delay D years`.
    static var delay: PathwayOption {
        var option = quantity("delay")
        option.place = .summary
        option.text = { s, p in p.delay.map { ["delay \(s[$0].path)"] } ?? [] }
        option.json = { s, p in [("delay", s.pathJSON(p.delay))] }
        return option
    }

    /// `share S` or `share rest`.
    static var share: PathwayOption {
        PathwayOption(
            keyword: "share",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                if let rest = r.cursor.accept("rest") {
                    r.line.marks["rest"] = rest.range
                } else {
                    r.line.values["share"] = try r.cursor.quantity(after: "share")
                }
            },
            resolve: { _, _, _ in }, place: .summary,
            text: { s, p in ["share " + (p.share.map { s[$0].path } ?? "rest")] },
            json: { s, p in [("share", s.pathJSON(p.share)), ("rest", .bool(p.isRest))] })
    }

    /// `tariff T per use` (and, shown with it, `licence L per site-year`): the pathway's price.
    static var tariff: PathwayOption {
        var option = quantity("tariff")
        option.place = .summary
        option.text = { s, p in
            switch p.price {
            case .tariffPerUse(let r): return ["tariff \(s[r].path) per use"]
            case .licencePerSiteYear(let r): return ["licence \(s[r].path) per site-year"]
            case .none: return [p.isCliff ? "proof-of-concept cliff" : "no price"]
            }
        }
        option.json = { s, p in
            switch p.price {
            case .tariffPerUse(let r): return [("price", .object([("per", .string("use")), ("path", s.pathJSON(r))]))]
            case .licencePerSiteYear(let r): return [("price", .object([("per", .string("site-year")), ("path", s.pathJSON(r))]))]
            case .none: return [("price", .null)]
            }
        }
        return option
    }

    /// `payer NAME`.
    static var payer: PathwayOption {
        PathwayOption(
            keyword: "payer",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in r.line.names["payer"] = try r.cursor.name("a payer name after `payer`") },
            resolve: { _, _, _ in }, place: .summary,
            text: { _, p in p.payer.map { ["payer \($0)"] } ?? [] },
            json: { _, p in [("payer", .optional(p.payer))] })
    }
}
