import ScenarioLanguage

/// A generated scenario of about `lines` lines: three stages, instruments of every kind (four
/// or five lines each), a sustainability block, and mixes that override and drop instruments.
func generatedScenario(lines target: Int) -> (text: String, lines: Int) {
    var out = """
    scenario "Generated"
    horizon 2026 to 2035
    discount 2.5%
    pipeline
      stage poc duration 1 year success 0.45 to 0.65 cost 150k€ per project-year
      stage pilot duration 1 to 2 years success 0.30 to 0.50 cost 400k€ per project-year
      stage evaluation duration 1 year success 0.50 to 0.80 cost 250k€ per project-year
    sustainability
      market 1_500 sites
      uses 2_000 to 10_000 per site-year
      adoption bass p 0.01 to 0.04 q 0.30 to 0.60
      pathway reimbursement share 20% to 40% delay 1 to 3 years tariff 2€ to 10€ per use payer assurance_maladie
      pathway hospital_budget share 30% to 50% delay 0 to 1 years licence 10k€ to 40k€ per site-year payer hospitals
      pathway none share rest
      opex 300k€ per year + 1k€ per site-year
      savings 5€ to 20€ per use for hospitals
      exit after 2 years below breakeven
      cap assurance_maladie 30M€ per year policy price_volume
    correlate poc.success pilot.success 0.5

    """
    var count = out.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    var k = 0
    var ids: [String] = []
    // About four fifths instruments, one fifth mixes.
    while count < target * 4 / 5 {
        let id = "i\(k)"
        ids.append(id)
        switch k % 4 {
        case 0:
            out += "research_call \(id) \"Call \(k)\"\n  years 2026 to 2029\n  projects 5 to 15 per year enter poc\n  grant 300k€ per project\n"
            count += 4
        case 1:
            out += "experimentation_call \(id) \"Experiments \(k)\"\n  projects poisson(6) each year enter pilot\n  cofunding 45%\n  collaborative 30% success +10pp cost +20%\n"
            count += 4
        case 2:
            out += "challenge \(id) \"Challenge \(k)\"\n  years 2026 to 2028\n  prize 300k€ per year\n  participants 40 to 400 per year\n  winners 3 per year enter pilot\n"
            count += 5
        default:
            out += "open_database \(id) \"Data \(k)\"\n  annotations 150_000 per year at 2€ to 8€ per annotation\n  effect poc.success +1pp to +3pp\n  effect adoption.q +1% to +5%\n"
            count += 4
        }
        k += 1
    }
    var m = 0
    while count < target {
        // Research calls (every fourth instrument) have `projects` to override.
        let dropped = ids[(m * 7 + 1) % ids.count], call = ids[(m * 4) % (ids.count / 4 * 4)]
        out += "mix \"Variant \(m)\"\n  pathway.reimbursement.share 10% to 20%\n  without \(dropped)\n  \(call).projects 8 per year\n"
        count += 4
        m += 1
    }
    return (out, count)
}

func languageBenchmarks() -> [Benchmark] {
    let (text, lines) = generatedScenario(lines: 5_000)
    return [
        Benchmark(group: "language", name: "check (compile + text report), \(lines) lines", unit: "lines") {
            let result = ScenarioCompiler.compile(text: text, fileName: "generated.scenario")
            guard let scenario = result.scenario else { fatalError(result.rendered()) }
            return CheckReport.text(scenario, fileName: "generated.scenario").isEmpty ? 0 : lines
        },
        Benchmark(group: "language", name: "check --format json, \(lines) lines", unit: "lines") {
            let result = ScenarioCompiler.compile(text: text, fileName: "generated.scenario")
            guard let scenario = result.scenario else { fatalError(result.rendered()) }
            return CheckReport.json(scenario, fileName: "generated.scenario").isEmpty ? 0 : lines
        },
    ]
}
