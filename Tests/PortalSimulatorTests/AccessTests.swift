import Foundation
import NIOHTTP1
import PortalSimulator
import PortalTestSupport
import Testing

/// PISTE's token endpoint and the checks on every `/cpro/…` call.
@Suite("Portal simulator: tokens and accounts")
struct AccessTests {
    @Test("the token endpoint answers a bearer token, in RFC 6749's shape, for the demo client")
    func tokenShape() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let answer = try await client.tokenRequest(
                "grant_type=client_credentials&client_id=hermine-demo&client_secret=hermine-demo-secret&scope=openid")
            #expect(answer.status == 200)
            #expect(answer.text.hasPrefix(#"{"access_token":""#))
            #expect(answer.text.hasSuffix(#"","token_type":"Bearer","expires_in":3600,"scope":"openid"}"#))
            #expect((answer.json["access_token"] as? String)?.count ?? 0 >= 40)
            // HTTP Basic is the other way RFC 6749 lets a client authenticate.
            let basic = Data("hermine-demo:hermine-demo-secret".utf8).base64EncodedString()
            let viaBasic = try await client.tokenRequest("grant_type=client_credentials", headers: [("Authorization", "Basic \(basic)")])
            #expect(viaBasic.status == 200)
            #expect(viaBasic.json["scope"] as? String == "openid")
            #expect(running.simulator.tokensIssued == 2)
        }
    }

    @Test("a wrong secret is 401 invalid_client, another grant 400 unsupported_grant_type; no token issued")
    func tokenRefusals() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let wrong = try await client.tokenRequest("grant_type=client_credentials&client_id=hermine-demo&client_secret=nope")
            #expect(wrong.status == 401)
            #expect(wrong.json["error"] as? String == "invalid_client")
            let password = try await client.tokenRequest("grant_type=password&client_id=hermine-demo&client_secret=hermine-demo-secret")
            #expect(password.status == 400)
            #expect(password.json["error"] as? String == "unsupported_grant_type")
            #expect(running.simulator.tokensIssued == 0)
        }
    }

    @Test("a /cpro call without a token, or with one the portal never issued, is 401 with codeRetour")
    func noToken() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let none = try await client.send(.POST, "/cpro/transverses/v1/consulterCRDetaille", body: Data("{}".utf8))
            #expect(none.status == 401)
            #expect(none.codeRetour == 401)
            #expect(none.headers.first(name: "www-authenticate")?.contains("Bearer") == true)
            let unknown = try await client.report("CPP0000000000000000000001", token: "forged")
            #expect(unknown.status == 401)
            #expect(unknown.headers.first(name: "www-authenticate") == #"Bearer error="invalid_token""#)
        }
    }

    @Test("a token is refused once its lifetime is over, and at once after expireTokens")
    func expiredToken() async throws {
        var configuration = RunningSimulator.configuration()
        configuration.tokenLifetime = .seconds(2)
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            let token = try await client.token()
            #expect(try await client.invoices(token: token).status == 200)
            try await Task.sleep(for: .milliseconds(2200))
            #expect(try await client.invoices(token: token).status == 401)

            let fresh = try await client.token()
            #expect(try await client.invoices(token: fresh).status == 200)
            let answer = try await client.faults(["expireTokens": true])
            #expect(answer.status == 200)
            #expect(try await client.invoices(token: fresh).status == 401)
        }
    }

    @Test("a missing or wrong cpro-account is 403, with a valid token")
    func wrongAccount() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let token = try await client.token()
            let missing = try await client.cpro("factures/v1/rechercher/fournisseur", [:], token: token, account: nil)
            #expect(missing.status == 403)
            #expect(missing.codeRetour == 403)
            let wrong = try await client.cpro(
                "factures/v1/rechercher/fournisseur", [:], token: token,
                account: Data("hermine-demo:wrong".utf8).base64EncodedString())
            #expect(wrong.status == 403)
            #expect(try await client.cpro("factures/v1/rechercher/fournisseur", [:], token: token).status == 200)
        }
    }
}
