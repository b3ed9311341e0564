import Foundation

/// The reference values written by Fixtures/make_fixtures.py (scipy, mpmath), read once.
struct ReferenceFixture: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var name: String
        var family: String
        var params: [String: Param]
        var mean: Double
        var sd: Double
        var quantiles: [[Double]]
    }

    /// A parameter: a number or a list of numbers.
    enum Param: Decodable, Sendable {
        case number(Double)
        case list([Double])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode(Double.self) { self = .number(v) } else { self = .list(try c.decode([Double].self)) }
        }
        var number: Double { if case .number(let v) = self { return v }; return .nan }
        var list: [Double] { if case .list(let v) = self { return v }; return [] }
    }

    var made_by: String
    var made_with: String
    var distributions: [Entry]
    var normal_cdf: [[Double]]
    var normal_quantile: [[Double]]
    var chi2_upper_1e_4: [String: Double]

    enum CodingKeys: String, CodingKey {
        case made_by, made_with, distributions, normal_cdf, normal_quantile
        case chi2_upper_1e_4 = "chi2_upper_1e-4"
    }

    static let shared: ReferenceFixture = {
        let url = Bundle.module.url(forResource: "distributions", withExtension: "json", subdirectory: "Fixtures")!
        // JSON has no infinities; the fixture writes none.
        return try! JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }()

    /// The chi-square value exceeded with probability 1e-4 for `df` degrees of freedom (scipy).
    func chiSquareCritical(df: Int) -> Double { chi2_upper_1e_4[String(df)]! }
}

/// |a − b| ≤ tolerance · max(|b|, floor).
func close(_ a: Double, _ b: Double, relative tolerance: Double, floor: Double = 1e-300) -> Bool {
    abs(a - b) <= tolerance * max(abs(b), floor)
}
