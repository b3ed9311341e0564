import FundingModel

// The syntax tree of a scenario file. Every node keeps its source range so that the resolver
// can point at the exact culprit of a semantic error. The tree is flat by design: statements
// are lines, blocks own lines, and values have at most one argument list.

struct Located<Value> {
    var value: Value
    var range: SourceRange
}

/// The unit glued to (or written right after) a number.
enum TermUnit: Equatable {
    case none
    /// `45%`
    case percent
    /// `+3pp`
    case percentagePoints
    /// `€`, `k€`, …: the scale to euros.
    case money(scale: Double)
}

/// A number with its unit, as written: `300k€`, `45%`, `+3pp`, `0.35`.
struct Term {
    /// The number as written, before the unit's scale.
    var number: Double
    var unit: TermUnit
    var range: SourceRange
    /// The source text, for messages.
    var text: String
}

/// One argument of a distribution: `mean: 300k€`, `0.5`, or a `value: probability` pair of `discrete`.
struct CallArgument {
    var label: Located<String>?
    /// The value of a `discrete(value: probability)` entry.
    var key: Term?
    var value: Term
    var range: SourceRange
}

/// How a value is drawn.
enum Law {
    case constant(Term)
    /// `a to b`: a 90% interval.
    case interval(Term, Term)
    /// `normal(…)`, `pert(…)`, …
    case call(name: Located<String>, arguments: [CallArgument])
}

struct LawSyntax {
    var law: Law
    var range: SourceRange
    var text: String
}

/// The unit words after a value.
enum UnitKind: Equatable {
    /// `per year`, `per project`, `per project-year`, …
    case per(String)
    /// `sites`
    case sites
    /// `year`, `years`
    case years
    /// `over A to B` (budgets)
    case over(ClosedRange<Int>)
}

struct UnitSyntax {
    var kind: UnitKind
    var range: SourceRange
    var text: String
}

/// A value with its unit and whether it is drawn each year: `poisson(6) each year`,
/// `2€ to 8€ per annotation`.
struct Quantity {
    var law: LawSyntax
    var unit: UnitSyntax?
    /// The range of `each year`, if written.
    var eachYear: SourceRange?
    var range: SourceRange
}

struct StageSyntax {
    var name: Located<String>
    var duration: Quantity?
    var success: Quantity?
    var cost: Quantity?
}

struct PipelineSyntax {
    var keyword: SourceRange
    var stages: [StageSyntax] = []
}

/// One clause line of an instrument, of `sustainability` or of `decision`, as its grammar in the clause table
/// read it (see ``ClauseRule``). The parts are named by the grammar; the rule's resolver step
/// reads them back by the same names.
struct ClauseLine {
    var keyword: Located<String>
    /// The value right after the keyword, for clauses that have one (`grant 100k€ per project`).
    var value: Quantity?
    /// Values after sub-keywords: `at` (participants, annotations), `success` and `cost`
    /// (collaborative), `p` and `q` (adoption), `+` (the second opex amount), pathway options.
    var values: [String: Quantity] = [:]
    /// Names: `enter`, `payer`, `for` (savings), `target` (effect), `name` (pathway).
    var names: [String: Located<String>] = [:]
    /// `years A to B`.
    var years: Located<ClosedRange<Int>>?
    /// `policy P` of a cap.
    var policy: Located<CapPolicy>?
    /// Marker words and where they are written: `rest` of `share rest`.
    var marks: [String: SourceRange] = [:]
    /// A list of names, in the order written: the payers of `cost`.
    var nameList: [Located<String>] = []

    init(keyword: Located<String>) {
        self.keyword = keyword
    }
}

struct InstrumentSyntax {
    var kind: Located<InstrumentKind>
    var id: Located<String>
    var label: Located<String>?
    /// The clause lines, in the order written.
    var clauses: [ClauseLine] = []
    /// A clause line failed: the "needs …" checks are skipped.
    var failed = false
}

/// A block whose lines are all clauses of one clause table (`sustainability`, `decision`).
struct ClauseBlockSyntax {
    var keyword: SourceRange
    /// The clause lines, in the order written.
    var clauses: [ClauseLine] = []
}

struct CorrelateSyntax {
    var keyword: SourceRange
    var first: Located<String>
    var second: Located<String>
    var rho: Term
}

enum MixItem {
    case override(path: Located<String>, value: Quantity)
    case without(Located<String>)
    /// `cap PAYER policy P`: the payer's cap under another policy.
    case capPolicy(payer: Located<String>, policy: Located<CapPolicy>)
}

struct MixSyntax {
    var keyword: SourceRange
    var name: Located<String>
    var items: [MixItem] = []
    /// A line of the mix failed: it is not also reported as changing nothing.
    var failed = false
}

/// A whole file.
struct ScenarioSyntax {
    var title: Located<String>?
    var horizon: Located<ClosedRange<Int>>?
    var discount: Quantity?
    var pipeline: PipelineSyntax?
    var instruments: [InstrumentSyntax] = []
    var sustainability: ClauseBlockSyntax?
    var decision: ClauseBlockSyntax?
    var correlations: [CorrelateSyntax] = []
    var mixes: [MixSyntax] = []
    /// Whether the file had any statement at all (an empty file gets one clear error).
    var hasStatements = false
    /// Names (stages, instrument ids) whose defining line failed: references to them are not
    /// reported again.
    var brokenNames: Set<String> = []
    /// A line of the pipeline or of `sustainability` failed: their "missing …" checks are skipped.
    var pipelineFailed = false
    /// The `horizon` line failed (already reported): no "missing `horizon`".
    var horizonFailed = false
    var sustainabilityFailed = false
    /// A line of `decision` failed: its "needs `worth`" check is skipped.
    var decisionFailed = false
}
