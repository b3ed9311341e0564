import Testing
@testable import Export

@Suite struct CSVFormatterTests {
    let standard = CSVFormatter(dialect: .standard)
    let french = CSVFormatter(dialect: .excelFR)

    @Test(arguments: [
        (3.0, "3"), (0.0, "0"), (-0.0, "0"), (1_500_000.0, "1500000"), (-42.0, "-42"), (0.1, "0.1"),
        (0.45, "0.45"), (1e-5, "1e-05"), (123456.789, "123456.789"), (2.5e17, "2.5e+17"), (.nan, ""),
        (1.0 / 3.0, "0.3333333333333333"), (999_999_999_999_999.0, "999999999999999"),
        (1e15, "1000000000000000.0"), (-2e15, "-2000000000000000.0"), (.infinity, "inf"), (-.infinity, "-inf"),
    ])
    func numbersAreShortestRoundTrip(value: Double, text: String) {
        #expect(standard.number(value) == text)
        if !value.isNaN, let back = Double(text) { #expect(back == value || (value == 0 && back == 0)) }
    }

    @Test func frenchDecimalsUseCommas() {
        #expect(french.number(0.45) == "0,45")
        #expect(french.number(1_500_000) == "1500000")
        #expect(french.line(["a", french.number(2.5)]) == "a;2,5\n")
        #expect(CSVDialect.excelFR.preamble == [0xEF, 0xBB, 0xBF])
        #expect(CSVDialect.standard.preamble == [])
    }

    @Test(arguments: [
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("+33 1", "'+33 1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("Priorité aux challenges", "Priorité aux challenges"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
    ])
    func textCellsAreNeutralisedAndQuoted(raw: String, cell: String) {
        #expect(standard.text(raw) == cell)
    }

    @Test func frenchQuotesSemicolonsNotCommas() {
        #expect(french.text("a;b") == "\"a;b\"")
        #expect(french.text("a,b") == "a,b")
    }
}
