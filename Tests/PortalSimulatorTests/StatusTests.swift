import Foundation
import Hub
import NIOHTTP1
import PortalSimulator
import PortalTestSupport
import Testing

/// Invoices moving on a schedule, and by the buyer's hand.
@Suite("Portal simulator: invoice statuses")
struct StatusTests {
    @Test("every status and flow state the simulator gives has a row in the hub's table, and every move it makes the hub can follow")
    func hubFollows() throws {
        let map = try PortalStatusMap.standard()
        for state in ["IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP", "IN_INTEGRE", "IN_REJETE"] { #expect(map[state] != nil, "\(state)") }
        for status in ChorusInvoiceStatus.allCases {
            let row = try #require(map[status.rawValue], "\(status.rawValue)")
            for next in status.successors {
                let following = try #require(map[next.rawValue], "\(next.rawValue)")
                // Where both name a lifecycle status, the hub may move from one to the other (or they are the same).
                // A row the hub marks final may be followed at the portal (A_RECYCLER then recycled): it stops asking.
                guard !row.final, let from = row.lifecycle, let to = following.lifecycle, from != to else { continue }
                #expect(Lifecycle.allows(from: from, to: to), "\(status.rawValue) → \(next.rawValue): \(from.rawValue) → \(to.rawValue)")
            }
        }
    }

    @Test("on a schedule, an accepted invoice goes DEPOSEE → MISE_A_DISPOSITION → SERVICE_FAIT → MANDATEE → MISE_EN_PAIEMENT")
    func schedule() async throws {
        var configuration = RunningSimulator.configuration()
        configuration.statusSchedule = StatusSchedule(everyStep: .milliseconds(150))
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            let flow = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            _ = try await client.processedReport(flow)
            let id = try await client.invoiceID(flow: flow)
            #expect(try await RunningSimulator.eventually { try await client.statuses(id).first == "MISE_EN_PAIEMENT" })
            #expect(try await client.statuses(id) == ["MISE_EN_PAIEMENT", "MANDATEE", "SERVICE_FAIT", "MISE_A_DISPOSITION", "DEPOSEE"])
            // The end of the path: nothing moves it further.
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await client.statuses(id).count == 5)
        }
    }

    @Test("a buyer's rejection stops the schedule; its comment is in the history")
    func rejectionStopsSchedule() async throws {
        var configuration = RunningSimulator.configuration()
        configuration.statusSchedule = try StatusSchedule(steps: [.milliseconds(100), .seconds(60), .seconds(60), .seconds(60)])
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            let flow = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            _ = try await client.processedReport(flow)
            let id = try await client.invoiceID(flow: flow)
            #expect(try await RunningSimulator.eventually { try await client.statuses(id).first == "MISE_A_DISPOSITION" })
            let rejected = try await client.setStatus(id, "REJETEE", comment: "Montant erroné")
            #expect(rejected.status == 200)
            #expect(rejected.json["statut"] as? String == "REJETEE")
            let history = try await client.history(id).json
            #expect(history["statutCourantCode"] as? String == "REJETEE")
            let latest = ((history["historiquesDesStatuts"] as? [String: Any])?["histoStatut"] as? [[String: Any]])?.first
            #expect(latest?["histoStatutCommentaire"] as? String == "Montant erroné")
        }
    }

    @Test(
        "the admin call refuses what a real portal would not do (409), and unknown statuses or invoices",
        arguments: [
            (["MISE_A_DISPOSITION", "SUSPENDUE", "COMPLETEE", "SERVICE_FAIT", "MANDATEE", "MISE_EN_PAIEMENT"], "REJETEE", 409),
            (["MISE_A_DISPOSITION", "REJETEE"], "MANDATEE", 409),
            ([], "MISE_EN_PAIEMENT", 409),
            (["MISE_A_DISPOSITION", "SUSPENDUE"], "MANDATEE", 409),
            ([], "DEPOSEE", 409),
            (["A_RECYCLER"], "MISE_A_DISPOSITION", 200),
            ([], "PAYEE", 400),
        ])
    func adminTransitions(path: [String], final: String, status: Int) async throws {
        var configuration = RunningSimulator.configuration()
        configuration.processingDelay = .zero
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            let flow = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            _ = try await client.processedReport(flow)
            let id = try await client.invoiceID(flow: flow)
            for step in path { #expect(try await client.setStatus(id, step).status == 200, "\(step)") }
            let answer = try await client.setStatus(id, final)
            #expect(answer.status == status)
            #expect(answer.codeRetour == (status == 200 ? 0 : status == 409 ? 409 : 20002))
            let current = try await client.history(id).json["statutCourantCode"] as? String
            #expect(current == (status == 200 ? final : path.last ?? "DEPOSEE"))
        }
    }

    @Test("the admin call on an unknown invoice is 400 with codeRetour 20004")
    func unknownInvoice() async throws {
        try await RunningSimulator.with { running in
            let answer = try await SimulatorClient(running).setStatus(4242, "REJETEE")
            #expect(answer.status == 400)
            #expect(answer.codeRetour == 20004)
        }
    }

    @Test("the schedule reads one duration or four, and refuses anything else")
    func parsing() throws {
        #expect(try StatusSchedule.parse("2").steps == Array(repeating: .seconds(2), count: 4))
        #expect(try StatusSchedule.parse("1, 0.5,2,0").steps == [.seconds(1), .milliseconds(500), .seconds(2), .zero])
        #expect(throws: PortalSimulatorError.self) { try StatusSchedule.parse("1,2") }
        #expect(throws: PortalSimulatorError.self) { try StatusSchedule.parse("soon") }
        #expect(throws: PortalSimulatorError.self) { try StatusSchedule.parse("-1") }
    }
}
