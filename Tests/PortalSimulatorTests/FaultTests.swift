import AsyncHTTPClient
import Foundation
import NIOHTTP1
import PortalSimulator
import PortalTestSupport
import Testing

/// Each fault, set by flag (configuration) or at run time.
@Suite("Portal simulator: faults")
struct FaultTests {
    @Test("with a fail rate of 1, every API call is 500, 503 or 429 (the last two with Retry-After); /simulator is spared")
    func failRate() async throws {
        var configuration = RunningSimulator.configuration()
        configuration.faults.failRate = 1
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            var seen = Set<Int>()
            for _ in 0..<30 {
                let answer = try await client.report("CPP0000000000000000000001", token: "any")
                #expect([500, 503, 429].contains(answer.status))
                #expect(answer.codeRetour == answer.status)
                if answer.status != 500 { #expect(answer.headers.first(name: "retry-after") == "1") }
                seen.insert(answer.status)
            }
            #expect(seen.count >= 2)
            let token = try await client.tokenRequest(
                "grant_type=client_credentials&client_id=hermine-demo&client_secret=hermine-demo-secret")
            #expect([500, 503, 429].contains(token.status))
            #expect(try await client.stats()["flows"] == 0)
            #expect(try await running.simulator.stats().faults.failed == 31, "each failed call counted")

            let healed = try await client.faults(["failRate": 0])
            #expect(healed.json["failRate"] as? Double == 0)
            #expect(try await client.report("CPP0000000000000000000001").status == 400)
        }
    }

    @Test("latency is added to the share of calls asked, and to no other")
    func latency() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let token = try await client.token()
            try await client.faults(["latencyMs": 3000, "latencyRate": 1])
            var started = ContinuousClock.now
            #expect(try await client.invoices(token: token).status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(3000))
            try await client.faults(["latencyRate": 0])
            started = ContinuousClock.now
            #expect(try await client.invoices(token: token).status == 200)
            #expect(ContinuousClock.now - started < .milliseconds(3000), "not delayed (the machine may be busy: well under 3 s)")
            #expect(try await running.simulator.stats().faults.delayed == 1)
        }
    }

    @Test("a deposit dropped after commit: the client sees its connection closed unanswered, and the flow is recorded and processed")
    func dropAfterCommit() async throws {
        var configuration = RunningSimulator.configuration()
        configuration.faults.dropAfterCommitRate = 1
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            let invoice = try PortalFixtures.kerbratInvoice()
            var unanswered: (any Error)?
            do { _ = try await client.deposit(invoice) } catch { unanswered = error }
            #expect(unanswered is HTTPClientError, "\(String(describing: unanswered))")
            #expect(try await client.stats()["flows"] == 1)
            #expect(try await RunningSimulator.eventually { try await client.stats()["invoices"] == 1 })
            // Only deposits are dropped: other calls are answered.
            #expect(try await client.invoices().status == 200)
            #expect(try await running.simulator.stats().faults.dropped == 1)
        }
    }

    @Test("an outage refuses every API call with 503 and the time left, then ends; GET /simulator/faults shows it")
    func outage() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let token = try await client.token()
            let started = try await client.faults(["outageSeconds": 1.5])
            #expect((started.json["outageSeconds"] as? Double ?? 0) > 1)
            let refused = try await client.invoices(token: token)
            #expect(refused.status == 503)
            #expect(refused.headers.first(name: "retry-after").flatMap(Int.init) == 2)
            #expect(try await client.tokenRequest("grant_type=client_credentials").status == 503)
            let shown = try await client.send(.GET, "/simulator/faults").json
            #expect((shown["outageSeconds"] as? Double ?? 0) > 0)
            #expect(try await RunningSimulator.eventually(within: .seconds(3)) { try await client.invoices(token: token).status == 200 })
            #expect(try await client.send(.GET, "/simulator/faults").json["outageSeconds"] as? Double == 0)
            #expect(try await running.simulator.stats().faults.refusedInOutage >= 2)
        }
    }

    @Test("faults out of range or unknown are refused (400) and change nothing")
    func invalidFaults() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let tooHigh = try await client.faults(["failRate": 2])
            #expect(tooHigh.status == 400)
            let misspelt = try await client.faults(["failrate": 0.5])
            #expect(misspelt.status == 400)
            #expect((misspelt.json["libelle"] as? String)?.contains("failrate") == true)
            #expect(running.simulator.faultSettings == FaultSettings())
            let shape = try await client.send(.GET, "/simulator/faults")
            #expect(shape.text == #"{"failRate":0,"latencyMs":0,"latencyRate":1,"dropAfterCommitRate":0,"outageSeconds":0}"#)
        }
    }

    @Test("the configuration's faults are checked at start")
    func invalidConfiguration() throws {
        var configuration = RunningSimulator.configuration()
        configuration.faults.dropAfterCommitRate = -0.1
        #expect(throws: PortalSimulatorError.self) { try PortalSimulator(configuration: configuration, intake: RunningSimulator.intake) }
    }
}
