import FundingModel

/// What the resolver fills while it reads an instrument's clauses.
struct InstrumentDraft {
    let id: String
    /// The instrument being built: a feeder already has its ``FundingModel/Feeder`` (entry stage
    /// set once `enter` is resolved); `years` is set last (DESIGN §3.1).
    var instrument: Instrument
    var years: Located<ClosedRange<Int>>?
    /// The years of `budget … over A to B`.
    var over: Located<ClosedRange<Int>>?
    var enter: Located<String>?
    /// Effects whose target is resolved once every parameter exists.
    var effects: [(target: Located<String>, change: Quantity, parameter: Int)] = []

    /// The path of one of the instrument's values: `calls.grant`.
    func path(_ suffix: String) -> String { "\(id).\(suffix)" }
}

extension Instrument {
    /// A feeder's values, for clause key paths: an empty feeder when read on an enabler; writes
    /// are kept only where a feeder exists (the parser refuses feeder clauses elsewhere).
    var feederValues: Feeder {
        get { feeder ?? Feeder(entryStage: 0) }
        set { if feeder != nil { feeder = newValue } }
    }
}

typealias InstrumentClauseRule = ClauseRule<InstrumentDraft, Instrument>

/// The clauses of instruments (DESIGN §2), in the order hints and `check` list them.
///
/// To add a clause, add one entry here (and its model value to ``FundingModel/Instrument``): a
/// plain value is one ``value(_:kinds:field:place:spec:)`` line.
enum InstrumentClauses {
    static let feeders: [InstrumentKind] = [.researchCall, .experimentationCall, .challenge]
    static let enablers: [InstrumentKind] = [.openDatabase, .stateInvestment, .openTools, .directGrant]

    static var all: [InstrumentClauseRule] {
        [
            InstrumentClauseRule(
                keyword: "years", kinds: InstrumentKind.allCases, grammar: Grammar.yearRange,
                resolve: { _, line, d in d.years = line.years }, place: .hidden),
            headcount("projects", kinds: [.researchCall, .experimentationCall], place: .summary, spec: ParameterSpec(
                clause: "projects", domain: .count, unitLabel: "projects/year", dimension: .count, unit: .per("year"),
                what: "a number of projects per year")),
            value("grant", kinds: [.researchCall], field: \.feederValues.grant, place: .summary, spec: ParameterSpec(
                clause: "grant", domain: .positive, unitLabel: "€/project", dimension: .money, unit: .per("project"),
                what: "an amount per project")),
            value("cofunding", kinds: [.experimentationCall], field: \.feederValues.cofunding, place: .summary, spec: ParameterSpec(
                clause: "cofunding", domain: .share, unitLabel: "share", dimension: .fraction, unit: .none, what: "a share")),
            collaborative,
            value("prize", kinds: [.challenge], field: \.feederValues.prize, place: .summary, spec: ParameterSpec(
                clause: "prize", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
                what: "an amount per year")),
            value("organisation", kinds: [.challenge], field: \.organisation, place: .lines, spec: ParameterSpec(
                clause: "organisation", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
                what: "an amount per year")),
            participants,
            // Winners are a challenge's projects (`Feeder.projects`): `projects` reports them.
            headcount("winners", kinds: [.challenge], place: .hidden, spec: ParameterSpec(
                clause: "winners", domain: .count, unitLabel: "winners/year", dimension: .count, unit: .per("year"),
                what: "a number of winners per year")),
            annotations,
            budget,
            InstrumentClauseRule(
                keyword: "enter", kinds: feeders, grammar: Grammar.name("a stage name after `enter`"),
                resolve: { _, line, d in d.enter = line.names["enter"] }, place: .hidden),
            effect,
            elasticity,
            ramp,
            decay,
            InstrumentClauseRule(
                keyword: "payer", kinds: InstrumentKind.allCases, grammar: Grammar.name("a payer name after `payer`"),
                resolve: { _, line, d in if let p = line.names["payer"] { d.instrument.payer = p.value } }, place: .hidden),
        ]
    }

    /// `KEYWORD VALUE`: one parameter `ID.KEYWORD` stored at `field`, shown as `KEYWORD PATH`.
    /// With a `default`, the parameter exists (a constant) when the clause is not written.
    static func value(
        _ keyword: String, kinds: [InstrumentKind], field: WritableKeyPath<Instrument, ParameterRef?>, place: ReportPlace,
        spec: ParameterSpec, default: Double? = nil
    ) -> InstrumentClauseRule {
        var rule = InstrumentClauseRule(
            keyword: keyword, kinds: kinds, grammar: Grammar.quantity,
            resolve: { r, line, d in
                guard let q = line.value else { return }
                d.instrument[keyPath: field] = r.add(d.path(keyword), q, spec)
            },
            place: place,
            text: { s, i in i[keyPath: field].map { ["\(keyword) \(s[$0].path)"] } ?? [] },
            json: { s, i in [(keyword, s.pathJSON(i[keyPath: field]))] })
        if let value = `default` {
            rule.absent = { r, d, header in d.instrument[keyPath: field] = r.addDefault(d.path(keyword), value, spec, at: header) }
        }
        return rule
    }

    /// `projects N per year [enter STAGE]` and `winners …`: the feeder's projects.
    static func headcount(_ keyword: String, kinds: [InstrumentKind], place: ReportPlace, spec: ParameterSpec) -> InstrumentClauseRule {
        InstrumentClauseRule(
            keyword: keyword, kinds: kinds,
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: r.keyword)
                if let e = r.cursor.accept("enter") {
                    try r.once(e)
                    r.line.names["enter"] = try r.cursor.name("a stage name after `enter`")
                }
            },
            resolve: { r, line, d in
                guard let q = line.value else { return }
                d.instrument.feederValues.projects = r.add(d.path(keyword), q, spec)
                if let e = line.names["enter"] { d.enter = e }
            },
            place: place,
            text: { s, i in
                i.feeder?.projects.map { ["\(i.kind == .challenge ? "winners" : "projects") \(s[$0].path)"] } ?? []
            },
            json: { s, i in [("projects", s.pathJSON(i.feeder?.projects))] })
    }

    /// `collaborative S% [success ±Npp] [cost ±N%]`.
    static var collaborative: InstrumentClauseRule {
        InstrumentClauseRule(
            keyword: "collaborative", kinds: [.experimentationCall],
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: "collaborative")
                while let t = r.cursor.current {
                    guard t.isWord("success") || t.isWord("cost"), r.line.values[t.text] == nil else {
                        let hint = t.kind == .word ? Suggestions.hint(for: t.text, among: ["success", "cost"]) : nil
                        throw SyntaxError(
                            "expected `success` or `cost`, found \(t.quoted)", at: t.range,
                            hint: hint ?? "write `collaborative 30% success +10pp cost +20%`")
                    }
                    r.cursor.index += 1
                    r.line.values[t.text] = try r.cursor.quantity(after: t.text)
                }
            },
            resolve: { r, line, d in
                guard let share = line.value else { return }
                let successSpec = ParameterSpec(
                    clause: "success", domain: .signed, unitLabel: "pp", dimension: .change(.percentagePoints), unit: .none,
                    what: "a change in percentage points")
                let costSpec = ParameterSpec(
                    clause: "cost", domain: .signed, unitLabel: "%", dimension: .change(.percent), unit: .none,
                    what: "a change in percent")
                d.instrument.feederValues.collaborative = Collaborative(
                    share: r.add(d.path("collaborative"), share, ParameterSpec(
                        clause: "collaborative", domain: .share, unitLabel: "share", dimension: .fraction, unit: .none,
                        what: "a share")),
                    successShift: line.values["success"].map { r.add(d.path("collaborative.success"), $0, successSpec) },
                    costChange: line.values["cost"].map { r.add(d.path("collaborative.cost"), $0, costSpec) })
            },
            place: .summary,
            text: { s, i in
                guard let c = i.feeder?.collaborative else { return [] }
                var t = "collaborative \(s[c.share].path)"
                let mods = [c.successShift.map { "success \(s[$0].path)" }, c.costChange.map { "cost \(s[$0].path)" }]
                    .compactMap { $0 }
                if !mods.isEmpty { t += " (\(mods.joined(separator: ", ")))" }
                return [t]
            },
            json: { s, i in
                [("collaborative", i.feeder?.collaborative.map { c in
                    .object([("share", s.pathJSON(c.share)), ("success", s.pathJSON(c.successShift)), ("cost", s.pathJSON(c.costChange))])
                } ?? .null)]
            })
    }

    /// `participants N per year [at C per participant]`.
    static var participants: InstrumentClauseRule {
        InstrumentClauseRule(
            keyword: "participants", kinds: [.challenge],
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: "participants")
                if r.cursor.accept("at") != nil { r.line.values["at"] = try r.cursor.quantity(after: "at") }
            },
            resolve: { r, line, d in
                guard let count = line.value else { return }
                d.instrument.participants = Participants(
                    count: r.add(d.path("participants"), count, ParameterSpec(
                        clause: "participants", domain: .count, unitLabel: "participants/year", dimension: .count,
                        unit: .per("year"), what: "a number of participants per year")),
                    unitCost: line.values["at"].map {
                        r.add(d.path("participants.cost"), $0, ParameterSpec(
                            clause: "at", domain: .positive, unitLabel: "€/participant", dimension: .money,
                            unit: .per("participant"), what: "an amount per participant"))
                    })
            },
            place: .lines,
            text: { s, i in
                i.participants.map { p in ["participants \(s[p.count].path)" + (p.unitCost.map { " at \(s[$0].path)" } ?? "")] } ?? []
            },
            json: { s, i in
                [("participants", i.participants.map { .object([("count", s.pathJSON($0.count)), ("cost", s.pathJSON($0.unitCost))]) } ?? .null)]
            })
    }

    /// `annotations N per year at C per annotation`.
    static var annotations: InstrumentClauseRule {
        InstrumentClauseRule(
            keyword: "annotations", kinds: [.openDatabase],
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                r.line.value = try r.cursor.quantity(after: "annotations")
                try r.cursor.expect("at", hint: "write `annotations N per year at C per annotation`")
                r.line.values["at"] = try r.cursor.quantity(after: "at")
            },
            resolve: { r, line, d in
                guard let count = line.value, let cost = line.values["at"] else { return }
                d.instrument.annotations = Annotations(
                    count: r.add(d.path("annotations"), count, ParameterSpec(
                        clause: "annotations", domain: .count, unitLabel: "annotations/year", dimension: .count,
                        unit: .per("year"), what: "a number of annotations per year")),
                    unitCost: r.add(d.path("annotations.cost"), cost, ParameterSpec(
                        clause: "at", domain: .positive, unitLabel: "€/annotation", dimension: .money,
                        unit: .per("annotation"), what: "an amount per annotation")))
            },
            place: .lines,
            text: { s, i in i.annotations.map { ["annotations \(s[$0.count].path) at \(s[$0.unitCost].path)"] } ?? [] },
            json: { s, i in
                [("annotations", i.annotations.map { .object([("count", s.pathJSON($0.count)), ("cost", s.pathJSON($0.unitCost))]) } ?? .null)]
            })
    }

    /// `budget X per year` or `budget X over A to B`.
    static var budget: InstrumentClauseRule {
        InstrumentClauseRule(
            keyword: "budget", kinds: InstrumentKind.allCases, grammar: Grammar.quantity,
            resolve: { r, line, d in
                guard let q = line.value else { return }
                var spec = ParameterSpec(
                    clause: "budget", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .budget,
                    what: "an amount per year or over years")
                if case .over(let years)? = q.unit?.kind, let unit = q.unit {
                    spec.unitLabel = "€ (total over \(years.lowerBound) to \(years.upperBound))"
                    spec.over = years
                    d.over = Located(value: years, range: unit.range)
                    d.instrument.budget = .total(r.add(d.path("budget"), q, spec), over: years)
                } else {
                    d.instrument.budget = .perYear(r.add(d.path("budget"), q, spec))
                }
            },
            place: .lead,
            text: { s, i in
                switch i.budget {
                case .perYear(let r)?: return ["budget \(s[r].path) per year"]
                case .total(let r, let over)?: return ["budget \(s[r].path) over \(over.lowerBound) to \(over.upperBound)"]
                case nil: return []
                }
            },
            json: { s, i in
                switch i.budget {
                case .perYear(let r)?: return [("budget", .object([("path", s.pathJSON(r)), ("per", .string("year"))]))]
                case .total(let r, let over)?:
                    return [("budget", .object([
                        ("path", s.pathJSON(r)), ("per", .string("total")),
                        ("over", .object([("first", .integer(over.lowerBound)), ("last", .integer(over.upperBound))])),
                    ]))]
                case nil: return [("budget", .null)]
                }
            })
    }

    /// `effect PATH CHANGE` (repeatable): the change's unit depends on the target, so the
    /// parameter is a placeholder until every parameter exists (``Resolver/resolveEffects()``).
    static var effect: InstrumentClauseRule {
        InstrumentClauseRule(
            keyword: "effect", kinds: InstrumentKind.allCases, repeatable: true,
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                let path = try r.cursor.path()
                r.line.names["target"] = path
                r.line.value = try r.cursor.quantity(after: path.value)
            },
            resolve: { r, line, d in
                guard let target = line.names["target"], let change = line.value else { return }
                let placeholder = ParameterSpec(
                    clause: "effect", domain: .signed, unitLabel: "", dimension: .change(.percent), unit: .none, what: "a change")
                let ref = r.add(d.path("effect.\(target.value)"), nil, placeholder, at: change.range)
                d.effects.append((target, change, ref.index))
            },
            place: .lines,
            text: { s, i in
                i.effects.map { e in
                    // A written `decay` replaces the kind's default: say how the effect ends.
                    let decay = i.decay.flatMap { s[$0].isDefault ? nil : s[$0].path }
                    let when = decay.map { "from \(i.years.lowerBound), fading by \($0) a year after \(i.years.upperBound)" }
                        ?? (i.kind.effectsOutliveFunding
                            ? "from \(i.years.lowerBound) to the horizon" : "while funded (\(i.years.lowerBound) to \(i.years.upperBound))")
                    return "effect on \(s[e.target].path): \(s[e.change].path) (\(e.kind.rawValue)), \(when)"
                }
            },
            json: { s, i in
                [("effects", .array(i.effects.map { e in
                    .object([
                        ("target", .string(s[e.target].path)), ("kind", .string(e.kind.rawValue)), ("change", .string(s[e.change].path)),
                        ("until_horizon", .bool(i.kind.effectsOutliveFunding)),
                    ])
                }))]
            })
    }

    /// `elasticity E` (enablers): effects scale as (money per year / reference)^E, default 0.5.
    static var elasticity: InstrumentClauseRule {
        var rule = value("elasticity", kinds: enablers, field: \.elasticity, place: .lines, spec: ParameterSpec(
            clause: "elasticity", domain: .positive, unitLabel: "elasticity", dimension: .number, unit: .none,
            what: "an elasticity (a plain number ≥ 0)"), default: 0.5)
        rule.text = { s, i in
            guard let money = i.referenceMoneyPerYear, !i.effects.isEmpty else { return [] }
            let e = i.elasticity.map { s[$0].isDefault ? "\(defaultText(s[$0])) (default)" : s[$0].path } ?? "0.5 (default)"
            return ["effects scale as (money per year / \(NumberText.significant(money)) €)^elasticity, elasticity \(e)"]
        }
        return rule
    }

    /// `ramp N years` (any instrument; DESIGN §7.4): effects build up over N active years; default 0.
    static var ramp: InstrumentClauseRule {
        var rule = value("ramp", kinds: InstrumentKind.allCases, field: \.ramp, place: .lines, spec: ParameterSpec(
            clause: "ramp", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years, what: "whole years"),
            default: 0)
        rule.text = { s, i in i.ramp.flatMap { s[$0].isDefault ? nil : ["ramp \(s[$0].path) years"] } ?? [] }
        return rule
    }

    /// `decay R per year` (any instrument; DESIGN §7.4): effects fade by R a year after the last
    /// active year; default 0% for public goods, 100% for the other kinds.
    static var decay: InstrumentClauseRule {
        let spec = ParameterSpec(
            clause: "decay", domain: .share, unitLabel: "share/year", dimension: .fraction, unit: .per("year"),
            what: "a share per year")
        var rule = value("decay", kinds: InstrumentKind.allCases, field: \.decay, place: .lines, spec: spec)
        rule.absent = { r, d, header in
            d.instrument.decay = r.addDefault(d.path("decay"), d.instrument.kind.defaultDecay, spec, at: header)
        }
        rule.text = { s, i in i.decay.flatMap { s[$0].isDefault ? nil : ["decay \(s[$0].path) per year"] } ?? [] }
        return rule
    }

    /// A default's constant as `check` shows it.
    static func defaultText(_ p: Parameter) -> String {
        if case .constant(let v) = p.distribution { return NumberText.exact(v) }
        return LawDescription.text(p.distribution)
    }
}
