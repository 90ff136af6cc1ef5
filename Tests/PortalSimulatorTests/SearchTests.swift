import Foundation
import NIOHTTP1
import PortalSimulator
import PortalTestSupport
import Testing

/// `rechercher/fournisseur` pages and `consulter/historique`.
@Suite("Portal simulator: search and history")
struct SearchTests {
    @Test("25 invoices come 10 a page, as the real portal's default: 3 pages, the last with 5")
    func pagination() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let token = try await client.token()
            var flows: [String] = []
            for index in 1...25 {
                flows.append(try await client.depositFlow(try PortalFixtures.kerbratInvoice(number: "PAGE-\(index)"), token: token))
            }
            #expect(try await RunningSimulator.eventually { try await client.stats()["invoices"] == 25 })
            var numbers: [String] = []
            for page in 1...3 {
                let answer = try await client.invoices(page: page, token: token).json
                let paging = try #require(answer["parametresRetour"] as? [String: Any])
                #expect(paging["pageCourante"] as? Int == page)
                #expect(paging["pages"] as? Int == 3)
                #expect(paging["total"] as? Int == 25)
                #expect(paging["nbResultatsParPage"] as? Int == 10)
                let list = try #require(answer["listeFactures"] as? [[String: Any]])
                #expect(list.count == (page == 3 ? 5 : 10))
                numbers += list.compactMap { $0["numeroFacture"] as? String }
            }
            #expect(Set(numbers) == Set((1...25).map { "PAGE-\($0)" }))
            let beyond = try await client.invoices(page: 4, token: token).json["listeFactures"] as? [Any]
            #expect(beyond?.isEmpty == true)
            let wide = try await client.invoices(page: 1, perPage: 30, token: token).json["listeFactures"] as? [Any]
            #expect(wide?.count == 25)
            // Go clients send every field, empty ones as "" and null: the same search.
            let goStyle = try await client.cpro(
                "factures/v1/rechercher/fournisseur",
                ["numeroFluxDepot": flows[3], "numeroFacture": "", "rechercheFactureParFournisseur": NSNull(), "statutCourant": NSNull()],
                token: token)
            #expect((goStyle.json["listeFactures"] as? [[String: Any]])?.first?["numeroFacture"] as? String == "PAGE-4")
        }
    }

    @Test("the history answers the current status and every status passed, newest first, with ids and dates")
    func history() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let flow = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            _ = try await client.processedReport(flow)
            let id = try await client.invoiceID(flow: flow)
            #expect(try await client.setStatus(id, "MISE_A_DISPOSITION").status == 200)
            let answer = try await client.history(id)
            #expect(
                answer.text.hasPrefix(
                    #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","idFacture":\#(id),"numeroFacture":"FA-2026-0142","statutCourantCode":"MISE_A_DISPOSITION","historiquesDesStatuts":{"histoStatut":[{"histoStatutId":"#
                ))
            let entries = try #require((answer.json["historiquesDesStatuts"] as? [String: Any])?["histoStatut"] as? [[String: Any]])
            #expect(entries.compactMap { $0["histoStatutCode"] as? String } == ["MISE_A_DISPOSITION", "DEPOSEE"])
            let ids = entries.compactMap { $0["histoStatutId"] as? Int }
            #expect(ids.count == 2 && ids[0] > ids[1])
            let date = try #require(entries.first?["histoStatutDatePassage"] as? String)
            #expect(date.wholeMatch(of: /20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/) != nil)
            let ascending = try await client.cpro(
                "factures/v1/consulter/historique",
                [
                    "idFacture": String(id),
                    "paramRechercheHistoStatuts": [
                        "triSensListeHistoStatut": "Ascendant", "nbResultatsParPageListeHistoStatut": 1,
                        "pageResultatDemandeeListeHistoStatut": 2,
                    ],
                ])
            let page = (ascending.json["historiquesDesStatuts"] as? [String: Any])
            #expect((page?["histoStatut"] as? [[String: Any]])?.first?["histoStatutCode"] as? String == "MISE_A_DISPOSITION")
            #expect(page?["pagesHistoStatut"] as? Int == 2)
            let unknown = try await client.history(999_999)
            #expect(unknown.status == 400 && unknown.codeRetour == 20004)
        }
    }
}
