import FundingModel
import MonteCarlo

/// Turns the syntax tree into a ``FundingModel/Scenario``: names every value by its path
/// (paths.md), checks every value against its spec, resolves references (stages, paths,
/// instruments) and applies the semantic rules of DESIGN §2 and §3.1.
///
/// Every problem is reported; the result is only used when no error was found.
struct Resolver {
    var sink: DiagnosticSink
    let syntax: ScenarioSyntax

    var parameters: [Parameter] = []
    var specs: [ParameterSpec] = []
    /// Where each parameter was written.
    var definedAt: [SourceRange] = []
    var index: [String: Int] = [:]
    /// Stage names and instrument ids share the first segment of paths.
    var names: [String: (what: String, range: SourceRange)] = [:]
    var stages: [Stage] = []
    var stageIndex: [String: Int] = [:]
    var instruments: [Instrument] = []
    var instrumentIndex: [String: Int] = [:]
    var horizon: ClosedRange<Int>?
    var sustainability: Sustainability?
    /// Effects whose target is resolved once every parameter exists.
    var pendingEffects: [(instrument: Int, parameter: Int, target: Located<String>, change: Quantity)] = []
    /// Share parameters of pathways (for the constant-sum rule, in mixes too).
    var shareParameters: [Int] = []
    /// Names whose definition failed (see ``ScenarioSyntax/brokenNames``), plus stages left out
    /// for a missing clause.
    var brokenNames: Set<String> = []

    let tables: ClauseTables
    /// First path segments reserved for `sustainability` values: its clause keywords.
    let reservedRoots: Set<String>

    init(syntax: ScenarioSyntax, sink: DiagnosticSink, tables: ClauseTables = .standard) {
        self.syntax = syntax
        self.sink = sink
        self.tables = tables
        reservedRoots = Set(tables.sustainability.map(\.keyword))
        brokenNames = syntax.brokenNames
    }

    /// Whether an unknown path is the consequence of an error already reported (its stage,
    /// instrument or block failed), and so not worth a second message.
    func alreadyReported(_ path: String) -> Bool {
        let root = String(path.prefix { $0 != "." })
        if brokenNames.contains(root) { return true }
        if reservedRoots.contains(root) { return syntax.sustainabilityFailed }
        let noPipeline = syntax.pipeline == nil || syntax.pipelineFailed || stages.isEmpty
        return noPipeline && instrumentIndex[root] == nil
    }

    static func resolve(_ syntax: ScenarioSyntax, sink: inout DiagnosticSink, tables: ClauseTables = .standard) -> Scenario? {
        var r = Resolver(syntax: syntax, sink: sink, tables: tables)
        let scenario = r.run()
        sink = r.sink
        return sink.errorCount == 0 ? scenario : nil
    }

    private mutating func run() -> Scenario? {
        if !syntax.hasStatements {
            sink.error(
                "the file is empty", at: .file,
                hint: "a scenario needs at least `horizon Y0 to Y1` and a `pipeline` with its stages")
            return nil
        }
        let title = syntax.title?.value ?? Self.stem(sink.source.fileName)
        horizon = syntax.horizon?.value
        if horizon == nil, !syntax.horizonFailed {
            sink.error("missing `horizon`", at: .file, hint: "add a line `horizon 2026 to 2035`: the first and last simulated years")
        }
        let discount = resolveDiscount()
        resolvePipeline()
        for k in syntax.instruments.indices { resolveInstrument(syntax.instruments[k]) }
        if let s = syntax.sustainability { resolveSustainability(s) }
        let decision = syntax.decision.flatMap { resolveDecision($0) }
        resolveEffects()
        let correlations = resolveCorrelations()
        let mixes = resolveMixes(correlated: Set(correlations.flatMap { [$0.first.index, $0.second.index] }))
        guard !sink.isFull else { return nil }
        return Scenario(
            title: title, horizon: horizon ?? 0...0, discountRate: discount, parameters: parameters, stages: stages,
            instruments: instruments, sustainability: sustainability, correlations: correlations, mixes: mixes,
            decision: decision)
    }

    static func stem(_ fileName: String) -> String {
        var name = Substring(fileName.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        return name.isEmpty ? "scenario" : String(name)
    }

    // MARK: Parameters

    /// Adds the parameter `path` from a written value; a value with an error still gets a
    /// placeholder so that references stay valid while the rest of the file is checked.
    @discardableResult
    mutating func add(_ path: String, _ q: Quantity, _ spec: ParameterSpec) -> ParameterRef {
        let value = ValueResolver.resolve(q, spec, sink: &sink)
        return add(path, value, spec, at: q.range)
    }

    mutating func add(_ path: String, _ value: ResolvedValue?, _ spec: ParameterSpec, at range: SourceRange) -> ParameterRef {
        if let first = index[path] {
            sink.error("`\(path)` is defined twice (first on line \(definedAt[first].line))", at: range)
        }
        let parameter = Parameter(
            path: path, distribution: value?.distribution ?? .constant(0), eachYear: value?.eachYear ?? false,
            unit: spec.unitLabel, domain: spec.domain, familyNote: value?.familyNote)
        parameters.append(parameter)
        specs.append(spec)
        definedAt.append(range)
        if index[path] == nil { index[path] = parameters.count - 1 }
        return ParameterRef(parameters.count - 1)
    }

    /// Adds the parameter `path` with the constant `value`: a clause's default when it is not
    /// written (`at` is the block header, for "defined twice" messages).
    mutating func addDefault(_ path: String, _ value: Double, _ spec: ParameterSpec, at range: SourceRange) -> ParameterRef {
        let ref = add(path, ResolvedValue(distribution: .constant(value), eachYear: false, familyNote: nil, unit: nil), spec, at: range)
        parameters[ref.index].isDefault = true
        return ref
    }

    /// Registers a stage name or instrument id; false (and an error) when it is taken or reserved.
    mutating func claim(_ name: Located<String>, as what: String) -> Bool {
        if let other = names[name.value] {
            sink.error(
                "`\(name.value)` is already the name of \(other.what) (line \(other.range.line))", at: name.range,
                hint: "stage names and instrument ids must all differ")
            return false
        }
        if reservedRoots.contains(name.value) {
            sink.error(
                "`\(name.value)` is reserved for sustainability values", at: name.range,
                hint: "choose another name; `\(name.value).…` paths belong to `sustainability`")
            return false
        }
        names[name.value] = (what, name.range)
        return true
    }

    /// Paths that `check` lists, for "did you mean".
    var knownPaths: [String] { parameters.map(\.path) }

    func unknownPathHint(_ path: String) -> String? {
        Suggestions.hint(for: path, among: knownPaths) ?? "`beyondpoc check` lists every parameter path"
    }

    // MARK: Header

    private mutating func resolveDiscount() -> Double {
        guard let q = syntax.discount else { return 0 }
        let spec = ParameterSpec(
            clause: "discount", domain: .signed, unitLabel: "1/year", dimension: .rate, unit: .none, what: "a yearly rate")
        guard let value = ValueResolver.resolve(q, spec, sink: &sink) else { return 0 }
        guard case .constant(let r) = value.distribution, !value.eachYear else {
            sink.error("the discount rate is a constant", at: q.range, hint: "write `discount 2.5%`")
            return 0
        }
        guard r > -1, r <= 1 else {
            sink.error("discount rate out of range: `\(q.law.text)`", at: q.law.range, hint: "a yearly discount rate lies in (-100%, 100%]")
            return 0
        }
        return r
    }

    // MARK: Pipeline

    private mutating func resolvePipeline() {
        guard let pipeline = syntax.pipeline else {
            if syntax.pipelineFailed { return }
            sink.error("missing `pipeline`", at: .file, hint: "add a `pipeline` block with at least one `stage` line")
            return
        }
        if pipeline.stages.isEmpty, !syntax.pipelineFailed {
            sink.error(
                "`pipeline` has no `stage`", at: pipeline.keyword,
                hint: "add indented lines `stage NAME duration D success P cost C per project-year`")
        }
        for s in pipeline.stages {
            let name = s.name.value
            let fresh = claim(s.name, as: "stage `\(name)`")
            func required(_ q: Quantity?, _ clause: String, _ hint: String) -> Quantity? {
                if q == nil { sink.error("stage `\(name)` has no `\(clause)`", at: s.name.range, hint: hint) }
                return q
            }
            let duration = required(s.duration, "duration", "add `duration 1 year`: whole years spent in the stage")
            let success = required(
                s.success, "success", "add `success P`: the probability of passing the stage, e.g. `success 0.45 to 0.65`")
            let cost = required(s.cost, "cost", "add `cost 150k€ per project-year`")
            guard fresh, let duration, let success, let cost else {
                brokenNames.insert(name)
                continue
            }
            let stage = Stage(
                name: name, duration: add("\(name).duration", duration, .duration),
                success: add("\(name).success", success, .success), cost: add("\(name).cost", cost, .stageCost))
            stageIndex[name] = stages.count
            stages.append(stage)
        }
    }

    mutating func stage(_ name: Located<String>) -> Int? {
        if let k = stageIndex[name.value] { return k }
        if alreadyReported(name.value) { return nil }
        sink.error(
            "unknown stage `\(name.value)`", at: name.range,
            hint: Suggestions.hint(for: name.value, among: stages.map(\.name))
                ?? "stages: " + stages.map { "`\($0.name)`" }.joined(separator: ", "))
        return nil
    }

    // MARK: Instruments

    func checkWithinHorizon(_ years: Located<ClosedRange<Int>>, _ what: String) -> (String, SourceRange, String)? {
        guard let h = horizon, !(h.contains(years.value.lowerBound) && h.contains(years.value.upperBound)) else { return nil }
        return (
            "\(what) \(years.value.lowerBound) to \(years.value.upperBound) lie outside the horizon \(h.lowerBound) to \(h.upperBound)",
            years.range, "an instrument's years must lie within the horizon")
    }

    /// An instrument: its clauses in the order written (each by its rule in
    /// ``InstrumentClauses``), the clauses its kind needs, its years, then its entry stage.
    private mutating func resolveInstrument(_ s: InstrumentSyntax) {
        let id = s.id.value
        let kind = s.kind.value
        let fresh = claim(s.id, as: "\(kind.rawValue) `\(id)`")
        var draft = InstrumentDraft(
            id: id,
            instrument: Instrument(
                id: id, label: s.label?.value ?? id, kind: kind, years: 0...0,
                feeder: kind.isFeeder ? Feeder(entryStage: 0) : nil))
        let rules = tables.instrumentClauses(of: kind)
        for line in s.clauses {
            rules.first { $0.keyword == line.keyword.value }?.resolve(&self, line, &draft)
        }
        let written = Set(s.clauses.map(\.keyword.value))
        // A duplicate id gets no defaults: they would only repeat "defined twice".
        for rule in rules where fresh && !written.contains(rule.keyword) { rule.absent?(&self, &draft, s.id.range) }
        if !s.failed { checkRequiredClauses(of: draft, at: s.id.range) }
        draft.instrument.years = activeYears(of: draft)
        if let enter = draft.enter, let k = stage(enter) { draft.instrument.feeder?.entryStage = k }
        guard fresh else { return }
        var instrument = draft.instrument
        if !kind.isFeeder {
            instrument.referenceMoneyPerYear = referenceMoney(budget: instrument.budget, annotations: instrument.annotations)
        }
        instrumentIndex[id] = instruments.count
        for e in draft.effects { pendingEffects.append((instruments.count, e.parameter, e.target, e.change)) }
        instruments.append(instrument)
    }

    /// The clauses an instrument's kind needs (DESIGN §2).
    private mutating func checkRequiredClauses(of draft: InstrumentDraft, at header: SourceRange) {
        let id = draft.id
        let i = draft.instrument
        let hasProjects = i.feeder?.projects != nil
        switch i.kind {
        case .researchCall where !hasProjects && i.budget == nil:
            sink.error(
                "research_call `\(id)` needs `projects` or `budget`", at: header,
                hint: "add `projects 10 per year` or `budget 3M€ per year`")
        case .experimentationCall:
            if !hasProjects && i.budget == nil {
                sink.error(
                    "experimentation_call `\(id)` needs `projects` or `budget`", at: header,
                    hint: "add `projects 6 per year` or `budget 2M€ per year`")
            }
            if i.feeder?.cofunding == nil {
                sink.error(
                    "experimentation_call `\(id)` needs `cofunding`", at: header,
                    hint: "add `cofunding 45%`: the State's share of the entry stage's cost")
            }
        case .challenge where !hasProjects && i.budget == nil:
            sink.error(
                "challenge `\(id)` needs `winners` or `budget`", at: header, hint: "add `winners 3 per year enter pilot`")
        case .stateInvestment, .openDatabase, .openTools, .directGrant:
            if draft.effects.isEmpty {
                sink.warning("\(i.kind.rawValue) `\(id)` has no `effect`: it only spends money", at: header)
            }
        default:
            break
        }
    }

    /// The active years (DESIGN §3.1): `years`, else `budget … over`, else the horizon; both
    /// must lie within the horizon, and a budget's years within the instrument's.
    private mutating func activeYears(of draft: InstrumentDraft) -> ClosedRange<Int> {
        if let y = draft.years, let problem = checkWithinHorizon(y, "the years") {
            sink.error(problem.0, at: problem.1, hint: problem.2)
        }
        if let o = draft.over {
            if let problem = checkWithinHorizon(o, "the budget years") {
                sink.error(problem.0, at: problem.1, hint: problem.2)
            } else if let y = draft.years, !(y.value.contains(o.value.lowerBound) && y.value.contains(o.value.upperBound)) {
                sink.error(
                    "the budget years \(o.value.lowerBound) to \(o.value.upperBound) lie outside the instrument's years \(y.value.lowerBound) to \(y.value.upperBound)",
                    at: o.range, hint: "spread the budget over the instrument's years, or drop `years`")
            }
        }
        return draft.years?.value ?? draft.over?.value ?? horizon ?? 0...0
    }

    /// The money per active year an enabler's stated effects correspond to (medians of uncertain
    /// amounts): its budget per year, a total over A..B divided by its years, or annotations × cost.
    private func referenceMoney(budget: Budget?, annotations: Annotations?) -> Double? {
        func median(_ r: ParameterRef) -> Double { parameters[r.index].distribution.quantile(0.5) }
        switch budget {
        case .perYear(let r)?: return median(r)
        case .total(let r, let over)?: return median(r) / Double(over.count)
        case nil:
            guard let a = annotations else { return nil }
            return median(a.count) * median(a.unitCost)
        }
    }

    // MARK: Effects

    private mutating func resolveEffects() {
        for e in pendingEffects {
            let path = e.target.value
            guard let target = index[path] else {
                if alreadyReported(path) { continue }
                sink.error("unknown parameter `\(path)` in `effect`", at: e.target.range, hint: unknownPathHint(path))
                continue
            }
            guard let spec = ParameterSpec.effect(on: parameters[target].domain, target: path, clause: "effect \(path)") else {
                sink.error(
                    "`\(path)` is itself a change; an effect changes a scenario value", at: e.target.range,
                    hint: "target a stage, instrument or sustainability value")
                continue
            }
            guard let value = ValueResolver.resolve(e.change, spec, sink: &sink) else { continue }
            parameters[e.parameter].distribution = value.distribution
            parameters[e.parameter].eachYear = value.eachYear
            parameters[e.parameter].familyNote = value.familyNote
            parameters[e.parameter].unit = spec.unitLabel
            specs[e.parameter] = spec.named(parameters[e.parameter].path)
            guard case .change(let kind) = spec.dimension else { continue }
            instruments[e.instrument].effects.append(
                Effect(target: ParameterRef(target), kind: kind, change: ParameterRef(e.parameter)))
        }
    }
}
