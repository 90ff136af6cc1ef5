import Foundation
import Hub
import HubTestSupport
import Testing

/// The audit finds what someone with access to the database changed behind the hub's back, and names it.
@Suite("Audit")
struct AuditTests {
    /// Three invoices: A with three events (deposited, issued, made available), B and C with one; every chain
    /// sealed by a checkpoint.
    struct World {
        let harness: StoreHarness
        let a: InvoiceID
        let b: InvoiceID
        let c: InvoiceID

        var audit: AuditLog { AuditLog(store: harness.store) }

        /// Runs statements on the database with its append-only guards dropped.
        func tamper(_ statements: String...) async throws { try await harness.sql(statements, dropGuards: true) }
    }

    func makeWorld(_ kind: StoreKind) async throws -> World {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        var ids: [InvoiceID] = []
        for number in ["AUD-1", "AUD-2", "AUD-3"] {
            ids.append(try #require(try await ingestion.ingest(try HubFixtures.kerbratInvoice(number: number), from: HubFixtures.kerbrat).invoice).summary.id)
        }
        let lifecycle = InvoiceLifecycle(store: harness.store)
        _ = try await lifecycle.record(invoiceID: ids[0], to: .issued, actor: .hub, reason: "sent to the portal")
        _ = try await lifecycle.record(invoiceID: ids[0], to: .madeAvailable, actor: .portal, reason: "MISE_A_DISPOSITION")
        let checkpoint = try #require(try await AuditCheckpointer(store: harness.store).seal())
        #expect(checkpoint.sequence == 1)
        #expect(checkpoint.heads.count == 3)
        let world = World(harness: harness, a: ids[0], b: ids[1], c: ids[2])
        let report = try await world.audit.verify()
        #expect(report.passed, "\(report)")
        #expect(report.eventsChecked == 5)
        #expect(report.invoicesChecked == 3)
        #expect(report.checkpointsChecked == 1)
        return world
    }

    func event(_ id: InvoiceID, _ position: Int) -> EventPosition { EventPosition(invoiceID: id, position: position) }

    @Test("an edited event is named", arguments: StoreKind.available)
    func edited(_ kind: StoreKind) async throws {
        let world = try await makeWorld(kind)
        try await world.tamper("UPDATE invoice_events SET reason = 'nothing to see' WHERE invoice_id = '\(world.a)' AND position = 2")
        let report = try await world.audit.verify()
        #expect(report.breaks == [.altered(event(world.a, 2))], "\(report)")
        #expect(report.description.contains("event 2 of invoice \(world.a) was altered"))
    }

    @Test("a deleted event is named, in the middle of a chain or at its end", arguments: StoreKind.available)
    func deleted(_ kind: StoreKind) async throws {
        let world = try await makeWorld(kind)
        try await world.tamper("DELETE FROM invoice_events WHERE invoice_id = '\(world.a)' AND position = 2")
        #expect(try await world.audit.verify().breaks.contains(.missing(event(world.a, 2))))

        let last = try await makeWorld(kind)
        try await last.tamper("DELETE FROM invoice_events WHERE invoice_id = '\(last.a)' AND position = 3")
        let report = try await last.audit.verify()
        #expect(report.breaks.contains(.missing(event(last.a, 3))), "\(report)")
        #expect(report.breaks.contains(.sealBroken(checkpoint: 1, event(last.a, 3))))

        // A whole invoice's events and its row: the checkpoint still names it.
        let whole = try await makeWorld(kind)
        try await whole.tamper(
            "DELETE FROM invoice_events WHERE invoice_id = '\(whole.c)'",
            "DELETE FROM idempotency_keys WHERE invoice_id = '\(whole.c)'",
            "DELETE FROM deliveries WHERE invoice_id = '\(whole.c)'",
            "DELETE FROM invoice_models WHERE invoice_seq = (SELECT seq FROM invoices WHERE id = '\(whole.c)')",
            "DELETE FROM validation_reports WHERE invoice_seq = (SELECT seq FROM invoices WHERE id = '\(whole.c)')",
            "DELETE FROM invoices WHERE id = '\(whole.c)'")
        #expect(try await whole.audit.verify().breaks == [.sealBroken(checkpoint: 1, event(whole.c, 1))])
    }

    @Test("reordered events are named with the place they were recorded at", arguments: StoreKind.available)
    func reordered(_ kind: StoreKind) async throws {
        let world = try await makeWorld(kind)
        let id = world.a
        try await world.tamper(
            "UPDATE invoice_events SET position = 100 WHERE invoice_id = '\(id)' AND position = 2",
            "UPDATE invoice_events SET position = 2 WHERE invoice_id = '\(id)' AND position = 3",
            "UPDATE invoice_events SET position = 3 WHERE invoice_id = '\(id)' AND position = 100")
        let report = try await world.audit.verify()
        #expect(report.breaks.contains(.moved(event(id, 2), from: 3)), "\(report)")
        #expect(report.breaks.contains(.moved(event(id, 3), from: 2)))
    }

    @Test("an inserted event is named, even one hashed as the hub would", arguments: StoreKind.available)
    func inserted(_ kind: StoreKind) async throws {
        let world = try await makeWorld(kind)
        // A forger who knows the hash: event 2 of B, linked to B's first event.
        let b = world.b
        let events = try await world.harness.store.read { tx in try tx.events(of: b) }
        let first = try #require(events.first)
        let forged = EventChain.standard.next(
            after: first.head, invoiceID: world.b, from: .deposited, to: .madeAvailable, at: Date(), actor: .portal, reason: "")
        try await world.tamper(
            """
            INSERT INTO invoice_events (invoice_id, position, from_status, to_status, at, actor, reason, previous_hash, hash)
            VALUES ('\(world.b)', 2, 200, 203, \(forged.at.millisecondsSince1970), 'portal', '', '\(forged.previousHash)', '\(forged.hash)')
            """,
            """
            INSERT INTO invoice_events (invoice_id, position, from_status, to_status, at, actor, reason, previous_hash, hash)
            VALUES ('\(world.a)', 4, 203, 205, 0, 'buyer:commune-plouzane', '', 'x', 'y')
            """)
        let report = try await world.audit.verify()
        #expect(report.breaks.contains(.inserted(event(world.b, 2))), "\(report)")
        #expect(report.breaks.contains(.inserted(event(world.a, 4))))
        #expect(report.breaks.contains(.altered(event(world.a, 4))))
    }

    @Test("a status changed behind the log's back and an edited checkpoint are named", arguments: StoreKind.available)
    func statusAndCheckpoint(_ kind: StoreKind) async throws {
        let world = try await makeWorld(kind)
        try await world.tamper("UPDATE invoices SET status = 205 WHERE id = '\(world.b)'")
        #expect(try await world.audit.verify().breaks == [.statusMismatch(world.b, stored: .approved, logged: .deposited)])

        // A forger swaps an invoice out of the checkpoint.
        let sealed = try await makeWorld(kind)
        try await sealed.tamper("UPDATE audit_checkpoints SET heads = replace(heads, '\(sealed.b)', 'inv_FORGED')")
        let report = try await sealed.audit.verify()
        #expect(report.breaks.contains(.checkpointAltered(1)), "\(report)")
        #expect(report.breaks.contains(.sealBroken(checkpoint: 1, event(InvoiceID(rawValue: "inv_FORGED"), 1))))

        // A checkpoint between two others removed.
        let gap = try await makeWorld(kind)
        _ = try await InvoiceLifecycle(store: gap.harness.store).record(invoiceID: gap.b, to: .issued, actor: .hub)
        _ = try await AuditCheckpointer(store: gap.harness.store).seal()
        _ = try await InvoiceLifecycle(store: gap.harness.store).record(invoiceID: gap.c, to: .issued, actor: .hub)
        _ = try await AuditCheckpointer(store: gap.harness.store).seal()
        try await gap.tamper("DELETE FROM audit_checkpoints WHERE sequence = 2")
        #expect(try await gap.audit.verify().breaks == [.checkpointMissing(2)])
    }

    @Test("checkpoints seal only the chains that grew, and chain to each other", arguments: StoreKind.available)
    func checkpoints(_ kind: StoreKind) async throws {
        let world = try await makeWorld(kind)
        let checkpointer = AuditCheckpointer(store: world.harness.store)
        #expect(try await checkpointer.seal() == nil)
        let buyer = try #require(try await Tenancy(store: world.harness.store).authenticate(bearer: "hmn_demo_commune_plouzane"))
        _ = try await InvoiceLifecycle(store: world.harness.store).transition(invoiceID: world.a, to: .approved, by: buyer)
        // Two nodes sealing at once: one checkpoint, whichever wins.
        async let first = try? checkpointer.seal()
        async let second = try? checkpointer.seal()
        let sealed = [await first, await second].compactMap { $0 }
        #expect(sealed.count == 1)
        #expect(sealed.first?.heads.map(\.invoiceID) == [world.a])
        #expect(sealed.first?.heads.map(\.length) == [4])
        #expect(sealed.first?.sequence == 2)
        let report = try await world.audit.verify()
        #expect(report.passed, "\(report)")
        #expect(report.checkpointsChecked == 2)
    }
}
