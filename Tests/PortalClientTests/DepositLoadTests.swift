import Foundation
import Hub
import InvoiceIntake
import InvoiceModel
import PortalClient
import PortalSimulator
import PortalTestSupport
import Testing

/// The load behind `hermine bench portal`.
@Suite("Portal client: deposit load")
struct DepositLoadTests {
    @Test("a load deposits its count, so many at once, and counts failures by kind")
    func load() async throws {
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                let deposit = try DepositLoad.deposit(
                    of: try PortalFixtures.kerbratInvoice(), named: "invoice.xml", intake: RunningSimulator.intake)
                #expect(deposit.syntax == .ubl && deposit.container == .xml)
                let report = await DepositLoad(count: 30, concurrency: 4).run(deposit, through: client)
                #expect(report.deposited == 30)
                #expect(report.failed.isEmpty)
                #expect(report.rate > 0)
                #expect(report.latency(50) <= report.latency(99))
                #expect(try await running.simulator.stats().flows == 30)

                try running.simulator.applyFaults(FaultChange(outageSeconds: 30))
                let refused = await DepositLoad(count: 5, concurrency: 2).run(deposit, through: client)
                #expect(refused.deposited == 0)
                #expect(refused.failed == ["unavailable": 5])
            }
        }
    }
}
