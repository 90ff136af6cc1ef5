import Foundation
import Hub
import HubTestSupport
import Testing

/// Units of work running at once: the rules hold, backed by the databases' unique indexes.
@Suite("Concurrent units of work")
struct ConcurrencyTests {
    @Test("two moves of one invoice at once: one wins, the other sees where it stands", arguments: StoreKind.available)
    func sameInvoice(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let id = try #require(
            try await HubFixtures.ingestion(harness.store).ingest(try HubFixtures.bytes(HubFixtures.kerbratInvoice), from: HubFixtures.kerbrat)
                .invoice?.summary.id)
        let lifecycle = InvoiceLifecycle(store: harness.store)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await lifecycle.record(invoiceID: id, to: .issued, actor: .hub)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count { $0 } == 1)
        #expect(try await AuditLog(store: harness.store).verify().passed)
    }

    @Test("the same invoice number deposited at once by many clients is stored once", arguments: StoreKind.available)
    func duplicateRace(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let bytes = try HubFixtures.kerbratInvoice(number: "RACE-1")
        let codes = try await withThrowingTaskGroup(of: IngestionOutcome.Code.self) { group in
            for index in 0..<10 {
                // Distinct bytes (another payment due date), the same supplier, number and year.
                let variant = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "2026-12-02", with: "2026-12-1\(index)")
                group.addTask { try await ingestion.ingest(Data(variant.utf8), from: HubFixtures.kerbrat).code }
            }
            return try await group.reduce(into: [IngestionOutcome.Code]()) { $0.append($1) }
        }
        #expect(codes.count { $0 == .accepted } == 1, "\(codes)")
        #expect(codes.count { $0 == .duplicate } == 9)
        #expect(try await harness.count("invoices") == 1)
    }

    @Test("invoices moving at once through their lifecycles keep every chain whole", arguments: StoreKind.available)
    func manyInvoices(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let lifecycle = InvoiceLifecycle(store: harness.store)
        let checkpointer = AuditCheckpointer(store: harness.store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let id = try #require(
                        try await ingestion.ingest(try HubFixtures.kerbratInvoice(number: "MANY-\(index)"), from: HubFixtures.kerbrat)
                            .invoice?.summary.id)
                    for status in [InvoiceStatus.issued, .madeAvailable, .approved, .paymentSent] {
                        _ = try await lifecycle.record(invoiceID: id, to: status, actor: .hub)
                    }
                }
            }
            group.addTask { for _ in 0..<5 { _ = try? await checkpointer.seal() } }
            try await group.waitForAll()
        }
        _ = try await checkpointer.seal()
        let report = try await AuditLog(store: harness.store).verify(pageSize: 7)
        #expect(report.passed, "\(report)")
        #expect(report.eventsChecked == 24 * 5)
        #expect(report.invoicesChecked == 24)
        #expect(try await checkpointer.seal() == nil, "every chain is sealed")
    }
}
