import Foundation
import HubTestSupport
import NIOHTTP1
import Testing

/// What suppliers and operators see when the portal is down for long, rejects an invoice, or is the demo's.
@Suite("Portal outcomes")
struct PortalOutcomesTests {
    /// A small retry budget: five attempts within 5 s.
    static let smallBudget = Loopback.hubSettings.merging([
        "HERMINE_DELIVERY_MAX_ATTEMPTS": "5", "HERMINE_DELIVERY_MAX_AGE_SECONDS": "5",
    ]) { _, new in new }

    @Test("a portal down longer than the retry budget: failed deliveries with their last error, for operators; retried once it is back, each there once")
    func failedThenRetried() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) {
            let folder = try Loopback.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let portal = try Loopback.simulator(folder.appendingPathComponent("portal.sqlite").path)
            _ = try await Loopback.call(.POST, portal.port, "/simulator/faults", json: #"{"outageSeconds": 600}"#)
            let hub = try Loopback.hub(folder.appendingPathComponent("hub.sqlite").path, portal: portal, settings: Self.smallBudget)
            var ids: [String] = []
            for n in 0..<10 {
                let (status, id) = try await Loopback.deposit(hub.port, try HubFixtures.kerbratInvoice(number: "DOWN-\(n)"))
                #expect(status == 201)
                if let id { ids.append(id) }
            }
            #expect(try await Loopback.eventually(within: 60) { try await Loopback.deliveries(port: hub.port, state: "failed").count == 10 })
            let failed = try await Loopback.deliveries(port: hub.port, state: "failed")
            for delivery in failed {
                // The outage's Retry-After (what is left of it) is longer than the budget: failed at the first answer.
                #expect(delivery["attemptCount"] as? Int == 1)
                #expect((delivery["lastError"] as? String)?.contains("503") == true, "\(delivery)")
            }
            #expect(Set(failed.compactMap { $0["invoiceId"] as? String }) == Set(ids))
            // The supplier sees its own; another supplier none; a buyer may not look; only operators retry.
            #expect(try await Loopback.deliveries(port: hub.port, state: "failed", token: Loopback.kerbrat).count == 10)
            #expect(try await Loopback.deliveries(port: hub.port, state: "failed", token: Loopback.breizh).isEmpty)
            #expect(try await Loopback.call(.GET, hub.port, "/v1/deliveries", token: Loopback.plouzane).0 == 403)
            let first = try #require(failed.first?["id"] as? String)
            #expect(try await Loopback.call(.POST, hub.port, "/v1/deliveries/\(first)/retry", token: Loopback.kerbrat).0 == 403)
            // The invoice still says where it stands: deposited at the hub, not sent.
            #expect(try await Loopback.invoices(port: hub.port).values.allSatisfy { $0 == 200 })

            _ = try await Loopback.call(.POST, portal.port, "/simulator/faults", json: #"{"outageSeconds": 0}"#)
            #expect(try await Loopback.stats(portal)["flows"] == 0, "nothing reached the portal during the outage")
            for delivery in failed {
                let (status, body) = try await Loopback.call(
                    .POST, hub.port, "/v1/deliveries/\(delivery["id"] as? String ?? "")/retry", token: Loopback.operatorToken)
                #expect(status == 202)
                #expect(Loopback.object(body)["state"] as? String == "pending")
            }
            #expect(try await Loopback.eventually(within: 60) { try await Loopback.deliveries(port: hub.port, state: "done").count == 10 })
            #expect(try await Loopback.eventually(within: 60) { try await Loopback.stats(portal)["invoices"] == 10 })
            let stats = try await Loopback.stats(portal)
            #expect(stats["flows"] == 10 && stats["duplicateInvoices"] == 0, "\(stats)")
            #expect(try await Loopback.call(.POST, hub.port, "/v1/deliveries/\(first)/retry", token: Loopback.operatorToken).0 == 409)
            #expect(try await Loopback.eventually(within: 60) { try await Loopback.invoices(port: hub.port).values.allSatisfy { $0 == 201 } })
            hub.stop()
            portal.stop()
        }
    }

    @Test("a buyer gone from the portal's directory after the hub accepted the invoice: the flow is rejected, the supplier sees 213 and why")
    func rejectedByThePortal() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) {
            let folder = try Loopback.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let portal = try Loopback.simulator(folder.appendingPathComponent("portal.sqlite").path)
            #expect(try await Loopback.call(.DELETE, portal.port, "/simulator/directory/21290198700017").0 == 200)
            let hub = try Loopback.hub(folder.appendingPathComponent("hub.sqlite").path, portal: portal)
            let (status, id) = try await Loopback.deposit(hub.port, try HubFixtures.kerbratInvoice(number: "GONE-1"))
            #expect(status == 201, "the hub's own directory still has the buyer")
            let invoice = try #require(id)
            #expect(try await Loopback.eventually(within: 60) { try await Loopback.invoices(port: hub.port)[invoice] == 213 })
            let events = try await Loopback.events(port: hub.port, invoice, token: Loopback.kerbrat)
            let last = try #require(events.last)
            #expect((last["to"] as? [String: Any])?["code"] as? Int == 213)
            #expect(last["actor"] as? String == "portal")
            let reason = last["reason"] as? String ?? ""
            #expect(reason.hasPrefix("IN_REJETE: "), "\(reason)")
            #expect(reason.contains("21290198700017"), "the portal's reason names the buyer it does not know: \(reason)")
            let detail = try await Loopback.get(hub.port, "/v1/invoices/\(invoice)", token: Loopback.kerbrat)
            #expect((detail["portal"] as? [String: Any])?["final"] as? Bool == true)
            #expect(try await Loopback.stats(portal)["rejectedFlows"] == 1)
            hub.stop()
            portal.stop()
        }
    }

    @Test("the demo: its own simulator in the hub's process; a deposit reaches 201 and 203 within seconds")
    func demo() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) {
            let folder = try Loopback.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let hub = try HermineProcess(["--database", folder.appendingPathComponent("hub.sqlite").path, "--demo"])
            #expect(hub.output.contains("demo: the portal simulator listens on http://127.0.0.1:"), "\(hub.output)")
            let (status, id) = try await Loopback.deposit(hub.port, try HubFixtures.bytes(HubFixtures.kerbratInvoice))
            #expect(status == 201)
            let invoice = try #require(id)
            let reached = try await Loopback.eventually(within: 30) {
                let codes = try await Loopback.events(port: hub.port, invoice, token: Loopback.kerbrat).compactMap {
                    ($0["to"] as? [String: Any])?["code"] as? Int
                }
                return codes.starts(with: [200, 201, 203])
            }
            #expect(reached)
            let events = try await Loopback.events(port: hub.port, invoice, token: Loopback.kerbrat)
            #expect(events.dropFirst().allSatisfy { $0["actor"] as? String == "portal" }, "\(events)")
            #expect(!hub.output.contains("hermine-demo-secret") && !hub.output.contains("hermine-demo-password"), "no secret logged")
            hub.stop()
        }
    }
}
