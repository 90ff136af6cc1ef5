import Foundation
import NIOHTTP1
import PortalSimulator
import PortalTestSupport
import Testing

/// `deposer/flux`: the answer's shape, and the request checks made before anything is recorded.
@Suite("Portal simulator: deposits")
struct DepositTests {
    @Test("a deposit answers its flow number and date at once, keys in Chorus Pro's order, the flow waiting")
    func depositShape() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let answer = try await client.deposit(try PortalFixtures.kerbratInvoice(), name: "FA-2026-0142.xml")
            #expect(answer.status == 200)
            let text = answer.text
            #expect(text.hasPrefix(#"{"codeRetour":0,"libelle":"TRA_MSG_00.000","numeroFluxDepot":"CPP"#))
            #expect(text.hasSuffix(#"","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}"#))
            let number = try #require(answer.json["numeroFluxDepot"] as? String)
            #expect(number.wholeMatch(of: /CPP[0-9]{22}/) != nil)
            let date = try #require(answer.json["dateDepot"] as? String)
            #expect(date.wholeMatch(of: /20[0-9]{2}-[01][0-9]-[0-3][0-9]/) != nil)

            let second = try await client.depositFlow(try PortalFixtures.kerbratInvoice(number: "FA-2026-0900"))
            #expect(second > number)
            #expect(try await client.stats()["flows"] == 2)
        }
    }

    @Test(
        "a malformed deposit is 400 with its codeRetour, and nothing is recorded",
        arguments: [
            (#"{"nomFichier":"a.xml","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}"#, 20001),
            (#"{"fichierFlux":"***not base64***","nomFichier":"a.xml","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}"#, 20002),
            (#"{"fichierFlux":"PEludm9pY2UvPg==","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}"#, 20001),
            (#"{"fichierFlux":"PEludm9pY2UvPg==","nomFichier":"no-extension","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}"#, 20002),
            (#"{"fichierFlux":"PEludm9pY2UvPg==","nomFichier":"a.xml"}"#, 20001),
            (#"{"fichierFlux":"PEludm9pY2UvPg==","nomFichier":"a.xml","syntaxeFlux":"IN_DP_E1_UBL_201"}"#, 20002),
            (#"{"fichierFlux":"PEludm9pY2UvPg==","nomFichier":"a.xml","syntaxeFlux":42}"#, 20005),
            (#"not json"#, 20005),
        ])
    func malformed(body: String, code: Int) async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let answer = try await client.cpro("factures/v1/deposer/flux", body: Data(body.utf8))
            #expect(answer.status == 400)
            #expect(answer.codeRetour == code)
            #expect((answer.json["libelle"] as? String)?.isEmpty == false)
            #expect(try await client.stats()["flows"] == 0)
        }
    }

    @Test("a flow over the size limit is refused with 20003")
    func tooLarge() async throws {
        var configuration = RunningSimulator.configuration()
        configuration.maximumFlowSize = 4096
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            let answer = try await client.deposit(Data(repeating: 0x41, count: 5000))
            #expect(answer.status == 413)
            #expect(answer.codeRetour == 20003)
            #expect(try await client.stats()["flows"] == 0)
        }
    }

    @Test("an unknown flow's report is 400 with codeRetour 20004; an unknown route 404 in the same shape")
    func unknownFlow() async throws {
        try await RunningSimulator.with { running in
            let client = SimulatorClient(running)
            let answer = try await client.report("CPP0000000000000000099999")
            #expect(answer.status == 400)
            #expect(answer.codeRetour == 20004)
            let missing = try await client.cpro("transverses/v1/consulterCRDetaille", [:])
            #expect(missing.codeRetour == 20001)
            let route = try await client.send(.GET, "/cpro/nothing")
            #expect(route.status == 404)
            #expect(route.codeRetour == 404)
        }
    }
}
