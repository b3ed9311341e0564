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

    /// Longest span of whole years accepted (keeps integer conversions safe).
    static let maxYears = 1000.0

    func named(_ name: String) -> ParameterSpec {
        var s = self
        s.clause = name
        return s
    }

    // The specs of DESIGN §2 and paths.md.
    static let duration = ParameterSpec(
        clause: "duration", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years,
        what: "whole years", minimum: 1)
    static let success = ParameterSpec(
        clause: "success", domain: .probability, unitLabel: "probability", dimension: .fraction, unit: .none,
        what: "a probability")
    static let stageCost = ParameterSpec(
        clause: "cost", domain: .positive, unitLabel: "€/project-year", dimension: .money, unit: .per("project-year"),
        what: "an amount per project-year")
    static let budget = ParameterSpec(
        clause: "budget", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .budget,
        what: "an amount per year or over years")
    static let projects = ParameterSpec(
        clause: "projects", domain: .count, unitLabel: "projects/year", dimension: .count, unit: .per("year"),
        what: "a number of projects per year")
    static let grant = ParameterSpec(
        clause: "grant", domain: .positive, unitLabel: "€/project", dimension: .money, unit: .per("project"),
        what: "an amount per project")
    static let cofunding = ParameterSpec(
        clause: "cofunding", domain: .share, unitLabel: "share", dimension: .fraction, unit: .none, what: "a share")
    static let collaborative = ParameterSpec(
        clause: "collaborative", domain: .share, unitLabel: "share", dimension: .fraction, unit: .none, what: "a share")
    static let collaborativeSuccess = ParameterSpec(
        clause: "success", domain: .signed, unitLabel: "pp", dimension: .change(.percentagePoints), unit: .none,
        what: "a change in percentage points")
    static let collaborativeCost = ParameterSpec(
        clause: "cost", domain: .signed, unitLabel: "%", dimension: .change(.percent), unit: .none,
        what: "a change in percent")
    static let prize = ParameterSpec(
        clause: "prize", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
        what: "an amount per year")
    static let organisation = ParameterSpec(
        clause: "organisation", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
        what: "an amount per year")
    /// `elasticity E`: how an enabler's effects scale with its money, (money / reference)^E.
    static let elasticity = ParameterSpec(
        clause: "elasticity", domain: .positive, unitLabel: "elasticity", dimension: .number, unit: .none,
        what: "an elasticity (a plain number ≥ 0)")
    static let participants = ParameterSpec(
        clause: "participants", domain: .count, unitLabel: "participants/year", dimension: .count, unit: .per("year"),
        what: "a number of participants per year")
    static let participantCost = ParameterSpec(
        clause: "at", domain: .positive, unitLabel: "€/participant", dimension: .money, unit: .per("participant"),
        what: "an amount per participant")
    static let winners = ParameterSpec(
        clause: "winners", domain: .count, unitLabel: "winners/year", dimension: .count, unit: .per("year"),
        what: "a number of winners per year")
    static let annotations = ParameterSpec(
        clause: "annotations", domain: .count, unitLabel: "annotations/year", dimension: .count, unit: .per("year"),
        what: "a number of annotations per year")
    static let annotationCost = ParameterSpec(
        clause: "at", domain: .positive, unitLabel: "€/annotation", dimension: .money, unit: .per("annotation"),
        what: "an amount per annotation")
    static let market = ParameterSpec(
        clause: "market", domain: .positive, unitLabel: "sites", dimension: .number, unit: .sites, what: "a number of sites")
    static let uses = ParameterSpec(
        clause: "uses", domain: .positive, unitLabel: "uses/site-year", dimension: .number, unit: .per("site-year"),
        what: "a number of uses per site-year")
    static let bassP = ParameterSpec(
        clause: "p", domain: .positive, unitLabel: "1/year", dimension: .rate, unit: .none, what: "a Bass coefficient per year")
    static let bassQ = bassP.named("q")
    static let share = ParameterSpec(
        clause: "share", domain: .share, unitLabel: "share", dimension: .fraction, unit: .none, what: "a share")
    static let delay = ParameterSpec(
        clause: "delay", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years, what: "whole years")
    static let tariff = ParameterSpec(
        clause: "tariff", domain: .positive, unitLabel: "€/use", dimension: .money, unit: .per("use"), what: "an amount per use")
    static let licence = ParameterSpec(
        clause: "licence", domain: .positive, unitLabel: "€/site-year", dimension: .money, unit: .per("site-year"),
        what: "an amount per site-year")
    static let opexFixed = ParameterSpec(
        clause: "opex", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
        what: "an amount per year")
    static let opexPerSite = ParameterSpec(
        clause: "opex", domain: .positive, unitLabel: "€/site-year", dimension: .money, unit: .per("site-year"),
        what: "an amount per site-year")
    static let savings = ParameterSpec(
        clause: "savings", domain: .positive, unitLabel: "€/use", dimension: .money, unit: .per("use"),
        what: "an amount per use")
    static let exitAfter = ParameterSpec(
        clause: "exit after", domain: .wholeYears, unitLabel: "years", dimension: .years, unit: .years, what: "whole years",
        minimum: 1)
    static let cap = ParameterSpec(
        clause: "cap", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
        what: "an amount per year")

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
