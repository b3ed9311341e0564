import FundingModel
import MonteCarlo

extension CheckReport {
    /// Version of the JSON layout; bumped on any incompatible change.
    public static let jsonSchema = "beyondpoc.check/2"

    /// The report as JSON (schema `beyondpoc.check/2`, documented in the ScenarioLanguage
    /// catalog's "Check report JSON" article). Keys come in a fixed order; numbers are in base
    /// units (euros, years, fractions); non-finite numbers are `null`.
    public static func json(_ scenario: Scenario, fileName: String) -> String {
        json(scenario, fileName: fileName, tables: .standard)
    }

    /// The JSON report of a scenario compiled with `tables`.
    static func json(_ scenario: Scenario, fileName: String, tables: ClauseTables) -> String {
        let s = scenario
        let doc = JSONText.object([
            ("schema", .string(jsonSchema)),
            ("file", .string(fileName)),
            ("title", .string(s.title)),
            ("horizon", .object([("first", .integer(s.horizon.lowerBound)), ("last", .integer(s.horizon.upperBound))])),
            ("discount_rate", .number(s.discountRate)),
            ("parameters", .array(s.parameters.filter { !$0.isDefault }.map(parameterJSON))),
            ("defaults", .array(s.parameters.filter(\.isDefault).map(parameterJSON))),
            ("stages", .array(s.stages.map { st in
                .object([
                    ("name", .string(st.name)), ("duration", .string(s[st.duration].path)),
                    ("success", .string(s[st.success].path)), ("cost", .string(s[st.cost].path)),
                ])
            })),
            ("instruments", .array(s.instruments.map { instrumentJSON(s, $0, tables.instrument) })),
            ("sustainability", s.sustainability.map { sustainabilityJSON(s, $0, tables.sustainability) } ?? .null),
            ("decision", s.decision.map { d in .object(members(of: tables.decision, .lines, s, d)) } ?? .null),
            ("payers", .array(s.payers.map(JSONText.string))),
            ("correlations", .array(s.correlations.map { c in
                .object([
                    ("first", .string(s[c.first].path)), ("second", .string(s[c.second].path)),
                    ("spearman", .number(c.spearman)), ("note", .optional(correlationNote(s, c))),
                ])
            })),
            ("mixes", .array(s.mixes.map { m in
                .object([
                    ("name", .string(m.name)),
                    ("overrides", .array(m.overrides.map { o in
                        .object([
                            ("path", .string(s[o.parameter].path)), ("distribution", distributionJSON(o.distribution)),
                            ("law", .string(LawDescription.text(o.distribution))), ("each_year", .bool(o.eachYear)),
                        ])
                    })),
                    ("without", .array(m.without.map(JSONText.string))),
                    ("cap_policies", .array(m.capPolicies.map { .object([("payer", .string($0.payer)), ("policy", .string($0.policy.rawValue))]) })),
                ])
            })),
        ])
        return doc.rendered()
    }

    static func distributionJSON(_ d: Distribution) -> JSONText {
        var members: [(String, JSONText)] = [("family", .string(LawDescription.family(d)))]
        switch d {
        case .discrete(let values, let weights):
            members.append(("values", .array(values.map { .finite($0) })))
            members.append(("weights", .array(weights.map { .finite($0) })))
        case .rounded(let inner, _, _):
            members += LawDescription.parameters(d).map { ($0.0, .finite($0.1)) }
            members.append(("inner", distributionJSON(inner)))
        default:
            members += LawDescription.parameters(d).map { ($0.0, .finite($0.1)) }
        }
        return .object(members)
    }

    static func parameterJSON(_ p: Parameter) -> JSONText {
        .object([
            ("path", .string(p.path)),
            ("domain", .string(p.domain.rawValue)),
            ("unit", .string(p.unit)),
            ("each_year", .bool(p.eachYear)),
            ("distribution", distributionJSON(p.distribution)),
            ("law", .string(LawDescription.text(p.distribution))),
            ("family_note", .optional(p.familyNote)),
            ("quantiles", .object(zip(["p05", "p50", "p95"], probabilities).map { key, q in
                (key, .finite(LawDescription.quantile(p.distribution, q)))
            })),
        ])
    }

    /// An instrument: its header, then its clauses' members as ``InstrumentClauses`` places
    /// them (summary members in `feeder`).
    static func instrumentJSON(_ s: Scenario, _ i: Instrument, _ rules: [InstrumentClauseRule]) -> JSONText {
        let feeder = i.feeder.map { f in
            JSONText.object(
                [("entry_stage", .string(s.stages.indices.contains(f.entryStage) ? s.stages[f.entryStage].name : ""))]
                    + members(of: rules, .summary, s, i))
        }
        let header: [(String, JSONText)] = [
            ("id", .string(i.id)), ("label", .string(i.label)), ("kind", .string(i.kind.rawValue)),
            ("years", .object([("first", .integer(i.years.lowerBound)), ("last", .integer(i.years.upperBound))])),
            ("payer", .string(i.payer)),
        ]
        return .object(
            header + members(of: rules, .lead, s, i) + [("feeder", feeder ?? .null)] + members(of: rules, .lines, s, i)
                + [("reference_money_per_year", .finite(i.referenceMoneyPerYear))])
    }

    /// The JSON members of the clauses of `rules` shown at `place`.
    static func members<Draft, Model>(
        of rules: [ClauseRule<Draft, Model>], _ place: ReportPlace, _ s: Scenario, _ model: Model
    ) -> [(String, JSONText)] {
        rules.filter { $0.place == place }.flatMap { $0.json(s, model) }
    }

    /// The `sustainability` block: its clauses' members in table order.
    static func sustainabilityJSON(_ s: Scenario, _ u: Sustainability, _ rules: [SustainabilityClauseRule]) -> JSONText {
        return .object(members(of: rules, .lead, s, u) + members(of: rules, .summary, s, u) + members(of: rules, .lines, s, u))
    }
}
