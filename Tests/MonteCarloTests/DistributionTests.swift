import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReferenceFixture.Entry {
    /// The Distribution this fixture entry describes.
    var distribution: Distribution {
        let p = { (name: String) in params[name]!.number }
        switch family {
        case "normal": return .normal(mean: p("mean"), sd: p("sd"))
        case "lognormal": return .lognormal(mu: p("mu"), sigma: p("sigma"))
        case "logitNormal": return .logitNormal(mu: p("mu"), sigma: p("sigma"))
        case "beta": return .beta(alpha: p("alpha"), beta: p("beta"))
        case "pert": return .pert(min: p("min"), mode: p("mode"), max: p("max"))
        case "triangular": return .triangular(min: p("min"), mode: p("mode"), max: p("max"))
        case "uniform": return .uniform(min: p("min"), max: p("max"))
        case "gamma": return .gamma(shape: p("shape"), scale: p("scale"))
        case "poisson": return .poisson(lambda: p("lambda"))
        case "discrete": return .discrete(values: params["values"]!.list, weights: params["weights"]!.list)
        case "wholeUniform": return .wholeUniform(min: Int(p("min")), max: Int(p("max")))
        case "rounded":
            return .rounded(.lognormal(mu: p("mu"), sigma: p("sigma")), min: p("min"), max: .infinity)
        default: fatalError("unknown family \(family)")
        }
    }

    var isDiscrete: Bool { ["poisson", "discrete", "wholeUniform", "rounded"].contains(family) }
}

@Suite struct DistributionTests {
    static let entries = ReferenceFixture.shared.distributions
    static let names = entries.map(\.name)
    /// The first parameterization of each family: the sampled-moment test runs once per family
    /// (the others, there for hard regimes of the inversion, are checked against scipy exactly).
    static let firstOfEachFamily = entries.indices.filter { i in
        !entries[..<i].contains { $0.family == entries[i].family }
    }.map { entries[$0].name }

    @Test("Quantiles match scipy's ppf to 1e-9 relative", arguments: names)
    func quantiles(name: String) {
        let entry = Self.entries.first { $0.name == name }!
        let d = entry.distribution
        for pair in entry.quantiles {
            let (p, expected) = (pair[0], pair[1])
            let got = d.quantile(p)
            if entry.isDiscrete {
                #expect(got == expected, "\(name) at \(p)")
            } else {
                #expect(close(got, expected, relative: 1e-9, floor: 1e-300), "\(name) at \(p): \(got) vs \(expected)")
            }
        }
    }

    @Test("Mean and sd match the reference to 1e-9 relative", arguments: names)
    func moments(name: String) {
        let entry = Self.entries.first { $0.name == name }!
        let d = entry.distribution
        #expect(close(d.mean ?? .nan, entry.mean, relative: 1e-9, floor: 1e-12), "\(name) mean \(d.mean ?? .nan)")
        #expect(close(d.standardDeviation ?? .nan, entry.sd, relative: 1e-9, floor: 1e-12), "\(name) sd \(d.standardDeviation ?? .nan)")
    }

    /// 200k latent normals through value(latent:): sample mean within 4 standard errors of the
    /// reference mean, sample variance within 4 standard errors of the reference variance (its
    /// standard error from the sample's fourth central moment).
    @Test("Sample moments of 200k latent draws agree within 4 standard errors", arguments: firstOfEachFamily)
    func sampled(name: String) {
        let entry = Self.entries.first { $0.name == name }!
        let d = entry.distribution
        let n = 200_000
        var x = [Double](repeating: 0, count: n)
        x.withUnsafeMutableBufferPointer { buffer in
            Draws.fillNormals(key: StreamKey(seed: 3, name: name), year: Draws.perTrial, draw: 0, firstTrial: 0, into: buffer)
            d.values(fromLatents: buffer)
        }
        let mean = x.reduce(0, +) / Double(n)
        var m2 = 0.0, m4 = 0.0
        for v in x { let e = (v - mean) * (v - mean); m2 += e; m4 += e * e }
        m2 /= Double(n); m4 /= Double(n)
        let seMean = entry.sd / Double(n).squareRoot()
        let seVar = ((m4 - m2 * m2) / Double(n)).squareRoot()
        #expect(abs(mean - entry.mean) < 4 * seMean, "\(name): mean \(mean) vs \(entry.mean)")
        #expect(abs(m2 * Double(n) / Double(n - 1) - entry.sd * entry.sd) < 4 * seVar + 1e-12,
                "\(name): variance \(m2) vs \(entry.sd * entry.sd)")
    }

    @Test("value(latent:) and values(fromLatents:) agree, and far latents stay in the tails")
    func latentMapping() {
        for entry in Self.entries {
            let d = entry.distribution
            var z = [-8.5, -3, -0.1, 0, 0.7, 2.5, 8.5]
            z.withUnsafeMutableBufferPointer { d.values(fromLatents: $0) }
            for (i, latent) in [-8.5, -3, -0.1, 0, 0.7, 2.5, 8.5].enumerated() {
                #expect(z[i] == d.value(latent: latent), "\(entry.name) at \(latent)")
            }
        }
        // z = ±8.5 has tail 9.48e-18: Φ(8.5) rounds to 1, yet the quantiles land where scipy's
        // ppf/isf at that tail put them (beta.ppf(q, 2, 5) = 7.9496e-10, beta.isf(q, 2, 5) =
        // 0.99972474, gamma.isf(q, 2.5, scale=4) = 178.5768).
        #expect(close(StandardNormal.cdf(-8.5), 9.479534822203318e-18, relative: 1e-13))
        let beta = Distribution.beta(alpha: 2, beta: 5)
        #expect(close(beta.value(latent: -8.5), 7.949647724815247e-10, relative: 1e-9))
        #expect(close(beta.value(latent: 8.5), 0.999724737479908, relative: 1e-12))
        let gamma = Distribution.gamma(shape: 2.5, scale: 4)
        #expect(close(gamma.value(latent: 8.5), 178.5768293079957, relative: 1e-9))
    }

    @Test("CDF inverts the quantile for every continuous family")
    func cdfRoundTrip() {
        for entry in Self.entries where !entry.isDiscrete {
            let d = entry.distribution
            for p in [0.01, 0.2, 0.5, 0.9, 0.999] {
                #expect(close(d.cdf(d.quantile(p)), p, relative: 1e-10), "\(entry.name) at \(p)")
            }
        }
    }

    @Test("interval90 keeps its fits and errors")
    func interval90() throws {
        let d = try Distribution.interval90(2, 8, family: .lognormal)
        #expect(close(d.quantile(0.05), 2, relative: 1e-12))
        #expect(close(d.quantile(0.95), 8, relative: 1e-12))
        let logit = try Distribution.interval90(0.2, 0.6, family: .logitNormal)
        #expect(close(logit.quantile(0.05), 0.2, relative: 1e-12))
        #expect(close(logit.quantile(0.95), 0.6, relative: 1e-12))
        #expect(throws: IntervalFitError.lowerOutOfDomain) { try Distribution.interval90(0, 3, family: .lognormal) }
        #expect(throws: IntervalFitError.upperOutOfDomain) { try Distribution.interval90(0.2, 1, family: .logitNormal) }
        #expect(throws: IntervalFitError.notIncreasing) { try Distribution.interval90(5, 3, family: .normal) }
        #expect(throws: IntervalFitError.notWhole) { try Distribution.interval90(1.5, 3, family: .wholeYears) }
        #expect(try Distribution.interval90(1, 3, family: .wholeYears) == .wholeUniform(min: 1, max: 3))
    }
}
