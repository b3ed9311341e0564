import Testing
import FundingModel
import MonteCarlo
@testable import ScenarioLanguage

/// Numbers, money and units convert to base units (euros, fractions, years, counts).
struct UnitTests {
    func grant(_ written: String) -> Distribution? {
        let result = compile(base(replacing: "grant 100k€ per project", with: "grant \(written) per project"))
        #expect(!result.hasErrors, "\(result.rendered())")
        return result.scenario?.parameter("rc.grant")?.distribution
    }

    @Test(arguments: [
        ("300€", 300.0), ("300k€", 300_000), ("1.5M€", 1_500_000), ("2Md€", 2e9), ("2bn€", 2e9), ("300 EUR", 300),
        ("300 kEUR", 300_000), ("1.5 MEUR", 1_500_000), ("2 MdEUR", 2e9), ("2 bnEUR", 2e9), ("300 k€", 300_000),
        ("1_500€", 1_500), ("0.35M€", 350_000),
    ])
    func moneyIsInEuros(written: String, euros: Double) {
        #expect(grant(written) == .constant(euros))
    }

    @Test func percentagesAndPointsAreFractions() {
        let result = compile(base(
            replacing: "research_call rc \"Calls\"\n  projects 10 per year enter poc\n  grant 100k€ per project",
            with: "experimentation_call rc \"Calls\"\n  projects 10 per year enter poc\n  cofunding 45%\n  collaborative 0.35 success +3pp cost -15%"))
        let s = result.scenario
        #expect(s?.parameter("rc.cofunding")?.distribution == .constant(0.45))
        #expect(s?.parameter("rc.collaborative")?.distribution == .constant(0.35))
        #expect(s?.parameter("rc.collaborative.success")?.distribution == .constant(0.03))
        #expect(s?.parameter("rc.collaborative.cost")?.distribution == .constant(-0.15))
        #expect(s?.parameter("rc.collaborative.success")?.unit == "pp")
        #expect(s?.parameter("rc.collaborative.cost")?.unit == "%")
    }

    @Test func unitsOfEveryPath() throws {
        let s = try #require(compile(try fixture("full.scenario")).scenario)
        let units = Dictionary(uniqueKeysWithValues: s.parameters.map { ($0.path, $0.unit) })
        #expect(units["idea.duration"] == "years")
        #expect(units["idea.success"] == "probability")
        #expect(units["idea.cost"] == "€/project-year")
        #expect(units["calls.budget"] == "€/year")
        #expect(units["platforms.budget"] == "€ (total over 2027 to 2029)")
        #expect(units["calls.projects"] == "projects/year")
        #expect(units["calls.grant"] == "€/project")
        #expect(units["firms.cofunding"] == "share")
        #expect(units["contests.participants"] == "participants/year")
        #expect(units["contests.participants.cost"] == "€/participant")
        #expect(units["contests.winners"] == "winners/year")
        #expect(units["data.annotations"] == "annotations/year")
        #expect(units["data.annotations.cost"] == "€/annotation")
        #expect(units["data.effect.idea.success"] == "pp")
        #expect(units["tools.effect.idea.duration"] == "years")
        #expect(units["market"] == "sites")
        #expect(units["uses"] == "uses/site-year")
        #expect(units["adoption.p"] == "1/year")
        #expect(units["pathway.refund.share"] == "share")
        #expect(units["pathway.refund.delay"] == "years")
        #expect(units["pathway.refund.tariff"] == "€/use")
        #expect(units["pathway.hospitals.licence"] == "€/site-year")
        #expect(units["opex.fixed"] == "€/year")
        #expect(units["opex.per_site"] == "€/site-year")
        #expect(units["savings.hospitals"] == "€/use")
        #expect(units["exit.after"] == "years")
        #expect(units["cap.hospitals"] == "€/year")
        #expect(s.parameter("cap.hospitals")?.distribution == .constant(5e9))
        #expect(s.parameter("contests.prize")?.distribution == .constant(500_000))
        #expect(s.parameter("adoption.p")?.domain == .positive)
        #expect(s.discountRate == 0.03)
    }
}

@Suite struct MoneyAmountTests {
    @Test(arguments: [
        ("60M€", 60e6), ("1.5 bn€", 1.5e9), ("800kEUR", 800e3), ("2_000_000", 2e6), ("3 Md€", 3e9),
        ("250k€", 250e3), ("12€", 12), ("7MEUR", 7e6),
    ])
    func amountsParse(text: String, euros: Double) {
        #expect(MoneyAmount.parse(text) == euros)
    }

    @Test(arguments: ["", "M€", "60 M$", "60Mio", "1.2.3M€", "-5M€", "abc"])
    func nonAmountsAreRejected(text: String) {
        #expect(MoneyAmount.parse(text) == nil)
    }
}
