import MonteCarlo

/// Everything `simulate` needs, resolved once from the scenario: parameter indices, arena rows,
/// series indices and random-stream hashes. The hot path reads only integers and doubles.
///
/// The workspace is one arena of rows of `capacity` doubles; a *slot* is a row number. Slots are
/// laid out in three regions: parameter values (overwritten by every chunk), state (zeroed by every
/// chunk) and scratch (written before read).
struct ModelPlan: Sendable {
    var years: Int
    var firstYear: Int
    var discountRate: Double

    // MARK: Parameters

    /// First slot of parameter p; it has `years` rows when drawn each year or targeted by an
    /// effect, else one row.
    var parameterSlot: [Int] = []
    var parameterPerYear: [Bool] = []
    /// Drawn afresh every year (`each year`); ``parameterPerYear`` also holds for values that
    /// effects change year by year.
    var parameterEachYear: [Bool] = []
    var effects: [EffectPlan] = []
    /// Money scalings of enablers' effects (elasticities), referred to by ``EffectPlan/Term/scale``.
    var scalings: [ScalingPlan] = []

    @inline(__always) func slot(_ p: Int, year y: Int) -> Int {
        parameterPerYear[p] ? parameterSlot[p] + y : parameterSlot[p]
    }

    // MARK: Pipeline

    var stages: [StagePlan] = []
    var lanes: [LanePlan] = []
    var feeders: [FeederPlan] = []
    var spending: [SpendingPlan] = []

    // MARK: Beyond proof of concept

    var sustainability: SustainabilityPlan?

    // MARK: Outputs

    var catalog: OutputCatalog

    // MARK: Arena

    var stateSlots: Range<Int> = 0 ..< 0
    var slotCount = 0
    /// Scratch rows.
    var scratch: [Int] = []
    /// Running stock of active solutions.
    var activeSolutions = 0
    /// 1 in trials whose pathway shares were scaled down at least once.
    var sharesScaledFlag = 0

    // MARK: Bookkeeping (integers per chunk, not per trial)

    /// Offsets in the workspace's integer array: first operating year of each cohort
    /// (family-major), last scheduled exit year of each lane, whether passers wait to enter each
    /// lane, whether projects entered each lane this year, and whether any cohort of a lane exits
    /// in a year (lane-major).
    var cohortStartOffset: Int { 0 }
    var laneLastExitOffset: Int { cohortStartOffset + max(1, (sustainability?.solutionPathways.count ?? 0) * years) }
    var laneIncomingOffset: Int { laneLastExitOffset + lanes.count }
    var laneEnteredOffset: Int { laneIncomingOffset + lanes.count }
    var exitScheduledOffset: Int { laneEnteredOffset + lanes.count }
    var bookkeepingCount: Int { exitScheduledOffset + lanes.count * years }
    /// Indices of the `state` and `private` payers in ``Scenario/payers`` (and the catalog's
    /// per-payer series), found by name.
    var statePayer = 0, privatePayer = 0
    /// Whether some pathway share can differ between years (drawn each year or changed by an
    /// effect): then the 100% check runs every year, else once.
    var sharesVaryByYear = false
}

/// The effective per-year value of one targeted parameter: `%` terms multiply, then `pp` and
/// year terms add, then the domain clamps.
struct EffectPlan: Sendable {
    struct Term: Sendable {
        /// Parameter holding the size of the change.
        var change: Int
        var kind: EffectKind
        /// Year indices where the effect acts.
        var years: Range<Int>
        /// Index into ``ModelPlan/scalings`` when the change scales with the instrument's money.
        var scale: Int?
    }
    var target: Int
    var terms: [Term]
    var clamp: Clamp
}

/// An enabler's money scaling (the elasticity of its effects): per trial,
/// s = (money per active year / reference)^elasticity, kept in `rows` (one row, or one per year
/// when the elasticity is drawn each year).
struct ScalingPlan: Sendable {
    /// The instrument's budget line, if any (value per year = parameter / divisor).
    var budget: BudgetPlan?
    /// `annotations N at C` (parameter indices, or -1), spent in `annotationYears`.
    var annotationsCount: Int, annotationsCost: Int
    var annotationYears: Range<Int>
    /// The elasticity parameter (nil: ``defaultElasticity``).
    var elasticity: Int?
    /// Euros per year the stated effects correspond to (> 0).
    var reference: Double
    /// First row of the factors s.
    var rows: Int
    var perYear: Bool
    static let defaultElasticity = 0.5
}

/// The domain a value is forced back into after effects.
enum Clamp: Sendable {
    case unit
    case nonNegative
    case nonNegativeWhole
    case wholeAtLeast(Double)
    case none
}

struct StagePlan: Sendable {
    var duration: Int
    var success: Int
    var cost: Int
}

/// How a lane's project-years are paid in its stage.
enum LaneFunding: Sendable {
    /// A grant or prize share paid out per project-year (the lane's credit row); the public part
    /// is booked to the instrument only when `publicPays` (research_call; a challenge's prize pool
    /// is booked by the feeder when awarded).
    case credit(publicPays: Bool)
    /// `cofunding` × cost each project-year (experimentation_call's entry stage).
    case cofunding(Int)
    /// Stages after the entry stage: all private.
    case privateOnly
}

/// A cohort stream: the projects of one feeder (origin) in one stage; an experimentation call's
/// collaborative projects have their own lane in the entry stage.
struct LanePlan: Sendable {
    var stage: Int
    var feeder: Int
    var collaborative: Bool
    /// Fed by its feeder (the entry stage), rather than by the previous stage's passers.
    var isEntry: Bool
    /// Lane the passers enter next year, or -1 when passing launches solutions.
    var next: Int
    var passageStream: UInt64
    var funding: LaneFunding
    var publicSeries: Int
    var privateSeries: Int
    /// Collaborative changes (parameter indices or -1).
    var successShift: Int = -1
    var costChange: Int = -1
    // State slots.
    var active = 0, credit = 0, incoming = 0
    /// `years` rows: projects (and credit) leaving at the end of year index e.
    var exits = 0, creditExits = 0
    // Scratch-like per-year slots (state region, rewritten every year).
    var entered = 0, creditEntering = 0
}

/// A budget line: value per year = parameter / divisor within `years`.
struct BudgetPlan: Sendable {
    var parameter: Int
    var divisor: Double
    /// Year indices where it applies.
    var years: Range<Int>
}

struct FeederPlan: Sendable {
    var kind: InstrumentKind
    var id: String
    var activeYears: Range<Int>
    var entryStage: Int
    var lane: Int
    var collaborativeLane: Int
    var projects: Int, grant: Int, cofunding: Int, prize: Int, organisation: Int, collaborativeShare: Int
    var budget: BudgetPlan?
    var collaborativeStream: UInt64
    /// Passers of the last stage waiting to launch next year.
    var launchPending: Int
    /// `pathway:<id>:<name>` by pathway.
    var pathwayStreams: [UInt64]
    var publicSeries: Int
}

/// An instrument's own yearly spending (besides what its projects cost).
struct SpendingPlan: Sendable {
    var activeYears: Range<Int>
    var publicSeries: Int
    var privateSeries: Int
    /// Enablers only: feeders turn their budget into projects instead.
    var budget: BudgetPlan?
    var annotationsCount: Int, annotationsCost: Int
    var organisation: Int
    var participants: Int, participantsCost: Int, participantsSeries: Int
}

struct PathwayPlan: Sendable {
    enum PriceKind: Sendable { case none, tariff, licence }
    var share: Int
    var isRest: Bool
    var isCliff: Bool
    var delay: Int
    var priceKind: PriceKind
    var price: Int
    /// Index among the non-cliff pathways (cohort family), -1 for a cliff pathway.
    var solutionIndex: Int
    var spendSeries: Int
    var revenueSeries: Int
    /// Index into ``SustainabilityPlan/caps``, -1 when uncapped.
    var cap: Int
}

struct CapPlan: Sendable {
    var amount: Int
    var policy: CapPolicy
    var breachedSeries: Int
    /// Scratch rows: demand from sites already adopting, from new adopters, and the factor applied
    /// (admitted share of new adopters for ration, price scale for price_volume).
    var demandKept: Int, demandNew: Int, factor: Int
}

struct SustainabilityPlan: Sendable {
    var market: Int, uses: Int, bassP: Int, bassQ: Int
    var opexFixed: Int, opexPerSite: Int, exitAfter: Int
    var pathways: [PathwayPlan]
    /// Declared order of the pathways drawn by conditional binomials (all but `rest`).
    var drawn: [Int]
    /// The pathway that takes the remainder (nil: the remainder goes to the cliff).
    var rest: Int?
    var caps: [CapPlan]
    var savings: [(perUse: Int, series: Int)]
    /// Non-cliff pathways (cohort families).
    var solutionPathways: [Int]
    /// First slot of cohort (launch year L, family k): `cohortBase + (k * years + L) * cohortRows`.
    var cohortBase: Int
    /// Per drawn pathway: its conditional probability this year (scratch rows).
    var conditional: [Int]
    static let cohortRows = 7
    // Cohort row offsets.
    static let count = 0, sites = 1, below = 2, operatingFrom = 3, price = 4, newSites = 5
    /// This year's operating count: the count when past the delay (and the market is open), else 0.
    static let weight = 6
}

/// Names of the scratch rows (indices into ``ModelPlan/scratch``).
enum Scratch {
    static let projects = 0, creditPerProject = 1, collaborative = 2, probability = 3, passers = 4
    static let pool = 5, remaining = 6, uniforms = 7, drawn = 8, cliff = 9, launched = 10
    static let cumulativeSavings = 11, cumulativePublic = 12, spare = 13
    /// Constant rows (filled at the start of every chunk) that stand in for absent values, so
    /// inner loops read plain pointers instead of optionals; `sink` absorbs writes nobody reads.
    static let zeros = 14, ones = 15, sink = 16
    /// K of `exit after` as a whole number ≥ 1 for the year (+∞ when solutions never exit).
    static let exitYears = 17
    /// Sum of the drawn pathway shares (the 100% check and the scaling of launches).
    static let shareTotal = 18, mass = 19
    /// A sparse row's nonempty trials, gathered for one bulk inversion.
    static let gatheredCount = 20, gatheredProbability = 21, gatheredDrawn = 22
    static let rows = 23
}
