import MonteCarlo

/// A typed, validated scenario: what the scenario language resolves to and what the engine runs.
///
/// Every number the model reads is a ``Parameter`` in ``parameters``, named by its path
/// (`poc.success`, `recherche.grant`, `pathway.reimbursement.tariff`, …) and referred to by a
/// ``ParameterRef``. Values are in base units: euros, years, fractions (45% = 0.45), counts.
public struct Scenario: Sendable, Hashable {
    public var title: String
    /// Calendar years simulated, first to last inclusive.
    public var horizon: ClosedRange<Int>
    /// Real yearly discount rate for NPVs (0.025 for `discount 2.5%`).
    public var discountRate: Double
    public var parameters: [Parameter]
    /// Ordered pipeline stages; passing the last makes a solution.
    public var stages: [Stage]
    public var instruments: [Instrument]
    public var sustainability: Sustainability?
    public var correlations: [Correlation]
    public var mixes: [Mix]
    /// The `decision` block: what outcomes are worth to the decision maker (DESIGN §8.1).
    public var decision: Decision?

    public init(
        title: String, horizon: ClosedRange<Int>, discountRate: Double, parameters: [Parameter],
        stages: [Stage], instruments: [Instrument], sustainability: Sustainability?,
        correlations: [Correlation], mixes: [Mix], decision: Decision? = nil
    ) {
        self.title = title
        self.horizon = horizon
        self.discountRate = discountRate
        self.parameters = parameters
        self.stages = stages
        self.instruments = instruments
        self.sustainability = sustainability
        self.correlations = correlations
        self.mixes = mixes
        self.decision = decision
    }

    public subscript(ref: ParameterRef) -> Parameter {
        get { parameters[ref.index] }
        set { parameters[ref.index] = newValue }
    }

    /// The parameter named `path`, if any.
    public func reference(path: String) -> ParameterRef? {
        parameters.firstIndex { $0.path == path }.map(ParameterRef.init)
    }

    /// Number of simulated years.
    public var yearCount: Int { horizon.count }
}

/// An index into ``Scenario/parameters``.
public struct ParameterRef: Sendable, Hashable, Comparable {
    public var index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: ParameterRef, b: ParameterRef) -> Bool { a.index < b.index }
}

/// What values a parameter may take; decides the `a to b` family and the checks.
public enum ParameterDomain: String, Sendable, Hashable {
    /// In [0, 1]; `a to b` is logit-normal.
    case probability
    /// A share of a whole in [0, 1] (cofunding, pathway shares); `a to b` is logit-normal.
    case share
    /// A positive quantity (money, sites, uses, Bass p and q); `a to b` is lognormal.
    case positive
    /// A signed quantity (effects); `a to b` is normal.
    case signed
    /// Whole years ≥ 0 (durations ≥ 1 are checked by the model); `a to b` is uniform on whole years.
    case wholeYears
    /// A count (projects, winners, participants) ≥ 0; `a to b` is a rounded lognormal.
    case count
}

/// One named value of the scenario.
public struct Parameter: Sendable, Hashable {
    /// Dotted path, unique in the scenario (`poc.success`).
    public var path: String
    public var distribution: Distribution
    /// Drawn afresh every year (`each year`) instead of once per trial.
    public var eachYear: Bool
    /// Unit of the base value, for display and CSV documentation: `€/project-year`, `probability`,
    /// `years`, `projects/year`, `sites`, `uses/site-year`, `€/use`, `pp`, `%`, …
    public var unit: String
    public var domain: ParameterDomain
    /// How the family was chosen when it was not written explicitly (`90% interval → logit-normal`);
    /// nil for constants and explicit distributions.
    public var familyNote: String?
    /// A clause's default, not written in the file (`recherche.decay`, `savings.hospitals.cash`):
    /// it exists so that a mix can set it (DESIGN §7.7); `check` lists it apart.
    public var isDefault: Bool

    public init(
        path: String, distribution: Distribution, eachYear: Bool = false, unit: String,
        domain: ParameterDomain, familyNote: String? = nil, isDefault: Bool = false
    ) {
        self.path = path
        self.distribution = distribution
        self.eachYear = eachYear
        self.unit = unit
        self.domain = domain
        self.familyNote = familyNote
        self.isDefault = isDefault
    }
}

/// A pipeline stage: projects spend `duration` whole years in it at `cost` per project-year and
/// pass at its end with probability `success`.
public struct Stage: Sendable, Hashable {
    public var name: String
    /// Whole years (≥ 1 after effects).
    public var duration: ParameterRef
    public var success: ParameterRef
    /// Euros per project-year.
    public var cost: ParameterRef

    public init(name: String, duration: ParameterRef, success: ParameterRef, cost: ParameterRef) {
        self.name = name
        self.duration = duration
        self.success = success
        self.cost = cost
    }
}

/// The seven funding instruments of the 2019 AMI.
public enum InstrumentKind: String, Sendable, Hashable, CaseIterable {
    case stateInvestment = "state_investment"
    case openDatabase = "open_database"
    case challenge
    case openTools = "open_tools"
    case researchCall = "research_call"
    case experimentationCall = "experimentation_call"
    case directGrant = "direct_grant"

    /// Feeders put projects into a stage.
    public var isFeeder: Bool { self == .researchCall || self == .experimentationCall || self == .challenge }

    /// Public goods keep acting after their funding stops (effects from the first active year to
    /// the horizon); a `direct_grant` acts only while funded.
    public var effectsOutliveFunding: Bool {
        self == .stateInvestment || self == .openDatabase || self == .openTools
    }

    /// The share of its effects an instrument of this kind loses each year after its last active
    /// year when it says no `decay` (DESIGN §7.4): 0 for public goods, 1 (they stop) for the others.
    public var defaultDecay: Double { effectsOutliveFunding ? 0 : 1 }
}

/// How an instrument's money is stated.
public enum Budget: Sendable, Hashable {
    /// `budget X per year`: X euros in each active year.
    case perYear(ParameterRef)
    /// `budget X over A to B`: X euros spread evenly, X / (B − A + 1) a year.
    case total(ParameterRef, over: ClosedRange<Int>)
}

/// A public funding instrument.
public struct Instrument: Sendable, Hashable {
    /// Identifier used in paths, mixes and output series (`recherche`).
    public var id: String
    public var label: String
    public var kind: InstrumentKind
    /// Active calendar years, resolved by DESIGN §3.1: `years`, else `budget … over`, else the horizon.
    public var years: ClosedRange<Int>
    /// Who pays its public spending (`state` unless `payer X`).
    public var payer: String
    public var budget: Budget?
    /// Set for feeders (research_call, experimentation_call, challenge).
    public var feeder: Feeder?
    /// `annotations N per year at C per annotation` (open_database).
    public var annotations: Annotations?
    /// `participants N per year [at C per participant]` (challenge).
    public var participants: Participants?
    /// `organisation X per year` (challenge), euros per year.
    public var organisation: ParameterRef?
    public var effects: [Effect]
    /// `elasticity E` (enablers; path `ID.elasticity`, default 0.5 when nil): effects scale with
    /// money with diminishing returns, by (money per active year / reference)^E.
    public var elasticity: ParameterRef?
    /// The money per active year, in euros, that the scenario's stated effects correspond to: the
    /// baseline's budget (its median when uncertain; a total `over A to B` divided by its years;
    /// annotations × cost per annotation at their medians). A mix or a sweep that moves money keeps
    /// it, so its effects scale; nil for feeders and for enablers without money.
    public var referenceMoneyPerYear: Double?
    /// `ramp N years` (path `ID.ramp`; whole years ≥ 0; default 0 when nil): in its k-th active
    /// year the instrument's effects are multiplied by min(1, k/N); 0 means at once (DESIGN §7.4).
    public var ramp: ParameterRef?
    /// `decay R per year` (path `ID.decay`; a share per year): after its last active year the
    /// effects are multiplied by (1 − R)^(t − last active year). When nil, the default of its kind
    /// (``InstrumentKind/defaultDecay``): public goods act to the horizon, the others stop.
    public var decay: ParameterRef?

    public init(
        id: String, label: String, kind: InstrumentKind, years: ClosedRange<Int>, payer: String = "state",
        budget: Budget? = nil, feeder: Feeder? = nil, annotations: Annotations? = nil,
        participants: Participants? = nil, organisation: ParameterRef? = nil, effects: [Effect] = [],
        elasticity: ParameterRef? = nil, referenceMoneyPerYear: Double? = nil,
        ramp: ParameterRef? = nil, decay: ParameterRef? = nil
    ) {
        self.id = id
        self.label = label
        self.kind = kind
        self.years = years
        self.payer = payer
        self.budget = budget
        self.feeder = feeder
        self.annotations = annotations
        self.participants = participants
        self.organisation = organisation
        self.effects = effects
        self.elasticity = elasticity
        self.referenceMoneyPerYear = referenceMoneyPerYear
        self.ramp = ramp
        self.decay = decay
    }
}

/// How a feeder puts projects into the pipeline.
public struct Feeder: Sendable, Hashable {
    /// Index into ``Scenario/stages`` (the first stage when `enter` is not written).
    public var entryStage: Int
    /// `projects N per year` (research and experimentation calls) or `winners N per year` (challenges).
    public var projects: ParameterRef?
    /// `grant X per project` (research_call), euros per project.
    public var grant: ParameterRef?
    /// `cofunding S%` (experimentation_call): the State's share of entry-stage cost.
    public var cofunding: ParameterRef?
    /// `collaborative S% success ±Npp cost ±N%` (experimentation_call).
    public var collaborative: Collaborative?
    /// `prize X per year` (challenge): the prize pool, euros per year.
    public var prize: ParameterRef?

    public init(
        entryStage: Int, projects: ParameterRef? = nil, grant: ParameterRef? = nil,
        cofunding: ParameterRef? = nil, collaborative: Collaborative? = nil, prize: ParameterRef? = nil
    ) {
        self.entryStage = entryStage
        self.projects = projects
        self.grant = grant
        self.cofunding = cofunding
        self.collaborative = collaborative
        self.prize = prize
    }
}

/// The collaborative (firm + laboratory) share of an experimentation call's projects.
public struct Collaborative: Sendable, Hashable {
    /// Share of each year's projects that are collaborative (binomial split).
    public var share: ParameterRef
    /// Additive change of the entry stage's success probability (0.10 for `+10pp`), if given.
    public var successShift: ParameterRef?
    /// Relative change of the entry stage's cost (0.20 for `+20%`), if given.
    public var costChange: ParameterRef?

    public init(share: ParameterRef, successShift: ParameterRef? = nil, costChange: ParameterRef? = nil) {
        self.share = share
        self.successShift = successShift
        self.costChange = costChange
    }
}

/// `annotations N per year at C per annotation`.
public struct Annotations: Sendable, Hashable {
    /// Annotations per year.
    public var count: ParameterRef
    /// Euros per annotation.
    public var unitCost: ParameterRef

    public init(count: ParameterRef, unitCost: ParameterRef) {
        self.count = count
        self.unitCost = unitCost
    }
}

/// `participants N per year [at C per participant]`: private effort, reported as a count.
public struct Participants: Sendable, Hashable {
    public var count: ParameterRef
    /// Euros per participant, paid privately; nil when only counted.
    public var unitCost: ParameterRef?

    public init(count: ParameterRef, unitCost: ParameterRef? = nil) {
        self.count = count
        self.unitCost = unitCost
    }
}

/// How an effect changes its target.
public enum EffectKind: String, Sendable, Hashable {
    /// `+3pp`: adds to a probability or share, then clamps to [0, 1]. Change value 0.03.
    case percentagePoints = "pp"
    /// `-15%`: scales a quantity by (1 + change). Change value -0.15.
    case percent = "%"
    /// `+1 year`: shifts a whole-year value (durations stay ≥ 1, delays ≥ 0). Change value in years.
    case years
}

/// `effect PATH CHANGE`: an enabler's action on one parameter.
public struct Effect: Sendable, Hashable {
    /// The parameter changed (`poc.success`).
    public var target: ParameterRef
    public var kind: EffectKind
    /// The size of the change, itself a parameter (`bases.effect.poc.success`).
    public var change: ParameterRef

    public init(target: ParameterRef, kind: EffectKind, change: ParameterRef) {
        self.target = target
        self.kind = kind
        self.change = change
    }
}

/// What happens once public money stops: adoption, pathways, payers and caps.
public struct Sustainability: Sendable, Hashable {
    /// Sites that could adopt (M of the Bass model).
    public var market: ParameterRef
    /// Uses per adopting site-year.
    public var uses: ParameterRef
    /// Bass innovation coefficient p (per year).
    public var bassP: ParameterRef
    /// Bass imitation coefficient q (per year).
    public var bassQ: ParameterRef
    public var pathways: [Pathway]
    /// Opex, euros per year per solution.
    public var opexFixed: ParameterRef?
    /// Opex, euros per adopting site-year.
    public var opexPerSite: ParameterRef?
    public var savings: [Savings]
    /// `exit after K years below breakeven`; nil means solutions never exit.
    public var exitAfter: ParameterRef?
    public var caps: [Cap]
    /// `market M sites up to K solutions per site`: K, the most solutions one site holds at a
    /// time (a positive quantity per trial; path `market.solutions_per_site`). nil: no limit
    /// (DESIGN §7.5).
    public var solutionsPerSite: ParameterRef?
    /// `assessment capacity C per year duration D years`: the one assessing body, if any (DESIGN §7.1).
    public var assessment: Assessment?

    public init(
        market: ParameterRef, uses: ParameterRef, bassP: ParameterRef, bassQ: ParameterRef,
        pathways: [Pathway], opexFixed: ParameterRef? = nil, opexPerSite: ParameterRef? = nil,
        savings: [Savings] = [], exitAfter: ParameterRef? = nil, caps: [Cap] = [],
        solutionsPerSite: ParameterRef? = nil, assessment: Assessment? = nil
    ) {
        self.market = market
        self.uses = uses
        self.bassP = bassP
        self.bassQ = bassQ
        self.pathways = pathways
        self.opexFixed = opexFixed
        self.opexPerSite = opexPerSite
        self.savings = savings
        self.exitAfter = exitAfter
        self.caps = caps
        self.solutionsPerSite = solutionsPerSite
        self.assessment = assessment
    }
}

/// `assessment capacity C per year duration D years` (DESIGN §7.1): one body that decides which
/// solutions may use a pathway `via assessment`.
public struct Assessment: Sendable, Hashable {
    /// Dossiers that can start each year (a positive quantity, path `assessment.capacity`; ⌊max(0, C)⌋
    /// start; may be drawn each year).
    public var capacity: ParameterRef
    /// Whole years (≥ 1) from the start of a dossier to its decision (path `assessment.duration`),
    /// read when the dossier starts.
    public var duration: ParameterRef

    public init(capacity: ParameterRef, duration: ParameterRef) {
        self.capacity = capacity
        self.duration = duration
    }
}

/// `via assessment success P [else OTHER]`: access to a pathway is earned (DESIGN §7.1).
public struct AssessmentRoute: Sendable, Hashable {
    /// Probability that a dossier passes (path `pathway.NAME.success`), read in the decision year.
    public var success: ParameterRef
    /// The pathway a refused solution goes onto; nil when it leaves (no `else`, or `else none`).
    public var orElse: String?

    public init(success: ParameterRef, orElse: String? = nil) {
        self.success = success
        self.orElse = orElse
    }
}

/// `early tariff T per use for K years` or `early licence L per site-year for K years`: early
/// access while a solution waits for or is under assessment (DESIGN §7.1).
public struct EarlyAccess: Sendable, Hashable {
    /// The early price (path `pathway.NAME.early_price`), paid by the pathway's payer; it does not move.
    public var price: Price
    /// Whole years ≥ 1 of early access at most (path `pathway.NAME.early_years`), read at launch.
    public var years: ParameterRef

    public init(price: Price, years: ParameterRef) {
        self.price = price
        self.years = years
    }
}

/// `revised X after N years`: a one-off change of a pathway's full price (DESIGN §7.2).
public struct PriceRevision: Sendable, Hashable {
    /// The signed relative change, a fraction (−0.3 for `-30%`, path `pathway.NAME.revised`); > −1.
    public var change: ParameterRef
    /// Whole years ≥ 1 of full price before the revision applies (path `pathway.NAME.revised_after`):
    /// it applies from the (N+1)-th year at the full price.
    public var after: ParameterRef

    public init(change: ParameterRef, after: ParameterRef) {
        self.change = change
        self.after = after
    }
}

/// How a solution is paid for once launched.
public enum Price: Sendable, Hashable {
    /// No price: no one pays (the `none` pathway, or a pathway without tariff or licence).
    case none
    /// `tariff T per use`, euros per use.
    case tariffPerUse(ParameterRef)
    /// `licence L per site-year`, euros per adopting site-year.
    case licencePerSiteYear(ParameterRef)
}

/// An economic pathway beyond proof of concept.
public struct Pathway: Sendable, Hashable {
    /// `reimbursement`, `hospital_budget`, … ; `none` is the proof-of-concept cliff.
    public var name: String
    /// Share of launched solutions; nil for `share rest`.
    public var share: ParameterRef?
    /// Whole years between launch and first adoption (nil = 0).
    public var delay: ParameterRef?
    public var price: Price
    /// Who pays the tariff or licence; nil for `none`.
    public var payer: String?
    /// `via assessment …`: the share applies for the pathway and waits for the assessment's decision.
    public var assessment: AssessmentRoute?
    /// `early …`: early access at a fixed price until the decision (only with `assessment`).
    public var early: EarlyAccess?
    /// `erosion R per year` (path `pathway.NAME.erosion`): the full price loses a share R in [0, 1)
    /// every year after its first.
    public var erosion: ParameterRef?
    /// `revised X after N years`.
    public var revision: PriceRevision?

    public init(
        name: String, share: ParameterRef?, delay: ParameterRef? = nil, price: Price = .none, payer: String? = nil,
        assessment: AssessmentRoute? = nil, early: EarlyAccess? = nil, erosion: ParameterRef? = nil,
        revision: PriceRevision? = nil
    ) {
        self.name = name
        self.share = share
        self.delay = delay
        self.price = price
        self.payer = payer
        self.assessment = assessment
        self.early = early
        self.erosion = erosion
        self.revision = revision
    }

    /// `share rest`: takes what the other shares leave.
    public var isRest: Bool { share == nil }
    /// The proof-of-concept cliff: no economic model at all.
    public var isCliff: Bool { name == "none" }
}

/// `savings S per use for PAYER [cash C]`.
public struct Savings: Sendable, Hashable {
    /// Euros saved per use.
    public var perUse: ParameterRef
    public var payer: String
    /// The share of the savings that is cash (path `savings.PAYER.cash`, default 100%; DESIGN §7.3):
    /// `net` and `breakeven_year` use only that share. nil is read as 100%.
    public var cash: ParameterRef?

    public init(perUse: ParameterRef, payer: String, cash: ParameterRef? = nil) {
        self.perUse = perUse
        self.payer = payer
        self.cash = cash
    }
}

/// What a cap does when a payer's demand exceeds it.
public enum CapPolicy: String, Sendable, Hashable, CaseIterable {
    /// Scale the payer's prices down so that spend equals the cap.
    case priceVolume = "price_volume"
    /// Admit new adopters only up to the cap.
    case ration
    /// Record the breach only.
    case flag
}

/// `cap PAYER X per year policy P`.
public struct Cap: Sendable, Hashable {
    public var payer: String
    /// Euros per year.
    public var amount: ParameterRef
    public var policy: CapPolicy

    public init(payer: String, amount: ParameterRef, policy: CapPolicy) {
        self.payer = payer
        self.amount = amount
        self.policy = policy
    }
}

/// `correlate A B rho`: Spearman rank correlation between two per-trial parameters.
public struct Correlation: Sendable, Hashable {
    public var first: ParameterRef
    public var second: ParameterRef
    public var spearman: Double

    public init(first: ParameterRef, second: ParameterRef, spearman: Double) {
        self.first = first
        self.second = second
        self.spearman = spearman
    }
}

/// `mix "name"`: a variant of the scenario.
public struct Mix: Sendable, Hashable {
    public var name: String
    /// New laws for existing parameters.
    public var overrides: [Override]
    /// Ids of instruments dropped (`without ID`).
    public var without: [String]
    /// New policies for payers' caps (`cap PAYER policy P`).
    public var capPolicies: [CapPolicyChange]

    public init(name: String, overrides: [Override] = [], without: [String] = [], capPolicies: [CapPolicyChange] = []) {
        self.name = name
        self.overrides = overrides
        self.without = without
        self.capPolicies = capPolicies
    }

    /// A cap kept at its amount but run under another policy.
    public struct CapPolicyChange: Sendable, Hashable {
        public var payer: String
        public var policy: CapPolicy

        public init(payer: String, policy: CapPolicy) {
            self.payer = payer
            self.policy = policy
        }
    }

    /// One overridden parameter.
    public struct Override: Sendable, Hashable {
        public var parameter: ParameterRef
        public var distribution: Distribution
        public var eachYear: Bool

        public init(parameter: ParameterRef, distribution: Distribution, eachYear: Bool) {
            self.parameter = parameter
            self.distribution = distribution
            self.eachYear = eachYear
        }
    }
}

extension Scenario {
    /// The name of the baseline (the scenario without overrides) in outputs.
    public static let baselineName = "baseline"

    /// The scenario with `mix` applied: overridden laws replaced, dropped instruments removed.
    /// Parameters keep their paths, so every value the mix shares with the baseline keeps its draws.
    public func applying(_ mix: Mix) -> Scenario {
        var variant = self
        for o in mix.overrides {
            variant[o.parameter].distribution = o.distribution
            variant[o.parameter].eachYear = o.eachYear
        }
        variant.instruments.removeAll { mix.without.contains($0.id) }
        for change in mix.capPolicies {
            for k in variant.sustainability?.caps.indices ?? 0..<0 where variant.sustainability!.caps[k].payer == change.payer {
                variant.sustainability!.caps[k].policy = change.policy
            }
        }
        variant.mixes = []
        return variant
    }

    /// Every payer named anywhere, in a stable order: `state`, `private`, then the others in
    /// order of first appearance (instrument payers, pathway payers, savings, caps).
    public var payers: [String] {
        Self.payers(instruments: instruments, sustainability: sustainability)
    }

    /// The payers of a scenario with these instruments and `sustainability` (see ``payers``).
    public static func payers(instruments: [Instrument], sustainability: Sustainability?) -> [String] {
        var result = ["state", "private"]
        func add(_ p: String?) {
            if let p, !result.contains(p) { result.append(p) }
        }
        for i in instruments { add(i.payer) }
        if let s = sustainability {
            for p in s.pathways { add(p.payer) }
            for sv in s.savings { add(sv.payer) }
            for c in s.caps { add(c.payer) }
        }
        return result
    }
}

extension Scenario {
    /// The clauses of DESIGN §7 that this scenario uses and that the model does not simulate yet,
    /// in a fixed order (`assessment`, `via assessment`, `early`, `erosion`, `revised`,
    /// `up to … solutions per site`, `cash`, `ramp`, `decay`); empty when it uses none.
    ///
    /// A clause's default (an unwritten `ramp`, `decay` or `cash`) is not a use, unless a mix sets it.
    /// Simulating commands refuse a scenario for which this is not empty, rather than run it as if
    /// the clause were absent.
    public var unsimulatedClauses: [String] {
        let overridden = Set(mixes.flatMap { $0.overrides.map(\.parameter) })
        func used(_ ref: ParameterRef?) -> Bool {
            guard let ref else { return false }
            return !self[ref].isDefault || overridden.contains(ref)
        }
        let pathways = sustainability?.pathways ?? []
        let uses: [(String, Bool)] = [
            ("assessment", sustainability?.assessment != nil),
            ("via assessment", pathways.contains { $0.assessment != nil }),
            ("early", pathways.contains { $0.early != nil }),
            ("erosion", pathways.contains { $0.erosion != nil }),
            ("revised", pathways.contains { $0.revision != nil }),
            ("up to … solutions per site", sustainability?.solutionsPerSite != nil),
            ("cash", sustainability?.savings.contains { used($0.cash) } ?? false),
            ("ramp", instruments.contains { used($0.ramp) }),
            ("decay", instruments.contains { used($0.decay) }),
        ]
        return uses.filter(\.1).map(\.0)
    }
}

/// `decision`: what the decision maker's outcomes are worth (DESIGN §8.1). The worths are
/// constants: the decision maker's values, not uncertainty.
///
/// Per trial, `net_benefit` = ``perSustainableSolution`` × `solutions.sustainable`(Y1)
/// + ``perUse`` × NPV(`adoption.uses`) − Σ over ``costPayers`` of `npv.net.<payer>`.
public struct Decision: Sendable, Hashable {
    /// λ_s: euros per solution sustainable in the last horizon year.
    public var perSustainableSolution: Double
    /// λ_u: euros per use, discounted like every NPV; 0 when not written.
    public var perUse: Double
    /// The payers whose net cost (NPV) counts, in the order written (default: every payer but
    /// `private`).
    public var costPayers: [String]

    public init(perSustainableSolution: Double, perUse: Double = 0, costPayers: [String]) {
        self.perSustainableSolution = perSustainableSolution
        self.perUse = perUse
        self.costPayers = costPayers
    }
}
