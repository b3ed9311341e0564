import FundingModel

/// How the words after a clause's keyword are read into a ``ClauseLine``.
typealias ClauseGrammar = (inout ClauseReader) throws(SyntaxError) -> Void

/// What a ``ClauseGrammar`` works on: the tokens after the keyword and the line being filled.
struct ClauseReader {
    var cursor: TokenCursor
    var line: ClauseLine
    /// Keywords already given in the block, shared with the parser (a sub-keyword such as the
    /// `enter` of `projects … enter S` counts as given, once per block).
    var seen: [String: SourceRange]
    /// How the block is called in "given twice" messages (`instrument`, `block`).
    let blockWord: String

    var keyword: String { line.keyword.value }

    /// Errors when `word` was already given in this block, else records it.
    mutating func once(_ word: Token) throws(SyntaxError) {
        try Parser.once(word, in: blockWord, seen: &seen)
    }
}

/// Grammars that several clauses share.
enum Grammar {
    /// `KEYWORD VALUE [UNIT] [each year]`, into ``ClauseLine/value``.
    static var quantity: ClauseGrammar {
        { (r: inout ClauseReader) throws(SyntaxError) in r.line.value = try r.cursor.quantity(after: r.keyword) }
    }

    /// `KEYWORD NAME`, into ``ClauseLine/names`` under the keyword.
    static func name(_ what: String) -> ClauseGrammar {
        { (r: inout ClauseReader) throws(SyntaxError) in r.line.names[r.keyword] = try r.cursor.name(what) }
    }

    /// `KEYWORD A to B`, into ``ClauseLine/years``.
    static var yearRange: ClauseGrammar {
        { (r: inout ClauseReader) throws(SyntaxError) in r.line.years = try r.cursor.yearRange() }
    }
}

/// Where `check` shows a clause within its block.
enum ReportPlace {
    /// Not shown on its own: in the block's header (`years`, `payer`), or by another clause that
    /// sets the same model value (`winners` is shown by `projects`).
    case hidden
    /// Own lines before the block's summary line (an instrument's `budget`).
    case lead
    /// A part of the block's summary line: `feeds STAGE: …` of a feeder, `market …, uses …` of
    /// `sustainability`. In JSON, members of the summary object (`feeder`) or of the block.
    case summary
    /// Own lines after the summary line.
    case lines
}

/// One entry of a clause table: everything about one clause of a block, so that adding a clause
/// is adding one entry (plus its model code in FundingModel).
///
/// `Draft` is what the block's resolver fills (``InstrumentDraft``, ``SustainabilityDraft``, or
/// the ``FundingModel/Pathway`` of a pathway option), `Model` what `check` reports from
/// (``FundingModel/Instrument``, ``FundingModel/Sustainability``, ``FundingModel/Pathway``). Units and paths are in the
/// ``ParameterSpec``s the resolver step passes to ``Resolver/add(_:_:_:)``.
struct ClauseRule<Draft, Model> {
    /// The word that starts the clause.
    var keyword: String
    /// For instrument clauses, the kinds that take it; nil elsewhere.
    var kinds: [InstrumentKind]?
    /// Whether the clause may be given more than once in a block (`effect`, `pathway`, `savings`).
    var repeatable = false
    /// How the rest of the line is read.
    var grammar: ClauseGrammar
    /// What the clause does to the block: adds its parameters (path, unit) and sets the model.
    var resolve: (inout Resolver, ClauseLine, inout Draft) -> Void
    /// What the resolver does when the block does not write the clause (given the block
    /// header's range): nothing, or for a value with a default, add its parameter anyway so that
    /// a mix can set it (``InstrumentClauses/value(_:kinds:field:place:spec:default:)``).
    var absent: ((inout Resolver, inout Draft, SourceRange) -> Void)?
    var place: ReportPlace
    /// Its lines (or summary parts) in the `check` text report, without the block's indentation.
    var text: (Scenario, Model) -> [String] = { _, _ in [] }
    /// Its members in the `check` JSON report (snake_case keys, paths for parameters).
    var json: (Scenario, Model) -> [(String, JSONText)] = { _, _ in [] }
}

extension Scenario {
    /// The path of `ref` as JSON, or `null`.
    func pathJSON(_ ref: ParameterRef?) -> JSONText {
        ref.map { .string(self[$0].path) } ?? .null
    }
}

/// "`a`, `b`, `c`": keywords as listed in hints.
func quotedList(_ words: [String]) -> String {
    words.map { "`\($0)`" }.joined(separator: ", ")
}

/// "`a`, `b` or `c`": keywords as listed in "expected …" messages.
func quotedAlternatives(_ words: [String]) -> String {
    guard let last = words.last else { return "" }
    let quoted = words.map { "`\($0)`" }
    return words.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or `\(last)`"
}

/// The clause tables of the language: what the parser accepts in each block, what the resolver
/// does with it and what `check` shows. ``standard`` is the language of DESIGN §2 and §7; tests
/// extend it to show that a clause is one entry.
struct ClauseTables {
    var instrument: [InstrumentClauseRule]
    var sustainability: [SustainabilityClauseRule]
    var decision: [DecisionClauseRule] = DecisionClauses.all

    static var standard: ClauseTables {
        ClauseTables(instrument: InstrumentClauses.all, sustainability: SustainabilityClauses.all, decision: DecisionClauses.all)
    }

    /// The clauses `kind` takes, in table order (the order of hints and of `check`).
    func instrumentClauses(of kind: InstrumentKind) -> [InstrumentClauseRule] {
        instrument.filter { $0.kinds?.contains(kind) ?? false }
    }
}
