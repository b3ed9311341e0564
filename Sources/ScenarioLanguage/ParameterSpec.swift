import FundingModel

/// What the numbers of a value may be written in.
enum Dimension: Equatable {
    /// Euros: `300k€`, `2 EUR`.
    case money
    /// A probability or share: `0.45` or `45%`, in [0, 1].
    case fraction
    /// A whole count: `10`.
    case count
    /// A plain positive number: sites, uses.
    case number
    /// A rate per year: `0.03` or `3%` (Bass p and q).
    case rate
    /// Whole years: `2` followed by `years`.
    case years
    /// An effect's change: `+3pp`, `-15%`, or whole years.
    case change(EffectKind)
}

/// The unit words a clause requires after its value.
enum ExpectedUnit: Equatable {
    case none
    case per(String)
    case sites
    case years
    /// `per year` or `over A to B` (budgets).
    case budget
}

/// Values a parameter may not take although its domain allows them.
struct ConstantBound {
    /// Whether the value (in base units) is refused.
    var refuses: @Sendable (Double) -> Bool
    /// The message, given the value as written (`100%`).
    var message: @Sendable (String) -> String
    var hint: String
}

/// Everything the resolver needs to check and convert one parameter's value; mixes reuse it to
/// check their overrides exactly like the clause that defined the parameter.
struct ParameterSpec {
    /// How the value is named in messages (`grant`, or the path in a mix).
    var clause: String
    var domain: ParameterDomain
    /// ``FundingModel/Parameter/unit``.
    var unitLabel: String
    var dimension: Dimension
    var unit: ExpectedUnit
    /// What the value is, for messages: "an amount per project".
    var what: String
    /// Least value of whole years (1 for durations and exits).
    var minimum: Double = 0
    /// For total budgets, the years they are spread over (a mix must keep them).
    var over: ClosedRange<Int>?
    /// For effects: the target's path and what it is ("a probability"), for messages.
    var effectTarget: (path: String, kind: String)?
    /// A limit that the domain does not express (erosion below 100%, a revision above −100%),
    /// checked on constants and discrete values, before the domain, in clauses and mixes alike.
    var bound: ConstantBound?

    /// Longest span of whole years accepted (keeps integer conversions safe).
    static let maxYears = 1000.0

    func named(_ name: String) -> ParameterSpec {
        var s = self
        s.clause = name
        return s
    }

    // The stage values of DESIGN §2 and paths.md.
    static let duration = ParameterSpec(
        clause: "duration", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years,
        what: "whole years", minimum: 1)
    static let success = ParameterSpec(
        clause: "success", domain: .probability, unitLabel: "probability", dimension: .fraction, unit: .none,
        what: "a probability")
    static let stageCost = ParameterSpec(
        clause: "cost", domain: .positive, unitLabel: "€/project-year", dimension: .money, unit: .per("project-year"),
        what: "an amount per project-year")
    // The values of instruments and `sustainability` are specified with their clauses
    // (InstrumentClauses, SustainabilityClauses, PathwayOptions).

    /// The change of an effect on a target of `domain`, or nil when the target cannot be changed.
    static func effect(on domain: ParameterDomain, target: String, clause: String) -> ParameterSpec? {
        var spec: ParameterSpec
        switch domain {
        case .probability, .share:
            spec = ParameterSpec(
                clause: clause, domain: .signed, unitLabel: "pp", dimension: .change(.percentagePoints), unit: .none,
                what: "a change in percentage points")
        case .positive, .count:
            spec = ParameterSpec(
                clause: clause, domain: .signed, unitLabel: "%", dimension: .change(.percent), unit: .none,
                what: "a change in percent")
        case .wholeYears:
            spec = ParameterSpec(
                clause: clause, domain: .signed, unitLabel: "years", dimension: .change(.years), unit: .years,
                what: "a change in whole years")
        case .signed:
            return nil
        }
        let kind: String
        switch domain {
        case .probability: kind = "a probability"
        case .share: kind = "a share"
        case .wholeYears: kind = "a duration in years"
        case .count: kind = "a count"
        default: kind = "a quantity"
        }
        spec.effectTarget = (target, kind)
        return spec
    }
}
