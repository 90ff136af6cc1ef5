import Foundation
import Hub
import HubTestSupport
import Synchronization
import Testing

/// A portal that answers as each test scripts it, and counts what it received: it tests the delivery
/// worker's and the status sync's decisions, one case at a time. (The real simulator, over HTTP, under faults,
/// is in the end-to-end tests.)
final class ScriptedPortal: NationalPortal {
    struct State {
        /// Answers to the next deposits, in order; once used up, deposits succeed.
        var depositAnswers: [PortalError?] = []
        /// Whether a deposit answered with an unknown outcome was recorded anyway.
        var recordsUnknown = true
        /// Every deposit received, by invoice number.
        var deposits: [String] = []
        /// The invoices the portal holds.
        var invoices: [PortalInvoice] = []
        /// Flow states, by flow (default IN_INTEGRE).
        var flowStates: [String: (String, [String])] = [:]
        /// Histories, by portal id.
        var histories: [String: [PortalHistory.Entry]] = [:]
        /// Answers to the next searches, in order; once used up, searches answer.
        var findAnswers: [PortalError?] = []
    }

    let state = Mutex(State())

    func deposit(_ deposit: PortalDeposit) async throws(PortalError) -> PortalFlowReceipt {
        let number = String(decoding: deposit.document, as: UTF8.self).firstMatch(of: /<cbc:ID>([^<]*)<\/cbc:ID>/).map { String($0.1) } ?? "?"
        let answer: PortalError? = state.withLock { state in
            state.deposits.append(number)
            let answer = state.depositAnswers.isEmpty ? nil : state.depositAnswers.removeFirst()
            let recorded = answer == nil || (state.recordsUnknown && answer.map { if case .outcomeUnknown = $0 { true } else { false } } == true)
            if recorded {
                let flow = "FLOW-\(state.deposits.count)"
                state.invoices.append(
                    PortalInvoice(portalID: "CPP-\(state.deposits.count)", number: number, status: "DEPOSEE", flow: flow, buyer: "21290198700017"))
            }
            return answer
        }
        if let answer { throw answer }
        return PortalFlowReceipt(flow: "FLOW-\(state.withLock { $0.deposits.count })", depositedAt: nil)
    }

    func flowReport(_ flow: String) async throws(PortalError) -> PortalFlowReport {
        let (code, errors) = state.withLock { $0.flowStates[flow] } ?? ("IN_INTEGRE", [])
        return PortalFlowReport(state: code, errors: errors)
    }

    func findInvoices(_ query: PortalInvoiceQuery) async throws(PortalError) -> [PortalInvoice] {
        let failure: PortalError? = state.withLock { $0.findAnswers.isEmpty ? nil : $0.findAnswers.removeFirst() }
        if let failure { throw failure }
        return state.withLock { state in
            state.invoices.filter { invoice in
                (query.flow == nil || invoice.flow == query.flow) && (query.number == nil || invoice.number == query.number)
            }
        }
    }

    func history(of portalInvoiceID: String) async throws(PortalError) -> PortalHistory {
        let entries = state.withLock { $0.histories[portalInvoiceID] } ?? [PortalHistory.Entry(status: "DEPOSEE", at: nil, comment: nil)]
        return PortalHistory(current: entries.last?.status ?? "DEPOSEE", entries: entries)
    }
}

@Suite("Deliveries to the portal")
struct DeliveryTests {
    static let fast = RetryPolicy(
        baseDelay: .milliseconds(10), maximumDelay: .milliseconds(50), maximumAttempts: 4, maximumAge: .seconds(3600),
        settleDelay: .milliseconds(10), settleWindow: .zero)
    /// Past every due time and lease the tests set.
    static var later: Date { Date().addingTimeInterval(3600) }

    func deposit(_ harness: StoreHarness, _ numbers: [String]) async throws -> [InvoiceID] {
        var ids: [InvoiceID] = []
        for number in numbers {
            ids.append(
                try #require(try await HubFixtures.ingestion(harness.store).ingest(try HubFixtures.kerbratInvoice(number: number), from: HubFixtures.kerbrat).invoice).summary.id)
        }
        return ids
    }

    func deliveries(_ harness: StoreHarness, _ id: InvoiceID) async throws -> [Deliveries.Detail] {
        try await Deliveries(store: harness.store).details(of: id)
    }

    @Test("an accepted deposit writes its portal delivery in the same unit of work; a rejected one none", arguments: StoreKind.available)
    func outboxWritten(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let accepted = try #require(try await ingestion.ingest(try HubFixtures.kerbratInvoice(number: "OUT-1"), from: HubFixtures.kerbrat).invoice)
        let rejected = try #require(try await ingestion.ingest(try HubFixtures.kerbratRejected(number: "OUT-2"), from: HubFixtures.kerbrat).invoice)
        let pending = try await deliveries(harness, accepted.summary.id)
        #expect(pending.map(\.delivery.destination) == [.portal])
        #expect(pending.first?.delivery.state == .pending)
        #expect(try await deliveries(harness, rejected.summary.id).isEmpty)
        // Atomic with the deposit: a failure before the outbox row leaves nothing.
        try await harness.failInserts(into: "deliveries")
        await #expect(throws: HubError.self) {
            _ = try await ingestion.ingest(try HubFixtures.kerbratInvoice(number: "OUT-3"), from: HubFixtures.kerbrat)
        }
        #expect(try await harness.count("invoices") == 2)
    }

    @Test("delivered: the attempt recorded, the portal's flow kept, the status sync started", arguments: StoreKind.available)
    func delivered(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        let id = try #require(try await deposit(harness, ["DEL-1"]).first)
        let worker = PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, node: "node-a")
        #expect(try await worker.runOnce() == 1)
        let detail = try #require(try await deliveries(harness, id).first)
        #expect(detail.delivery.state == .done)
        #expect(detail.delivery.receipt == "FLOW-1")
        #expect(detail.attempts.map(\.outcome) == [.delivered])
        #expect(try await harness.store.read { tx in try tx.portalTracking(of: id) }?.flow == "FLOW-1")
        #expect(try await worker.runOnce(now: Self.later) == 0, "nothing left to send")
        #expect(portal.state.withLock { $0.deposits } == ["DEL-1"])
    }

    @Test("not now: tried again after the back-off, not before the portal's Retry-After; refused: failed at once", arguments: StoreKind.available)
    func retries(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        portal.state.withLock {
            $0.depositAnswers = [.unavailable("503", retryAfter: .seconds(120)), .notSent("connection refused"), nil, .refused("codeRetour 3")]
        }
        let ids = try await deposit(harness, ["RTR-1", "RTR-2"])
        let worker = PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, concurrency: 1, node: "node-a")
        let before = Date()
        _ = try await worker.runOnce()
        let after = Date()
        let first = try #require(try await deliveries(harness, ids[0]).first?.delivery)
        #expect(first.state == .pending)
        #expect(first.nextAttemptAt >= before.addingTimeInterval(119), "Retry-After honoured")
        #expect(first.lastError?.contains("503") == true)
        let second = try #require(try await deliveries(harness, ids[1]).first?.delivery)
        // The policy's back-off, at most 10 ms after a first attempt, from whenever the attempt ended.
        #expect(second.state == .pending && second.nextAttemptAt <= after.addingTimeInterval(0.011))
        _ = try await worker.runOnce(now: Self.later)
        _ = try await worker.runOnce(now: Self.later)
        let states = try await ids.asyncMap { try await self.deliveries(harness, $0).first?.delivery.state }
        #expect(Set(states) == [.done, .failed], "one delivered, the other refused for good")
        let failed = try #require(try await Deliveries(store: harness.store).list(DeliveryQuery(states: [.failed]), scope: .all).deliveries.first)
        #expect(failed.lastError?.contains("codeRetour 3") == true)
        #expect(try await Deliveries(store: harness.store).list(DeliveryQuery(states: [.failed]), scope: .supplier(organisationID: "breizh-numerique")).deliveries.isEmpty)
    }

    @Test("after an unknown outcome the portal is asked first: found, not sent again; absent, sent again", arguments: StoreKind.available)
    func unknownOutcome(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        portal.state.withLock { $0.depositAnswers = [.outcomeUnknown("connection dropped after sending")] }
        let found = try #require(try await deposit(harness, ["UNK-1"]).first)
        let worker = PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, node: "node-a")
        _ = try await worker.runOnce()
        #expect(try await deliveries(harness, found).first?.delivery.outcomeUnknown == true)
        _ = try await worker.runOnce(now: Self.later)
        let detail = try #require(try await deliveries(harness, found).first)
        #expect(detail.delivery.state == .done)
        #expect(detail.attempts.map(\.outcome) == [.outcomeUnknown, .found])
        #expect(portal.state.withLock { $0.deposits } == ["UNK-1"], "sent once")
        #expect(try await harness.store.read { tx in try tx.portalTracking(of: found) }?.portalInvoiceID == "CPP-1")

        portal.state.withLock {
            $0.depositAnswers = [.outcomeUnknown("timeout")]
            $0.recordsUnknown = false
        }
        let absent = try #require(try await deposit(harness, ["UNK-2"]).first)
        _ = try await worker.runOnce()
        _ = try await worker.runOnce(now: Self.later)
        let again = try #require(try await deliveries(harness, absent).first)
        #expect(again.delivery.state == .done)
        #expect(again.attempts.map(\.outcome) == [.outcomeUnknown, .absent, .delivered])
        #expect(portal.state.withLock { state in state.invoices.filter { $0.number == "UNK-2" }.count } == 1, "the portal has it once")

        // The check itself fails: still unknown, the next attempt checks again instead of sending.
        portal.state.withLock {
            $0.depositAnswers = [.outcomeUnknown("timeout")]
            $0.recordsUnknown = true
            $0.findAnswers = [.unavailable("busy", retryAfter: nil)]
        }
        let unchecked = try #require(try await deposit(harness, ["UNK-3"]).first)
        for _ in 0..<3 { _ = try await worker.runOnce(now: Self.later) }
        let checked = try #require(try await deliveries(harness, unchecked).first)
        #expect(checked.delivery.state == .done)
        #expect(checked.attempts.map(\.outcome) == [.outcomeUnknown, .unavailable, .found])
        #expect(portal.state.withLock { $0.deposits.filter { $0 == "UNK-3" }.count } == 1, "sent once")
    }

    @Test("a portal slow to list what it received: not sent again before the settle window has passed", arguments: StoreKind.available)
    func slowPortal(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        // A window no test run outlasts: what it gates does not depend on how fast the machine is.
        var patient = Self.fast
        patient.settleWindow = .seconds(3600)
        let worker = PortalDeliveryWorker(store: harness.store, portal: portal, policy: patient, node: "node-a")
        // The portal took SLOW-1 but lists it only once it has processed the flow, after two searches.
        portal.state.withLock {
            $0.depositAnswers = [.outcomeUnknown("timeout")]
            $0.recordsUnknown = false
        }
        let slow = try #require(try await deposit(harness, ["SLOW-1"]).first)
        _ = try await worker.runOnce()
        _ = try await worker.runOnce(now: Self.later)
        _ = try await worker.runOnce(now: Self.later)
        portal.state.withLock {
            $0.invoices.append(PortalInvoice(portalID: "CPP-S", number: "SLOW-1", status: "DEPOSEE", flow: "FLOW-S", buyer: "21290198700017"))
        }
        _ = try await worker.runOnce(now: Self.later)
        let found = try #require(try await deliveries(harness, slow).first)
        #expect(found.delivery.state == .done)
        #expect(found.attempts.map(\.outcome) == [.outcomeUnknown, .outcomeUnknown, .outcomeUnknown, .found])
        #expect(portal.state.withLock { $0.deposits } == ["SLOW-1"], "sent once")

        // Truly absent: sent again, but only once the window since the first unknown outcome has passed (here, a
        // node whose window is shorter than the time since).
        portal.state.withLock { $0.depositAnswers = [.outcomeUnknown("timeout")] }
        let lost = try #require(try await deposit(harness, ["LOST-1"]).first)
        _ = try await worker.runOnce()
        _ = try await worker.runOnce(now: Self.later)
        #expect(portal.state.withLock { $0.deposits.filter { $0 == "LOST-1" }.count } == 1, "not sent again within the window")
        var hasty = Self.fast
        hasty.settleWindow = .milliseconds(1)
        try await Task.sleep(for: .milliseconds(5))
        _ = try await PortalDeliveryWorker(store: harness.store, portal: portal, policy: hasty, node: "node-a").runOnce(now: Self.later)
        let again = try #require(try await deliveries(harness, lost).first)
        #expect(again.delivery.state == .done)
        #expect(again.attempts.map(\.outcome) == [.outcomeUnknown, .outcomeUnknown, .absent, .delivered])
        #expect(portal.state.withLock { state in state.invoices.filter { $0.number == "LOST-1" }.count } == 1, "the portal has it once")
    }

    @Test("a node that stopped mid-attempt: its lapsed lease makes the next node ask the portal first", arguments: StoreKind.available)
    func lapsedLease(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        let ids = try await deposit(harness, ["LAP-1", "LAP-2"])
        // Node A leases both, sends LAP-1 (the portal records it) and dies before recording anything.
        let lease = Lease(owner: "node-a", until: Date().addingTimeInterval(60))
        let claimed = try await harness.store.write { tx in try tx.claimDeliveries([.portal], dueBy: Date(), lease: lease, limit: 10) }
        #expect(claimed.count == 2)
        #expect(claimed.allSatisfy { $0.lease == nil }, "returned as they were before the claim")
        let b = PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, node: "node-b")
        #expect(try await b.runOnce() == 0, "leased deliveries are not taken while the lease holds")
        portal.state.withLock {
            $0.invoices.append(PortalInvoice(portalID: "CPP-A", number: "LAP-1", status: "DEPOSEE", flow: "FLOW-A", buyer: "21290198700017"))
        }
        // Past the lease: node B takes them over, finds LAP-1 at the portal and sends only LAP-2.
        #expect(try await b.runOnce(now: Date().addingTimeInterval(120)) == 2)
        let first = try #require(try await deliveries(harness, ids[0]).first)
        let second = try #require(try await deliveries(harness, ids[1]).first)
        #expect(first.delivery.state == .done && second.delivery.state == .done)
        #expect(first.attempts.map(\.outcome) == [.found])
        #expect(second.attempts.map(\.outcome) == [.absent, .delivered])
        #expect(first.delivery.receipt == "FLOW-A")
        #expect(portal.state.withLock { $0.deposits } == ["LAP-2"], "LAP-1 not sent again")
    }

    @Test("a spent retry budget fails the delivery into the operators' queue; an operator's retry sends it", arguments: StoreKind.available)
    func budgetAndRetry(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        portal.state.withLock { $0.depositAnswers = Array(repeating: .unavailable("outage", retryAfter: nil), count: 4) }
        let id = try #require(try await deposit(harness, ["BUD-1"]).first)
        let worker = PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, node: "node-a")
        for _ in 0..<6 { _ = try await worker.runOnce(now: Self.later) }
        let failed = try #require(try await deliveries(harness, id).first)
        #expect(failed.delivery.state == .failed)
        #expect(failed.attempts.count == 4)
        let desk = Deliveries(store: harness.store)
        #expect(try await desk.list(DeliveryQuery(states: [.failed]), scope: .all).deliveries.map(\.id) == [failed.delivery.id])
        let operations = Operations(store: harness.store)
        let support = OperationsTests.operatorPrincipal
        _ = try await operations.retry(deliveries: [failed.delivery.id], by: support)
        _ = try await worker.runOnce()
        let delivered = try #require(try await deliveries(harness, id).first)
        #expect(delivered.delivery.state == .done)
        #expect(delivered.attempts.count == 5)
        await #expect(throws: HubError.deliveryDone(failed.delivery.id)) {
            _ = try await operations.retry(deliveries: [failed.delivery.id], by: support)
        }
        await #expect(throws: HubError.deliveryNotFound("dlv_none")) { _ = try await operations.retry(deliveries: ["dlv_none"], by: support) }
    }

    @Test("two nodes working the outbox at once send each invoice once", arguments: StoreKind.available)
    func twoNodes(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        _ = try await deposit(harness, (0..<30).map { "TWO-\($0)" })
        let a = PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, concurrency: 3, node: "node-a")
        let b = PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, concurrency: 3, node: "node-b")
        async let first: Void = { for _ in 0..<10 { _ = try await a.runOnce() } }()
        async let second: Void = { for _ in 0..<10 { _ = try await b.runOnce() } }()
        _ = try await (first, second)
        #expect(portal.state.withLock { $0.deposits.count } == 30)
        #expect(Set(portal.state.withLock { $0.deposits }).count == 30)
        #expect(try await Deliveries(store: harness.store).list(DeliveryQuery(states: [.done], limit: 100), scope: .all).deliveries.count == 30)
    }

    @Test("the portal's statuses come back as lifecycle events, in order, until a final one", arguments: StoreKind.available)
    func statusSync(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let portal = ScriptedPortal()
        let ids = try await deposit(harness, ["SYN-1", "SYN-2"])
        portal.state.withLock { $0.flowStates["FLOW-2"] = ("IN_REJETE", ["destinataire inconnu"]) }
        _ = try await PortalDeliveryWorker(store: harness.store, portal: portal, policy: Self.fast, concurrency: 1, node: "n").runOnce()
        let sync = PortalStatusSync(store: harness.store, portal: portal, map: try PortalStatusMap.standard(), node: "n")
        _ = try await sync.runOnce(now: Self.later)
        let reader = InvoiceReader(store: harness.store, intake: HubFixtures.intake)
        #expect(try await reader.summary(ids[0], scope: .all)?.status == .issued)
        let rejected = try #require(try await reader.events(ids[1], scope: .all)?.last)
        #expect(rejected.to == .rejected && rejected.actor == .portal && rejected.reason.contains("destinataire inconnu"))

        portal.state.withLock {
            $0.histories["CPP-1"] = ["DEPOSEE", "MISE_A_DISPOSITION", "SERVICE_FAIT"].map { PortalHistory.Entry(status: $0, at: nil, comment: nil) }
        }
        _ = try await sync.runOnce(now: Self.later)
        #expect(try await reader.summary(ids[0], scope: .all)?.status == .approved)
        portal.state.withLock {
            $0.histories["CPP-1"]?.append(contentsOf: ["MANDATEE", "MISE_EN_PAIEMENT"].map { PortalHistory.Entry(status: $0, at: nil, comment: "virement") })
        }
        _ = try await sync.runOnce(now: Self.later)
        let events = try #require(try await reader.events(ids[0], scope: .all))
        #expect(events.map(\.to) == [.deposited, .issued, .madeAvailable, .approved, .paymentSent])
        #expect(events.dropFirst().allSatisfy { $0.actor == .portal })
        let tracking = try #require(try await harness.store.read { tx in try tx.portalTracking(of: ids[0]) })
        #expect(tracking.final && tracking.portalStatus == "MISE_EN_PAIEMENT")
        #expect(try await sync.runOnce(now: Self.later) == 0, "final statuses are not asked about again")
        #expect(try await AuditLog(store: harness.store).verify().passed)
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
