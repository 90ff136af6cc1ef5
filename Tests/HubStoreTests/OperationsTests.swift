import Foundation
import Hub
import HubTestSupport
import Testing

/// The operators' dashboard, queue and reconciliation, on every store.
@Suite("Operations")
struct OperationsTests {
    static let operatorPrincipal = Principal(
        organisation: Organisation(id: "hermine-ops", kind: .operator, name: "Hermine — exploitation"), role: .operator, credentialID: "test")

    func deposit(_ harness: StoreHarness, _ bytes: Data) async throws -> InvoiceSummary {
        let outcome = try await HubFixtures.ingestion(harness.store).ingest(bytes, from: HubFixtures.kerbrat)
        return try #require(outcome.invoice).summary
    }

    @Test("rejected deposits wait in the queue by rule until resolved or corrected; each action is an audited note", arguments: StoreKind.available)
    func rejections(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let operations = Operations(store: harness.store)
        let first = try await deposit(harness, HubFixtures.kerbratRejected(number: "OPS-1"))
        let second = try await deposit(harness, HubFixtures.kerbratRejected(number: "OPS-2"))
        #expect(first.status == .rejected && second.status == .rejected)

        var queue = try await operations.queue()
        let rules = Set(queue.rejections.map(\.rule))
        #expect(!rules.isEmpty)
        for group in queue.rejections {
            #expect(group.count == 2)
            #expect(Set(group.examples.map(\.id)) == [first.id, second.id])
        }

        // Only operators act on the queue.
        let supplier = Principal(organisation: HubFixtures.kerbrat, role: .supplier, credentialID: "x")
        await #expect(throws: HubError.notAllowed("only operators act on the queue")) {
            try await operations.resolve([first.id], comment: "no", by: supplier)
        }

        try await operations.resolve([first.id], comment: "settled by phone", by: Self.operatorPrincipal)
        queue = try await operations.queue()
        #expect(queue.rejections.allSatisfy { $0.count == 1 && $0.examples.map(\.id) == [second.id] })
        let events = try await harness.store.read { tx in try tx.events(of: first.id) }
        let note = try #require(events.last)
        #expect(note.from == .rejected && note.to == .rejected)
        #expect(note.reason == "resolved: settled by phone")
        #expect(note.actor == .organisation(.operator, "hermine-ops"))

        // A request for a correction keeps the invoice in the queue; the correction takes it out and is linked.
        try await operations.requestCorrection([second.id], comment: "fix the totals", by: Self.operatorPrincipal)
        #expect(try await operations.queue().rejections.contains { $0.examples.contains { $0.id == second.id } })
        let correction = try await deposit(harness, HubFixtures.kerbratInvoice(number: "OPS-2"))
        #expect(correction.status == .deposited)
        #expect(try await operations.queue().rejections.isEmpty)
        let resolution = try #require(try await harness.store.read { tx in try tx.resolution(of: second.id.rawValue) })
        #expect(resolution.kind == .corrected)
        #expect(resolution.replacement == correction.id.rawValue)
        #expect(try await harness.store.read { tx in try tx.resolutions(replacedBy: correction.id.rawValue) }.map(\.subject) == [second.id.rawValue])
        let secondEvents = try await harness.store.read { tx in try tx.events(of: second.id) }
        #expect(secondEvents.map(\.reason).suffix(2) == ["correction requested: fix the totals", "corrected by \(correction.id)"])

        // The notes are links of the chains like the others.
        let report = try await AuditLog(store: harness.store).verify()
        #expect(report.passed, "\(report)")
    }

    @Test("the dashboard counts statuses, deposits per day and rejection causes", arguments: StoreKind.available)
    func dashboard(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        _ = try await deposit(harness, HubFixtures.kerbratInvoice(number: "DASH-1"))
        _ = try await deposit(harness, HubFixtures.kerbratRejected(number: "DASH-2"))
        _ = try await deposit(harness, HubFixtures.kerbratRejected(number: "DASH-3"))
        let figures = try await Operations(store: harness.store).dashboard()
        #expect(figures.total == 3)
        #expect(figures.statusCounts.first { $0.status == .deposited }?.count == 1)
        #expect(figures.statusCounts.first { $0.status == .rejected }?.count == 2)
        #expect(figures.days.count == 30)
        #expect(figures.days.last?.total == 3)
        #expect(figures.days.last?.rejected == 2)
        #expect(figures.days.dropLast().allSatisfy { $0.total == 0 })
        #expect(!figures.causes.isEmpty && figures.causes.allSatisfy { $0.count == 2 })
    }

    @Test("failed deliveries are grouped by destination and error; a retry or a resolution takes them out", arguments: StoreKind.available)
    func failedDeliveries(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let operations = Operations(store: harness.store)
        var failed: [Delivery] = []
        for number in ["DLV-1", "DLV-2"] {
            let invoice = try await deposit(harness, HubFixtures.kerbratInvoice(number: number))
            let delivery = try await harness.store.write { tx -> Delivery in
                var delivery = try #require(try tx.deliveries(of: invoice.id).first { $0.destination == .portal })
                delivery.state = .failed
                delivery.lastError = "portal refused: 503"
                try tx.update(delivery)
                return delivery
            }
            failed.append(delivery)
        }
        var groups = try await operations.queue().deliveries
        #expect(groups.count == 1)
        #expect(groups.first?.kind == .portal && groups.first?.error == "portal refused: 503" && groups.first?.count == 2)

        try await operations.retry(deliveries: [failed[0].id], by: Self.operatorPrincipal)
        try await operations.resolve(deliveries: [failed[1].id], comment: "sent by hand", by: Self.operatorPrincipal)
        groups = try await operations.queue().deliveries
        #expect(groups.isEmpty)
        let (retried, resolved) = (failed[0], failed[1])
        #expect(try await harness.store.read { tx in try tx.delivery(retried.id) }?.state == .pending)
        let notes = try await harness.store.read { tx in try tx.events(of: resolved.invoiceID) }
        #expect(notes.last?.reason == "delivery \(resolved.id) to portal resolved: sent by hand")
        #expect(try await AuditLog(store: harness.store).verify().passed)
    }

    @Test("a failed channel delivery is re-routed to another channel of the same buyer, once, and only to the buyer's", arguments: StoreKind.available)
    func reroute(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let operations = Operations(store: harness.store)
        let invoice = try await deposit(harness, HubFixtures.kerbratInvoice(number: "ROUTE-1"))
        let now = Date()
        func channel(_ siret: String, _ kind: BuyerChannel.Kind) -> BuyerChannel {
            BuyerChannel(
                id: ChannelID.make(at: now), buyerSIRET: siret, serviceCode: nil, kind: kind, format: .ubl, trigger: .accepted,
                url: kind == .push ? URL(string: "http://127.0.0.1:9/") : nil, folder: nil, secret: "whsec_test", createdAt: now)
        }
        let push = channel(invoice.buyerSIRET ?? "", .push)
        let pull = channel(invoice.buyerSIRET ?? "", .pull)
        let elsewhere = channel("22290001100016", .pull)
        let failed = Delivery.new(invoiceID: invoice.id, to: .channel(push.id, .push), at: now)
        try await harness.store.write { tx in
            for item in [push, pull, elsewhere] { try tx.insert(item) }
            var delivery = failed
            delivery.state = .failed
            delivery.lastError = "connection refused"
            try tx.insert(delivery)
        }
        #expect(try await operations.channels(forDeliveries: [failed]).map(\.id).contains(pull.id))
        await #expect(throws: HubError.self) {
            try await operations.reroute(deliveries: [failed.id], to: elsewhere.id, comment: "", by: Self.operatorPrincipal)
        }
        try await operations.reroute(deliveries: [failed.id], to: pull.id, comment: "their server is down", by: Self.operatorPrincipal)
        let replacement = try #require(try await harness.store.read { tx in try tx.delivery(of: invoice.id, to: .channel(pull.id, .pull)) })
        #expect(replacement.state == .pending)
        let resolution = try #require(try await harness.store.read { tx in try tx.resolution(of: failed.id) })
        #expect(resolution.kind == .rerouted && resolution.replacement == replacement.id)
        #expect(try await operations.queue().deliveries.isEmpty)
        // Twice to the same channel is refused: the invoice has a delivery there.
        await #expect(throws: HubError.invalidChannel("invoice \(invoice.id) already has a delivery to channel \(pull.id)")) {
            try await operations.reroute(deliveries: [failed.id], to: pull.id, comment: "", by: Self.operatorPrincipal)
        }
        let events = try await harness.store.read { tx in try tx.events(of: invoice.id) }
        #expect(events.last?.reason == "delivery \(failed.id) to \(failed.destination) re-routed to \(replacement.destination): their server is down")
        #expect(try await AuditLog(store: harness.store).verify().passed)
    }

    @Test("invoices whose portal status has not moved are stuck; the reconciliation shows where the hub and the portal differ", arguments: StoreKind.available)
    func stuckAndReconciliation(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let operations = Operations(store: harness.store)
        let old = try await deposit(harness, HubFixtures.kerbratInvoice(number: "STUCK-1"))
        let fresh = try await deposit(harness, HubFixtures.kerbratInvoice(number: "STUCK-2"))
        let now = Date()
        try await harness.store.write { tx in
            for (invoice, age, status) in [(old, 10.0, "MISE_A_DISPOSITION"), (fresh, 1.0, nil)] as [(InvoiceSummary, Double, String?)] {
                try tx.save(
                    PortalTracking(
                        invoiceID: invoice.id, flow: "F-\(invoice.id)", flowState: "IN_INTEGRE", portalInvoiceID: "CPP-\(invoice.id)",
                        portalStatus: status, historySeen: 1, changedAt: now.addingTimeInterval(-age * 86_400), nextPollAt: now,
                        quietPolls: 0, lease: nil, final: false))
            }
        }
        #expect(try await operations.queue(stuckDays: 5).stuck.map(\.summary.id) == [old.id])
        #expect(try await operations.queue(stuckDays: 20).stuck.isEmpty)
        let rows = try await operations.reconciliation(map: try PortalStatusMap.standard())
        #expect(rows.map(\.invoice.summary.id) == [fresh.id, old.id])
        // The portal made the old one available (203); the hub still says 200.
        #expect(rows.first { $0.invoice.summary.id == old.id }?.agrees == false)
        #expect(rows.first { $0.invoice.summary.id == old.id }?.portalLifecycle == .madeAvailable)
        #expect(rows.first { $0.invoice.summary.id == fresh.id }?.agrees == true)
        try await operations.resolve([old.id], comment: "buyer called", by: Self.operatorPrincipal)
        #expect(try await operations.queue(stuckDays: 5).stuck.isEmpty)
    }
}
