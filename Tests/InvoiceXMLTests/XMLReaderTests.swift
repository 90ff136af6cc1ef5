import Foundation
import InvoiceXML
import Testing

@Suite("Reading XML into a tree")
struct XMLReaderTests {
    static let ns = "urn:example"

    @Test("elements, namespaces, text, attributes and lines are kept")
    func readsStructure() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <r:Root xmlns:r="urn:example" xmlns="urn:default">
              <Amount currencyID="EUR"> 12.50 </Amount>
              <Group><Name>A &amp; B</Name><Name><![CDATA[x<y]]></Name></Group>
            </r:Root>
            """
        let tree = try XMLReader.read(Data(xml.utf8))
        #expect(tree.count == 5)
        #expect(tree.name(tree.root) == QName("urn:example", "Root"))
        let children = Array(tree.children(tree.root))
        #expect(children.count == 2)
        let amount = children[0]
        #expect(tree.name(amount) == QName("urn:default", "Amount"))
        #expect(tree.text(amount) == " 12.50 ")
        #expect(tree.line(amount) == 3)
        let currency = XMLVocabulary.shared.register(QName("", "currencyID"))
        #expect(tree.attribute(amount, currency) == "EUR")
        let names = Array(tree.children(children[1]))
        #expect(tree.text(names[0]) == "A & B")
        #expect(tree.text(names[1]) == "x<y")
        #expect(tree.stringValue(children[1]) == "A & Bx<y")
        #expect(tree.path(names[1]) == "/Root/Group/Name[2]")
        #expect(tree.text(tree.root).isEmpty, "indentation between elements is dropped")
    }

    @Test("white space before an empty child leaves every text range inside the buffer")
    func whitespaceBeforeEmptyChild() throws {
        let tree = try XMLReader.read(Data("<a>\n <b>\n  <c/></b> <d>x</d>\n</a>".utf8))
        #expect(tree.count == 4)
        for node in tree.allNodes { _ = tree.text(node) }
        #expect(tree.text(1).isEmpty)
        #expect(tree.text(2).isEmpty)
        #expect(tree.text(3) == "x")
        #expect(tree.stringValue(tree.root) == "x")
    }

    @Test("mixed content: an element's text is all its text pieces joined, around children and attributes")
    func mixedContent() throws {
        let tree = try XMLReader.read(Data(#"<a k="v"> x <b n="1">y<c/>z</b> <d/>w </a>"#.utf8))
        #expect(tree.count == 4)
        #expect(tree.text(0) == " x  w ")
        #expect(tree.text(1) == "yz")
        #expect(tree.text(2).isEmpty)
        #expect(tree.stringValue(tree.root) == " x  w yz")
        let n = XMLVocabulary.shared.register(QName("", "n"))
        #expect(tree.attribute(1, n) == "1")
        // White space around children is kept when the element has other text, in document order.
        let spaced = try XMLReader.read(Data("<a>\n <b/>\n x <c/>\t</a>".utf8))
        #expect(spaced.text(0) == "\n \n x \t")
        let blank = try XMLReader.read(Data("<a>\n <b>\n <c/>\n </b> <d/> </a>".utf8))
        #expect(blank.text(0).isEmpty && blank.text(1).isEmpty)
    }

    @Test("a large document, whose white space is held apart, reads text as a small one does", arguments: [1, 500_000])
    func whiteSpaceInLargeDocuments(padding: Int) throws {
        // Over 4 MB with padding: the builder holds blanks apart instead of writing them to the text buffer.
        let xml = "<r>\n <p>" + String(repeating: "<e>v</e>\n", count: padding) + "</p>\n"
            + #"<a k="v"> x <b n="1">y<c/>z</b> <d/>w </a>"# + "<f>\n <g/>\n x <h/>\t</f><i>\n <j>\n <k/>\n </j> <l/> </i>\n</r>"
        let tree = try XMLReader.read(Data(xml.utf8))
        let byName = { (name: String) in tree.nodes(named: XMLVocabulary.shared.register(QName("", name))).first ?? -1 }
        #expect(tree.text(tree.root).isEmpty && tree.text(byName("p")).isEmpty)
        #expect(tree.text(byName("a")) == " x  w ")
        #expect(tree.text(byName("b")) == "yz")
        #expect(tree.text(byName("f")) == "\n \n x \t")
        #expect(tree.text(byName("i")).isEmpty && tree.text(byName("j")).isEmpty)
        #expect(tree.text(byName("e")) == "v")
        #expect(tree.count == 13 + padding)
    }

    @Test("parsers are reused: a document read after refused ones is read whole")
    func readsAfterRefusals() throws {
        let good = Data(#"<a xmlns="urn:reuse-test"><b k="v">x</b><b>y</b></a>"#.utf8)
        for bad in ["<a><b></a>", "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", "<a>"] {
            #expect(throws: XMLReadError.self) { try XMLReader.read(Data(bad.utf8)) }
            let tree = try XMLReader.read(good)
            #expect(tree.count == 3)
            #expect(tree.stringValue(tree.root) == "xy")
            #expect(tree.name(1) == QName("urn:reuse-test", "b"))
        }
    }

    @Test("names registered in the vocabulary before parsing are found by id")
    func vocabularyIDs() throws {
        let id = XMLVocabulary.shared.register(QName("urn:vocabulary-test", "Known"))
        let tree = try XMLReader.read(Data(#"<Known xmlns="urn:vocabulary-test"><Unknown/><Known/></Known>"#.utf8))
        #expect(tree.nameID(tree.root) == id)
        #expect(tree.nodes(named: id).count == 2)
        #expect(tree.name(1) == QName("urn:vocabulary-test", "Unknown"))
    }

    // MARK: Hostile and broken input: each a typed error, never a crash or a hang.

    @Test("an empty input is refused as empty")
    func empty() {
        #expect(throws: XMLReadError.empty) { try XMLReader.read(Data()) }
    }

    @Test("malformed XML reports the line where it breaks")
    func malformed() throws {
        let error = try #require(throws: XMLReadError.self) {
            try XMLReader.read(Data("<a>\n<b>\n</a>".utf8))
        }
        guard case .notWellFormed(let line, _, let reason) = error else {
            Issue.record("expected notWellFormed, got \(error)")
            return
        }
        #expect(line == 3)
        #expect(!reason.isEmpty)
    }

    @Test("an external entity is never resolved: the DOCTYPE itself is refused")
    func externalEntity() {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <r>&secret;</r>
            """
        #expect(throws: XMLReadError.forbiddenDoctype(line: 2)) { try XMLReader.read(Data(xml.utf8)) }
    }

    @Test("a billion-laughs document is refused before any expansion")
    func billionLaughs() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        #expect(throws: XMLReadError.forbiddenDoctype(line: 2)) { try XMLReader.read(Data(xml.utf8)) }
    }

    @Test("a document over the size limit is refused without parsing")
    func tooLarge() {
        let bytes = Data(count: 200 * 1024 * 1024)
        #expect(throws: XMLReadError.tooLarge(size: bytes.count, limit: 120_000_000)) { try XMLReader.read(bytes) }
        let small = XMLLimits(forDocumentsUpTo: 1000)
        #expect(throws: XMLReadError.tooLarge(size: 1001, limit: 1000)) { try XMLReader.read(Data(count: 1001), limits: small) }
    }

    @Test("the element limit follows the size limit: one element per 16 bytes, at least 10,000")
    func elementLimitFollowsSize() {
        #expect(XMLLimits.default.maxBytes == 120_000_000)
        #expect(XMLLimits.default.maxNodes == 7_500_000)
        #expect(XMLLimits(forDocumentsUpTo: 1_600_000).maxNodes == 100_000)
        #expect(XMLLimits(forDocumentsUpTo: 1000).maxNodes == 10_000)
        #expect(XMLLimits(maxNodes: 100).maxNodes == 100)
    }

    @Test("an invoice over 50 MB is read whole with the default limits (pushed to libxml2 in pieces)")
    func largeInvoice() throws {
        // A UBL invoice of 70,000 lines, made in memory: over 50 MB.
        var xml = Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                <cbc:ID>BIG-1</cbc:ID>

            """.utf8)
        let lines = 70_000
        for number in 1...lines {
            xml.append(
                contentsOf: """
                        <cac:InvoiceLine>
                            <cbc:ID>\(number)</cbc:ID>
                            <cbc:InvoicedQuantity unitCode="EA">2</cbc:InvoicedQuantity>
                            <cbc:LineExtensionAmount currencyID="EUR">19.90</cbc:LineExtensionAmount>
                            <cac:Item>
                                <cbc:Name>PATAT FRITES 10MM 10KG, a description long enough for a real line</cbc:Name>
                                <cac:SellersItemIdentification><cbc:ID>166022</cbc:ID></cac:SellersItemIdentification>
                                <cac:ClassifiedTaxCategory>
                                    <cbc:ID>S</cbc:ID>
                                    <cbc:Percent>6</cbc:Percent>
                                    <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
                                </cac:ClassifiedTaxCategory>
                            </cac:Item>
                            <cac:Price><cbc:PriceAmount currencyID="EUR">9.95</cbc:PriceAmount></cac:Price>
                        </cac:InvoiceLine>

                    """.utf8)
        }
        xml.append(contentsOf: "</Invoice>\n".utf8)
        #expect(xml.count > 50 * 1024 * 1024)
        let tree = try XMLReader.read(xml)
        #expect(tree.count == 2 + lines * 15)
        let line = XMLVocabulary.shared.register(QName("urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "InvoiceLine"))
        let id = XMLVocabulary.shared.register(QName("urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "ID"))
        let last = try #require(tree.nodes(named: line).last)
        #expect(tree.text(try #require(tree.firstChild(last, named: id))) == "\(lines)")
        #expect(tree.text(last).isEmpty)
        #expect(tree.path(last) == "/Invoice/InvoiceLine[\(lines)]")
        #expect(tree.line(last) == 4 + (lines - 1) * 15)
    }

    @Test("a text node over 10 MB is read (libxml2 hands text over in pieces: no XML_PARSE_HUGE needed)")
    func hugeTextNode() throws {
        let text = String(repeating: "QUJD", count: 3_000_000)  // 12 MB of base64
        let tree = try XMLReader.read(Data("<r><b>\(text)</b>\n</r>".utf8))
        #expect(tree.textBytes(1).count == text.utf8.count)
        #expect(tree.text(0).isEmpty)
    }

    @Test("paths count positions among same-named siblings, in small and large trees alike")
    func pathPositions() throws {
        for count in [3, 5000] {
            let xml = "<r><x/>" + String(repeating: "<a><b/><b/><c/></a>", count: count) + "</r>"
            let tree = try XMLReader.read(Data(xml.utf8))
            #expect(tree.path(tree.root) == "/r")
            #expect(tree.path(1) == "/r/x")
            let lastA = Int32(tree.count - 4)
            #expect(tree.path(lastA) == "/r/a[\(count)]")
            #expect(tree.path(lastA + 1) == "/r/a[\(count)]/b[1]")
            #expect(tree.path(lastA + 2) == "/r/a[\(count)]/b[2]")
            #expect(tree.path(lastA + 3) == "/r/a[\(count)]/c")
        }
    }

    @Test("children of one name are found among many siblings, in order")
    func namedChildrenAmongManySiblings() throws {
        let xml = "<r>" + String(repeating: "<a/>", count: 1000) + "<z>1</z><a/><z>2</z></r>"
        let tree = try XMLReader.read(Data(xml.utf8))
        let z = XMLVocabulary.shared.register(QName("", "z"))
        let a = XMLVocabulary.shared.register(QName("", "a"))
        #expect(tree.children(tree.root, named: z).map { tree.text($0) } == ["1", "2"])
        #expect(tree.children(tree.root, named: a).count == 1001)
        #expect(tree.firstChild(tree.root, named: z).map { tree.text($0) } == "1")
        #expect(tree.children(1, named: z).isEmpty)
    }

    @Test("nesting 10,000 deep stops at the depth limit")
    func tooDeep() {
        let xml = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(throws: XMLReadError.tooDeep(line: 1, limit: 128)) { try XMLReader.read(Data(xml.utf8)) }
    }

    @Test("the element count is bounded")
    func tooManyNodes() {
        let xml = "<r>" + String(repeating: "<a/>", count: 1_000) + "</r>"
        #expect(throws: XMLReadError.tooManyNodes(limit: 100)) {
            try XMLReader.read(Data(xml.utf8), limits: XMLLimits(maxNodes: 100))
        }
    }

    @Test("bytes that are not UTF-8 in a UTF-8 document are refused")
    func notUTF8() throws {
        var bytes = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>caf".utf8)
        bytes.append(contentsOf: [0xE9, 0xFF, 0xFE])
        bytes.append(contentsOf: Data("</r>".utf8))
        let error = try #require(throws: XMLReadError.self) { try XMLReader.read(bytes) }
        guard case .notWellFormed(let line, _, _) = error else {
            Issue.record("expected notWellFormed, got \(error)")
            return
        }
        #expect(line == 1)
    }

    @Test("a document in a declared single-byte encoding is read as text")
    func latin1() throws {
        var bytes = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf".utf8)
        bytes.append(0xE9)
        bytes.append(contentsOf: Data("</r>".utf8))
        let tree = try XMLReader.read(bytes)
        #expect(tree.text(tree.root) == "café")
    }

    @Test("text that is not XML at all is refused")
    func garbage() {
        #expect(throws: XMLReadError.self) { try XMLReader.read(Data("%PDF-1.7 not xml".utf8)) }
        #expect(throws: XMLReadError.self) { try XMLReader.read(Data("   ".utf8)) }
    }

    @Test("two root elements are refused")
    func twoRoots() {
        #expect(throws: XMLReadError.self) { try XMLReader.read(Data("<a/><b/>".utf8)) }
    }
}
