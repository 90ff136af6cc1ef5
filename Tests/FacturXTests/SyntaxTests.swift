@testable import FacturX
import Foundation
import InvoiceModel
import Testing

/// The lexer, the object parser, predictors, PDF text strings, the XMP scan and the profile names.
@Suite("PDF syntax, predictors, text strings, XMP")
struct SyntaxTests {
    private func parse(_ text: String) throws -> PDFObject {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(FacturXError) -> PDFObject in
                var parser = PDFObjectParser(raw, at: 0, maxNesting: 64)
                return try parser.parseObject()
            }
        }
        return try result.get()
    }

    @Test("names with #xx escapes, numbers, references, booleans and null")
    func scalars() throws {
        let dictionary = try #require(
            try parse("<< /A#20B /text#2Fxml /N -12 /R 3.5 /S .5 /Ref 12 0 R /T true /Z null /K [1 2 R] >>").dictionary)
        #expect(dictionary["A B"]?.name == "text/xml")
        #expect(dictionary["N"]?.integer == -12)
        if case .real(let value)? = dictionary["R"] { #expect(value == 3.5) } else { Issue.record("R is not real") }
        if case .real(let value)? = dictionary["S"] { #expect(value == 0.5) } else { Issue.record("S is not real") }
        #expect(dictionary["Ref"]?.reference == ObjectID(number: 12, generation: 0))
        if case .boolean(true)? = dictionary["T"] {} else { Issue.record("T is not true") }
        if case .null? = dictionary["Z"] {} else { Issue.record("Z is not null") }
        // `1 2 R` inside an array is one reference, not three values.
        #expect(dictionary["K"]?.array?.count == 1)
    }

    @Test("literal strings: escapes, octal, balanced parentheses, line continuations, CRLF")
    func literalStrings() throws {
        #expect(try parse(#"(a\(b\)c (nested) \\ \n\t\101\0613)"#).stringBytes == Array("a(b)c (nested) \\ \n\tA13".utf8))
        #expect(try parse("(split \\\nline)").stringBytes == Array("split line".utf8))
        #expect(try parse("(cr\r\nlf)").stringBytes == Array("cr\nlf".utf8))
    }

    @Test("hex strings: white space ignored, odd digit padded")
    func hexStrings() throws {
        #expect(try parse("<48 65 6c6C 6>").stringBytes == [0x48, 0x65, 0x6C, 0x6C, 0x60])
    }

    @Test("comments are skipped; a dictionary left open before endobj is closed there")
    func lenientSyntax() throws {
        let dictionary = try #require(try parse("<< % a comment\n /A 1 /B [ 2 3 endobj").dictionary)
        #expect(dictionary["A"]?.integer == 1)
        #expect(dictionary["B"]?.array?.count == 2)
    }

    @Test("an unterminated dictionary at the end of the input is damaged")
    func unterminated() {
        #expect(throws: FacturXError.damaged(reason: "a dictionary is not closed before the end of the file")) { try parse("<< /A 1") }
    }

    @Test("PNG predictors: None, Sub, Up, Average, Paeth rows")
    func pngPredictor() throws {
        // Three columns, one byte per pixel; each row starts with its filter type.
        let encoded: [UInt8] = [0, 1, 2, 3, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 1, 1, 4, 1, 1, 1]
        let decoded = try Predictor.decode(encoded, predictor: 12, colors: 1, bitsPerComponent: 8, columns: 3)
        #expect(decoded == [1, 2, 3, 1, 2, 3, 2, 3, 4, 2, 3, 4, 3, 4, 5])
    }

    @Test("the TIFF predictor adds each byte to the one a pixel to its left")
    func tiffPredictor() throws {
        let decoded = try Predictor.decode([5, 1, 1, 7, 2, 2], predictor: 2, colors: 1, bitsPerComponent: 8, columns: 3)
        #expect(decoded == [5, 6, 7, 7, 9, 11])
        #expect(throws: FacturXError.unsupportedPredictor(7)) {
            try Predictor.decode([1], predictor: 7, colors: 1, bitsPerComponent: 8, columns: 1)
        }
    }

    @Test("PDF text strings: UTF-16BE with BOM, UTF-8 with BOM, PDFDocEncoding")
    func textStrings() {
        #expect(PDFTextString.decode([0xFE, 0xFF, 0x00, 0x66, 0x00, 0xE9]) == "fé")
        #expect(PDFTextString.decode([0xEF, 0xBB, 0xBF, 0x66, 0xC3, 0xA9]) == "fé")
        #expect(PDFTextString.decode([0x66, 0xE9, 0x80, 0xA0]) == "fé•€")
    }

    @Test("XMP: element and attribute forms, any prefix, entities, PDF/A identification")
    func xmpForms() {
        let elements = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:zf="urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#" rdf:about="">
              <zf:DocumentFileName> zugferd-invoice.xml </zf:DocumentFileName><zf:ConformanceLevel>EN 16931</zf:ConformanceLevel>
              <zf:DocumentType>INVOICE</zf:DocumentType><zf:Version>2p0</zf:Version></rdf:Description>
            <rdf:Description xmlns:id="http://www.aiim.org/pdfa/ns/id/" id:part='3' id:conformance="A"/>
            <dc:creator>Dupont &amp; fils & co</dc:creator></rdf:RDF></x:xmpmeta>
            """
        let metadata = XMPScanner.scan(Array(elements.utf8))
        #expect(metadata.documentFileName == "zugferd-invoice.xml")
        #expect(metadata.conformanceLevel == "EN 16931")
        #expect(metadata.documentType == "INVOICE")
        #expect(metadata.version == "2p0")
        #expect(metadata.namespace == "urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#")
        #expect(metadata.pdfaPart == "3")
        #expect(metadata.pdfaConformance == "A")

        let attributes = """
            <rdf:Description xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#" fx:DocumentType="INVOICE"
               fx:DocumentFileName="factur-x.xml" fx:Version="1.0" fx:ConformanceLevel="BASIC WL"/>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix><pdfaProperty:name>DocumentFileName</pdfaProperty:name>
            """
        let fromAttributes = XMPScanner.scan(Array(attributes.utf8))
        #expect(fromAttributes.documentFileName == "factur-x.xml")
        #expect(fromAttributes.profile == .basicWL)
        #expect(fromAttributes.pdfaPart == nil)

        // A prefix bound to another namespace is not read as Factur-X.
        let foreign = #"<rdf:Description xmlns:fx="urn:example:other" fx:DocumentFileName="x.xml"/>"#
        #expect(!XMPScanner.scan(Array(foreign.utf8)).declaresFacturX)
        #expect(XMPScanner.unescape("a &lt;b&gt; &#233;&#xE9; &bogus; &") == "a <b> éé &bogus; &")
    }

    @Test("profiles from the XMP conformance level and from BT-24")
    func profiles() {
        #expect(FacturXProfile(conformanceLevel: "EN 16931") == .en16931)
        #expect(FacturXProfile(conformanceLevel: "en16931") == .en16931)
        #expect(FacturXProfile(conformanceLevel: "BASIC WL") == .basicWL)
        #expect(FacturXProfile(conformanceLevel: "no thing") == nil)
        #expect(FacturXProfile(guidelineID: "urn:factur-x.eu:1p0:minimum") == .minimum)
        #expect(FacturXProfile(guidelineID: "urn:factur-x.eu:1p0:basicwl") == .basicWL)
        #expect(FacturXProfile(guidelineID: "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic") == .basic)
        #expect(FacturXProfile(guidelineID: "urn:cen.eu:en16931:2017") == .en16931)
        #expect(FacturXProfile(guidelineID: "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended") == .extended)
        #expect(FacturXProfile(guidelineID: "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_1.2") == .xrechnung)
        #expect(!FacturXProfile.minimum.isFullEN16931)
        #expect(FacturXProfile.extended.isFullEN16931)
    }

    @Test("FX-08: the XMP profile against BT-24")
    func profileMismatch() {
        let xmp = XMPMetadata(conformanceLevel: "EN 16931")
        #expect(ContainerFindings.profileMismatch(xmp: xmp, guidelineID: "urn:cen.eu:en16931:2017") == nil)
        let finding = ContainerFindings.profileMismatch(xmp: xmp, guidelineID: "urn:factur-x.eu:1p0:minimum")
        #expect(finding?.id == "FX-08")
        #expect(finding?.messageEN.contains("MINIMUM") == true)
    }

    @Test("container findings: file name, relationship, /AF, PDF/A-3, document type")
    func containerFindings() {
        let attachment = EmbeddedFile(
            name: "invoice.xml", relationship: "Supplement", subtype: "text/xml", description: nil, declaredSize: nil,
            inNameTree: true, inAssociatedFiles: false, bytes: nil)
        let xmp = XMPMetadata(documentType: "ORDER", documentFileName: "factur-x.xml", conformanceLevel: "no thing", pdfaPart: "1")
        let ids = ContainerFindings.check(invoice: attachment, xmp: xmp).map(\.id)
        #expect(ids == ["FX-02", "FX-07", "FX-09", "FX-04", "FX-06", "FX-05"])
        let bare = EmbeddedFile(
            name: "factur-x.xml", relationship: nil, subtype: nil, description: nil, declaredSize: nil,
            inNameTree: true, inAssociatedFiles: true, bytes: nil)
        #expect(ContainerFindings.check(invoice: bare, xmp: nil).map(\.id) == ["FX-01", "FX-03", "FX-05"])
    }

    @Test("root sniffing tells CII, UBL, ZUGFeRD 1, Order-X and other XML apart")
    func rootSniffing() {
        func kind(_ xml: String) -> EmbeddedDocumentKind { XMLRootSniffer.kind(of: Array(xml.utf8)).kind }
        #expect(
            kind(
                "\u{FEFF}<?xml version=\"1.0\"?><!-- c --><rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">"
            ) == .invoice(.cii))
        #expect(kind("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">") == .invoice(.ubl))
        #expect(kind("<CreditNote xmlns='urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2'/>") == .invoice(.ubl))
        #expect(kind("<rsm:CrossIndustryDocument xmlns:rsm=\"urn:ferd:CrossIndustryDocument:invoice:1p0\">") == .zugferd1)
        #expect(
            kind("<rsm:SCRDMCCBDACIOMessageStructure xmlns:rsm=\"urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100\">")
                == .orderX)
        #expect(kind("<Invoice xmlns=\"urn:example\">") == .otherXML)
        #expect(kind("%PDF-1.4") == .notXML)
    }
}
