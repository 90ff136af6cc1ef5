import Foundation
import Hub
import HubTestSupport
import InvoiceModel
import InvoiceIntake
import Testing

/// Attachments are stored once, in the document, and come back whole when the invoice is read.
@Suite("Normalised invoices")
struct InvoiceReaderTests {
    /// Atelier Kerbrat's invoice with two attached documents.
    static func invoiceWithAttachments() throws -> Data {
        let annex = """
            <cac:AdditionalDocumentReference>
                <cbc:ID>ANNEXE-1</cbc:ID>
                <cac:Attachment>
                  <cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="annexe.pdf">\(Data(repeating: 0x25, count: 30_000).base64EncodedString())</cbc:EmbeddedDocumentBinaryObject>
                </cac:Attachment>
              </cac:AdditionalDocumentReference>
              <cac:AdditionalDocumentReference>
                <cbc:ID>ANNEXE-2</cbc:ID>
                <cac:Attachment>
                  <cbc:EmbeddedDocumentBinaryObject mimeCode="text/csv" filename="releve.csv">\(Data("date;heures\\n2026-10-12;7\\n".utf8).base64EncodedString())</cbc:EmbeddedDocumentBinaryObject>
                </cac:Attachment>
              </cac:AdditionalDocumentReference>
              <cac:AccountingSupplierParty>
            """
        return try HubFixtures.edited(HubFixtures.kerbratInvoice, [("<cac:AccountingSupplierParty>", annex)])
    }

    @Test("the stored model leaves attachments to the document; reading puts them back", arguments: StoreKind.available)
    func roundTrip(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let bytes = try Self.invoiceWithAttachments()
        let outcome = try await HubFixtures.ingestion(harness.store).ingest(bytes, from: HubFixtures.kerbrat)
        #expect(outcome.code == .accepted)
        let id = try #require(outcome.invoice?.summary.id)
        let original = try HubFixtures.intake.take(bytes).invoice
        #expect(original.root.binaryObjects.count == 2)

        let stored = try #require(try await harness.store.read { tx in try tx.model(of: id) })
        let model = try JSONDecoder().decode(Invoice.self, from: stored)
        #expect(model.root.binaryObjects.map(\.base64) == ["", ""])
        #expect(model.root.binaryObjects.map(\.filename) == ["annexe.pdf", "releve.csv"])

        let reader = reader(harness)
        #expect(try await reader.model(id, scope: .all) == original)
        #expect(try await reader.model(id, scope: .supplier(organisationID: "breizh-numerique")) == nil)
    }

    @Test("an invoice without attachments is read as stored", arguments: StoreKind.available)
    func noAttachments(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let bytes = try HubFixtures.bytes(HubFixtures.kerbratInvoice)
        let outcome = try await HubFixtures.ingestion(harness.store).ingest(bytes, from: HubFixtures.kerbrat)
        let id = try #require(outcome.invoice?.summary.id)
        #expect(try await reader(harness).model(id, scope: .all) == HubFixtures.intake.take(bytes).invoice)
    }
}
