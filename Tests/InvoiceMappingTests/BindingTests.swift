import Foundation
import InvoiceMapping
import InvoiceModel
import InvoiceXML
import Testing

@Suite("Binding files")
struct BindingTests {
    @Test("mappings/ holds the three bindings, two syntaxes")
    func bindingsLoad() throws {
        let mapper = try #require(Shared.mapper)
        #expect(mapper.bindings.map(\.name).sorted() == ["cii", "ubl-creditnote", "ubl-invoice"])
        #expect(mapper.syntaxes == [.ubl, .cii])
    }

    @Test("Every binding places every business term, group and sub-term, or says why the syntax has no place for it",
        arguments: ["cii", "ubl-creditnote", "ubl-invoice"])
    func coverage(_ name: String) throws {
        let mapper = try #require(Shared.mapper)
        let binding = try #require(mapper.binding(named: name))
        let missing = mapper.terms.all.map(\.id).filter { binding.mapped.contains($0) == (binding.unmapped[$0] != nil) }
        #expect(missing.isEmpty, "neither placed nor explained: \(missing)")
        #expect(binding.unmapped.values.allSatisfy { !$0.isEmpty })
    }

    @Test("Malformed binding lines are reported with file and line")
    func malformed() throws {
        let terms = try BusinessTerms.standard()
        let ubl = "syntax\tubl\nnamespace\tx\t\(InvoiceSyntax.ublInvoiceNamespace)\nroot\tx:Invoice\n"
        let cases: [(String, Int)] = [
            ("root\tx:Y\n", 1),  // no syntax line first
            ("syntax\tedifact\n", 1),  // not a syntax Hermine knows
            ("syntax\tubl\nroot\tx:Y\n", 2),  // unknown prefix
            ("syntax\tcii\nnamespace\tx\turn:x\nroot\tx:Y\n", 3),  // not the root of a CII invoice
            (ubl + "BT-999\tx:A\n", 4),  // unknown term
            (ubl + "BT-1\tx:A[x:B='1'\n", 4),  // unclosed predicate
            (ubl + "BT-1\tx:A\tshiny\n", 4),  // unknown option
            (ubl + "BT-1\tx:A\nBT-1\tx:B\n", 5),  // placed twice
        ]
        for (text, line) in cases {
            #expect(throws: MappingError.self) { try Binding.parse(text, name: "test", terms: terms) }
            do {
                _ = try Binding.parse(text, name: "test", terms: terms)
            } catch {
                guard case .malformedBinding(let file, let at, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(file == "test.tsv")
                #expect(at == line)
            }
        }
    }

    @Test("A small binding file of its own reads and writes: the engine knows no element of UBL or CII")
    func customBinding() throws {
        let terms = try BusinessTerms.standard()
        let text = """
            syntax\tubl
            root\tu:Invoice
            namespace\tu\t\(InvoiceSyntax.ublInvoiceNamespace)\tdefault
            namespace\tm\turn:example:mini
            format\tDate\tYYYYMMDD
            attribute\tAmount\t@cur\t$BT-5
            BT-1\tm:No
            BT-2\tm:Date
            BT-5\tm:Currency
            BG-22\tm:Totals
            BT-115\tm:Due
            BG-25\tm:Line
            BT-126\t@n
            BT-131\tm:Net
            order\tu:Invoice\tm:No m:Date m:Currency m:Line m:Totals
            order\tm:Totals\tm:Due
            order\tm:Line\tm:Net
            """
        let binding = try Binding.parse(text, name: "mini", terms: terms)
        var root = BusinessGroup()
        root.append(.identifier(Identifier(value: "F-1")), to: "BT-1")
        root.append(.date(try #require(CalendarDate(year: 2025, month: 3, day: 4))), to: "BT-2")
        root.append(.code("EUR"), to: "BT-5")
        var totals = BusinessGroup()
        totals.append(.decimal(try #require(ExactDecimal("12.50"))), to: "BT-115")
        root.append(group: totals, as: "BG-22")
        for (id, net) in [("1", "10.00"), ("2", "2.50")] {
            var line = BusinessGroup()
            line.append(.identifier(Identifier(value: id)), to: "BT-126")
            line.append(.decimal(try #require(ExactDecimal(net))), to: "BT-131")
            root.append(group: line, as: "BG-25")
        }
        let invoice = Invoice(root: root)
        let written = try binding.write(invoice)
        let xml = String(decoding: written.data, as: UTF8.self)
        #expect(xml.contains("<Invoice xmlns=\"\(InvoiceSyntax.ublInvoiceNamespace)\""))
        #expect(xml.contains("<m:Date>20250304</m:Date>"))
        #expect(xml.contains("<m:Line n=\"2\">"))
        #expect(xml.contains("<m:Due cur=\"EUR\">12.50</m:Due>"))
        let tree = try XMLReader.read(written.data)
        #expect(binding.reads(tree))
        #expect(binding.read(tree) == invoice)
    }

    @Test("An element the file does not order is an error, not a silently invalid document")
    func unorderedElement() throws {
        let terms = try BusinessTerms.standard()
        let text = "syntax\tcii\nnamespace\tm\t\(InvoiceSyntax.ciiNamespace)\nroot\tm:CrossIndustryInvoice\n"
            + "BT-1\tm:No\nBT-2\tm:Date\norder\tm:CrossIndustryInvoice\tm:No\n"
        let binding = try Binding.parse(text, name: "mini", terms: terms)
        var root = BusinessGroup()
        root.append(.text("1"), to: "BT-1")
        root.append(.date(try #require(CalendarDate(iso: "2025-01-01"))), to: "BT-2")
        #expect(throws: MappingError.unorderedElement(binding: "mini", parent: "m:CrossIndustryInvoice", child: "m:Date")) {
            try binding.write(Invoice(root: root))
        }
    }

    @Test("Values that do not parse as their type are kept as text")
    func lenientValues() throws {
        let mapper = try #require(Shared.mapper)
        let xml = """
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" \
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
            <cbc:ID> A-1 </cbc:ID><cbc:IssueDate>31/01/2024</cbc:IssueDate><cbc:Note/>
            <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12,50</cbc:PayableAmount></cac:LegalMonetaryTotal>
            </Invoice>
            """
        let invoice = try mapper.read(Data(xml.utf8))
        #expect(invoice.number == "A-1")
        #expect(invoice["BT-2"] == .text("31/01/2024"))
        #expect(invoice.notes.isEmpty)
        #expect(invoice.totals?.group["BT-115"] == .text("12,50"))
    }

    @Test("A tree parsed before its binding was loaded is read all the same")
    func staleTree() throws {
        let xml = "<Invoice xmlns='\(InvoiceSyntax.ublInvoiceNamespace)' xmlns:s='urn:example:stale'><s:No>7</s:No></Invoice>"
        let tree = try XMLReader.read(Data(xml.utf8))
        let terms = try BusinessTerms.standard()
        let text = "syntax\tubl\nnamespace\tu\t\(InvoiceSyntax.ublInvoiceNamespace)\nnamespace\ts\turn:example:stale\n"
            + "root\tu:Invoice\nBT-1\ts:No\n"
        let binding = try Binding.parse(text, name: "stale", terms: terms)
        let mapper = InvoiceMapper(terms: terms, bindings: [binding])
        #expect(try mapper.read(tree).number == "7")
        #expect(try mapper.read(Data(xml.utf8)).number == "7")
    }

    @Test("Reading a document no binding knows names its root")
    func unknownRoot() throws {
        let mapper = try #require(Shared.mapper)
        #expect(throws: MappingError.unknownDocument(root: QName("urn:x", "Order"))) {
            try mapper.read(Data("<Order xmlns='urn:x'/>".utf8))
        }
        let ublOnly = InvoiceMapper(terms: mapper.terms, bindings: mapper.bindings.filter { $0.syntax == .ubl })
        #expect(throws: MappingError.unknownSyntax(.cii)) {
            try ublOnly.write(Invoice(), as: .cii)
        }
    }
}
