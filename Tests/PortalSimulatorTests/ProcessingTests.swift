import Foundation
import NIOHTTP1
import PortalSimulator
import PortalTestSupport
import TestSupport
import Testing

/// What the portal makes of a flow once processed: Hermine's intake, EN 16931 and Chorus Pro's rules against
/// the simulator's directory.
@Suite("Portal simulator: processing flows")
struct ProcessingTests {
    @Test("a valid invoice's flow is integrated and its invoice created as DEPOSEE, with its key fields")
    func integrated() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let flow = try await client.depositFlow(try PortalFixtures.kerbratInvoice(), name: "FA-2026-0142.xml")
            let report = try await client.processedReport(flow)
            #expect(report["etatCourantDepotFlux"] as? String == "IN_INTEGRE")
            #expect(report["nomFichier"] as? String == "FA-2026-0142.xml")
            #expect((report["listeErreurDP"] as? [Any])?.isEmpty == true)
            #expect((report["listeErreurTechnique"] as? [Any])?.isEmpty == true)
            let dated = try #require(report["dateHeureEtatCourantFlux"] as? String)
            #expect(
                ISO8601DateFormatter().date(from: dated.replacingOccurrences(of: #"\.[0-9]{3}"#, with: "", options: .regularExpression))
                    != nil)

            let found = try await client.invoices(flow: flow)
            let invoices = try #require(found.json["listeFactures"] as? [[String: Any]])
            #expect(invoices.count == 1)
            let invoice = try #require(invoices.first)
            #expect(invoice["numeroFacture"] as? String == "FA-2026-0142")
            #expect(invoice["statut"] as? String == "DEPOSEE")
            #expect(invoice["numeroFluxDepot"] as? String == flow)
            #expect(invoice["codeDestinataire"] as? String == PortalFixtures.plouzane)
            #expect(invoice["codeServiceExecutant"] as? String == "VOIRIE")
            #expect(invoice["numeroBonCommande"] as? String == "EJ-2026-001187")
            #expect(invoice["montantTTC"] as? Double == 2130)
            #expect(invoice["typeFacture"] as? String == "FACTURE")
            #expect(try await client.stats() == ["flows": 1, "invoices": 1, "duplicateInvoices": 0, "rejectedFlows": 0])
        }
    }

    @Test("an invoice with fatal findings makes the flow IN_REJETE, each finding in listeErreurDP; no invoice")
    func rejected() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let flow = try await client.depositFlow(try PortalFixtures.kerbratRejected())
            let report = try await client.processedReport(flow)
            #expect(report["etatCourantDepotFlux"] as? String == "IN_REJETE")
            let errors = try #require(report["listeErreurDP"] as? [[String: Any]])
            let messages = errors.compactMap { $0["libelleErreurDP"] as? String }
            #expect(messages.contains { $0.hasPrefix("BR-CO-10") })
            #expect(errors.allSatisfy { $0["numeroDP"] as? String == "FA-2026-0143" })
            #expect(errors.allSatisfy { $0["identifiantDestinataire"] as? String == PortalFixtures.plouzane })
            #expect(
                try await client.invoices(flow: flow).json["parametresRetour"].flatMap { ($0 as? [String: Any])?["total"] as? Int } == 0)
            #expect(try await client.stats() == ["flows": 1, "invoices": 0, "duplicateInvoices": 0, "rejectedFlows": 1])
        }
    }

    @Test("a buyer removed from the simulator's directory makes a valid invoice's flow rejected by Chorus Pro's rules")
    func buyerRemoved() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let removed = try await client.send(.DELETE, "/simulator/directory/\(PortalFixtures.plouzane)")
            #expect(removed.status == 200)
            let listed = try await client.send(.GET, "/simulator/directory").json["structures"] as? [[String: Any]] ?? []
            #expect(!listed.contains { $0["identifier"] as? String == PortalFixtures.plouzane })
            let flow = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            let report = try await client.processedReport(flow)
            #expect(report["etatCourantDepotFlux"] as? String == "IN_REJETE")
            let messages = (report["listeErreurDP"] as? [[String: Any]] ?? []).compactMap { $0["libelleErreurDP"] as? String }
            #expect(messages.count == 1)
            #expect(messages.first?.hasPrefix("CPP-") == true)
            #expect(messages.first?.contains(PortalFixtures.plouzane) == true)

            // Put back from a directory file: the same invoice is integrated again.
            let csv = try Data(contentsOf: ProjectFiles.fixtures.appendingPathComponent("directory.csv"))
            #expect(try await client.send(.POST, "/simulator/directory", body: csv).status == 200)
            let again = try await client.depositFlow(try PortalFixtures.kerbratInvoice(number: "FA-2026-0200"))
            #expect(try await client.processedReport(again)["etatCourantDepotFlux"] as? String == "IN_INTEGRE")
            #expect(try await client.send(.DELETE, "/simulator/directory/00000000000000").codeRetour == 20004)
        }
    }

    @Test("a file that is no invoice, or not of its declared syntax, is rejected with a technical error")
    func technical() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let garbage = try await client.depositFlow(Data("hello, portal".utf8))
            let garbageReport = try await client.processedReport(garbage)
            #expect(garbageReport["etatCourantDepotFlux"] as? String == "IN_REJETE")
            let technical = try #require(garbageReport["listeErreurTechnique"] as? [[String: Any]])
            #expect(technical.count == 1)
            #expect((technical.first?["codeErreur"] as? String)?.hasPrefix("xml-") == true)

            let mislabelled = try await client.depositFlow(try PortalFixtures.kerbratInvoice(), syntax: "IN_DP_E1_CII_16B")
            let report = try await client.processedReport(mislabelled)
            #expect(report["etatCourantDepotFlux"] as? String == "IN_REJETE")
            let errors = try #require(report["listeErreurTechnique"] as? [[String: Any]])
            #expect(errors.first?["codeErreur"] as? String == "syntaxe-flux")
            #expect(try await client.stats()["rejectedFlows"] == 2)
        }
    }

    @Test("a Factur-X PDF deposited as IN_DP_E2_CII_FACTURX is read as one: judged on its content, not refused for its syntax")
    func facturX() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let pdf = try PortalFixtures.facturXPDF()
            let flow = try await client.depositFlow(pdf, syntax: "IN_DP_E2_CII_FACTURX", name: "invoice.pdf")
            let report = try await client.processedReport(flow)
            #expect((report["listeErreurTechnique"] as? [Any])?.isEmpty == true)
            // Its buyer is no French public structure of the demo directory: Chorus Pro's rules reject it.
            #expect(report["etatCourantDepotFlux"] as? String == "IN_REJETE")
            let messages = (report["listeErreurDP"] as? [[String: Any]] ?? []).compactMap { $0["libelleErreurDP"] as? String }
            #expect(!messages.isEmpty && messages.allSatisfy { $0.hasPrefix("CPP-") })

            let asXML = try await client.depositFlow(pdf, syntax: "IN_DP_E1_CII_16B", name: "invoice.pdf")
            let refused = try await client.processedReport(asXML)
            #expect((refused["listeErreurTechnique"] as? [[String: Any]])?.first?["codeErreur"] as? String == "syntaxe-flux")
        }
    }

    @Test("the same invoice deposited twice is recorded twice and counted as a duplicate; another number is not")
    func duplicates() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let first = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            let second = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            let other = try await client.depositFlow(try PortalFixtures.kerbratInvoice(number: "FA-2026-0143"))
            for flow in [first, second, other] {
                #expect(try await client.processedReport(flow)["etatCourantDepotFlux"] as? String == "IN_INTEGRE")
            }
            #expect(try await client.stats() == ["flows": 3, "invoices": 3, "duplicateInvoices": 1, "rejectedFlows": 0])
            let byNumber = try await client.invoices(number: "FA-2026-0142").json["listeFactures"] as? [[String: Any]]
            #expect(byNumber?.count == 2)
        }
    }
}
