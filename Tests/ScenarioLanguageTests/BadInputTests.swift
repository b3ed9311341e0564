import Testing
@testable import ScenarioLanguage

/// One bad input and the exact diagnostics it must produce (the first at `line:column`).
struct BadInput: CustomTestStringConvertible, Sendable {
    var name: String
    var source: String
    var line: Int
    var column: Int
    var rendered: String
    var testDescription: String { name }
}

let badInputs: [BadInput] = [
    BadInput(
        name: "unknown top-level keyword", source: base(replacing: "pipeline", with: "pipline"), line: 3, column: 1,
        rendered: """
        t.scenario:3:1: error: unknown statement `pipline`
        pipline
        ^~~~~~~
        hint: did you mean `pipeline`?

        """),
    BadInput(
        name: "unknown clause in an instrument", source: base(replacing: "  grant 100k€", with: "  grnat 100k€"), line: 8,
        column: 3,
        rendered: """
        t.scenario:8:3: error: unknown clause `grnat`
          grnat 100k€ per project
          ^~~~~
        hint: did you mean `grant`?

        """),
    BadInput(
        name: "clause of another instrument kind",
        source: base(replacing: "  grant 100k€ per project", with: "  prize 1M€ per year"), line: 8, column: 3,
        rendered: """
        t.scenario:8:3: error: `prize` is not a clause of research_call
          prize 1M€ per year
          ^~~~~
        hint: clauses of research_call: `years`, `projects`, `grant`, `budget`, `enter`, `effect`, `ramp`, `decay`, `payer`

        """),
    BadInput(
        name: "a grant per year instead of per project",
        source: base(replacing: "grant 100k€ per project", with: "grant 300k€ per year"), line: 8, column: 15,
        rendered: """
        t.scenario:8:15: error: expected an amount per project, found `per year`
          grant 300k€ per year
                      ^~~~~~~~
        hint: `grant` is an amount per project: write `grant 300k€ per project`

        """),
    BadInput(
        name: "a grant without its unit", source: base(replacing: "grant 100k€ per project", with: "grant 300k€"), line: 8,
        column: 9,
        rendered: """
        t.scenario:8:9: error: missing unit: `grant` is an amount per project
          grant 300k€
                ^~~~~
        hint: `grant` is an amount per project: write `grant 300k€ per project`

        """),
    BadInput(
        name: "a misspelt unit", source: base(replacing: "grant 100k€ per project", with: "grant 300k€ per projet"),
        line: 8, column: 15,
        rendered: """
        t.scenario:8:15: error: unknown unit `per projet`
          grant 300k€ per projet
                      ^~~~~~~~~~
        hint: did you mean `per project`?

        """),
    BadInput(
        name: "an amount without currency", source: base(replacing: "grant 100k€", with: "grant 300"), line: 8, column: 9,
        rendered: """
        t.scenario:8:9: error: expected an amount in euros, found `300`
          grant 300 per project
                ^~~
        hint: write the currency: `300€` or `300k€`

        """),
    BadInput(
        name: "an unknown money unit", source: base(replacing: "grant 100k€", with: "grant 100m€"), line: 8, column: 12,
        rendered: """
        t.scenario:8:12: error: unknown money unit `m€`
          grant 100m€ per project
                   ^~
        hint: did you mean `k€`?

        """),
    BadInput(
        name: "a probability above 1", source: base(replacing: "success 0.5", with: "success 1.2"), line: 4, column: 37,
        rendered: """
        t.scenario:4:37: error: probability out of range: `1.2`
          stage poc duration 1 year success 1.2 cost 100k€ per project-year
                                            ^~~
        hint: a probability must lie in [0, 1]

        """),
    BadInput(
        name: "pert with min above mode", source: base(replacing: "success 0.5", with: "success pert(0.5, 0.3, 0.8)"),
        line: 4, column: 42,
        rendered: """
        t.scenario:4:42: error: `pert` needs min ≤ mode ≤ max, found min 0.5 above mode 0.3
          stage poc duration 1 year success pert(0.5, 0.3, 0.8) cost 100k€ per project-year
                                                 ^~~~~~~~
        hint: write the arguments in the order min, mode, max

        """),
    BadInput(
        name: "triangular with mode above max",
        source: base(replacing: "cost 100k€", with: "cost triangular(1k€, 9k€, 5k€)"), line: 4, column: 62,
        rendered: """
        t.scenario:4:62: error: `triangular` needs min ≤ mode ≤ max, found mode 9k€ above max 5k€
          stage poc duration 1 year success 0.5 cost triangular(1k€, 9k€, 5k€) per project-year
                                                                     ^~~~~~~~
        hint: write the arguments in the order min, mode, max

        """),
    BadInput(
        name: "a to b with a above b", source: base(replacing: "success 0.5", with: "success 0.65 to 0.45"), line: 4,
        column: 37,
        rendered: """
        t.scenario:4:37: error: `a to b` needs a < b, found `0.65 to 0.45`
          stage poc duration 1 year success 0.65 to 0.45 cost 100k€ per project-year
                                            ^~~~~~~~~~~~
        hint: write the lower end first: `0.45 to 0.65`

        """),
    BadInput(
        name: "a to b with equal ends", source: base(replacing: "projects 10", with: "projects 10 to 10"), line: 7,
        column: 12,
        rendered: """
        t.scenario:7:12: error: `a to b` needs a < b, found `10 to 10`
          projects 10 to 10 per year enter poc
                   ^~~~~~~~
        hint: write the constant `10`

        """),
    BadInput(
        name: "a lognormal interval starting at 0", source: base(replacing: "cost 100k€", with: "cost 0€ to 100k€"), line: 4,
        column: 46,
        rendered: """
        t.scenario:4:46: error: a 90% interval on a positive quantity is lognormal and needs a > 0, found `0€`
          stage poc duration 1 year success 0.5 cost 0€ to 100k€ per project-year
                                                     ^~
        hint: write `uniform(0€, 100k€)` for a flat range, or `normal(…)` for a quantity that can be negative

        """),
    BadInput(
        name: "a logit-normal interval reaching 1", source: base(replacing: "success 0.5", with: "success 0.5 to 1"), line: 4,
        column: 37,
        rendered: """
        t.scenario:4:37: error: a 90% interval on a probability is logit-normal and needs 0 < a < b < 1, found `0.5 to 1`
          stage poc duration 1 year success 0.5 to 1 cost 100k€ per project-year
                                            ^~~~~~~~
        hint: for a range that reaches 0 or 1, write `uniform(0.5, 1)` or `beta(…)`

        """),
    BadInput(
        name: "a count interval starting at 0", source: base(replacing: "projects 10", with: "projects 0 to 5"), line: 7,
        column: 12,
        rendered: """
        t.scenario:7:12: error: a 90% interval on a count is a rounded lognormal and needs a > 0, found `0`
          projects 0 to 5 per year enter poc
                   ^
        hint: write `poisson(…)` or `uniform(0, 5)`

        """),
    BadInput(
        name: "an unknown path in effect", source: base(replacing: "effect poc.cost", with: "effect poc.csot"), line: 11,
        column: 10,
        rendered: """
        t.scenario:11:10: error: unknown parameter `poc.csot` in `effect`
          effect poc.csot -10%
                 ^~~~~~~~
        hint: did you mean `poc.cost`?

        """),
    BadInput(
        name: "an unknown path in mix", source: baseScenario + "mix \"m\"\n  rc.grnat 1€ per project\n", line: 19, column: 3,
        rendered: """
        t.scenario:19:3: error: unknown parameter `rc.grnat` in mix
          rc.grnat 1€ per project
          ^~~~~~~~
        hint: did you mean `rc.grant`?

        """),
    BadInput(
        name: "an unknown path in correlate", source: baseScenario + "correlate poc.success pilot.sucess 0.5\n", line: 18,
        column: 23,
        rendered: """
        t.scenario:18:23: error: unknown parameter `pilot.sucess` in `correlate`
        correlate poc.success pilot.sucess 0.5
                              ^~~~~~~~~~~~
        hint: did you mean `pilot.success`?

        """),
    BadInput(
        name: "a duplicate instrument id", source: base(replacing: "open_tools tools", with: "open_tools rc"), line: 9,
        column: 12,
        rendered: """
        t.scenario:9:12: error: `rc` is already the name of research_call `rc` (line 6)
        open_tools rc "Tools"
                   ^~
        hint: stage names and instrument ids must all differ

        """),
    BadInput(
        name: "a duplicate stage", source: base(replacing: "stage pilot", with: "stage poc"), line: 5, column: 9,
        rendered: """
        t.scenario:5:9: error: `poc` is already the name of stage `poc` (line 4)
          stage poc duration 2 years success 0.4 cost 200k€ per project-year
                ^~~
        hint: stage names and instrument ids must all differ

        """),
    BadInput(
        name: "a duplicate pathway", source: base(replacing: "pathway none", with: "pathway paid"), line: 17, column: 11,
        rendered: """
        t.scenario:17:11: error: pathway `paid` is defined twice (first on line 16)
          pathway paid share rest
                  ^~~~

        """),
    BadInput(
        name: "a tab in the indentation", source: base(replacing: "  projects 10", with: "\tprojects 10"), line: 7, column: 1,
        rendered: """
        t.scenario:7:1: error: tab in the indentation
        \tprojects 10 per year enter poc
        ^
        hint: indent with spaces only

        """),
    BadInput(
        name: "tabs mixed with spaces", source: base(replacing: "  projects 10", with: " \tprojects 10"), line: 7, column: 2,
        rendered: """
        t.scenario:7:2: error: mixed tabs and spaces in the indentation
         \tprojects 10 per year enter poc
         ^
        hint: indent with spaces only

        """),
    BadInput(
        name: "a non-breaking space in the indentation",
        source: base(replacing: "  projects 10", with: "\u{00A0} projects 10"), line: 7, column: 1,
        rendered: """
        t.scenario:7:1: error: non-breaking space (U+00A0) in the indentation
        \u{00A0} projects 10 per year enter poc
        ^
        hint: indent with ordinary spaces

        """),
    BadInput(
        name: "a narrow non-breaking space between words",
        source: base(replacing: "projects 10 per", with: "projects\u{202F}10 per"), line: 7, column: 11,
        rendered: """
        t.scenario:7:11: error: narrow non-breaking space (U+202F) between words
          projects\u{202F}10 per year enter poc
                  ^
        hint: use an ordinary space

        """),
    BadInput(
        name: "a missing horizon", source: base(replacing: "horizon 2026 to 2030\n", with: ""), line: 1, column: 1,
        rendered: """
        t.scenario:1:1: error: missing `horizon`
        hint: add a line `horizon 2026 to 2035`: the first and last simulated years

        """),
    BadInput(
        name: "constant pathway shares above 100%",
        source: base(replacing: "pathway none share rest", with: "pathway other share 60% licence 1k€ per site-year payer hospitals"),
        line: 17, column: 23,
        rendered: """
        t.scenario:17:23: error: pathway shares add up to 110%, more than 100%
          pathway other share 60% licence 1k€ per site-year payer hospitals
                              ^~~
        hint: lower the shares, or let one pathway take `share rest`

        """),
    BadInput(
        name: "an unterminated string", source: base(replacing: "\"Calls\"", with: "\"Calls"), line: 6, column: 18,
        rendered: """
        t.scenario:6:18: error: unterminated string
        research_call rc "Calls
                         ^~~~~~
        hint: close the string with `"` on the same line

        """),
    BadInput(
        name: "typographic quotes", source: base(replacing: "\"Calls\"", with: "“Calls”"), line: 6, column: 18,
        rendered: """
        t.scenario:6:18: error: typographic quote `“`
        research_call rc “Calls”
                         ^
        hint: write strings between straight quotes `"…"`

        """),
    BadInput(
        name: "an empty file", source: "", line: 1, column: 1,
        rendered: """
        t.scenario:1:1: error: the file is empty
        hint: a scenario needs at least `horizon Y0 to Y1` and a `pipeline` with its stages

        """),
    BadInput(
        name: "share rest twice",
        source: base(replacing: "pathway none share rest", with: "pathway none share rest\n  pathway other share rest"),
        line: 18, column: 23,
        rendered: """
        t.scenario:18:23: error: only one pathway can take `share rest` (first on line 17)
          pathway other share rest
                              ^~~~
        hint: give this pathway a share such as `share 20%`

        """),
    BadInput(
        name: "a none pathway with a tariff",
        source: base(replacing: "pathway none share rest", with: "pathway none share rest tariff 1€ per use"), line: 17,
        column: 34,
        rendered: """
        t.scenario:17:34: error: the `none` pathway takes no tariff: it is the proof-of-concept cliff
          pathway none share rest tariff 1€ per use
                                         ^~~~~~~~~~
        hint: `pathway none share S` means no economic model; name the pathway otherwise if someone pays

        """),
    BadInput(
        name: "a feeder with neither projects nor budget",
        source: base(replacing: "  projects 10 per year enter poc\n", with: ""), line: 6, column: 15,
        rendered: """
        t.scenario:6:15: error: research_call `rc` needs `projects` or `budget`
        research_call rc "Calls"
                      ^~
        hint: add `projects 10 per year` or `budget 3M€ per year`

        """),
    BadInput(
        name: "an experimentation call without cofunding",
        source: base(
            replacing: "research_call rc \"Calls\"\n  projects 10 per year enter poc\n  grant 100k€ per project",
            with: "experimentation_call rc \"Calls\"\n  projects 10 per year enter poc"),
        line: 6, column: 22,
        rendered: """
        t.scenario:6:22: error: experimentation_call `rc` needs `cofunding`
        experimentation_call rc "Calls"
                             ^~
        hint: add `cofunding 45%`: the State's share of the entry stage's cost

        """),
    BadInput(
        name: "a stage without success", source: base(replacing: "success 0.5 cost", with: "cost"), line: 4, column: 9,
        rendered: """
        t.scenario:4:9: error: stage `poc` has no `success`
          stage poc duration 1 year cost 100k€ per project-year
                ^~~
        hint: add `success P`: the probability of passing the stage, e.g. `success 0.45 to 0.65`

        """),
    BadInput(
        name: "a pipeline without stages",
        source: base(
            replacing: "  stage poc duration 1 year success 0.5 cost 100k€ per project-year\n  stage pilot duration 2 years success 0.4 cost 200k€ per project-year\n",
            with: ""),
        line: 3, column: 1,
        rendered: """
        t.scenario:3:1: error: `pipeline` has no `stage`
        pipeline
        ^~~~~~~~
        hint: add indented lines `stage NAME duration D success P cost C per project-year`

        """),
    BadInput(
        name: "instrument years outside the horizon",
        source: base(replacing: "  budget 1M€ per year", with: "  years 2024 to 2027\n  budget 1M€ per year"), line: 10,
        column: 9,
        rendered: """
        t.scenario:10:9: error: the years 2024 to 2027 lie outside the horizon 2026 to 2030
          years 2024 to 2027
                ^~~~~~~~~~~~
        hint: an instrument's years must lie within the horizon

        """),
    BadInput(
        name: "an effect on a probability in percent",
        source: base(replacing: "effect poc.cost -10%", with: "effect poc.success +5%"), line: 11, column: 22,
        rendered: """
        t.scenario:11:22: error: an effect on `poc.success` (a probability) is in percentage points, found `+5%`
          effect poc.success +5%
                             ^~~
        hint: write `+5pp`

        """),
    BadInput(
        name: "an effect on a quantity in percentage points",
        source: base(replacing: "effect poc.cost -10%", with: "effect poc.cost +5pp"), line: 11, column: 19,
        rendered: """
        t.scenario:11:19: error: an effect on `poc.cost` (a quantity) is in percent, found `+5pp`
          effect poc.cost +5pp
                          ^~~~
        hint: write `+5%`

        """),
    BadInput(
        name: "an effect on a duration in percent",
        source: base(replacing: "effect poc.cost -10%", with: "effect poc.duration -10%"), line: 11, column: 23,
        rendered: """
        t.scenario:11:23: error: an effect on `poc.duration` (a duration in years) is in whole years, found `-10%`
          effect poc.duration -10%
                              ^~~~
        hint: write the change in whole years, such as `-1 year`

        """),
    BadInput(
        name: "correlating a value drawn each year",
        source: base(replacing: "projects 10 per year", with: "projects poisson(6) each year")
            + "correlate rc.projects poc.success 0.3\n",
        line: 18, column: 11,
        rendered: """
        t.scenario:18:11: error: `rc.projects` is drawn each year: only values drawn once per trial can be correlated
        correlate rc.projects poc.success 0.3
                  ^~~~~~~~~~~
        hint: drop `each year` from `rc.projects`, or this correlation

        """),
    BadInput(
        name: "an unknown stage in enter", source: base(replacing: "enter poc", with: "enter pco"), line: 7, column: 30,
        rendered: """
        t.scenario:7:30: error: unknown stage `pco`
          projects 10 per year enter pco
                                     ^~~
        hint: did you mean `poc`?

        """),
    BadInput(
        name: "a correlation above 1", source: baseScenario + "correlate poc.success pilot.success 1.5\n", line: 18,
        column: 37,
        rendered: """
        t.scenario:18:37: error: correlation out of range: `1.5`
        correlate poc.success pilot.success 1.5
                                            ^~~
        hint: a rank correlation lies in [-1, 1]

        """),
    BadInput(
        name: "an indented line outside a block",
        source: base(replacing: "horizon 2026 to 2030", with: "horizon 2026 to 2030\n  indented"), line: 3, column: 1,
        rendered: """
        t.scenario:3:1: error: indented line outside a block (`horizon` owns no lines)
          indented
        ^~
        hint: only `pipeline`, instruments, `sustainability`, `decision` and `mix` own indented lines

        """),
    BadInput(
        name: "inconsistent indentation in a block", source: base(replacing: "  grant 100k€", with: "    grant 100k€"), line: 8,
        column: 1,
        rendered: """
        t.scenario:8:1: error: this line is indented by 4 spaces, the block's first line (line 7) by 2
            grant 100k€ per project
        ^~~~
        hint: indent the lines of a block alike

        """),
    BadInput(
        name: "a count that is not whole", source: base(replacing: "projects 10", with: "projects 2.5"), line: 7, column: 12,
        rendered: """
        t.scenario:7:12: error: a count must be a whole number ≥ 0, found `2.5`
          projects 2.5 per year enter poc
                   ^~~

        """),
    BadInput(
        name: "discrete probabilities that do not sum to 1",
        source: base(replacing: "projects 10", with: "projects discrete(1: 0.5, 2: 0.6)"), line: 7, column: 12,
        rendered: """
        t.scenario:7:12: error: the probabilities of `discrete` add up to 1.1, not 1
          projects discrete(1: 0.5, 2: 0.6) per year enter poc
                   ^~~~~~~~~~~~~~~~~~~~~~~~
        hint: make the probabilities sum to 1

        """),
    BadInput(
        name: "a misspelt distribution", source: base(replacing: "success 0.5", with: "success nromal(0.5, 0.1)"), line: 4,
        column: 37,
        rendered: """
        t.scenario:4:37: error: unknown distribution `nromal`
          stage poc duration 1 year success nromal(0.5, 0.1) cost 100k€ per project-year
                                            ^~~~~~
        hint: did you mean `normal`?

        """),
    BadInput(
        name: "a distribution with too few arguments", source: base(replacing: "success 0.5", with: "success beta(2)"), line: 4,
        column: 37,
        rendered: """
        t.scenario:4:37: error: `beta` takes 2 arguments, found 1
          stage poc duration 1 year success beta(2) cost 100k€ per project-year
                                            ^~~~~~~
        hint: write `beta(a, b)`

        """),
    BadInput(
        name: "a lognormal without labels", source: base(replacing: "cost 100k€", with: "cost lognormal(100k€, 10k€)"),
        line: 4, column: 46,
        rendered: """
        t.scenario:4:46: error: `lognormal` needs labelled arguments
          stage poc duration 1 year success 0.5 cost lognormal(100k€, 10k€) per project-year
                                                     ^~~~~~~~~~~~~~~~~~~~~~
        hint: write `lognormal(mean: m, sd: s)` (of the value itself) or `lognormal(mu: m, sigma: s)` (of its log)

        """),
    BadInput(
        name: "a normal law on a probability", source: base(replacing: "success 0.5", with: "success normal(0.5, 0.1)"),
        line: 4, column: 37,
        rendered: """
        t.scenario:4:37: error: normal(…) can draw values outside [0, 1], but `success` is a probability
          stage poc duration 1 year success normal(0.5, 0.1) cost 100k€ per project-year
                                            ^~~~~~
        hint: use `a to b` (logit-normal) or `beta(…)`

        """),
    BadInput(
        name: "a beta law on money", source: base(replacing: "grant 100k€", with: "grant beta(2, 3)"), line: 8, column: 9,
        rendered: """
        t.scenario:8:9: error: beta(…) draws values in [0, 1]: it suits probabilities and shares, not an amount per project
          grant beta(2, 3) per project
                ^~~~
        hint: use `pert(min, mode, max)` for a bounded quantity

        """),
    BadInput(
        name: "a clause given twice",
        source: base(replacing: "  grant 100k€ per project", with: "  grant 100k€ per project\n  grant 200k€ per project"),
        line: 9, column: 3,
        rendered: """
        t.scenario:9:3: error: `grant` is given twice in this instrument (first on line 8)
          grant 200k€ per project
          ^~~~~
        hint: keep one `grant` line

        """),
    BadInput(
        name: "a mix named baseline", source: baseScenario + "mix \"baseline\"\n  rc.grant 1€ per project\n", line: 18,
        column: 5,
        rendered: """
        t.scenario:18:5: error: `baseline` is the name of the scenario without a mix
        mix "baseline"
            ^~~~~~~~~~
        hint: choose another name

        """),
    BadInput(
        name: "a mix without an unknown instrument", source: baseScenario + "mix \"m\"\n  without rcc\n", line: 19,
        column: 11,
        rendered: """
        t.scenario:19:11: error: unknown instrument `rcc` in `without`
          without rcc
                  ^~~
        hint: did you mean `rc`?

        """),
    BadInput(
        name: "an unknown cap policy", source: baseScenario + "  cap am 1M€ per year policy rationing\n", line: 18,
        column: 30,
        rendered: """
        t.scenario:18:30: error: unknown cap policy `rationing`
          cap am 1M€ per year policy rationing
                                     ^~~~~~~~~
        hint: did you mean `ration`?

        """),
    BadInput(
        name: "a horizon that runs backwards", source: base(replacing: "horizon 2026 to 2030", with: "horizon 2030 to 2026"),
        line: 2, column: 9,
        rendered: """
        t.scenario:2:9: error: the years 2030 to 2026 run backwards
        horizon 2030 to 2026
                ^~~~~~~~~~~~
        hint: write the first year first

        """),
    BadInput(
        name: "a horizon given twice",
        source: base(replacing: "horizon 2026 to 2030", with: "horizon 2026 to 2030\nhorizon 2026 to 2031"), line: 3,
        column: 1,
        rendered: """
        t.scenario:3:1: error: `horizon` is given twice (first on line 2)
        horizon 2026 to 2031
        ^~~~~~~
        hint: a scenario has one `horizon`

        """),
    BadInput(
        name: "a misplaced digit separator", source: base(replacing: "projects 10", with: "projects 1__0"), line: 7, column: 13,
        rendered: """
        t.scenario:7:13: error: misplaced `_` in a number
          projects 1__0 per year enter poc
                    ^
        hint: `_` only separates digits, as in `1_500`

        """),
    BadInput(
        name: "a number starting with a dot", source: base(replacing: "success 0.5", with: "success .5"), line: 4, column: 37,
        rendered: """
        t.scenario:4:37: error: a number cannot start with `.`
          stage poc duration 1 year success .5 cost 100k€ per project-year
                                            ^
        hint: write `0.` before the decimals

        """),
    BadInput(
        name: "a misspelt stage property", source: base(replacing: "success 0.5", with: "sucess 0.5"), line: 4, column: 29,
        rendered: """
        t.scenario:4:29: error: expected `duration`, `success` or `cost`, found `sucess`
          stage poc duration 1 year sucess 0.5 cost 100k€ per project-year
                                    ^~~~~~
        hint: did you mean `success`?

        """),
    BadInput(
        name: "license spelt the American way",
        source: base(replacing: "tariff 5€ per use", with: "license 5€ per site-year"), line: 16, column: 26,
        rendered: """
        t.scenario:16:26: error: expected `share`, `delay`, `tariff`, `licence`, `payer`, `via`, `success`, `else`, `early`, `erosion` or `revised`, found `license`
          pathway paid share 50% license 5€ per site-year payer am
                                 ^~~~~~~
        hint: did you mean `licence`?

        """),
    BadInput(
        name: "a priced pathway without payer", source: base(replacing: " payer am", with: ""), line: 16, column: 11,
        rendered: """
        t.scenario:16:11: error: pathway `paid` has a price but no `payer`
          pathway paid share 50% tariff 5€ per use
                  ^~~~
        hint: add `payer NAME`, e.g. `payer assurance_maladie`

        """),
    BadInput(
        name: "a discount rate above 100%", source: baseScenario + "discount 150%\n", line: 18, column: 10,
        rendered: """
        t.scenario:18:10: error: discount rate out of range: `150%`
        discount 150%
                 ^~~~
        hint: a yearly discount rate lies in (-100%, 100%]

        """),
    BadInput(
        name: "a mix drawing a correlated value each year",
        source: base(replacing: "success 0.5", with: "success 0.4 to 0.6")
            + "correlate poc.success pilot.duration 0.5\nmix \"m\"\n  poc.success 0.4 to 0.6 each year\n",
        line: 18, column: 23,
        rendered: """
        t.scenario:18:23: warning: `pilot.duration` is a constant: this correlation has no effect
        correlate poc.success pilot.duration 0.5
                              ^~~~~~~~~~~~~~
        t.scenario:20:26: error: `poc.success` is correlated: it cannot be drawn each year
          poc.success 0.4 to 0.6 each year
                                 ^~~~~~~~~
        hint: only values drawn once per trial can be correlated

        """),
    BadInput(
        name: "several errors in one file, all reported",
        source: base(replacing: "success 0.5", with: "success 1.5")
            .replacingOccurrences(of: "grant 100k€ per project", with: "grant 100k€ per year")
            .replacingOccurrences(of: "market 100 sites", with: "markett 100 sites"),
        line: 4, column: 37,
        rendered: """
        t.scenario:4:37: error: probability out of range: `1.5`
          stage poc duration 1 year success 1.5 cost 100k€ per project-year
                                            ^~~
        hint: a probability must lie in [0, 1]
        t.scenario:8:15: error: expected an amount per project, found `per year`
          grant 100k€ per year
                      ^~~~~~~~
        hint: `grant` is an amount per project: write `grant 100k€ per project`
        t.scenario:13:3: error: unknown clause `markett` in `sustainability`
          markett 100 sites
          ^~~~~~~
        hint: did you mean `market`?

        """),
    BadInput(
        name: "a stray parenthesis in arguments",
        source: base(replacing: "success 0.5", with: "success beta((2, 3)"), line: 4, column: 42,
        rendered: """
        t.scenario:4:42: error: unexpected `(`
          stage poc duration 1 year success beta((2, 3) cost 100k€ per project-year
                                                 ^
        hint: distribution arguments are numbers; nothing nests

        """),
    BadInput(
        name: "an accented instrument id", source: base(replacing: "open_tools tools", with: "open_tools outillés"), line: 9,
        column: 12,
        rendered: """
        t.scenario:9:12: error: `outillés` is not a valid name
        open_tools outillés "Tools"
                   ^~~~~~~~
        hint: names use ASCII letters, digits and `_`

        """),
]

@Test(arguments: badInputs)
func badInputIsReportedExactly(_ input: BadInput) {
    let result = compile(input.source)
    #expect(result.scenario == nil)
    #expect(result.hasErrors)
    #expect(result.diagnostics.first?.line == input.line)
    #expect(result.diagnostics.first?.column == input.column)
    #expect(result.rendered() == input.rendered)
}
