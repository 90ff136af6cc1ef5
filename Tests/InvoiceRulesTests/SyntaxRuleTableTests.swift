import Foundation
import InvoiceModel
import InvoiceRules
import InvoiceXML
import TestSupport
import Testing

/// The rule-table format of `formats/rules/*-syntax.tsv` and its evaluator, on tiny tables and documents.
@Suite("Syntax rule tables")
struct SyntaxRuleTableTests {
    static let document = """
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:ID>F1</cbc:ID>
          <cbc:Note>a</cbc:Note>
          <cbc:Note>b</cbc:Note>
          <cac:Delivery><cbc:ActualDeliveryDate>2026-01-15</cbc:ActualDeliveryDate></cac:Delivery>
          <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:Note lang="fr">c</cbc:Note></cac:InvoiceLine>
          <cac:TaxTotal><cbc:TaxAmount currencyID=" EUR ">1</cbc:TaxAmount><cbc:TaxAmount currencyID="eur">1</cbc:TaxAmount></cac:TaxTotal>
          <cac:Country><cbc:IdentificationCode> FR </cbc:IdentificationCode></cac:Country>
          <cac:Country><cbc:IdentificationCode>XX</cbc:IdentificationCode></cac:Country>
          <cbc:TaxExemptionReasonCode>vatex-eu-ae</cbc:TaxExemptionReasonCode>
          <cbc:EmbeddedDocumentBinaryObject mimeCode=" application/pdf">x</cbc:EmbeddedDocumentBinaryObject>
        </Invoice>
        """

    /// The rule ids `table` fires on the test document (with `computed` tests and `$contexts`).
    func fired(
        _ table: String, computed: [String: RuleTable.Test] = [:], contexts: [String: ContextPattern] = [:]
    ) throws -> [String] {
        let rules = try RuleTable(text: table, file: "test.tsv", syntax: .ubl)
        let pattern = try rules.pattern("test", syntax: .ubl, contexts: contexts, computed: computed, formats: try Resources.formatsFolder())
        let set = RuleSet(syntax: .ubl, patterns: [pattern], catalog: RuleCatalog(entries: [:]))
        return try set.check(XMLReader.read(Data(Self.document.utf8))).map(\.rule)
    }

    @Test("each kind holds or fires on the nodes its path selects")
    func kinds() throws {
        let table = """
            # id\tcontext\tkind\tpath\tvalue
            ABSENT-YES\t/ubl:Invoice\tabsent\tcbc:Note
            ABSENT-NO\t/ubl:Invoice\tabsent\tcbc:IssueTime
            PRESENT-NO\t/ubl:Invoice\tpresent\tcac:Delivery/cbc:ActualDeliveryDate
            AT-MOST-1\t/ubl:Invoice\tat-most\tcbc:Note\t1
            AT-MOST-2\t/ubl:Invoice\tat-most\tcbc:Note\t2
            EXACTLY-1\t/ubl:Invoice\texactly\tcbc:ID\t1
            EQUAL-NO\t/ubl:Invoice\tabsent-or-equal\tcbc:Note\tb
            EQUAL-YES\t/ubl:Invoice\tabsent-or-equal\tcbc:Note\tz
            """
        #expect(try fired(table) == ["ABSENT-YES", "AT-MOST-1", "EQUAL-YES"])
    }

    @Test("code rows: the element's text or an attribute, normalised, upper-cased or as written, from the syntax's list")
    func codes() throws {
        let table = """
            TEXT\tcac:Country/cbc:IdentificationCode\tcode\t.\tISO3166
            ATTRIBUTE\tcbc:TaxAmount\tcode\t@currencyID\tISO4217
            UPPERCASED\tcbc:TaxExemptionReasonCode\tcode-uppercased\t.\tVATEX
            NOT-UPPERCASED\tcbc:TaxExemptionReasonCode\tcode\t.\tVATEX
            AS-WRITTEN\tcbc:EmbeddedDocumentBinaryObject[@mimeCode]\tcode-as-written\t@mimeCode\tMIME
            ONLY-WITH-ATTRIBUTE\tcbc:Note[@lang]\tcode\t@lang\tISO4217
            """
        // One country of two, one currency of two (" EUR " normalises to a code, "eur" does not); the upper-cased
        // VATEX code passes; the MIME code with a space as written fails; only the note with @lang is checked.
        let rules = try fired(table)
        #expect(rules.sorted() == ["AS-WRITTEN", "ATTRIBUTE", "NOT-UPPERCASED", "ONLY-WITH-ATTRIBUTE", "TEXT"])
        #expect(throws: ResourceError.self) { try RuleTable(text: "X\tcbc:Note\tcode\tcbc:ID\tISO4217", file: "t.tsv", syntax: .ubl) }
        let unknownList = try RuleTable(text: "X\tcbc:Note\tcode\t.\tNO-SUCH-LIST", file: "t.tsv", syntax: .ubl)
        #expect(throws: ResourceError.self) {
            try unknownList.pattern("p", syntax: .ubl, contexts: [:], computed: [:], formats: try Resources.formatsFolder())
        }
    }

    @Test("paths: alternatives, anywhere, attributes")
    func paths() throws {
        let table = """
            UNION\t/ubl:Invoice\tat-most\tcbc:Note|cac:InvoiceLine/cbc:Note\t2
            ANYWHERE\t/ubl:Invoice\tat-most\t//cbc:Note\t2
            CHILD-ONLY\t/ubl:Invoice\tat-most\tcbc:Note\t2
            ATTRIBUTE\t/ubl:Invoice\tabsent\tcac:InvoiceLine/cbc:Note/@lang
            ATTRIBUTE-ANYWHERE\t/ubl:Invoice\tabsent\t//@lang
            ATTRIBUTE-MISSING\t/ubl:Invoice\tabsent\t//@schemeName
            """
        #expect(try fired(table) == ["UNION", "ANYWHERE", "ATTRIBUTE", "ATTRIBUTE-ANYWHERE"])
    }

    @Test("an element is checked by the first rule whose context matches it, in table order")
    func firstContextWins() throws {
        let table = """
            FIRST\tcbc:Note\tabsent\t@lang
            LINE\tcac:InvoiceLine/cbc:Note\tabsent\t@lang
            """
        // The line's note is matched by the first rule, so the second never sees it.
        #expect(try fired(table) == ["FIRST"])
        let reversed = """
            LINE\tcac:InvoiceLine/cbc:Note\tabsent\t@lang
            FIRST\tcbc:Note\tabsent\t@lang
            """
        #expect(try fired(reversed) == ["LINE"])
    }

    @Test("computed rules and $contexts come from Swift")
    func swiftParts() throws {
        let table = """
            NOTES\t$notes\tcomputed
            """
        let notes = ContextPattern("cbc:Note", .ubl) { d, n in d.string(n) != "b" }
        let result = try fired(table, computed: ["NOTES": { d, n in d.string(n) == "a" }], contexts: ["$notes": notes])
        #expect(result == ["NOTES"])  // "a" holds, "b" is not in the context, "c" fires
    }

    @Test("mistakes in a table are reported with their line")
    func malformedTables() {
        let cases: [(String, Int)] = [
            ("X\t/ubl:Invoice\tforbidden\tcbc:Note", 1),
            ("# comment\nX\t/ubl:Invoice\tabsent\tcbc:Note[1]", 2),
            ("X\t/ubl:Invoice\tat-most\tcbc:Note", 1),
            ("X\t/ubl:Invoice\tabsent\tnot(cbc:Note)", 1),
            ("X\t/ubl:Invoice\tcomputed\tcbc:Note", 1),
            ("X\t/ubl:Invoice\tabsent\tfoo:Note", 1),
        ]
        for (text, line) in cases {
            #expect(throws: ResourceError.self) { try RuleTable(text: text, file: "t.tsv", syntax: .ubl) }
            do {
                _ = try RuleTable(text: text, file: "t.tsv", syntax: .ubl)
            } catch {
                if case .malformed(_, let reported, _) = error { #expect(reported == line, "\(text)") }
            }
        }
    }

    @Test("a computed row needs its Swift test, a Swift test needs its row, a $context its definition")
    func missingSwiftParts() throws {
        let computed = try RuleTable(text: "X\t/ubl:Invoice\tcomputed", file: "t.tsv", syntax: .ubl)
        #expect(throws: ResourceError.self) { try computed.pattern("p", syntax: .ubl, contexts: [:], computed: [:], formats: try Resources.formatsFolder()) }
        let plain = try RuleTable(text: "X\t$nowhere\tabsent\tcbc:Note", file: "t.tsv", syntax: .ubl)
        #expect(throws: ResourceError.self) { try plain.pattern("p", syntax: .ubl, contexts: [:], computed: [:], formats: try Resources.formatsFolder()) }
        let unknownPrefix = try RuleTable(text: "X\tfoo:Delivery\tabsent\tcbc:Note", file: "t.tsv", syntax: .ubl)
        #expect(throws: ResourceError.self) { try unknownPrefix.pattern("p", syntax: .ubl, contexts: [:], computed: [:], formats: try Resources.formatsFolder()) }
        let declarative = try RuleTable(text: "X\t/ubl:Invoice\tabsent\tcbc:Note", file: "t.tsv", syntax: .ubl)
        #expect(throws: ResourceError.self) {
            try declarative.pattern("p", syntax: .ubl, contexts: [:], computed: ["Y": { _, _ in true }], formats: try Resources.formatsFolder())
        }
    }

    @Test("the shipped tables list every syntax rule of their pattern, in the official order", arguments: ["ubl", "cii"])
    func shippedTablesFollowTheSpecification(_ syntax: String) throws {
        struct Official: Decodable { let syntax: String; let id: String; let pattern: String }
        let pattern = syntax == "ubl" ? "UBL-syntax" : "EN16931-CII-Syntax"
        let official = try String(contentsOf: ProjectFiles.officialRules, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Official.self, from: Data($0.utf8)) }
            .filter { $0.syntax == syntax && $0.pattern == pattern }.map(\.id)
        let table = try RuleTable(
            file: Resources.format("rules/\(syntax)-syntax.tsv"), syntax: syntax == "ubl" ? .ubl : .cii)
        let ids = table.rows.map(\.id)
        #expect(ids.count == official.count)
        #expect(ids == official)
    }
}
