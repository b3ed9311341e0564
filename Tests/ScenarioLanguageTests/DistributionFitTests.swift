import Foundation
import Testing
import FundingModel
import MonteCarlo
@testable import ScenarioLanguage

/// Fitted parameters of every way to write a value, against their closed forms.
struct DistributionFitTests {
    let z = 1.6448536269514722  // Φ⁻¹(0.95)

    /// The law of `path` after putting `value` on the `success`, `cost`, `projects` or effect line.
    func law(_ old: String, _ new: String, _ path: String) -> Distribution? {
        let result = compile(base(replacing: old, with: new))
        #expect(!result.hasErrors, "\(result.rendered())")
        return result.scenario?.parameter(path)?.distribution
    }

    func logit(_ p: Double) -> Double { log(p / (1 - p)) }

    @Test func intervalOnAProbabilityIsLogitNormal() throws {
        let d = try #require(law("success 0.5", "success 0.45 to 0.65", "poc.success"))
        guard case .logitNormal(let mu, let sigma) = d else { Issue.record("\(d)"); return }
        #expect(abs(mu - (logit(0.45) + logit(0.65)) / 2) < 1e-15)
        #expect(abs(sigma - (logit(0.65) - logit(0.45)) / (2 * z)) < 1e-15)
        #expect(abs(d.quantile(0.05) - 0.45) < 1e-8)
        #expect(abs(d.quantile(0.95) - 0.65) < 1e-8)
    }

    @Test func intervalOnMoneyIsLognormalInEuros() throws {
        let d = try #require(law("cost 100k€", "cost 50k€ to 200k€", "poc.cost"))
        #expect(d == .lognormal(mu: (log(50_000.0) + log(200_000.0)) / 2, sigma: (log(200_000.0) - log(50_000.0)) / (2 * z)))
    }

    @Test func intervalOnACountIsARoundedLognormal() throws {
        let d = try #require(law("projects 10", "projects 5 to 20", "rc.projects"))
        #expect(d == .rounded(.lognormal(mu: (log(5.0) + log(20.0)) / 2, sigma: (log(20.0) - log(5.0)) / (2 * z)), min: 0, max: .infinity))
    }

    @Test func intervalOnAnEffectIsNormal() throws {
        let d = try #require(law("effect poc.cost -10%", "effect poc.cost -15% to -5%", "tools.effect.poc.cost"))
        guard case .normal(let mean, let sd) = d else { Issue.record("\(d)"); return }
        #expect(abs(mean - -0.10) < 1e-15)
        #expect(abs(sd - 0.10 / (2 * z)) < 1e-15)
    }

    @Test func intervalOnWholeYearsIsUniformOverWholeYears() throws {
        #expect(law("duration 2 years", "duration 1 to 3 years", "pilot.duration") == .wholeUniform(min: 1, max: 3))
        #expect(law("effect poc.cost -10%", "effect poc.duration -1 to 0 years", "tools.effect.poc.duration") == .wholeUniform(min: -1, max: 0))
    }

    @Test func normalIsKeptAsWritten() {
        #expect(law("effect poc.cost -10%", "effect poc.cost normal(-10%, 2%)", "tools.effect.poc.cost") == .normal(mean: -0.1, sd: 0.02))
    }

    @Test func lognormalFromTheMeanAndSdOfTheValue() throws {
        let d = try #require(law("cost 100k€", "cost lognormal(mean: 300k€, sd: 50k€)", "poc.cost"))
        let sigma2 = log(1 + (50.0 / 300.0) * (50.0 / 300.0))
        guard case .lognormal(let mu, let sigma) = d else { Issue.record("\(d)"); return }
        #expect(abs(sigma - sigma2.squareRoot()) < 1e-15)
        #expect(abs(mu - (log(300_000.0) - sigma2 / 2)) < 1e-12)
        // Its mean exp(mu + sigma²/2) is the mean written.
        #expect(abs(exp(mu + sigma * sigma / 2) - 300_000) < 1e-6)
    }

    @Test func lognormalFromMuAndSigma() {
        #expect(law("cost 100k€", "cost lognormal(mu: 11.5, sigma: 0.3)", "poc.cost") == .lognormal(mu: 11.5, sigma: 0.3))
    }

    @Test func boundedAndShapedLaws() {
        #expect(law("success 0.5", "success beta(2, 3)", "poc.success") == .beta(alpha: 2, beta: 3))
        #expect(law("success 0.5", "success beta(alpha: 2, beta: 3)", "poc.success") == .beta(alpha: 2, beta: 3))
        #expect(law("success 0.5", "success pert(0.3, 0.5, 0.6)", "poc.success") == .pert(min: 0.3, mode: 0.5, max: 0.6))
        #expect(law("success 0.5", "success triangular(30%, 50%, 60%)", "poc.success") == .triangular(min: 0.3, mode: 0.5, max: 0.6))
        #expect(law("cost 100k€", "cost uniform(min: 1k€, max: 2k€)", "poc.cost") == .uniform(min: 1_000, max: 2_000))
        #expect(law("cost 100k€", "cost gamma(4, 25k€)", "poc.cost") == .gamma(shape: 4, scale: 25_000))
    }

    @Test func countsAreWholeNumbers() {
        #expect(law("projects 10", "projects poisson(6)", "rc.projects") == .poisson(lambda: 6))
        #expect(law("projects 10", "projects discrete(5: 0.25, 10: 75%)", "rc.projects") == .discrete(values: [5, 10], weights: [0.25, 0.75]))
        #expect(law("projects 10", "projects normal(10, 3)", "rc.projects") == .rounded(.normal(mean: 10, sd: 3), min: 0, max: .infinity))
        #expect(law("projects 10", "projects 10", "rc.projects") == .constant(10))
        #expect(law("duration 2 years", "duration uniform(1, 4) years", "pilot.duration") == .rounded(.uniform(min: 1, max: 4), min: 1, max: .infinity))
    }

    @Test func eachYearIsKeptOnTheParameter() throws {
        let result = compile(base(replacing: "projects 10 per year", with: "projects poisson(6) each year"))
        let p = try #require(result.scenario?.parameter("rc.projects"))
        #expect(p.eachYear)
        #expect(p.unit == "projects/year")
        #expect(p.familyNote == nil)
    }

    @Test func familyNoteNamesTheInterval() throws {
        let result = compile(base(replacing: "success 0.5", with: "success 0.45 to 0.65"))
        #expect(result.scenario?.parameter("poc.success")?.familyNote == "from 90% interval 0.45 to 0.65")
    }
}
