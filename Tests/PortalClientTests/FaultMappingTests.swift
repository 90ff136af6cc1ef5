import Foundation
import Hub
import PortalClient
import PortalSimulator
import PortalTestSupport
import Testing

/// Each of the simulator's faults, as the client reports it to the hub.
@Suite("Portal client: the simulator's faults")
struct FaultMappingTests {
    @Test("500, 503 and 429 answers: 503 and 429 are unavailable with their Retry-After, 500 an unknown outcome")
    func failures() async throws {
        let kerbrat = try ClientFixtures.kerbrat()
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                _ = try await client.findInvoices(PortalInvoiceQuery())
                try running.simulator.applyFaults(FaultChange(failRate: 1))
                var unavailable = 0
                for _ in 0..<20 {
                    let error = await ClientFixtures.error { () async throws(PortalError) in try await client.deposit(kerbrat) }
                    switch error {
                    case .unavailable(let reason, let retryAfter):
                        unavailable += 1
                        #expect(retryAfter == .seconds(1))
                        #expect(reason.contains("HTTP 503") || reason.contains("HTTP 429"))
                    case .outcomeUnknown(let reason):
                        #expect(reason.contains("HTTP 500"))
                    default:
                        Issue.record("unexpected \(String(describing: error))")
                    }
                }
                #expect(unavailable > 0)
                #expect(try await running.simulator.stats().flows == 0)
            }
        }
    }

    @Test("the token endpoint failing leaves the call not sent, or unavailable; never an unknown outcome")
    func tokenEndpointFailing() async throws {
        let kerbrat = try ClientFixtures.kerbrat()
        var configuration = RunningSimulator.configuration()
        configuration.faults.failRate = 1
        try await RunningSimulator.with(configuration) { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                for _ in 0..<10 {
                    let error = await ClientFixtures.error { () async throws(PortalError) in try await client.deposit(kerbrat) }
                    #expect(error?.code == "not-sent" || error?.code == "unavailable", "\(String(describing: error))")
                }
            }
        }
    }

    @Test("a deposit dropped after it was recorded is an unknown outcome, and the portal has it")
    func dropped() async throws {
        let kerbrat = try ClientFixtures.kerbrat()
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                _ = try await client.findInvoices(PortalInvoiceQuery())
                try running.simulator.applyFaults(FaultChange(dropAfterCommitRate: 1))
                let error = await ClientFixtures.error { () async throws(PortalError) in try await client.deposit(kerbrat) }
                #expect(error?.code == "outcome-unknown", "\(String(describing: error))")
                #expect(try await running.simulator.stats().flows == 1)
                // What the hub does next: ask before sending again.
                #expect(
                    try await RunningSimulator.eventually {
                        try await !client.findInvoices(PortalInvoiceQuery(number: "FA-2026-0142")).isEmpty
                    })
            }
        }
    }

    @Test("an answer slower than the request timeout is an unknown outcome")
    func timeout() async throws {
        let kerbrat = try ClientFixtures.kerbrat()
        try await RunningSimulator.with { running in
            var configuration = try ClientFixtures.configuration(running.url)
            configuration.requestTimeout = .milliseconds(300)
            try await ClientFixtures.with(configuration) { client in
                // A token first, so that only the deposit meets the latency (a busy machine may need a second try).
                #expect(await RunningSimulator.eventually { (try? await client.findInvoices(PortalInvoiceQuery())) != nil })
                try running.simulator.applyFaults(FaultChange(latencyMs: 5000, latencyRate: 1))
                let started = ContinuousClock.now
                let error = await ClientFixtures.error { () async throws(PortalError) in try await client.deposit(kerbrat) }
                #expect(error?.code == "outcome-unknown", "\(String(describing: error))")
                #expect(ContinuousClock.now - started < .seconds(4))
            }
        }
    }

    @Test("an outage is unavailable, with the time left as Retry-After")
    func outage() async throws {
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                try running.simulator.applyFaults(FaultChange(outageSeconds: 5))
                let error = await ClientFixtures.error { () async throws(PortalError) in
                    try await client.flowReport("CPP0000000000000000000001")
                }
                #expect(error?.code == "unavailable")
                #expect(error?.retryAfter.map { $0 >= .seconds(4) && $0 <= .seconds(5) } == true)
                try running.simulator.applyFaults(FaultChange(outageSeconds: 0))
                #expect(try await client.findInvoices(PortalInvoiceQuery()).isEmpty)
            }
        }
    }

    @Test("a portal that refuses connections: not sent, at once")
    func connectionRefused() async throws {
        let kerbrat = try ClientFixtures.kerbrat()
        // Port 9 (discard) is not served on loopback here.
        var configuration = try ClientFixtures.configuration(URL(string: "http://127.0.0.1:9")!)
        configuration.requestTimeout = .seconds(20)
        try await withTaskExecutorPreference(TestExecutor.shared) {
            try await ClientFixtures.with(configuration) { client in
                let started = ContinuousClock.now
                let error = await ClientFixtures.error { () async throws(PortalError) in try await client.deposit(kerbrat) }
                #expect(error?.code == "not-sent", "\(String(describing: error))")
                // Not retried until the deadline: the hub's policy decides when to try again.
                #expect(ContinuousClock.now - started < .seconds(5))
            }
        }
    }
}
