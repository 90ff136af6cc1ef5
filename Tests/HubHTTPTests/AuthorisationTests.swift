import InvoiceRules
import HubSQLite
import HubHTTP
import HTTPTypes
import Foundation
import Hub
import HummingbirdTesting
import HubTestSupport
import Testing

/// Who reads what, over real HTTP: a supplier its own deposits, a buyer what is addressed to its
/// SIRETs, an operator everything; anything else is 404, as if it did not exist.
@Suite("API authorisation")
struct AuthorisationTests {
    /// Two suppliers' invoices to two buyers, and a token for the second buyer.
    struct World {
        let kerbratToPlouzane: String
        let kerbratToFinistere: String
        let breizhToPlouzane: String
        let finistereToken: String
    }

    func world(_ hub: LiveHub, _ client: HubClient) async throws -> World {
        try await hub.services.tenancy.save(
            Organisation(
                id: "departement-finistere", kind: .buyer, name: "Département du Finistère",
                identifiers: [OrganisationIdentifier(scheme: "0009", value: "22290001100016")]))
        let finistere = try await hub.services.tenancy.issueToken(organisationID: "departement-finistere", role: .buyer)
        let a = try await client.deposit(APIFixtures.kerbratInvoice(number: "AUTH-1"))
        let b = try await client.deposit(APIFixtures.kerbratToFinistere(number: "AUTH-2"))
        let c = try await client.deposit(APIFixtures.breizhInvoice(), token: APIFixtures.breizhToken)
        #expect(a.status == 201 && b.status == 201 && c.status == 201)
        return World(kerbratToPlouzane: a.id, kerbratToFinistere: b.id, breizhToPlouzane: c.id, finistereToken: finistere.token)
    }

    /// Every read of one invoice.
    static let reads = ["", "/events", "/document", "/normalised?format=json"]

    func visible(_ client: HubClient, _ id: String, token: String) async throws -> Bool {
        var statuses: Set<Int> = []
        for read in Self.reads {
            statuses.insert(try await client.get("/v1/invoices/\(id)\(read)", token: token).status.code)
        }
        #expect(statuses.count == 1, "every read of \(id) answers alike: \(statuses)")
        return statuses == [200]
    }

    @Test("each role reads exactly what it should, and the rest is 404", arguments: StoreKind.available)
    func scopes(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let w = try await world(hub, client)
            let all = [w.kerbratToPlouzane, w.kerbratToFinistere, w.breizhToPlouzane]
            let expected: [(String, Set<String>)] = [
                (APIFixtures.kerbratToken, [w.kerbratToPlouzane, w.kerbratToFinistere]),
                (APIFixtures.breizhToken, [w.breizhToPlouzane]),
                (APIFixtures.plouzaneToken, [w.kerbratToPlouzane, w.breizhToPlouzane]),
                (w.finistereToken, [w.kerbratToFinistere]),
                (APIFixtures.operatorToken, Set(all)),
            ]
            for (token, sees) in expected {
                let listed = try await client.get("/v1/invoices", token: token)
                #expect(listed.status == .ok)
                #expect(Set(listed.listedIDs) == sees, "listing for \(token)")
                for id in all {
                    #expect(try await visible(client, id, token: token) == sees.contains(id), "\(token) on \(id)")
                }
            }
            // A foreign invoice and an unknown one answer the same.
            let foreign = try await client.get("/v1/invoices/\(w.breizhToPlouzane)", token: APIFixtures.kerbratToken)
            let unknown = try await client.get("/v1/invoices/inv_UNKNOWN", token: APIFixtures.kerbratToken)
            #expect(foreign.status == .notFound && unknown.status == .notFound)
            #expect(foreign.errorCode == "invoice-not-found" && unknown.errorCode == "invoice-not-found")
            // Filters cannot widen a scope.
            let widened = try await client.get("/v1/invoices?supplier=breizh-numerique", token: APIFixtures.kerbratToken)
            #expect(widened.listedIDs == [])
            let byBuyer = try await client.get("/v1/invoices?buyer=22290001100016", token: APIFixtures.plouzaneToken)
            #expect(byBuyer.listedIDs == [])
            let operatorFiltered = try await client.get("/v1/invoices?supplier=breizh-numerique", token: APIFixtures.operatorToken)
            #expect(operatorFiltered.listedIDs == [w.breizhToPlouzane])
        }
    }

    @Test("only suppliers deposit, and only for themselves", arguments: StoreKind.available)
    func depositRoles(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let body = try APIFixtures.kerbratInvoice(number: "ROLE-1")
            for token in [APIFixtures.plouzaneToken, APIFixtures.operatorToken] {
                let response = try await client.post(token: token, body: body)
                #expect(response.status == .forbidden && response.errorCode == "forbidden")
            }
            let notHis = try await client.post(token: APIFixtures.breizhToken, body: body)
            #expect(notHis.status == .forbidden && notHis.errorCode == "forbidden")
            #expect(try await client.get("/v1/invoices", token: APIFixtures.operatorToken).listedIDs == [])
        }
    }

    @Test("a missing, malformed, unknown or wrongly typed token is 401 with a challenge", arguments: StoreKind.available)
    func authentication(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let attempts: [HTTPFields] = [
                [:], [.authorization: "Bearer"], [.authorization: "Basic aGVybWluZTpzZWNyZXQ="],
                [.authorization: "Bearer hmn_not_a_token"], [.authorization: "Bearer " + String(repeating: "x", count: 5000)],
                [.authorization: "hmn_demo_operator"],
            ]
            for headers in attempts {
                for path in ["/v1/invoices", "/v1/invoices/inv_X", "/v1/invoices/inv_X/document"] {
                    let response = try await client.client.execute(uri: path, method: .get, headers: headers)
                    #expect(response.status == .unauthorized, "\(headers) on \(path)")
                    #expect(response.errorCode == "unauthenticated")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
                let deposit = try await client.client.execute(uri: "/v1/invoices", method: .post, headers: headers)
                #expect(deposit.status == .unauthorized)
            }
            // The open endpoints need no token.
            #expect(try await client.get("/health", token: nil).status == .ok)
            #expect(try await client.get("/openapi.json", token: nil).status == .ok)
        }
    }

    @Test("status changes: each role sets its own statuses, the lifecycle orders them", arguments: StoreKind.available)
    func statusChanges(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let w = try await world(hub, client)
            func change(_ id: String, _ status: String, _ token: String) async throws -> (Int, String?) {
                let response = try await client.post(
                    "/v1/invoices/\(id)/status", token: token, body: Data(#"{"status": \#(status), "reason": "test"}"#.utf8),
                    contentType: "application/json")
                return (response.status.code, response.errorCode)
            }
            let id = w.kerbratToPlouzane
            // The buyer cannot take in charge what has not been made available.
            #expect(try await change(id, #""in-process""#, APIFixtures.plouzaneToken) == (409, "transition-not-allowed"))
            // A supplier may not approve its own invoice; a foreign buyer does not see it.
            #expect(try await change(id, "205", APIFixtures.kerbratToken) == (403, "transition-forbidden"))
            #expect(try await change(id, #""made-available""#, w.finistereToken) == (403, "transition-forbidden"))
            #expect(try await change(id, #""approved""#, w.finistereToken) == (404, "invoice-not-found"))
            // The operator (for the portal) makes it available; the buyer approves; the supplier is paid.
            #expect(try await change(id, "203", APIFixtures.operatorToken).0 == 200)
            #expect(try await change(id, #""approved""#, APIFixtures.plouzaneToken).0 == 200)
            #expect(try await change(id, #""paid""#, APIFixtures.kerbratToken).0 == 200)
            let events = try await client.get("/v1/invoices/\(id)/events", token: APIFixtures.kerbratToken).object()
            let codes = (events["events"] as? [[String: Any]] ?? []).compactMap { ($0["to"] as? [String: Any])?["code"] as? Int }
            #expect(codes == [200, 203, 205, 212])
            let detail = try await client.get("/v1/invoices/\(id)", token: APIFixtures.plouzaneToken).object()
            #expect((detail["status"] as? [String: Any])?["slug"] as? String == "paid")
            // Bad bodies.
            #expect(try await change(id, #""nonsense""#, APIFixtures.operatorToken) == (400, "unknown-status"))
            let notJSON = try await client.post(
                "/v1/invoices/\(id)/status", token: APIFixtures.operatorToken, body: Data("status=paid".utf8),
                contentType: "application/x-www-form-urlencoded")
            #expect(notJSON.status == .unsupportedMediaType)
            let brokenJSON = try await client.post(
                "/v1/invoices/\(id)/status", token: APIFixtures.operatorToken, body: Data("{".utf8),
                contentType: "application/json")
            #expect(brokenJSON.status == .badRequest && brokenJSON.errorCode == "invalid-body")
        }
    }
}
