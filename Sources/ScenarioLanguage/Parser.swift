import FundingModel

/// Reads a scenario file line by line into a ``ScenarioSyntax``.
///
/// Lines are independent statements; a block header (`pipeline`, an instrument, `sustainability`,
/// `decision`, `mix`) owns the following lines indented deeper than it, and all of a block's lines share one
/// indentation. A line that fails is reported and skipped: reading goes on at the next line, so
/// one pass finds every error (up to the sink's cap).
struct Parser {
    static let topLevelKeywords = ["scenario", "horizon", "discount", "pipeline", "sustainability", "decision", "correlate", "mix"]
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
        case decision
        case mix(Int)
    }

    /// The clauses of instruments, `sustainability` and `decision`.
    let tables: ClauseTables
    private var syntax = ScenarioSyntax()
    private var block = Block.none
    private var bodyIndent: (indent: Int, line: Int)?
    /// Clause keywords already seen in the current block (duplicates are errors).
    private var seen: [String: SourceRange] = [:]
    private var topLevelSeen: [String: SourceRange] = [:]

    private init(tables: ClauseTables) {
        self.tables = tables
    }

    static func parse(_ source: SourceText, sink: inout DiagnosticSink, tables: ClauseTables = .standard) -> ScenarioSyntax {
        var parser = Parser(tables: tables)
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
                    hint: "only `pipeline`, instruments, `sustainability`, `decision` and `mix` own indented lines")
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
            case .sustainability:
                let clause = try blockClause(&cursor, tables.sustainability, "sustainability")
                syntax.sustainability!.clauses.append(clause)
            case .decision:
                let clause = try blockClause(&cursor, tables.decision, "decision")
                syntax.decision!.clauses.append(clause)
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
        case .decision: syntax.decisionFailed = true
        case .mix(let k): syntax.mixes[k].failed = true
        default: break
        }
    }

    /// Errors when `keyword` was already used in this block.
    private mutating func once(_ keyword: Token, in block: String) throws(SyntaxError) {
        try Self.once(keyword, in: block, seen: &seen)
    }

    /// Errors when `keyword` is in `seen` (given earlier in the block), else records it there.
    static func once(_ keyword: Token, in block: String, seen: inout [String: SourceRange]) throws(SyntaxError) {
        if let first = seen[keyword.text] {
            throw SyntaxError(
                "`\(keyword.text)` is given twice in this \(block) (first on line \(first.line))", at: keyword.range,
                hint: "keep one `\(keyword.text)` line")
        }
        seen[keyword.text] = keyword.range
    }

    /// Reads the rest of a clause line by `grammar`; words it gives once stay given even when
    /// the line fails (as a later line would otherwise be told nothing).
    private mutating func read(
        _ c: inout TokenCursor, _ keyword: Token, by grammar: ClauseGrammar, in block: String
    ) throws(SyntaxError) -> ClauseLine {
        var reader = ClauseReader(
            cursor: c, line: ClauseLine(keyword: Located(value: keyword.text, range: keyword.range)), seen: seen, blockWord: block)
        defer {
            seen = reader.seen
            c = reader.cursor
        }
        try grammar(&reader)
        return reader.line
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
            syntax.sustainability = ClauseBlockSyntax(keyword: first.range)
            block = .sustainability
        case "decision":
            try singleton(first)
            try c.expectEnd(hint: "clauses go on the indented lines below `decision`")
            syntax.decision = ClauseBlockSyntax(keyword: first.range)
            block = .decision
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

    private mutating func instrumentClause(_ c: inout TokenCursor, _ k: Int) throws(SyntaxError) {
        let kind = syntax.instruments[k].kind.value
        let keyword = c.advance()
        let allowed = tables.instrumentClauses(of: kind)
        let words = allowed.map(\.keyword)
        let list = "clauses of \(kind.rawValue): " + quotedList(words)
        guard keyword.kind == .word else {
            throw SyntaxError("expected a clause, found \(keyword.quoted)", at: keyword.range, hint: list)
        }
        guard let rule = allowed.first(where: { $0.keyword == keyword.text }) else {
            if tables.instrument.contains(where: { $0.keyword == keyword.text }) {
                throw SyntaxError("`\(keyword.text)` is not a clause of \(kind.rawValue)", at: keyword.range, hint: list)
            }
            let hint = Suggestions.hint(for: keyword.text, among: words) ?? list
            throw SyntaxError("unknown clause `\(keyword.text)`", at: keyword.range, hint: hint)
        }
        if !rule.repeatable { try once(keyword, in: "instrument") }
        let line = try read(&c, keyword, by: rule.grammar, in: "instrument")
        if let t = c.current {
            let hint = t.kind == .word ? Suggestions.hint(for: t.text, among: ["enter", "at", "each", "per"]) : nil
            throw SyntaxError("unexpected \(t.quoted) after the `\(keyword.text)` clause", at: t.range, hint: hint)
        }
        syntax.instruments[k].clauses.append(line)
    }

    // MARK: sustainability, decision

    /// A clause line of a block whose lines are all clauses of `rules` (`sustainability`,
    /// `decision`), read by its rule's grammar.
    private mutating func blockClause<Draft, Model>(
        _ c: inout TokenCursor, _ rules: [ClauseRule<Draft, Model>], _ blockName: String
    ) throws(SyntaxError) -> ClauseLine {
        let keyword = c.advance()
        let words = rules.map(\.keyword)
        guard keyword.kind == .word, let rule = rules.first(where: { $0.keyword == keyword.text }) else {
            let hint = keyword.kind == .word ? Suggestions.hint(for: keyword.text, among: words) : nil
            throw SyntaxError(
                keyword.kind == .word ? "unknown clause `\(keyword.text)` in `\(blockName)`" : "expected a clause, found \(keyword.quoted)",
                at: keyword.range, hint: hint ?? "clauses of \(blockName): " + quotedList(words))
        }
        if !rule.repeatable { try once(keyword, in: "block") }
        let line = try read(&c, keyword, by: rule.grammar, in: "block")
        if let t = c.current {
            throw SyntaxError("unexpected \(t.quoted) after the `\(keyword.text)` clause", at: t.range)
        }
        return line
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
            try c.expect("policy", hint: "in a mix, write `cap \(payer.value) policy ration` (the amount is `cap.\(payer.value)`)")
            let policy = try c.capPolicy()
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

extension TokenCursor {
    /// The policy word after `policy`.
    mutating func capPolicy() throws(SyntaxError) -> Located<CapPolicy> {
        guard let t = current, t.kind == .word else {
            throw unexpected("a policy", hint: "policies: `price_volume`, `ration`, `flag`")
        }
        guard let policy = CapPolicy(rawValue: t.text) else {
            throw SyntaxError(
                "unknown cap policy `\(t.text)`", at: t.range,
                hint: Suggestions.hint(for: t.text, among: CapPolicy.allCases.map(\.rawValue))
                    ?? "policies: `price_volume`, `ration`, `flag`")
        }
        index += 1
        return Located(value: policy, range: t.range)
    }
}
