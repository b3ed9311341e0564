import FundingModel
import Testing
@testable import ScenarioLanguage

/// `cap PAYER policy P` in a mix: the same cap amount under another policy.
@Suite struct CapPolicyMixTests {
    static let text = base(replacing: "  pathway none share rest\n", with: "  pathway none share rest\n  cap am 2M€ per year policy price_volume\n")

    @Test func aMixChangesTheCapPolicy() throws {
        let scenario = try #require(compile(Self.text + "mix \"Rationed\"\n  cap am policy ration\n").scenario)
        #expect(scenario.mixes[0].capPolicies == [Mix.CapPolicyChange(payer: "am", policy: .ration)])
        let variant = scenario.applying(scenario.mixes[0])
        #expect(variant.sustainability?.caps.map(\.policy) == [.ration])
        #expect(scenario.sustainability?.caps.map(\.policy) == [.priceVolume])
        #expect(CheckReport.text(scenario, fileName: "t.scenario").contains("  \"Rationed\"\n    cap am policy ration\n"))
    }

    @Test func aPayerWithoutACapIsAnError() {
        let result = compile(Self.text + "mix \"Flagged\"\n  cap hospitals policy flag\n")
        #expect(result.rendered() == """
            t.scenario:20:7: error: no cap on `hospitals` to change
              cap hospitals policy flag
                  ^~~~~~~~~
            hint: capped payers: `am`

            """)
    }

    @Test func anUnknownPolicyIsAnError() {
        let result = compile(Self.text + "mix \"Rationed\"\n  cap am policy rationing\n")
        #expect(result.rendered() == """
            t.scenario:20:17: error: unknown cap policy `rationing`
              cap am policy rationing
                            ^~~~~~~~~
            hint: did you mean `ration`?

            """)
    }

    @Test func anAmountInAMixCapLineIsAnError() {
        let result = compile(Self.text + "mix \"Lower\"\n  cap am 1M€ per year policy flag\n")
        #expect(result.rendered() == """
            t.scenario:20:10: error: expected `policy`, found `1`
              cap am 1M€ per year policy flag
                     ^
            hint: in a mix, write `cap am policy ration` (the amount is `cap.am`)

            """)
    }
}
