import FundingModel

/// Reads a scenario file line by line into a ``ScenarioSyntax``.
///
/// Lines are independent statements; a block header (`pipeline`, an instrument, `sustainability`,
/// `mix`) owns the following lines indented deeper than it, and all of a block's lines share one
/// indentation. A line that fails is reported and skipped: reading goes on at the next line, so
/// one pass finds every error (up to the sink's cap).
struct Parser {
    static let topLevelKeywords = ["scenario", "horizon", "discount", "pipeline", "sustainability", "correlate", "mix"]
    static let kindNames = InstrumentKind.allCases.map(\.rawValue)

    /// What owns the indented lines that follow.
    private enum Block {
        case none
        /// A statement that owns no lines (`horizon`, `correlate`, …).
        case statement(String)
        /// A block whose header failed or that is a duplicate: its lines are skipped silently.
        case skipped
        case pipeline
        case instrument(Int)
        case sustainability
        case mix(Int)
    }

    private var syntax = ScenarioSyntax()
    private var block = Block.none
    private var bodyIndent: (indent: Int, line: Int)?
    /// Clause keywords already seen in the current block (duplicates are errors).
    private var seen: [String: SourceRange] = [:]
    private var topLevelSeen: [String: SourceRange] = [:]

    static func parse(_ source: SourceText, sink: inout DiagnosticSink) -> ScenarioSyntax {
        var parser = Parser()
        source.bytes.withUnsafeBufferPointer { buf in
            var lineStart = source.textStart
            var number = 1
            let count = buf.count
            while lineStart <= count, !sink.isFull {
                let lineEnd = source.lineEnd(from: lineStart)
                let contentEnd = source.contentEnd(lineStart: lineStart, lineEnd: lineEnd)
                var lexer = Lexer(buf: buf, lineStart: lineStart, end: contentEnd, lineNumber: number)
                let line = lexer.lex(into: &sink)
                parser.take(line, sink: &sink)
                if lineEnd >= count { break }
                lineStart = lineEnd + 1
                number += 1
            }
        }
        return parser.syntax
    }

    private mutating func take(_ line: LexedLine, sink: inout DiagnosticSink) {
        if line.isBlank { return }
        if line.indent > 0 || line.badIndent {
            body(line, sink: &sink)
            return
        }
        bodyIndent = nil
        seen = [:]
        syntax.hasStatements = true
        guard !line.failed else { block = .skipped; brokenHeader(line); return }
        do {
            try statement(line)
        } catch {
            sink.report(error)
            block = .skipped
            brokenHeader(line)
        }
    }

    /// A failed header: its name (instrument id) and, for `pipeline` or `sustainability`
    /// typos, everything they would have defined are not reported again.
    private mutating func brokenHeader(_ line: LexedLine) {
        guard let first = line.tokens.first, first.kind == .word else { return }
        if line.tokens.count > 1, line.tokens[1].kind == .word { syntax.brokenNames.insert(line.tokens[1].text) }
        if first.text == "horizon" { syntax.horizonFailed = true }
        if syntax.pipeline == nil, Suggestions.closest(to: first.text, among: ["pipeline"]) != nil { syntax.pipelineFailed = true }
        if syntax.sustainability == nil, Suggestions.closest(to: first.text, among: ["sustainability"]) != nil {
            syntax.sustainabilityFailed = true
        }
    }

    // MARK: Indented lines

    private mutating func body(_ line: LexedLine, sink: inout DiagnosticSink) {
        syntax.hasStatements = true
        switch block {
        case .none, .statement:
            if !line.failed {
                let what: String
                if case .statement(let keyword) = block { what = " (`\(keyword)` owns no lines)" } else { what = "" }
                sink.error(
                    "indented line outside a block\(what)",
                    at: SourceRange(line: line.number, column: 1, length: max(1, line.indent), lineStart: line.lineStart),
                    hint: "only `pipeline`, instruments, `sustainability` and `mix` own indented lines")
            }
            block = .skipped
            return
        case .skipped:
            return
        default:
            break
        }
        if !line.badIndent {
            if let (indent, first) = bodyIndent {
                if indent != line.indent {
                    sink.error(
                        "this line is indented by \(line.indent) spaces, the block's first line (line \(first)) by \(indent)",
                        at: SourceRange(line: line.number, column: 1, length: max(1, line.indent), lineStart: line.lineStart),
                        hint: "indent the lines of a block alike")
                }
            } else {
                bodyIndent = (line.indent, line.number)
            }
        }
        guard !line.failed else { markFailed(line); return }
        var cursor = TokenCursor(line)
        do {
            switch block {
            case .pipeline: try stageLine(&cursor)
            case .instrument(let k): try instrumentClause(&cursor, k)
            case .sustainability: try sustainabilityClause(&cursor)
            case .mix(let k): try mixLine(&cursor, k)
            default: break
            }
        } catch {
            sink.report(error)
            markFailed(line)
        }
    }

    /// Remembers that a line of the current block failed, so that its consequences (a stage
    /// that does not exist, a missing clause) are not reported as further errors.
    private mutating func markFailed(_ line: LexedLine) {
        switch block {
        case .pipeline:
            syntax.pipelineFailed = true
            if line.tokens.count > 1, line.tokens[0].isWord("stage"), line.tokens[1].kind == .word {
                syntax.brokenNames.insert(line.tokens[1].text)
            }
        case .instrument(let k): syntax.instruments[k].failed = true
        case .sustainability: syntax.sustainabilityFailed = true
        case .mix(let k): syntax.mixes[k].failed = true
        default: break
        }
    }

    /// Errors when `keyword` was already used in this block.
    private mutating func once(_ keyword: Token, in block: String) throws(SyntaxError) {
        if let first = seen[keyword.text] {
            throw SyntaxError(
                "`\(keyword.text)` is given twice in this \(block) (first on line \(first.line))", at: keyword.range,
                hint: "keep one `\(keyword.text)` line")
        }
        seen[keyword.text] = keyword.range
    }

    // MARK: Top-level statements

    private mutating func statement(_ line: LexedLine) throws(SyntaxError) {
        var c = TokenCursor(line)
        let first = c.advance()
        guard first.kind == .word else {
            throw SyntaxError("expected a statement, found \(first.quoted)", at: first.range)
        }
        if let kind = InstrumentKind(rawValue: first.text) {
            try instrumentHeader(&c, Located(value: kind, range: first.range))
            return
        }
        switch first.text {
        case "scenario":
            try singleton(first)
            block = .statement("scenario")
            let title = try c.string("a title in quotes, such as `scenario \"AMI 2019\"`")
            try c.expectEnd()
            syntax.title = title
        case "horizon":
            try singleton(first)
            block = .statement("horizon")
            let years = try c.yearRange()
            try c.expectEnd()
            guard years.value.count <= 200 else {
                throw SyntaxError(
                    "a horizon of \(years.value.count) years is too long", at: years.range, hint: "the horizon spans at most 200 years")
            }
            syntax.horizon = years
        case "discount":
            try singleton(first)
            block = .statement("discount")
            let q = try c.quantity(after: "discount")
            try c.expectEnd()
            syntax.discount = q
        case "pipeline":
            try singleton(first)
            try c.expectEnd(hint: "stages go on the indented lines below `pipeline`")
            syntax.pipeline = PipelineSyntax(keyword: first.range)
            block = .pipeline
        case "sustainability":
            try singleton(first)
            try c.expectEnd(hint: "clauses go on the indented lines below `sustainability`")
            syntax.sustainability = SustainabilitySyntax(keyword: first.range)
            block = .sustainability
        case "correlate":
            block = .statement("correlate")
            let a = try c.path()
            let b = try c.path()
            let rho = try c.term(after: b.value)
            try c.expectEnd()
            syntax.correlations.append(CorrelateSyntax(keyword: first.range, first: a, second: b, rho: rho))
        case "mix":
            block = .skipped
            let name = try c.string("a mix name in quotes, such as `mix \"More challenges\"`")
            try c.expectEnd()
            syntax.mixes.append(MixSyntax(keyword: first.range, name: name))
            block = .mix(syntax.mixes.count - 1)
        default:
            let hint = Suggestions.hint(for: first.text, among: Self.topLevelKeywords + Self.kindNames)
                ?? "statements: " + (Self.topLevelKeywords + Self.kindNames).map { "`\($0)`" }.joined(separator: ", ")
            throw SyntaxError("unknown statement `\(first.text)`", at: first.range, hint: hint)
        }
    }

    private mutating func singleton(_ keyword: Token) throws(SyntaxError) {
        block = .skipped
        if let first = topLevelSeen[keyword.text] {
            throw SyntaxError(
                "`\(keyword.text)` is given twice (first on line \(first.line))", at: keyword.range,
                hint: "a scenario has one `\(keyword.text)`")
        }
        topLevelSeen[keyword.text] = keyword.range
    }

    private mutating func instrumentHeader(_ c: inout TokenCursor, _ kind: Located<InstrumentKind>) throws(SyntaxError) {
        block = .skipped
        let id = try c.name("an instrument id after `\(kind.value.rawValue)`")
        var label: Located<String>?
        if c.current?.kind == .string { label = try c.string("a label") }
        try c.expectEnd(hint: "clauses go on the indented lines below the instrument")
        syntax.instruments.append(InstrumentSyntax(kind: kind, id: id, label: label))
        block = .instrument(syntax.instruments.count - 1)
    }

    // MARK: pipeline

    static let stageProperties = ["duration", "success", "cost"]

    private mutating func stageLine(_ c: inout TokenCursor) throws(SyntaxError) {
        let keyword = c.advance()
        guard keyword.isWord("stage") else {
            let hint = keyword.kind == .word ? Suggestions.hint(for: keyword.text, among: ["stage"]) : nil
            throw SyntaxError(
                "expected `stage` in the pipeline, found \(keyword.quoted)", at: keyword.range,
                hint: hint ?? "a pipeline holds lines `stage NAME duration D success P cost C per project-year`")
        }
        let name = try c.name("a stage name after `stage`")
        var stage = StageSyntax(name: name)
        var given: [String: SourceRange] = [:]
        while let t = c.current {
            guard t.kind == .word, Self.stageProperties.contains(t.text) else {
                let hint = t.kind == .word ? Suggestions.hint(for: t.text, among: Self.stageProperties) : nil
                throw SyntaxError(
                    "expected `duration`, `success` or `cost`, found \(t.quoted)", at: t.range,
                    hint: hint ?? "a stage has `duration D`, `success P` and `cost C per project-year`")
            }
            if let first = given[t.text] {
                throw SyntaxError("`\(t.text)` is given twice for this stage (first at column \(first.column))", at: t.range)
            }
            given[t.text] = t.range
            c.index += 1
            let q = try c.quantity(after: t.text)
            switch t.text {
            case "duration": stage.duration = q
            case "success": stage.success = q
            default: stage.cost = q
            }
        }
        syntax.pipeline!.stages.append(stage)
    }

    // MARK: Instruments

    static let commonClauses = ["years", "payer", "budget", "effect"]

    static func clauses(of kind: InstrumentKind) -> [String] {
        switch kind {
        case .researchCall: return ["years", "projects", "grant", "budget", "enter", "effect", "payer"]
        case .experimentationCall:
            return ["years", "projects", "cofunding", "collaborative", "budget", "enter", "effect", "payer"]
        case .challenge:
            return ["years", "prize", "organisation", "participants", "winners", "budget", "enter", "effect", "payer"]
        case .openDatabase: return ["years", "annotations", "budget", "effect", "elasticity", "payer"]
        case .stateInvestment, .openTools, .directGrant: return ["years", "budget", "effect", "elasticity", "payer"]
        }
    }

    static let allInstrumentClauses = [
        "years", "payer", "budget", "projects", "winners", "enter", "grant", "cofunding", "collaborative", "prize",
        "organisation", "participants", "annotations", "effect", "elasticity",
    ]

    private mutating func instrumentClause(_ c: inout TokenCursor, _ k: Int) throws(SyntaxError) {
        let kind = syntax.instruments[k].kind.value
        let keyword = c.advance()
        let allowed = Self.clauses(of: kind)
        let list = allowed.map { "`\($0)`" }.joined(separator: ", ")
        guard keyword.kind == .word else {
            throw SyntaxError("expected a clause, found \(keyword.quoted)", at: keyword.range, hint: "clauses of \(kind.rawValue): \(list)")
        }
        guard allowed.contains(keyword.text) else {
            if Self.allInstrumentClauses.contains(keyword.text) {
                throw SyntaxError(
                    "`\(keyword.text)` is not a clause of \(kind.rawValue)", at: keyword.range,
                    hint: "clauses of \(kind.rawValue): \(list)")
            }
            let hint = Suggestions.hint(for: keyword.text, among: allowed) ?? "clauses of \(kind.rawValue): \(list)"
            throw SyntaxError("unknown clause `\(keyword.text)`", at: keyword.range, hint: hint)
        }
        if keyword.text != "effect" { try once(keyword, in: "instrument") }
        let word = Located(value: keyword.text, range: keyword.range)
        let clause: InstrumentClause
        switch keyword.text {
        case "years":
            clause = .years(try c.yearRange())
        case "payer":
            clause = .payer(try c.name("a payer name after `payer`"))
        case "budget":
            clause = .budget(try c.quantity(after: "budget"))
        case "projects", "winners":
            let q = try c.quantity(after: keyword.text)
            var enter: Located<String>?
            if let e = c.accept("enter") {
                try once(e, in: "instrument")
                enter = try c.name("a stage name after `enter`")
            }
            clause = keyword.text == "projects" ? .projects(q, enter: enter) : .winners(q, enter: enter)
        case "enter":
            clause = .enter(try c.name("a stage name after `enter`"))
        case "grant":
            clause = .grant(try c.quantity(after: "grant"))
        case "cofunding":
            clause = .cofunding(try c.quantity(after: "cofunding"))
        case "collaborative":
            let share = try c.quantity(after: "collaborative")
            var success: Quantity?
            var cost: Quantity?
            while let t = c.current {
                if t.isWord("success"), success == nil {
                    c.index += 1
                    success = try c.quantity(after: "success")
                } else if t.isWord("cost"), cost == nil {
                    c.index += 1
                    cost = try c.quantity(after: "cost")
                } else {
                    let hint = t.kind == .word ? Suggestions.hint(for: t.text, among: ["success", "cost"]) : nil
                    throw SyntaxError(
                        "expected `success` or `cost`, found \(t.quoted)", at: t.range,
                        hint: hint ?? "write `collaborative 30% success +10pp cost +20%`")
                }
            }
            clause = .collaborative(share: share, success: success, cost: cost)
        case "prize":
            clause = .prize(try c.quantity(after: "prize"))
        case "organisation":
            clause = .organisation(try c.quantity(after: "organisation"))
        case "elasticity":
            clause = .elasticity(try c.quantity(after: "elasticity"))
        case "participants":
            let q = try c.quantity(after: "participants")
            let cost: Quantity? = c.accept("at") != nil ? try c.quantity(after: "at") : nil
            clause = .participants(q, cost: cost)
        case "annotations":
            let q = try c.quantity(after: "annotations")
            _ = try c.expect("at", hint: "write `annotations N per year at C per annotation`")
            clause = .annotations(q, cost: try c.quantity(after: "at"))
        default:  // effect
            let path = try c.path()
            clause = .effect(path: path, change: try c.quantity(after: path.value))
        }
        if let t = c.current {
            let hint = t.kind == .word ? Suggestions.hint(for: t.text, among: ["enter", "at", "each", "per"]) : nil
            throw SyntaxError("unexpected \(t.quoted) after the `\(keyword.text)` clause", at: t.range, hint: hint)
        }
        syntax.instruments[k].clauses.append((word, clause))
    }

    // MARK: sustainability

    static let sustainabilityClauses = ["market", "uses", "adoption", "pathway", "opex", "savings", "exit", "cap"]
    static let pathwayProperties = ["share", "delay", "tariff", "licence", "payer"]

    private mutating func sustainabilityClause(_ c: inout TokenCursor) throws(SyntaxError) {
        let keyword = c.advance()
        guard keyword.kind == .word, Self.sustainabilityClauses.contains(keyword.text) else {
            let hint = keyword.kind == .word ? Suggestions.hint(for: keyword.text, among: Self.sustainabilityClauses) : nil
            throw SyntaxError(
                keyword.kind == .word ? "unknown clause `\(keyword.text)` in `sustainability`" : "expected a clause, found \(keyword.quoted)",
                at: keyword.range,
                hint: hint ?? "clauses of sustainability: " + Self.sustainabilityClauses.map { "`\($0)`" }.joined(separator: ", "))
        }
        if ["market", "uses", "adoption", "opex", "exit"].contains(keyword.text) { try once(keyword, in: "block") }
        let word = Located(value: keyword.text, range: keyword.range)
        let clause: SustainabilityClause
        switch keyword.text {
        case "market":
            clause = .market(try c.quantity(after: "market"))
        case "uses":
            clause = .uses(try c.quantity(after: "uses"))
        case "adoption":
            _ = try c.expect("bass", hint: "write `adoption bass p 0.01 to 0.04 q 0.30 to 0.60`")
            var p: Quantity?
            var q: Quantity?
            while let t = c.current {
                if t.isWord("p"), p == nil {
                    c.index += 1
                    p = try c.quantity(after: "p")
                } else if t.isWord("q"), q == nil {
                    c.index += 1
                    q = try c.quantity(after: "q")
                } else {
                    throw c.unexpected(p == nil ? "`p`" : "`q`", hint: "write `adoption bass p 0.01 to 0.04 q 0.30 to 0.60`")
                }
            }
            guard let p, let q else {
                throw c.unexpected(p == nil ? "`p`" : "`q`", hint: "write `adoption bass p 0.01 to 0.04 q 0.30 to 0.60`")
            }
            clause = .adoption(p: p, q: q)
        case "pathway":
            clause = .pathway(try pathway(&c, keyword))
        case "opex":
            let first = try c.quantity(after: "opex")
            var second: Quantity?
            if c.current?.kind == .plus {
                c.index += 1
                second = try c.quantity(after: "+")
            }
            // Which part is fixed and which per site is decided by the units, in the resolver.
            clause = .opex(fixed: first, perSite: second)
        case "savings":
            let q = try c.quantity(after: "savings")
            _ = try c.expect("for", hint: "write `savings 5€ to 20€ per use for PAYER`")
            clause = .savings(q, payer: try c.name("a payer name after `for`"))
        case "exit":
            _ = try c.expect("after", hint: "write `exit after 2 years below breakeven`")
            let q = try c.quantity(after: "after")
            _ = try c.expect("below", hint: "write `exit after 2 years below breakeven`")
            _ = try c.expect("breakeven", hint: "write `exit after 2 years below breakeven`")
            clause = .exit(q)
        default:  // cap
            let payer = try c.name("a payer name after `cap`")
            let amount = try c.quantity(after: payer.value)
            _ = try c.expect("policy", hint: "write `cap \(payer.value) 30M€ per year policy price_volume`")
            clause = .cap(payer: payer, amount: amount, policy: try capPolicy(&c))
        }
        if let t = c.current {
            throw SyntaxError("unexpected \(t.quoted) after the `\(keyword.text)` clause", at: t.range)
        }
        syntax.sustainability!.clauses.append((word, clause))
    }

    private func pathway(_ c: inout TokenCursor, _ keyword: Token) throws(SyntaxError) -> PathwaySyntax {
        let name = try c.name("a pathway name after `pathway`")
        var p = PathwaySyntax(name: name, range: keyword.range.through(name.range))
        var given: Set<String> = []
        while let t = c.current {
            guard t.kind == .word, Self.pathwayProperties.contains(t.text) else {
                let hint = t.kind == .word ? Suggestions.hint(for: t.text, among: Self.pathwayProperties + ["license"]) : nil
                throw SyntaxError(
                    "expected `share`, `delay`, `tariff`, `licence` or `payer`, found \(t.quoted)", at: t.range,
                    hint: hint.map { $0 == "did you mean `license`?" ? "did you mean `licence`?" : $0 })
            }
            guard given.insert(t.text).inserted else {
                throw SyntaxError("`\(t.text)` is given twice for this pathway", at: t.range)
            }
            c.index += 1
            switch t.text {
            case "share":
                if let rest = c.accept("rest") { p.rest = rest.range } else { p.share = try c.quantity(after: "share") }
            case "delay": p.delay = try c.quantity(after: "delay")
            case "tariff": p.tariff = try c.quantity(after: "tariff")
            case "licence": p.licence = try c.quantity(after: "licence")
            default: p.payer = try c.name("a payer name after `payer`")
            }
        }
        p.range = keyword.range.through(c.previous!.range)
        return p
    }

    /// The policy word after `policy`.
    private func capPolicy(_ c: inout TokenCursor) throws(SyntaxError) -> Located<CapPolicy> {
        guard let t = c.current, t.kind == .word else {
            throw c.unexpected("a policy", hint: "policies: `price_volume`, `ration`, `flag`")
        }
        guard let policy = CapPolicy(rawValue: t.text) else {
            throw SyntaxError(
                "unknown cap policy `\(t.text)`", at: t.range,
                hint: Suggestions.hint(for: t.text, among: CapPolicy.allCases.map(\.rawValue))
                    ?? "policies: `price_volume`, `ration`, `flag`")
        }
        c.index += 1
        return Located(value: policy, range: t.range)
    }

    // MARK: mix

    private mutating func mixLine(_ c: inout TokenCursor, _ k: Int) throws(SyntaxError) {
        if c.isWord("without") {
            c.index += 1
            let id = try c.name("an instrument id after `without`")
            try c.expectEnd()
            syntax.mixes[k].items.append(.without(id))
            return
        }
        if c.isWord("cap") {
            c.index += 1
            let payer = try c.name("a payer name after `cap`")
            _ = try c.expect("policy", hint: "in a mix, write `cap \(payer.value) policy ration` (the amount is `cap.\(payer.value)`)")
            let policy = try capPolicy(&c)
            try c.expectEnd()
            syntax.mixes[k].items.append(.capPolicy(payer: payer, policy: policy))
            return
        }
        guard let t = c.current, t.kind == .word else {
            throw c.unexpected("a parameter path, `without` or `cap`", hint: "a mix line is `PATH VALUE [UNIT]`, `without ID` or `cap PAYER policy P`")
        }
        let path = try c.path()
        let value = try c.quantity(after: path.value)
        try c.expectEnd()
        syntax.mixes[k].items.append(.override(path: path, value: value))
    }
}
