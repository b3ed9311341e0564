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
    /// Pathways written `via assessment` (where, and their `else`), checked once every line is read.
    var routes: [(pathway: String, via: SourceRange, orElse: Located<String>?)] = []
    /// Where the `assessment` clause is written.
    var assessmentAt: SourceRange?
    /// Some pathway line says `via assessment` (even one that failed).
    var mentionsVia = false

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
    static var all: [SustainabilityClauseRule] { [market, uses, adoption, assessment, pathway, opex, savings, exit, cap] }

    /// `market M sites [up to K solutions per site]`.
    static var market: SustainabilityClauseRule {
        let hint = "write `market 1_500 sites up to 3 solutions per site`"
        return SustainabilityClauseRule(
            keyword: "market",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: "market")
                guard r.cursor.accept("up") != nil else { return }
                try r.cursor.expect("to", hint: hint)
                let law = try r.cursor.law(after: "up to")
                r.line.values["up to"] = Quantity(law: law, unit: nil, eachYear: nil, range: law.range)
                for word in ["solutions", "per", "site"] { try r.cursor.expect(word, hint: hint) }
            },
            resolve: { r, line, d in
                guard let q = line.value else { return }
                d.model.market = r.add("market", q, ParameterSpec(
                    clause: "market", domain: .positive, unitLabel: "sites", dimension: .number, unit: .sites,
                    what: "a number of sites"))
                if let k = line.values["up to"] {
                    d.model.solutionsPerSite = r.add("market.solutions_per_site", k, ParameterSpec(
                        clause: "up to", domain: .positive, unitLabel: "solutions/site", dimension: .number, unit: .none,
                        what: "a number of solutions per site"))
                }
            },
            place: .summary,
            text: { s, u in
                ["market \(s[u.market].path)" + (u.solutionsPerSite.map { " up to \(s[$0].path) solutions per site" } ?? "")]
            },
            json: { s, u in [("market", s.pathJSON(u.market)), ("solutions_per_site", s.pathJSON(u.solutionsPerSite))] })
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

    /// `assessment capacity C per year duration D year(s)` (at most one; DESIGN §7.1).
    static var assessment: SustainabilityClauseRule {
        let hint = "write `assessment capacity 10 to 30 per year duration 1 year`"
        return SustainabilityClauseRule(
            keyword: "assessment",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                try r.cursor.expect("capacity", hint: hint)
                r.line.values["capacity"] = try r.cursor.quantity(after: "capacity")
                try r.cursor.expect("duration", hint: hint)
                r.line.values["duration"] = try r.cursor.quantity(after: "duration")
            },
            resolve: { r, line, d in
                guard let capacity = line.values["capacity"], let duration = line.values["duration"] else { return }
                d.assessmentAt = line.keyword.range
                d.model.assessment = Assessment(
                    capacity: r.add("assessment.capacity", capacity, ParameterSpec(
                        clause: "capacity", domain: .positive, unitLabel: "dossiers/year", dimension: .number,
                        unit: .per("year"), what: "a number of dossiers per year")),
                    duration: r.add("assessment.duration", duration, ParameterSpec.duration))
            },
            place: .lines,
            text: { s, u in
                u.assessment.map { ["assessment capacity \(s[$0.capacity].path) per year, duration \(s[$0.duration].path) years"] } ?? []
            },
            json: { s, u in
                [("assessment", u.assessment.map {
                    .object([("capacity", s.pathJSON($0.capacity)), ("duration", s.pathJSON($0.duration))])
                } ?? .null)]
            })
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

    /// `savings S per use for PAYER [cash C]` (one line per payer; cash default 100%, DESIGN §7.3).
    static var savings: SustainabilityClauseRule {
        let cashSpec = ParameterSpec(clause: "cash", domain: .share, unitLabel: "share", dimension: .fraction, unit: .none, what: "a share")
        return SustainabilityClauseRule(
            keyword: "savings", repeatable: true,
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: "savings")
                try r.cursor.expect("for", hint: "write `savings 5€ to 20€ per use for PAYER`")
                r.line.names["for"] = try r.cursor.name("a payer name after `for`")
                if r.cursor.accept("cash") != nil { r.line.values["cash"] = try r.cursor.quantity(after: "cash") }
            },
            resolve: { r, line, d in
                guard let q = line.value, let payer = line.names["for"] else { return }
                let fresh = d.claim("savings", payer) { first in
                    r.sink.error("savings for `\(payer.value)` are given twice (first on line \(first))", at: payer.range,
                                 hint: "one `savings` line per payer: add the amounts up in one line")
                }
                guard fresh else { return }
                let perUse = r.add("savings.\(payer.value)", q, ParameterSpec(
                    clause: "savings", domain: .positive, unitLabel: "€/use", dimension: .money, unit: .per("use"),
                    what: "an amount per use"))
                let path = "savings.\(payer.value).cash"
                let cash = line.values["cash"].map { r.add(path, $0, cashSpec) } ?? r.addDefault(path, 1, cashSpec, at: payer.range)
                d.model.savings.append(Savings(perUse: perUse, payer: payer.value, cash: cash))
            },
            place: .lines,
            text: { s, u in
                u.savings.map { sv in
                    "savings \(s[sv.perUse].path) per use for \(sv.payer)"
                        + (sv.cash.flatMap { s[$0].isDefault ? nil : ", cash \(s[$0].path)" } ?? "")
                }
            },
            json: { s, u in
                [("savings", .array(u.savings.map {
                    .object([("path", s.pathJSON($0.perUse)), ("payer", .string($0.payer)), ("cash", s.pathJSON($0.cash))])
                }))]
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
/// the resolved ``FundingModel/Pathway`` (called in table order, after those five): the options
/// of DESIGN §7 (`via`, `success`, `else`, `early`, `erosion`, `revised`) are such entries.
enum PathwayOptions {
    static var all: [PathwayOption] {
        [share, delay, tariff, quantity("licence"), payer, via, success, orElse, early, erosion, revised]
    }

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

// MARK: Options of DESIGN §7

extension PathwayOptions {
    static let viaExample = "write `via assessment success 30% to 60%`"

    static let successSpec = ParameterSpec(
        clause: "success", domain: .probability, unitLabel: "probability", dimension: .fraction, unit: .none,
        what: "a probability")
    static let erosionSpec = ParameterSpec(
        clause: "erosion", domain: .share, unitLabel: "share/year", dimension: .fraction, unit: .per("year"),
        what: "a share per year",
        bound: ConstantBound(
            refuses: { $0 < 0 || $0 >= 1 }, message: { "erosion out of range: `\($0)`" },
            hint: "erosion is the share of the price lost each year, in [0, 100%): 100% would leave no price"))
    static let revisedSpec = ParameterSpec(
        clause: "revised", domain: .signed, unitLabel: "%", dimension: .change(.percent), unit: .none,
        what: "a change in percent",
        bound: ConstantBound(
            refuses: { $0 <= -1 }, message: { "a revision of `\($0)` leaves no price" },
            hint: "a revision is a change in percent above -100%"))
    static let revisedAfterSpec = ParameterSpec(
        clause: "after", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years, what: "whole years",
        minimum: 1)
    static let earlyYearsSpec = ParameterSpec(
        clause: "for", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years, what: "whole years",
        minimum: 1)

    /// Errors when an option that needs `via assessment` is written without it; true when it is there.
    static func needsVia(_ r: inout Resolver, _ line: ClauseLine, _ word: String, at range: SourceRange) -> Bool {
        guard line.marks["via"] == nil else { return true }
        r.sink.error("`\(word)` needs `via assessment`", at: range, hint: "\(viaExample): `\(word)` belongs to an assessment")
        return false
    }

    /// Errors when a price option is written on the `none` pathway or on a pathway without a
    /// price; true when the pathway has a price to move.
    static func needsPrice(_ r: inout Resolver, _ p: Pathway, _ word: String, at range: SourceRange) -> Bool {
        if p.isCliff {
            r.sink.error(
                "the `none` pathway takes no \(word): it is the proof-of-concept cliff", at: range,
                hint: "`pathway none share S` means no economic model; name the pathway otherwise if someone pays")
            return false
        }
        guard p.price != .none else {
            r.sink.error(
                "`\(word)` moves a price, but pathway `\(p.name)` has no tariff or licence", at: range,
                hint: "add `tariff T per use` or `licence L per site-year`, or drop `\(word)`")
            return false
        }
        return true
    }

    /// `via assessment`: the pathway's share applies for it (DESIGN §7.1); its `success` and
    /// `else` are read here.
    static var via: PathwayOption {
        PathwayOption(
            keyword: "via",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                let via = r.cursor.previous?.range ?? r.cursor.here
                let word = try r.cursor.expect("assessment", hint: viaExample)
                r.line.marks["via"] = via.through(word.range)
            },
            resolve: { r, line, p in
                guard let via = line.marks["via"] else { return }
                if p.isCliff {
                    r.sink.error(
                        "the `none` pathway takes no `via assessment`: it is the proof-of-concept cliff", at: via,
                        hint: "`pathway none share S` means no economic model; name the pathway otherwise if someone pays")
                    return
                }
                guard let success = line.values["success"] else {
                    r.sink.error(
                        "`via assessment` needs `success P`", at: via,
                        hint: "add `success 30% to 60%`: the probability that the assessment grants access")
                    return
                }
                let orElse = line.names["else"].flatMap { $0.value == "none" ? nil : $0.value }
                p.assessment = AssessmentRoute(success: r.add("pathway.\(p.name).success", success, successSpec), orElse: orElse)
            },
            place: .summary,
            text: { s, p in
                p.assessment.map { a in ["via assessment success \(s[a.success].path)" + (a.orElse.map { " else \($0)" } ?? "")] } ?? []
            },
            json: { s, p in
                [("assessment", p.assessment.map { .object([("success", s.pathJSON($0.success)), ("else", .optional($0.orElse))]) } ?? .null)]
            })
    }

    /// `success P` (with `via assessment`, which resolves it).
    static var success: PathwayOption {
        PathwayOption(
            keyword: "success",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in r.line.values["success"] = try r.cursor.quantity(after: "success") },
            resolve: { r, line, _ in
                if let q = line.values["success"] { _ = needsVia(&r, line, "success", at: q.range) }
            },
            place: .hidden)
    }

    /// `else OTHER` (with `via assessment`, which resolves it; the target is checked once every
    /// pathway is read).
    static var orElse: PathwayOption {
        PathwayOption(
            keyword: "else",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in r.line.names["else"] = try r.cursor.name("a pathway name after `else`") },
            resolve: { r, line, _ in
                if let name = line.names["else"] { _ = needsVia(&r, line, "else", at: name.range) }
            },
            place: .hidden)
    }

    /// `early tariff T per use for K years` or `early licence L per site-year for K years`.
    static var early: PathwayOption {
        let hint = "write `early tariff 3€ per use for 1 year` or `early licence 10k€ per site-year for 2 years`"
        return PathwayOption(
            keyword: "early",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                guard let kind = r.cursor.accept("tariff") ?? r.cursor.accept("licence") else {
                    throw r.cursor.unexpected("`tariff` or `licence` after `early`", hint: hint)
                }
                r.line.names["early"] = Located(value: kind.text, range: kind.range)
                r.line.values["early"] = try r.cursor.quantity(after: kind.text)
                try r.cursor.expect("for", hint: hint)
                r.line.values["early_years"] = try r.cursor.quantity(after: "for")
            },
            resolve: { r, line, p in
                guard let kind = line.names["early"], let price = line.values["early"], let years = line.values["early_years"],
                      needsVia(&r, line, "early", at: kind.range), !p.isCliff else { return }
                if let delay = line.values["delay"] {
                    r.sink.error(
                        "a pathway with `early` takes no `delay`", at: delay.range,
                        hint: "early access starts at launch; the full price starts with the assessment's decision")
                    return
                }
                guard let payer = line.names["payer"] else {
                    r.sink.error(
                        "pathway `\(p.name)` has an early price but no `payer`", at: kind.range,
                        hint: "add `payer NAME`, e.g. `payer assurance_maladie`")
                    return
                }
                let base = "pathway.\(p.name)"
                let early = kind.value == "tariff"
                    ? Price.tariffPerUse(r.add("\(base).early_price", price, tariffSpec.named("early tariff")))
                    : Price.licencePerSiteYear(r.add("\(base).early_price", price, licenceSpec.named("early licence")))
                p.early = EarlyAccess(price: early, years: r.add("\(base).early_years", years, earlyYearsSpec))
                p.payer = p.payer ?? payer.value
            },
            place: .summary,
            text: { s, p in
                guard let e = p.early else { return [] }
                let years = "for \(s[e.years].path) years"
                switch e.price {
                case .tariffPerUse(let r): return ["early tariff \(s[r].path) per use \(years)"]
                case .licencePerSiteYear(let r): return ["early licence \(s[r].path) per site-year \(years)"]
                case .none: return []
                }
            },
            json: { s, p in
                guard let e = p.early else { return [("early", .null)] }
                let price: JSONText
                switch e.price {
                case .tariffPerUse(let r): price = .object([("per", .string("use")), ("path", s.pathJSON(r))])
                case .licencePerSiteYear(let r): price = .object([("per", .string("site-year")), ("path", s.pathJSON(r))])
                case .none: price = .null
                }
                return [("early", .object([("price", price), ("years", s.pathJSON(e.years))]))]
            })
    }

    /// `erosion R per year` (a share in [0, 1)).
    static var erosion: PathwayOption {
        PathwayOption(
            keyword: "erosion",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in r.line.values["erosion"] = try r.cursor.quantity(after: "erosion") },
            resolve: { r, line, p in
                guard let q = line.values["erosion"], needsPrice(&r, p, "erosion", at: q.range) else { return }
                let ref = r.add("pathway.\(p.name).erosion", q, erosionSpec)
                p.erosion = ref
            },
            place: .summary,
            text: { s, p in p.erosion.map { ["erosion \(s[$0].path) per year"] } ?? [] },
            json: { s, p in [("erosion", s.pathJSON(p.erosion))] })
    }

    /// `revised X after N years` (X a signed %, N whole years ≥ 1).
    static var revised: PathwayOption {
        PathwayOption(
            keyword: "revised",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.values["revised"] = try r.cursor.quantity(after: "revised")
                try r.cursor.expect("after", hint: "write `revised -30% after 2 years`")
                r.line.values["revised_after"] = try r.cursor.quantity(after: "after")
            },
            resolve: { r, line, p in
                guard let change = line.values["revised"], let after = line.values["revised_after"],
                      needsPrice(&r, p, "revised", at: change.range) else { return }
                let base = "pathway.\(p.name)"
                let ref = r.add("\(base).revised", change, revisedSpec)
                p.revision = PriceRevision(change: ref, after: r.add("\(base).revised_after", after, revisedAfterSpec))
            },
            place: .summary,
            text: { s, p in p.revision.map { ["revised \(s[$0.change].path) after \(s[$0.after].path) years"] } ?? [] },
            json: { s, p in
                [("revised", p.revision.map { .object([("change", s.pathJSON($0.change)), ("after", s.pathJSON($0.after))]) } ?? .null)]
            })
    }
}
