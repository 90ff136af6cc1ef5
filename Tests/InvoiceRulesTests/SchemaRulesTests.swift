import Foundation
@testable import InvoiceRules
import InvoiceModel
import InvoiceXML
import TestSupport
import Testing

/// The schema engine on one change at a time to the syntax fixtures (schema-valid as they are): the rule id, the
/// message naming the element and what was expected, the line.
@Suite("XML Schema rules")
struct SchemaRulesTests {
    static let schema = Result { () throws(ResourceError) in try SchemaRules(formats: try Resources.formatsFolder()) }
    static let folder = ProjectFiles.packageRoot.appendingPathComponent("Tests/InvoiceRulesTests/Fixtures/syntax")

    static func findings(_ syntax: InvoiceSyntax, _ replacements: [(String, String)]) throws -> [Finding] {
        let file = folder.appendingPathComponent(syntax == .ubl ? "ubl-invoice.xml" : "cii-invoice.xml")
        let xml = replacements.isEmpty ? try Data(contentsOf: file) : try ProjectFiles.edited(file, replacements)
        return try schema.get().check(try XMLReader.read(xml), as: syntax)
    }

    @Test("the fixtures are schema-valid", arguments: [InvoiceSyntax.ubl, .cii])
    func fixturesAreValid(_ syntax: InvoiceSyntax) throws {
        #expect(try Self.findings(syntax, []) == [])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let syntax: InvoiceSyntax
        let find: String
        let replace: String
        let rule: String
        let english: String
        let french: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a required element after an optional one", syntax: .ubl, find: "<cbc:IssueDate>2026-01-15</cbc:IssueDate>",
            replace: "<cbc:DueDate>2026-02-15</cbc:DueDate><cbc:IssueDate>2026-01-15</cbc:IssueDate>", rule: "XSD-ELEMENT-MISSING",
            english: "cbc:IssueDate expected before cbc:DueDate", french: "cbc:IssueDate attendu avant cbc:DueDate"),
        Case(
            name: "an element twice where one is allowed", syntax: .ubl,
            find: "<cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount",
            replace: "<cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount>"
                + "<cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount",
            rule: "XSD-ELEMENT-REPEATED", english: "at most one cbc:LineExtensionAmount here",
            french: "au plus un cbc:LineExtensionAmount ici"),
        Case(
            name: "a date that does not exist", syntax: .ubl, find: "2026-01-15</cbc:IssueDate>", replace: "2024-13-45</cbc:IssueDate>",
            rule: "XSD-VALUE", english: "2024-13-45 is not a date (YYYY-MM-DD) in cbc:IssueDate",
            french: "2024-13-45 n'est pas une date (AAAA-MM-JJ) dans cbc:IssueDate"),
        Case(
            name: "the 29th of February of a common year", syntax: .ubl, find: "2026-01-15</cbc:IssueDate>",
            replace: "2025-02-29</cbc:IssueDate>", rule: "XSD-VALUE", english: "2025-02-29 is not a date (YYYY-MM-DD) in cbc:IssueDate",
            french: "2025-02-29 n'est pas une date (AAAA-MM-JJ) dans cbc:IssueDate"),
        Case(
            name: "letters in an amount", syntax: .ubl, find: "<cbc:PayableAmount currencyID=\"EUR\">120.00",
            replace: "<cbc:PayableAmount currencyID=\"EUR\">abc", rule: "XSD-VALUE",
            english: "abc is not a decimal number (digits, one optional point: 1234.50) in cbc:PayableAmount",
            french: "abc n'est pas un nombre décimal (chiffres, un point facultatif : 1234.50) dans cbc:PayableAmount"),
        Case(
            name: "a required attribute missing", syntax: .ubl, find: "<cbc:PayableAmount currencyID=\"EUR\">",
            replace: "<cbc:PayableAmount>", rule: "XSD-ATTRIBUTE-MISSING", english: "cbc:PayableAmount requires the attribute currencyID",
            french: "cbc:PayableAmount exige l'attribut currencyID"),
        Case(
            name: "an attribute the schema does not know", syntax: .ubl, find: "<cbc:ID>FA-2026-0142</cbc:ID>",
            replace: "<cbc:ID colour=\"red\">FA-2026-0142</cbc:ID>", rule: "XSD-ATTRIBUTE-UNKNOWN",
            english: "the attribute colour is not allowed on cbc:ID", french: "l'attribut colour n'est pas permis sur cbc:ID"),
        Case(
            name: "an element the schema does not know", syntax: .ubl, find: "<cbc:ID>FA-2026-0142</cbc:ID>",
            replace: "<cbc:ID>FA-2026-0142</cbc:ID><cbc:Colour>red</cbc:Colour>", rule: "XSD-ELEMENT-UNKNOWN",
            english: "cbc:Colour is not an element of ubl:Invoice in the syntax's XML Schema",
            french: "cbc:Colour n'est pas un élément de ubl:Invoice dans le schéma XML de la syntaxe"),
        Case(
            name: "elements out of order", syntax: .ubl,
            find: "<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>\n  <cbc:ID>FA-2026-0142</cbc:ID>",
            replace: "<cbc:ID>FA-2026-0142</cbc:ID>\n  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>",
            rule: "XSD-ELEMENT-ORDER", english: "cbc:CustomizationID comes too late: it must come before cbc:ID",
            french: "cbc:CustomizationID vient trop tard : il doit précéder cbc:ID"),
        Case(
            name: "a required last element missing", syntax: .ubl,
            find: "<cbc:PayableAmount currencyID=\"EUR\">120.00</cbc:PayableAmount>", replace: "", rule: "XSD-ELEMENT-MISSING",
            english: "cbc:PayableAmount expected in cac:LegalMonetaryTotal, missing",
            french: "cbc:PayableAmount attendu dans cac:LegalMonetaryTotal, absent"),
        Case(
            name: "text among elements", syntax: .ubl, find: "<cac:AccountingSupplierParty>",
            replace: "<cac:AccountingSupplierParty>oops", rule: "XSD-TEXT",
            english: "cac:AccountingSupplierParty holds elements only, not text (oops)",
            french: "cac:AccountingSupplierParty ne contient que des éléments, pas de texte (oops)"),
        Case(
            name: "an element inside a value", syntax: .ubl, find: "<cbc:ID>FA-2026-0142</cbc:ID>",
            replace: "<cbc:ID>FA-2026-0142<cbc:Note>x</cbc:Note></cbc:ID>", rule: "XSD-VALUE-ELEMENT",
            english: "cbc:ID holds a value, not elements (cbc:Note)", french: "cbc:ID contient une valeur, pas d'éléments (cbc:Note)"),
        Case(
            name: "a CII amount with a letter", syntax: .cii,
            find: "<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00",
            replace: "<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>1O0.00", rule: "XSD-VALUE",
            english: "1O0.00 is not a decimal number (digits, one optional point: 1234.50) in ram:LineTotalAmount",
            french: "1O0.00 n'est pas un nombre décimal (chiffres, un point facultatif : 1234.50) dans ram:LineTotalAmount"),
        Case(
            name: "a CII date and its string both", syntax: .cii,
            find: "<udt:DateTimeString format=\"102\">20260115</udt:DateTimeString></ram:IssueDateTime>",
            replace: "<udt:DateTimeString format=\"102\">20260115</udt:DateTimeString><udt:DateTime>2026-01-15T00:00:00</udt:DateTime></ram:IssueDateTime>",
            rule: "XSD-ELEMENT-REPEATED", english: "at most one udt:DateTime here", french: "au plus un udt:DateTime ici"),
    ]

    @Test("one change, one finding with its message", arguments: cases)
    func oneChange(_ change: Case) throws {
        let findings = try Self.findings(change.syntax, [(change.find, change.replace)])
        let finding = try #require(findings.first, "no schema finding")
        #expect(findings.count == 1, "\(findings.map(\.message.en))")
        #expect(finding.rule == change.rule)
        #expect(finding.severity == .fatal)
        #expect(finding.message.en == change.english)
        #expect(finding.message.fr == change.french)
        #expect(finding.location.line > 0)
    }

    @Test("children known to the model are still checked after a misplaced one")
    func keepsCheckingAfterAMisplacedChild() throws {
        let findings = try Self.findings(.ubl, [
            ("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>FA-2026-0142</cbc:ID><cbc:Colour>red</cbc:Colour>"),
            ("<cbc:PayableAmount currencyID=\"EUR\">120.00", "<cbc:PayableAmount currencyID=\"EUR\">cent vingt"),
        ])
        #expect(findings.map(\.rule) == ["XSD-ELEMENT-UNKNOWN", "XSD-VALUE"])
    }

    @Test("built-in types: what each accepts and refuses")
    func builtins() {
        func accepts(_ type: XSDBuiltin, _ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer { type.accepts($0) } }
        for good in ["2024-02-29", "2000-02-29", "2026-12-31Z", "2026-01-15+01:00", "-0044-03-15", "12026-01-01"] {
            #expect(accepts(.date, good), "\(good)")
        }
        for bad in ["2024-13-45", "1900-02-29", "2026-1-15", "20260115", "0000-01-01", "2026-01-15+15:00", "2026-01-15 ", ""] {
            #expect(!accepts(.date, bad), "\(bad)")
        }
        for good in ["1", "-1.5", "+.5", "5.", "0012.340"] { #expect(accepts(.decimal, good), "\(good)") }
        for bad in ["abc", "1,5", "1e3", ".", "", "--1", "1.2.3"] { #expect(!accepts(.decimal, bad), "\(bad)") }
        #expect(accepts(.dateTime, "2026-01-15T23:59:59.5Z") && !accepts(.dateTime, "2026-01-15T24:00:01"))
        #expect(accepts(.time, "24:00:00") && !accepts(.time, "12:60:00"))
        #expect(accepts(.boolean, "true") && accepts(.boolean, "0") && !accepts(.boolean, "yes"))
        #expect(accepts(.base64Binary, "SGVs bG8=") && accepts(.base64Binary, "") && !accepts(.base64Binary, "SGVsbG8")
            && !accepts(.base64Binary, "SG=k"))
        // Long values, checked sixty-four then sixteen bytes at a time: one byte out of the alphabet (or padding) anywhere is found,
        // white space anywhere in a block is skipped and not counted, padding is allowed at the end only.
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let long = String(repeating: alphabet, count: 3)
        #expect(accepts(.base64Binary, long) && accepts(.base64Binary, long + "\n" + long + "AQ==") && !accepts(.base64Binary, long + "A"))
        for position in 0..<(long.utf8.count) {
            for bad: UInt8 in [0x2A, 0x2C, 0x2E, 0x3A, 0x3D, 0x40, 0x5B, 0x60, 0x7B, 0x80, 0x00, 0x0B] {
                var bytes = Array(long.utf8)
                bytes[position] = bad
                let value = String(decoding: bytes, as: UTF8.self)
                #expect(!accepts(.base64Binary, value), "byte \(bad) at \(position)")
            }
        }
        for position in 0...(long.utf8.count) {
            for space: UInt8 in [0x20, 0x0A, 0x0D, 0x09] {
                var bytes = Array(long.utf8)
                bytes.insert(space, at: position)
                #expect(accepts(.base64Binary, String(decoding: bytes, as: UTF8.self)), "space \(space) at \(position)")
                bytes.insert(UInt8(ascii: "A"), at: 0)
                #expect(!accepts(.base64Binary, String(decoding: bytes, as: UTF8.self)), "one digit too many, space at \(position)")
            }
        }
        #expect(accepts(.base64Binary, long + "AQ\n=\t= \n") && !accepts(.base64Binary, long + "AQ== A") && !accepts(.base64Binary, long + "AR=="))
        #expect(accepts(.language, "en-GB") && !accepts(.language, "francais1") && !accepts(.language, "en-abcdefghi") && !accepts(.language, "fr_FR"))
        #expect(accepts(.integer, "-42") && !accepts(.integer, "4.2"))
    }

    @Test("length facets count characters of the collapsed value")
    func lengths() {
        let code = SimpleValueType(builtin: .token, minLength: 1, maxLength: 3)
        func problem(_ text: String) -> SimpleValueType.ValueProblem? {
            Array(text.utf8).withUnsafeBufferPointer { code.problem($0, enumerations: []) }
        }
        #expect(problem(" KGM ") == nil)
        #expect(problem("KGMS") == .length)
        #expect(problem("   ") == .length)
        #expect(problem("ÉÉÉ") == nil)
    }

    @Test("the committed tables are what the generator writes from the official XSDs")
    func tablesAreGenerated() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("schema-tables-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", ProjectFiles.packageRoot.appendingPathComponent("scripts/generate-schema-tables.py").path, ProjectFiles.xsd.path,
            output.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        for name in ["ubl.tsv", "cii.tsv"] {
            let generated = try Data(contentsOf: output.appendingPathComponent(name))
            let committed = try Data(contentsOf: ProjectFiles.packageRoot.appendingPathComponent("formats/schema/\(name)"))
            #expect(generated == committed, "formats/schema/\(name) differs from the generator's output: run scripts/generate-schema-tables.py")
        }
    }
}
