import Foundation
import Hub
import InvoiceIntake
import InvoiceModel
import PortalClient
import PortalSimulator
import PortalTestSupport
import Testing

/// The client against the simulator over real HTTP on loopback: every call of `NationalPortal`.
@Suite("Portal client: against the simulator")
struct RoundTripTests {
    @Test("deposit, report, find and history: an invoice's way through the portal, its history oldest first")
    func roundTrip() async throws {
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                let receipt = try await client.deposit(try ClientFixtures.kerbrat())
                #expect(receipt.flow.wholeMatch(of: /CPP[0-9]{22}/) != nil)
                #expect(receipt.depositedAt?.wholeMatch(of: /20[0-9]{2}-[0-9]{2}-[0-9]{2}/) != nil)
                let waiting = try await client.flowReport(receipt.flow)
                #expect([FlowState.waiting.rawValue, FlowState.integrated.rawValue].contains(waiting.state))
                #expect(try await RunningSimulator.eventually { try await client.flowReport(receipt.flow).state == "IN_INTEGRE" })
                #expect(try await client.flowReport(receipt.flow).errors.isEmpty)

                let invoices = try await client.findInvoices(PortalInvoiceQuery(flow: receipt.flow))
                #expect(invoices.count == 1)
                let invoice = try #require(invoices.first)
                #expect(invoice.number == "FA-2026-0142")
                #expect(invoice.status == "DEPOSEE")
                #expect(invoice.flow == receipt.flow)
                #expect(invoice.buyer == PortalFixtures.plouzane)
                #expect(invoice.supplier == "35260017500017")
                #expect(invoice.issueDate == "2026-11-02")
                #expect(try await client.findInvoices(PortalInvoiceQuery(number: "FA-2026-0142")).map(\.portalID) == [invoice.portalID])

                let id = try #require(Int64(invoice.portalID))
                try await running.simulator.setStatus(of: id, to: .madeAvailable)
                try await running.simulator.setStatus(of: id, to: .rejected, comment: "Montant erroné")
                let history = try await client.history(of: invoice.portalID)
                #expect(history.current == "REJETEE")
                #expect(history.entries.map(\.status) == ["DEPOSEE", "MISE_A_DISPOSITION", "REJETEE"])
                #expect(history.entries.last?.comment == "Montant erroné")
                #expect(history.entries.allSatisfy { $0.at != nil })
                #expect(running.simulator.tokensIssued == 1)
            }
        }
    }

    @Test("a rejected flow's report carries the portal's reasons, each with the invoice's number")
    func rejectedReport() async throws {
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                let deposit = PortalDeposit(
                    invoiceID: InvoiceID.make(), document: try PortalFixtures.kerbratRejected(), fileName: "FA-2026-0143.xml",
                    syntax: .ubl, container: .xml)
                let receipt = try await client.deposit(deposit)
                #expect(
                    try await RunningSimulator.eventually {
                        try await client.flowReport(receipt.flow).state != "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP"
                    })
                let report = try await client.flowReport(receipt.flow)
                #expect(report.state == "IN_REJETE")
                #expect(report.errors.contains { $0.hasPrefix("FA-2026-0143: BR-CO-10") })
                #expect(try await client.findInvoices(PortalInvoiceQuery(flow: receipt.flow)).isEmpty)
            }
        }
    }

    @Test("a Factur-X PDF goes as IN_DP_E2_CII_FACTURX: the portal judges its content, not its syntax")
    func facturX() async throws {
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                let deposit = PortalDeposit(
                    invoiceID: InvoiceID.make(), document: try PortalFixtures.facturXPDF(), fileName: "invoice.pdf", syntax: .cii,
                    container: .pdf)
                let receipt = try await client.deposit(deposit)
                #expect(try await RunningSimulator.eventually { try await client.flowReport(receipt.flow).state == "IN_REJETE" })
                let errors = try await client.flowReport(receipt.flow).errors
                #expect(!errors.isEmpty)
                #expect(!errors.contains { $0.contains("syntaxe-flux") })
            }
        }
    }

    @Test("findInvoices walks every page: 25 invoices at 10 a page, and at 7")
    func everyPage() async throws {
        try await RunningSimulator.with { running in
            var configuration = try ClientFixtures.configuration(running.url)
            try await ClientFixtures.with(configuration) { client in
                for index in 1...25 { _ = try await client.deposit(try ClientFixtures.kerbrat("WALK-\(index)")) }
                #expect(try await RunningSimulator.eventually { try await running.simulator.stats().invoices == 25 })
                let all = try await client.findInvoices(PortalInvoiceQuery())
                #expect(all.count == 25)
                #expect(Set(all.map(\.number)) == Set((1...25).map { "WALK-\($0)" }))
                #expect(Set(all.map(\.portalID)).count == 25)
            }
            configuration.pageSize = 7
            try await ClientFixtures.with(configuration) { client in
                let all = try await client.findInvoices(PortalInvoiceQuery())
                #expect(all.count == 25)
            }
        }
    }

    @Test("a kind of document the syntax table has no row for is refused before anything is sent")
    func unknownKind() async throws {
        try await RunningSimulator.with { running in
            var configuration = try ClientFixtures.configuration(running.url)
            configuration.syntaxes = FlowSyntaxTable(rows: configuration.syntaxes.rows.filter { $0.container == .xml })
            try await ClientFixtures.with(configuration) { client in
                let deposit = PortalDeposit(
                    invoiceID: InvoiceID.make(), document: try PortalFixtures.facturXPDF(), fileName: "invoice.pdf", syntax: .cii,
                    container: .pdf)
                let error = await ClientFixtures.error { () async throws(PortalError) in try await client.deposit(deposit) }
                guard case .refused(let reason) = error else {
                    Issue.record("expected refused, got \(String(describing: error))")
                    return
                }
                #expect(reason.contains("cii in pdf"))
                #expect(running.simulator.tokensIssued == 0)
                #expect(try await running.simulator.stats().flows == 0)
            }
        }
    }
}
