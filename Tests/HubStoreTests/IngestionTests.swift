import Foundation
import Hub
import HubTestSupport
import InvoiceIntake
import InvoiceRules
import Testing

@Suite("Ingestion")
struct IngestionTests {
    @Test("the fixtures' invoices are accepted with status 200", arguments: StoreKind.available)
    func fixturesAccepted(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        for (path, supplier) in [
            (HubFixtures.kerbratInvoice, HubFixtures.kerbrat), (HubFixtures.kerbratCreditNote, HubFixtures.kerbrat),
            (HubFixtures.breizhInvoice, HubFixtures.breizh),
        ] {
            let outcome = try await ingestion.ingest(try HubFixtures.bytes(path), from: supplier)
            #expect(outcome.code == .accepted, "\(path)")
            #expect(outcome.invoice?.summary.status == .deposited)
        }
    }

    @Test("an invoice that breaks EN 16931 or Chorus Pro rules is rejected (213) and still recorded", arguments: StoreKind.available)
    func rejectedRecorded(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let totals = try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.kerbratRejected), from: HubFixtures.kerbrat)
        let rejected = try #require(totals.invoice)
        #expect(totals.code == .rejected)
        #expect(rejected.summary.status == .rejected)
        #expect(rejected.report.fatal.contains("BR-CO-10"))
        let events = try await reader(harness).events(rejected.summary.id, scope: .all)
        #expect(events?.first?.to == .rejected)
        #expect(events?.first?.reason.contains("BR-CO-10") == true)

        let noService = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("<cbc:BuyerReference>VOIRIE</cbc:BuyerReference>", "")])
        let cpp = try #require(try await ingestion.ingest(noService, from: HubFixtures.kerbrat).invoice)
        #expect(cpp.report.fatal == ["CPP-05"])
        #expect(cpp.summary.fatalCount == 1)
        #expect(try await harness.count("invoices") == 2)
    }

    @Test("without the Chorus Pro policy only EN 16931 judges", arguments: StoreKind.available)
    func policyWithoutChorusPro(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store, policy: IngestionPolicy(chorusPro: false))
        let noService = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("<cbc:BuyerReference>VOIRIE</cbc:BuyerReference>", "")])
        let outcome = try await ingestion.ingest(noService, from: HubFixtures.kerbrat)
        #expect(outcome.code == .accepted)
        #expect(outcome.invoice?.report.ruleSet == .en16931)
    }

    @Test("empty, too large, not an invoice, unreadable: refused and nothing stored", arguments: StoreKind.available)
    func refusals(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store, policy: IngestionPolicy(maximumDocumentSize: 100_000))
        let supplier = HubFixtures.kerbrat
        #expect(try await ingestion.ingest(Data(), from: supplier).code == .empty)
        #expect(try await ingestion.ingest(Data(count: 100_001), from: supplier).code == .tooLarge)
        #expect(try await ingestion.ingest(Data("<order xmlns=\"urn:x\"/>".utf8), from: supplier).code == .notAnInvoice)
        #expect(try await ingestion.ingest(Data("%PDF-1.7\n%%EOF\n".utf8), from: supplier).code != .accepted)
        #expect(try await ingestion.ingest(Data("<Invoice><unclosed>".utf8), from: supplier).code == .unreadable)
        #expect(try await ingestion.ingest(Data("hello".utf8), from: supplier).code == .unreadable)
        let bytes = try HubFixtures.bytes(HubFixtures.kerbratInvoice)
        #expect(try await ingestion.ingest(bytes, from: supplier, idempotencyKey: "").code == .invalidIdempotencyKey)
        #expect(
            try await ingestion.ingest(bytes, from: supplier, idempotencyKey: String(repeating: "k", count: 256)).code
                == .invalidIdempotencyKey)
        #expect(
            try await ingestion.ingest(bytes, from: supplier, idempotencyKey: String(repeating: "é", count: 256)).code
                == .invalidIdempotencyKey)
        #expect(try await harness.count("invoices") == 0)
        #expect(try await harness.count("documents") == 0)
        // The limit counts characters (as the OpenAPI maxLength does), not bytes: 255 "é" are 510 bytes.
        #expect(
            try await ingestion.ingest(bytes, from: supplier, idempotencyKey: String(repeating: "é", count: 255)).code
                == .accepted)
    }

    @Test("a supplier cannot deposit an invoice whose seller is another company", arguments: StoreKind.available)
    func sellerOwnership(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let outcome = try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.breizhInvoice), from: HubFixtures.kerbrat)
        guard case .sellerNotOwned(let seller) = outcome else {
            Issue.record("deposited as \(outcome.code)")
            return
        }
        #expect(seller == "44306184100013")
        #expect(try await harness.count("invoices") == 0)
        // The same company known by its SIREN or VAT number only.
        let bySIREN = Organisation(
            id: "breizh-numerique", kind: .supplier, name: "Breizh Numérique",
            identifiers: [OrganisationIdentifier(scheme: "VAT", value: "FR 64 443061841")])
        #expect(try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.breizhInvoice), from: bySIREN).code == .accepted)
    }
}

extension IngestionTests {
    @Test("a Factur-X PDF is stored as deposited, marked as a PDF, with the same bytes", arguments: StoreKind.available)
    func facturXPDF(_ kind: StoreKind) async throws {
        let pdf = HubFixtures.folder.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/facturx/horstoeko-zugferd/tests__assets__pdf_zf_en16931_1.pdf")
        let bytes = try Data(contentsOf: pdf)
        let harness = try await HubFixtures.demoStore(kind)
        // A German invoice: neither its seller nor its buyer are the hub's; judge it by EN 16931 only.
        let ingestion = HubFixtures.ingestion(harness.store, policy: IngestionPolicy(chorusPro: false, sellerMustBeDepositor: false))
        let stored = try #require(try await ingestion.ingest(bytes, from: HubFixtures.kerbrat).invoice)
        #expect(stored.summary.container == .pdf)
        let document = try #require(try await reader(harness).document(stored.summary.id, scope: .all))
        #expect(document.mediaType == "application/pdf")
        #expect(document.bytes == bytes)
    }
}
