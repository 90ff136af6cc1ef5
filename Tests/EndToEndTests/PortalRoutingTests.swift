import AsyncHTTPClient
import Foundation
import HubTestSupport
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// The hub and the portal simulator as separate processes on loopback: every accepted invoice reaches the
/// portal exactly once, whatever the portal does, and the portal's statuses come back.
@Suite("Routing to the portal", .serialized)
struct PortalRoutingTests {
    /// Deposits `count` invoices from `clients` concurrent clients; returns how many answered 201. Connections
    /// refused (a hub being killed) end a client early.
    static func deposit(_ hub: @escaping @Sendable () -> Int, count: Int, clients: Int, prefix: String, after: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws -> Int
    {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var accepted = 0
                    for n in stride(from: client, to: count, by: clients) {
                        await after(n)
                        let body = try HubFixtures.kerbratInvoice(number: "\(prefix)-\(n)")
                        for _ in 0..<100 {
                            // A short timeout: a client that tries the killed hub's port keeps trying to connect
                            // until it runs out, then asks for the new port.
                            guard
                                let (status, _) = try? await Loopback.call(
                                    .POST, hub(), "/v1/invoices", token: Loopback.kerbrat, xml: body, timeout: .seconds(10))
                            else {
                                try await Task.sleep(for: .milliseconds(200))
                                continue
                            }
                            if status == 201 { accepted += 1 }
                            break
                        }
                    }
                    return accepted
                }
            }
            return try await group.reduce(0, +)
        }
    }

    /// Waits until nothing is pending in the hub's outbox and every invoice is at `status`.
    static func settle(_ hub: @escaping @Sendable () -> Int, status: Int, within seconds: Double) async throws -> [String: Int] {
        let deadline = Date().addingTimeInterval(seconds)
        var invoices: [String: Int] = [:]
        while Date() < deadline {
            let (_, body) = try await Loopback.call(.GET, hub(), "/v1/deliveries?state=pending&limit=1", token: Loopback.operatorToken)
            let pending = (Loopback.object(body)["deliveries"] as? [Any])?.count ?? 1
            invoices = try await Loopback.invoices(port: hub())
            if pending == 0 && !invoices.isEmpty && invoices.values.allSatisfy({ $0 == status }) { return invoices }
            try await Task.sleep(for: .milliseconds(500))
        }
        return invoices
    }

    @Test("500 invoices through a portal that fails, lags, drops connections and goes down: each there exactly once, its statuses back")
    func chaos() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) { try await run(killingTheHub: false) }
    }

    @Test("the same with the hub killed mid-run and restarted: still exactly once, and the audit holds")
    func chaosWithKill() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) { try await run(killingTheHub: true) }
    }

    func run(killingTheHub: Bool) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-chaos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("hub.sqlite").path
        // 20% of calls failed (5xx, 429), 2 s added to 10%, 10% of deposits dropped after they were recorded;
        // statuses move every 0.3 s up to MISE_EN_PAIEMENT.
        let portal = try Loopback.simulator(
            folder.appendingPathComponent("portal.sqlite").path,
            ["--fail-rate", "0.2", "--latency-ms", "2000", "--latency-rate", "0.1", "--drop-after-commit-rate", "0.1",
                "--status-schedule", "0.3"])
        let hub = Locked(try Loopback.hub(database, portal: portal))
        let count = 500
        let started = ContinuousClock.now
        let outage = Locked(false)
        let killed = Locked(false)
        let accepted = try await Self.deposit({ hub.value.port }, count: count, clients: 8, prefix: killingTheHub ? "KILL" : "CHAOS") { n in
            // An outage in the middle (10 s, the issue's 30 s scaled down), and the kill a little later.
            if n >= count / 3 && !outage.exchange(true) {
                _ = try? await Loopback.call(.POST, portal.port, "/simulator/faults", json: #"{"outageSeconds": 10}"#)
            }
            if killingTheHub && n >= count / 2 && !killed.exchange(true) {
                hub.value.kill()
                hub.value = (try? Loopback.hub(database, portal: portal)) ?? hub.value
            }
        }
        #expect(accepted > count * 9 / 10, "\(accepted) of \(count) deposits answered 201")
        let deposited = ContinuousClock.now
        let invoices = try await Self.settle({ hub.value.port }, status: 211, within: 240)
        print("chaos run: \(accepted) deposits in \(deposited - started), every invoice at 211 \(ContinuousClock.now - deposited) later")
        let stats = try await Loopback.stats(portal)
        #expect(stats["duplicateInvoices"] == 0, "\(stats)")
        #expect(stats["invoices"] == invoices.count, "the portal holds every accepted invoice once: \(stats), hub \(invoices.count)")
        #expect(invoices.count >= accepted)
        #expect(invoices.values.allSatisfy { $0 == 211 }, "every invoice at the portal's latest status (MISE_EN_PAIEMENT: 211)")
        // Each fault occurred.
        for fault in ["failed", "delayed", "dropped", "refusedInOutage"] { #expect(stats["faults.\(fault)"] ?? 0 > 0, "\(fault): \(stats)") }
        hub.value.stop()
        portal.stop()
        let audit = try HermineProcess.run(["audit", "verify", "--database", database])
        #expect(audit.status == 0, "\(audit.output)")
    }
}

/// A value several tasks read and replace.
final class Locked<Value: Sendable>: Sendable {
    private let stored: Mutex<Value>
    init(_ value: Value) { stored = Mutex(value) }
    var value: Value {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
    /// Sets a new value and returns the old one.
    func exchange(_ new: Value) -> Value { stored.withLock { value in defer { value = new }; return value } }
}
