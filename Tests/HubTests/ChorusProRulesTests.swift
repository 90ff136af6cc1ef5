import Foundation
import Hub
import HubTestSupport
import InvoiceModel
import InvoiceIntake
import InvoiceRules
import Testing

@Suite("Chorus Pro rules")
struct ChorusProRulesTests {
    /// The fixtures' directory, read once.
    static let directory: [String: BuyerDirectoryEntry] = {
        let entries = (try? DirectoryCSV.read(HubFixtures.bytes("directory.csv"))) ?? []
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.identifier, $0) })
    }()

    /// The CPP ids that fire on these bytes, with the fixtures' directory.
    func cppIDs(_ bytes: Data, rules: ChorusProRules = ChorusProRules()) throws -> [String] {
        let checked = try HubFixtures.intake.take(bytes)
        let siret = ChorusProRules.buyerSIRET(of: checked.invoice)
        let findings = rules.check(
            checked.invoice, syntax: checked.syntax, buyer: siret.flatMap { Self.directory[$0] },
            documentSize: bytes.count, container: checked.pdf)
        for finding in findings {
            #expect(!finding.message.fr.isEmpty && !finding.message.en.isEmpty)
            #expect(!finding.message.fr.contains("%") && !finding.message.en.contains("%"))
        }
        return findings.map(\.rule)
    }

    @Test("the fixtures' invoices hold", arguments: [HubFixtures.kerbratInvoice, HubFixtures.kerbratCreditNote, HubFixtures.breizhInvoice])
    func fixturesPass(_ path: String) throws {
        #expect(try cppIDs(HubFixtures.bytes(path)) == [])
    }

    @Test("the buyer SIRET is read from BT-46, BT-47 or BT-49, never AIFE's endpoint")
    func buyerSIRET() throws {
        let ubl = try HubFixtures.intake.take(HubFixtures.bytes(HubFixtures.kerbratInvoice)).invoice
        #expect(ChorusProRules.buyerSIRET(of: ubl) == "21290198700017")
        let cii = try HubFixtures.intake.take(HubFixtures.bytes(HubFixtures.breizhInvoice)).invoice
        #expect(ChorusProRules.buyerSIRET(of: cii) == "21290198700017")
        // Peppol to Chorus Pro: the endpoint is AIFE's, the buyer is in PartyIdentification.
        let onlyEndpoint = try HubFixtures.edited(
            HubFixtures.kerbratInvoice,
            [
                (
                    """
                        <cbc:EndpointID schemeID="0009">21290198700017</cbc:EndpointID>
                          <cac:PartyIdentification>
                            <cbc:ID schemeID="0009">21290198700017</cbc:ID>
                          </cac:PartyIdentification>
                    """,
                    """
                        <cbc:EndpointID schemeID="0009">11000201100044</cbc:EndpointID>
                    """
                )
            ])
        #expect(try cppIDs(onlyEndpoint) == ["CPP-01"])
    }

    @Test("a missing service code fires when the buyer requires one")
    func serviceMissing() throws {
        let bytes = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("<cbc:BuyerReference>VOIRIE</cbc:BuyerReference>", "")])
        #expect(try cppIDs(bytes) == ["CPP-05"])
    }

    @Test("a service code the buyer does not have, or an inactive one, fires")
    func serviceUnknownOrInactive() throws {
        let unknown = try HubFixtures.edited(HubFixtures.breizhInvoice, [("ETAT-CIVIL", "PISCINE")])
        #expect(try cppIDs(unknown) == ["CPP-06"])
        let inactive = try HubFixtures.edited(HubFixtures.kerbratInvoice, [(">VOIRIE<", ">CTM<")])
        #expect(try cppIDs(inactive) == ["CPP-07"])
    }

    @Test("an unknown buyer fires; an inactive one too")
    func unknownBuyer() throws {
        // Valid SIRET, not in the directory (the Kerbrat SIRET itself).
        let unknown = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("21290198700017", "44306184100013")])
        #expect(try cppIDs(unknown) == ["CPP-03"])
        let inactive = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("21290198700017", "25290345500019")])
        #expect(try cppIDs(inactive) == ["CPP-04"])
    }

    @Test("a buyer SIRET with a wrong check digit fires")
    func badBuyerSIRET() throws {
        let bytes = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("21290198700017", "21290198700018")])
        #expect(try cppIDs(bytes) == ["CPP-02"])
    }

    @Test("a seller SIRET or SIREN with a wrong check digit fires")
    func badSellerIdentifier() throws {
        let bytes = try HubFixtures.edited(
            HubFixtures.kerbratInvoice,
            [("<cbc:CompanyID schemeID=\"0002\">352600175</cbc:CompanyID>", "<cbc:CompanyID schemeID=\"0002\">352600176</cbc:CompanyID>")])
        #expect(try cppIDs(bytes) == ["CPP-10"])
    }

    @Test("a buyer identified without a SIRET fires")
    func buyerWithoutSIRET() throws {
        let bytes = try HubFixtures.edited(
            HubFixtures.kerbratInvoice, [("schemeID=\"0009\">21290198700017", "schemeID=\"0088\">21290198700017")])
        #expect(try cppIDs(bytes) == ["CPP-01"])
    }

    @Test("a missing engagement number fires when required; one over 50 characters always")
    func engagement() throws {
        let missing = try HubFixtures.edited(
            HubFixtures.breizhInvoice,
            [
                (
                    """
                          <ram:BuyerOrderReferencedDocument>
                            <ram:IssuerAssignedID>EJ-2026-000954</ram:IssuerAssignedID>
                          </ram:BuyerOrderReferencedDocument>
                    """, ""
                )
            ])
        #expect(try cppIDs(missing) == ["CPP-08"])
        let long = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("EJ-2026-001187", String(repeating: "7", count: 51))])
        #expect(try cppIDs(long) == ["CPP-09"])
        let fifty = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("EJ-2026-001187", String(repeating: "7", count: 50))])
        #expect(try cppIDs(fifty) == [])
    }

    @Test("attachments: over 10 MB, a name without extension, a refused type")
    func attachments() throws {
        func withAttachment(name: String, bytes: Int) throws -> Data {
            let content = Data(repeating: 0x41, count: bytes).base64EncodedString()
            return try HubFixtures.edited(
                HubFixtures.kerbratInvoice,
                [
                    (
                        "  <cac:AccountingSupplierParty>",
                        """
                          <cac:AdditionalDocumentReference>
                            <cbc:ID>PJ-1</cbc:ID>
                            <cac:Attachment>
                              <cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="\(name)">\(content)</cbc:EmbeddedDocumentBinaryObject>
                            </cac:Attachment>
                          </cac:AdditionalDocumentReference>
                          <cac:AccountingSupplierParty>
                        """
                    )
                ])
        }
        #expect(try cppIDs(withAttachment(name: "bon-de-livraison.pdf", bytes: 1000)) == [])
        #expect(try cppIDs(withAttachment(name: "bon-de-livraison", bytes: 1000)) == ["CPP-13"])
        #expect(try cppIDs(withAttachment(name: "macro.exe", bytes: 1000)) == ["CPP-14"])
        #expect(try cppIDs(withAttachment(name: String(repeating: "n", count: 48) + ".pdf", bytes: 10)) == ["CPP-13"])
        // Small limits stand in for Chorus Pro's 10 MB and 120 MB.
        var limits = ChorusProRules.AttachmentLimits.chorusPro
        limits.perAttachment = 5000
        limits.total = 6000
        #expect(try cppIDs(withAttachment(name: "plan.pdf", bytes: 6000), rules: ChorusProRules(limits: limits)) == ["CPP-11", "CPP-12"])
    }

    @Test("Base64 sizes are computed without decoding")
    func base64Size() {
        for count in [0, 1, 2, 3, 4, 100, 1001] {
            let text = Data(repeating: 7, count: count).base64EncodedString(options: .lineLength76Characters)
            #expect(ChorusProRules.decodedSize(ofBase64: text.utf8) == count)
        }
    }

    @Test("SIREN and SIRET check digits (Luhn; La Poste's digit sum)")
    func frenchIdentifiers() {
        #expect(FrenchIdentifier.isValidSIREN("352600175"))
        #expect(!FrenchIdentifier.isValidSIREN("352600176"))
        #expect(!FrenchIdentifier.isValidSIREN("35260017"))
        #expect(!FrenchIdentifier.isValidSIREN("35260017a"))
        #expect(FrenchIdentifier.isValidSIRET("21290198700017"))
        #expect(!FrenchIdentifier.isValidSIRET("21290198700018"))
        #expect(!FrenchIdentifier.isValidSIRET("2129019870001"))
        #expect(!FrenchIdentifier.isValidSIRET("２１290198700017"))
        // La Poste: its head office follows Luhn; other establishments may instead have a digit sum
        // that is a multiple of 5.
        #expect(FrenchIdentifier.isValidSIRET("35600000000048"))
        #expect(FrenchIdentifier.isValidSIRET("35600000000010"))
        #expect(!FrenchIdentifier.isValidSIRET("35600000000011"))
        #expect(!FrenchIdentifier.isValidSIRET("35260017500010"))
    }
}
