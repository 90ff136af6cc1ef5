import Foundation
import HTTPTypes
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A portal that answers what Chorus Pro should not (garbage, missing fields, `codeRetour` ≠ 0, a huge body,
/// statuses nobody knows), in this process, and the hub as its own process in front of it: each bad answer is
/// a typed attempt error, the hub keeps running, and no delivery is lost.
@Suite("A portal that answers badly")
struct BadPortalTests {
    /// The portal's script, and what it received.
    final class Script: Sendable {
        struct State {
            var deposits: [String] = []
            var numberSearches = 0
            var reports = 0
        }

        let state = Mutex(State())

        /// The deposits' answers in order; after them, `codeRetour` 3 (refused for good).
        static let depositAnswers = [
            (HTTPResponse.Status.ok, "<html>gateway</html>"),
            (.ok, #"{"codeRetour":0,"libelle":"TRA_MSG_00.000"}"#),
            (.ok, #"{"codeRetour":0,"libelle":""# + String(repeating: "a", count: 10 << 20) + #""}"#),
            (.ok, #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","numeroFluxDepot":"CPP0000000000000000000042","dateDepot":"2026-12-04"}"#),
        ]

        func deposit(_ body: String) -> (HTTPResponse.Status, String) {
            state.withLock { state in
                state.deposits.append(body.firstMatch(of: /"nomFichier"\s*:\s*"([^"]*)"/).map { String($0.1) } ?? "?")
                let index = state.deposits.count - 1
                return index < Self.depositAnswers.count
                    ? Self.depositAnswers[index] : (.ok, #"{"codeRetour":3,"libelle":"Flux en erreur"}"#)
            }
        }

        func search(_ body: String) -> String {
            if body.contains("CPP0000000000000000000042") {
                return #"""
                    {"codeRetour":0,"libelle":"","listeFactures":[{"identifiantFactureCPP":4242,"numeroFacture":"BAD-1","statut":"DEPOSEE",
                    "numeroFluxDepot":"CPP0000000000000000000042","codeDestinataire":"21290198700017"}],
                    "parametresRetour":{"pageCourante":1,"pages":1,"nbResultatsParPage":10,"total":1}}
                    """#
            }
            let first = state.withLock { state in
                state.numberSearches += 1
                return state.numberSearches == 1
            }
            // First no list and no paging (no answer at all), then certainly nothing.
            return first
                ? #"{"codeRetour":0,"libelle":"TRA_MSG_00.000"}"#
                : #"{"codeRetour":0,"libelle":"","listeFactures":[],"parametresRetour":{"pageCourante":1,"pages":0,"total":0}}"#
        }

        func report() -> String {
            let call = state.withLock { state in
                state.reports += 1
                return state.reports
            }
            switch call {
            case 1: return #"{"codeRetour":0,"libelle":"no state"}"#
            case 2: return #"{"codeRetour":0,"libelle":"","numeroFluxDepot":"CPP0000000000000000000042","etatCourantDepotFlux":"IN_ETAT_INVENTE"}"#
            default: return #"{"codeRetour":0,"libelle":"","numeroFluxDepot":"CPP0000000000000000000042","etatCourantDepotFlux":"IN_INTEGRE"}"#
            }
        }

        static let history = #"""
            {"codeRetour":0,"libelle":"","idFacture":4242,"statutCourantCode":"MISE_A_DISPOSITION","historiquesDesStatuts":{"histoStatut":[
            {"histoStatutId":1,"histoStatutCode":"DEPOSEE"},{"histoStatutId":2,"histoStatutCode":"STATUT_INVENTE"},
            {"histoStatutId":3,"histoStatutCode":"MISE_A_DISPOSITION","histoStatutCommentaire":"à vous"}]}}
            """#
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Serves the script on a loopback port while `body` runs.
    static func serve(_ script: Script, _ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.post("api/oauth/token") { _, _ in
            json(.ok, #"{"access_token":"scripted","token_type":"Bearer","expires_in":3600,"scope":"openid"}"#)
        }
        router.post("cpro/factures/v1/deposer/flux") { request, _ in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let (status, answer) = script.deposit(text)
            return json(status, answer)
        }
        router.post("cpro/factures/v1/rechercher/fournisseur") { request, _ in
            json(.ok, script.search(String(buffer: try await request.body.collect(upTo: 1 << 20))))
        }
        router.post("cpro/transverses/v1/consulterCRDetaille") { _, _ in json(.ok, script.report()) }
        router.post("cpro/factures/v1/consulter/historique") { _, _ in json(.ok, Script.history) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(URL(string: "http://127.0.0.1:\(client.port ?? 0)")!) }
    }

    @Test("garbage, a missing field, a huge body: unknown outcomes, checked before sending again; codeRetour 3: failed, listed; unknown statuses skipped")
    func badAnswers() async throws {
        let script = Script()
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) {
            try await Self.serve(script) { url in
                let folder = try Loopback.folder()
                defer { try? FileManager.default.removeItem(at: folder) }
                // The scripted portal lists at once what it took: no window to wait for.
                let settings = Loopback.hubSettings.merging([
                    "HERMINE_DELIVERY_SETTLE_MILLISECONDS": "100", "HERMINE_DELIVERY_SETTLE_WINDOW_SECONDS": "0",
                ]) { _, new in new }
                let hub = try Loopback.hub(folder.appendingPathComponent("hub.sqlite").path, portal: url, settings: settings)
                let (status, id) = try await Loopback.deposit(hub.port, try HubFixtures.kerbratInvoice(number: "BAD-1"))
                #expect(status == 201)
                let invoice = try #require(id)
                #expect(
                    try await Loopback.eventually(within: 60) { try await Loopback.invoices(port: hub.port)[invoice] == 203 },
                    "the portal's one good answer of each kind moves the invoice on, the unknown status skipped")
                let detail = try await Loopback.get(hub.port, "/v1/invoices/\(invoice)")
                let delivery = try #require((detail["deliveries"] as? [[String: Any]])?.first)
                #expect(delivery["state"] as? String == "done")
                #expect(delivery["receipt"] as? String == "CPP0000000000000000000042")
                let attempts = delivery["attempts"] as? [[String: Any]] ?? []
                #expect(
                    attempts.compactMap { $0["outcome"] as? String } == [
                        "outcome-unknown", "unavailable", "absent", "outcome-unknown", "absent", "outcome-unknown", "absent", "delivered",
                    ], "\(attempts)")
                let errors = attempts.compactMap { $0["error"] as? String }
                #expect(errors.count == 4, "\(errors)")
                #expect(errors.first?.contains("JSON") == true, "\(errors)")
                #expect(errors.contains { $0.contains("listeFactures") }, "\(errors)")
                #expect(errors.contains { $0.contains("numeroFluxDepot") }, "\(errors)")
                #expect(errors.contains { $0.contains("over") }, "the huge body: \(errors)")
                #expect(script.state.withLock { $0.deposits.count } == 4, "sent again only when the portal certainly had nothing")
                let portal = try #require(detail["portal"] as? [String: Any])
                #expect(portal["invoiceId"] as? String == "4242")
                #expect(portal["status"] as? String == "MISE_A_DISPOSITION")

                let (refusedStatus, refusedID) = try await Loopback.deposit(hub.port, try HubFixtures.kerbratInvoice(number: "BAD-2"))
                #expect(refusedStatus == 201)
                #expect(
                    try await Loopback.eventually(within: 30) {
                        try await Loopback.deliveries(port: hub.port, state: "failed").contains { $0["invoiceId"] as? String == refusedID }
                    })
                let failed = try #require(try await Loopback.deliveries(port: hub.port, state: "failed").first)
                #expect(failed["lastError"] as? String == "refused: cpro/factures/v1/deposer/flux: codeRetour 3: Flux en erreur", "\(failed)")
                #expect(failed["attemptCount"] as? Int == 1, "refused for good: not tried again")
                #expect(hub.isRunning, "nothing crashed")
                hub.stop()
                let audit = try HermineProcess.run(["audit", "verify", "--database", folder.appendingPathComponent("hub.sqlite").path])
                #expect(audit.status == 0, "\(audit.output)")
            }
        }
    }
}
