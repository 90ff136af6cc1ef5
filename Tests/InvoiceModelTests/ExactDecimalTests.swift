import InvoiceModel
import Testing

@Suite("Exact decimals")
struct ExactDecimalTests {
    @Test("Parses the xs:decimal forms, surrounding white space allowed", arguments: [
        ("12.50", "12.50"), ("-0.5", "-0.5"), ("+3", "3"), (".5", "0.5"), ("  7\n", "7"), ("0010.0", "10.0"), ("-0", "0"),
    ])
    func parses(_ text: String, _ written: String) throws {
        let value = try #require(ExactDecimal(text))
        #expect(value.description == written)
    }

    @Test("Refuses what is not an xs:decimal", arguments: ["", " ", "1e3", "12,50", "1.2.3", "--1", "1 2", "abc", "+", "."])
    func refuses(_ text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    @Test("Reads the xs:double exponent forms when asked")
    func doubles() {
        #expect(ExactDecimal.parseDouble("1.5E3") == ExactDecimal(1500))
        #expect(ExactDecimal.parseDouble("-2e-1") == ExactDecimal("-0.2"))
        #expect(ExactDecimal.parseDouble("x") == nil)
    }

    @Test("Rounds halves towards positive infinity, like XPath round", arguments: [
        ("2.345", 2, "2.35"), ("-2.345", 2, "-2.34"), ("2.344", 2, "2.34"), ("-2.346", 2, "-2.35"),
        ("0.5", 0, "1"), ("-0.5", 0, "0"), ("-1.5", 0, "-1"), ("1.2", 3, "1.2"),
    ])
    func rounding(_ text: String, _ places: Int, _ expected: String) throws {
        let value = try #require(ExactDecimal(text))
        #expect(value.rounded(toPlaces: places) == ExactDecimal(expected)!)
    }

    @Test("Commercial rounding takes halves away from zero")
    func halfAwayFromZero() throws {
        #expect(try #require(ExactDecimal("-2.345")).roundedHalfAwayFromZero(toPlaces: 2).description == "-2.35")
        #expect(try #require(ExactDecimal("2.345")).roundedHalfAwayFromZero(toPlaces: 2).description == "2.35")
    }

    @Test("Adds, subtracts, multiplies and divides exactly")
    func arithmetic() throws {
        let a = try #require(ExactDecimal("0.1"))
        let b = try #require(ExactDecimal("0.2"))
        #expect(a + b == ExactDecimal("0.3")!)
        #expect((a + b).description == "0.3")
        #expect(b - a - a == .zero)
        #expect((try #require(ExactDecimal("19.99")) * ExactDecimal(3)).description == "59.97")
        #expect(ExactDecimal(10).divided(by: ExactDecimal(4)) == ExactDecimal("2.5"))
        #expect(ExactDecimal(2).divided(by: ExactDecimal(3), scale: 4) == ExactDecimal("0.6667"))
        #expect(ExactDecimal(1).divided(by: .zero) == nil)
        #expect(-a == ExactDecimal("-0.1")!)
        #expect(try #require(ExactDecimal("-4.20")).magnitude.description == "4.20")
    }

    @Test("Compares by value whatever the scale; hashes alike")
    func comparison() throws {
        let a = try #require(ExactDecimal("12.50"))
        let b = try #require(ExactDecimal("12.5"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(try #require(ExactDecimal("-1")) < ExactDecimal(0))
        #expect(try #require(ExactDecimal("2.001")) > ExactDecimal(2))
        #expect(a.significantScale == 1)
        #expect(a.normalized.description == "12.5")
    }

    @Test("Formats with a fixed number of places")
    func formatting() throws {
        #expect(ExactDecimal(12).formatted(places: 2) == "12.00")
        #expect(try #require(ExactDecimal("1.005")).formatted(places: 2) == "1.01")
        #expect(try #require(ExactDecimal("-0.05")).description == "-0.05")
        #expect(try #require(ExactDecimal("100.000")).description == "100.000")
    }

    @Test("Trims XML white space, by characters where a mark joins the white space", arguments: [
        ("\r\n  12.50 \t", "12.50"), ("   ", ""), ("", ""), ("a b", "a b"),
        (" \u{301}a ", " \u{301}a"), ("\u{600} x ", "\u{600} x"), ("x \u{600} ", "x \u{600} "), (" é ", "é"),
    ])
    func trims(_ text: String, _ expected: String) {
        #expect(text.trimmingXMLSpace() == expected)
    }
}
