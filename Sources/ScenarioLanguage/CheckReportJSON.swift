import FundingModel
import MonteCarlo

extension CheckReport {
    /// Version of the JSON layout; bumped on any incompatible change.
    public static let jsonSchema = "beyondpoc.check/2"

    /// The report as JSON (schema `beyondpoc.check/2`, documented in the ScenarioLanguage
    /// catalog's "Check report JSON" article). Keys come in a fixed order; numbers are in base
    /// units (euros, years, fractions); non-finite numbers are `null`.
    public static func json(_ scenario: Scenario, fileName: String) -> String {
        let s = scenario
        let doc = JSONText.object([
            ("schema", .string(jsonSchema)),
            ("file", .string(fileName)),
            ("title", .string(s.title)),
            ("horizon", .object([("first", .integer(s.horizon.lowerBound)), ("last", .integer(s.horizon.upperBound))])),
            ("discount_rate", .number(s.discountRate)),
            ("parameters", .array(s.parameters.map(parameterJSON))),
            ("stages", .array(s.stages.map { st in
                .object([
                    ("name", .string(st.name)), ("duration", .string(s[st.duration].path)),
                    ("success", .string(s[st.success].path)), ("cost", .string(s[st.cost].path)),
                ])
            })),
            ("instruments", .array(s.instruments.map { instrumentJSON(s, $0) })),
            ("sustainability", s.sustainability.map { sustainabilityJSON(s, $0) } ?? .null),
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

    static func instrumentJSON(_ s: Scenario, _ i: Instrument) -> JSONText {
        let ref = { (r: ParameterRef?) -> JSONText in r.map { .string(s[$0].path) } ?? .null }
        var budget = JSONText.null
        switch i.budget {
        case .perYear(let r)?: budget = .object([("path", ref(r)), ("per", .string("year"))])
        case .total(let r, let over)?:
            budget = .object([
                ("path", ref(r)), ("per", .string("total")),
                ("over", .object([("first", .integer(over.lowerBound)), ("last", .integer(over.upperBound))])),
            ])
        case nil: break
        }
        var feeder = JSONText.null
        if let f = i.feeder {
            feeder = .object([
                ("entry_stage", .string(s.stages.indices.contains(f.entryStage) ? s.stages[f.entryStage].name : "")),
                ("projects", ref(f.projects)), ("grant", ref(f.grant)), ("cofunding", ref(f.cofunding)),
                ("collaborative", f.collaborative.map { c in
                    .object([("share", ref(c.share)), ("success", ref(c.successShift)), ("cost", ref(c.costChange))])
                } ?? .null),
                ("prize", ref(f.prize)),
            ])
        }
        return .object([
            ("id", .string(i.id)), ("label", .string(i.label)), ("kind", .string(i.kind.rawValue)),
            ("years", .object([("first", .integer(i.years.lowerBound)), ("last", .integer(i.years.upperBound))])),
            ("payer", .string(i.payer)), ("budget", budget), ("feeder", feeder),
            ("organisation", ref(i.organisation)),
            ("participants", i.participants.map { .object([("count", ref($0.count)), ("cost", ref($0.unitCost))]) } ?? .null),
            ("annotations", i.annotations.map { .object([("count", ref($0.count)), ("cost", ref($0.unitCost))]) } ?? .null),
            ("effects", .array(i.effects.map { e in
                .object([
                    ("target", .string(s[e.target].path)), ("kind", .string(e.kind.rawValue)), ("change", .string(s[e.change].path)),
                    ("until_horizon", .bool(i.kind.effectsOutliveFunding)),
                ])
            })),
            ("elasticity", ref(i.elasticity)),
            ("reference_money_per_year", .finite(i.referenceMoneyPerYear)),
        ])
    }

    static func sustainabilityJSON(_ s: Scenario, _ u: Sustainability) -> JSONText {
        let ref = { (r: ParameterRef?) -> JSONText in r.map { .string(s[$0].path) } ?? .null }
        return .object([
            ("market", ref(u.market)), ("uses", ref(u.uses)), ("bass_p", ref(u.bassP)), ("bass_q", ref(u.bassQ)),
            ("pathways", .array(u.pathways.map { p in
                var price: JSONText = .null
                switch p.price {
                case .tariffPerUse(let r): price = .object([("per", .string("use")), ("path", ref(r))])
                case .licencePerSiteYear(let r): price = .object([("per", .string("site-year")), ("path", ref(r))])
                case .none: break
                }
                return .object([
                    ("name", .string(p.name)), ("share", ref(p.share)), ("rest", .bool(p.isRest)), ("delay", ref(p.delay)),
                    ("price", price), ("payer", .optional(p.payer)), ("cliff", .bool(p.isCliff)),
                ])
            })),
            ("opex_fixed", ref(u.opexFixed)), ("opex_per_site", ref(u.opexPerSite)),
            ("savings", .array(u.savings.map { .object([("path", ref($0.perUse)), ("payer", .string($0.payer))]) })),
            ("exit_after", ref(u.exitAfter)),
            ("caps", .array(u.caps.map {
                .object([("payer", .string($0.payer)), ("path", ref($0.amount)), ("policy", .string($0.policy.rawValue))])
            })),
        ])
    }
}
