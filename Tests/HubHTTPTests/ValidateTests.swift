import Foundation
import HTTPTypes
import HummingbirdTesting
import HubTestSupport
import Testing

/// `POST /v1/validate`: the report a deposit would get, with nothing stored.
@Suite("API validation as a service")
struct ValidateTests {
    @Test("a valid and an invalid invoice get their reports, for any role; nothing is stored; refusals are a deposit's", arguments: StoreKind.available)
    func validate(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            for token in [APIFixtures.kerbratToken, APIFixtures.plouzaneToken, APIFixtures.operatorToken] {
                let valid = try await client.post("/v1/validate", token: token, body: try APIFixtures.kerbratInvoice(number: "VAL-1"))
                #expect(valid.status == .ok)
                let report = try #require(try valid.object()["report"] as? [String: Any])
                #expect(report["valid"] as? Bool == true)
                #expect(report["ruleSet"] as? String == "EN 16931 + Chorus Pro")
            }
            let invalid = try await client.post("/v1/validate", token: APIFixtures.kerbratToken, body: try APIFixtures.kerbratRejected(number: "VAL-2"))
            #expect(invalid.status == .ok, "judged, not refused: the report says invalid")
            let report = try #require(try invalid.object()["report"] as? [String: Any])
            #expect(report["valid"] as? Bool == false)
            #expect((report["fatal"] as? [String])?.contains("BR-CO-10") == true, "\(report)")
            #expect(((report["findings"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["fr"] != nil)

            // Nothing stored: no invoice, and the same number may still be deposited.
            let list = try await client.get("/v1/invoices", token: APIFixtures.operatorToken).object()
            #expect((list["invoices"] as? [Any])?.isEmpty == true)
            #expect(try await client.post(token: APIFixtures.kerbratToken, body: try APIFixtures.kerbratInvoice(number: "VAL-1")).status == .created)

            let notAnInvoice = try await client.post("/v1/validate", token: APIFixtures.kerbratToken, body: Data("<Order/>".utf8))
            #expect(notAnInvoice.status == .unsupportedMediaType)
            #expect(try await client.post("/v1/validate", token: APIFixtures.kerbratToken, body: Data()).status == .badRequest)
            #expect(try await client.post("/v1/validate", token: nil, body: Data("<Invoice/>".utf8)).status == .unauthorized)
        }
    }
}
