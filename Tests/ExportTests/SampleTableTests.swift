import Testing
@testable import Export

@Suite("Sample files")
struct SampleTableTests {
    static func table(_ text: String) throws -> SampleTable {
        try SampleTable(bytes: Array(text.utf8), file: "s.csv")
    }

    @Test func standardWithQuotesAndCRLF() throws {
        let t = try Self.table("id,\"cost, €\",nb\r\n1,\"1.5\",-2e3\r\n\r\n2, 3 ,+4\r\n")
        #expect(t.dialect == .standard)
        #expect(t.columns == ["id", "cost, €", "nb"])
        #expect(t.rowCount == 2)
        #expect(try t.numbers("cost, €") == [1.5, 3])
        #expect(try t.numbers("nb") == [-2000, 4])
    }

    @Test func excelFrenchWithByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("trial;cost;nb\n1;1,25;-3\n2;2;0,5\n".utf8)
        let t = try SampleTable(bytes: bytes, file: "fr.csv")
        #expect(t.dialect == .excelFR)
        #expect(t.columns == ["trial", "cost", "nb"])
        #expect(try t.numbers("cost") == [1.25, 2])
        #expect(try t.numbers("nb") == [-3, 0.5])
    }

    @Test func quotedLineBreakKeepsLineNumbers() throws {
        let t = try Self.table("label,x\n\"two\nlines\",1\nok,zz\n")
        #expect(t.rowCount == 2)
        #expect(!t.isNumeric("label") && t.isNumeric("x"))
        #expect(throws: SampleTableError.notANumber(file: "s.csv", line: 4, column: "x", text: "zz")) { try t.numbers("x") }
    }

    @Test func rejectsWhatIsNotAFiniteDecimalNumber() throws {
        for cell in ["nan", "inf", "-inf", "0x10", "", "1.5.2", "NA"] {
            let t = try Self.table("x,y\n1,\(cell)\n")
            #expect(throws: SampleTableError.notANumber(file: "s.csv", line: 2, column: "y", text: cell)) { try t.numbers("y") }
        }
    }

    @Test func messages() {
        #expect(throws: SampleTableError.empty(file: "s.csv")) { try Self.table("") }
        #expect(throws: SampleTableError.ragged(file: "s.csv", line: 3, cells: 1, expected: 2)) { try Self.table("a,b\n1,2\n3\n") }
        #expect(throws: SampleTableError.unclosedQuote(file: "s.csv", line: 2)) { try Self.table("a,b\n\"1,2\n") }
        #expect(throws: SampleTableError.duplicateColumn(file: "s.csv", name: "a")) { try Self.table("a,a\n1,2\n") }
        #expect(SampleTableError.ragged(file: "s.csv", line: 3, cells: 1, expected: 2).description == "s.csv:3: 1 cells where the header has 2")
        #expect(SampleTableError.notANumber(file: "SAMPLES.csv", line: 17, column: "cost_b", text: "abc").description
                == "SAMPLES.csv:17: column `cost_b` holds `abc`, not a number")
    }
}
