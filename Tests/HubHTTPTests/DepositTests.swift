import InvoiceIntake
import InvoiceRules
import HubSQLite
import HubHTTP
import Hub
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import HubTestSupport
import Testing

/// `POST /v1/invoices` and the reads of what it stored.
@Suite("API deposits")
struct DepositTests {
    func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test("a valid invoice is 201, stored with status 200, its bytes kept as sent", arguments: StoreKind.available)
    func accepted(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let body = try APIFixtures.kerbratInvoice(number: "DEP-1")
            let response = try await client.post(token: APIFixtures.kerbratToken, body: body)
            #expect(response.status == .created)
            let invoice = try response.object()
            let id = try #require(invoice["id"] as? String)
            #expect(response.headers[.location] == "/v1/invoices/\(id)")
            #expect((invoice["status"] as? [String: Any])?["code"] as? Int == 200)
            #expect((invoice["report"] as? [String: Any])?["valid"] as? Bool == true)
            #expect((invoice["document"] as? [String: Any])?["sha256"] as? String == sha256(body))
            #expect(invoice["number"] as? String == "DEP-1")

            let document = try await client.get("/v1/invoices/\(id)/document", token: APIFixtures.kerbratToken)
            #expect(document.bytes == body)
            #expect(document.headers[.contentType] == "application/xml")
            #expect(document.headers[HTTPField.Name("Content-SHA256")!] == sha256(body))

            let events = try await client.get("/v1/invoices/\(id)/events", token: APIFixtures.kerbratToken).object()
            let list = try #require(events["events"] as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["actor"] as? String == "supplier:atelier-kerbrat")

            let ubl = try await client.get("/v1/invoices/\(id)/normalised?format=ubl", token: APIFixtures.kerbratToken)
            let cii = try await client.get("/v1/invoices/\(id)/normalised?format=cii", token: APIFixtures.kerbratToken)
            let json = try await client.get("/v1/invoices/\(id)/normalised", token: APIFixtures.kerbratToken)
            #expect(ubl.status == .ok && cii.status == .ok && json.status == .ok)
            // What the hub writes out is itself a valid invoice carrying the same number.
            #expect(try HubFixtures.intake.validate(xml: ubl.bytes).valid)
            #expect(try HubFixtures.intake.validate(xml: cii.bytes).valid)
            #expect(String(decoding: cii.bytes, as: UTF8.self).contains("DEP-1"))
            #expect(String(decoding: json.bytes, as: UTF8.self).contains("DEP-1"))
            let badFormat = try await client.get("/v1/invoices/\(id)/normalised?format=pdf", token: APIFixtures.kerbratToken)
            #expect(badFormat.status == .badRequest)
        }
    }

    @Test("a normalised download says what its syntax cannot carry instead of writing it invalid", arguments: StoreKind.available)
    func normalisedNotes(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            // A credit note correcting two invoices: CII D16B holds one preceding invoice reference.
            let body = try HubFixtures.edited(HubFixtures.kerbratCreditNote, [(
                "  </cac:BillingReference>\n",
                "  </cac:BillingReference>\n  <cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n"
                    + "      <cbc:ID>FA-2026-0101</cbc:ID>\n    </cac:InvoiceDocumentReference>\n  </cac:BillingReference>\n"
            )])
            let response = try await client.post(token: APIFixtures.kerbratToken, body: body)
            #expect(response.status == .created)
            let id = try #require(try response.object()["id"] as? String)
            let cii = try await client.get("/v1/invoices/\(id)/normalised?format=cii", token: APIFixtures.kerbratToken)
            #expect(cii.status == .ok)
            let notes = try #require(cii.headers[HTTPField.Name("Hermine-Conversion-Notes")!])
            #expect(notes.contains("BG-3") && notes.contains("1 of 2 left out"))
            #expect(try HubFixtures.intake.validate(xml: cii.bytes).valid)
            let ubl = try await client.get("/v1/invoices/\(id)/normalised?format=ubl", token: APIFixtures.kerbratToken)
            #expect(ubl.status == .ok && ubl.headers[HTTPField.Name("Hermine-Conversion-Notes")!] == nil)
            #expect(try HubFixtures.intake.validate(xml: ubl.bytes).valid)
        }
    }

    @Test("a CII invoice and a multipart upload are deposits too", arguments: StoreKind.available)
    func otherShapes(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let cii = try await client.post(token: APIFixtures.breizhToken, body: APIFixtures.breizhInvoice(), contentType: nil)
            #expect(cii.status == .created)
            #expect(try cii.object()["syntax"] as? String == "cii")

            let invoice = try APIFixtures.kerbratInvoice(number: "MULTI-1")
            var form = Data("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n".utf8)
            form += Data("--XyZ\r\nContent-Disposition: form-data; name=\"invoice\"; filename=\"f.xml\"\r\n".utf8)
            form += Data("Content-Type: application/xml\r\n\r\n".utf8) + invoice + Data("\r\n--XyZ--\r\n".utf8)
            let multipart = try await client.post(
                token: APIFixtures.kerbratToken, body: form, contentType: "multipart/form-data; boundary=XyZ")
            #expect(multipart.status == .created)
            #expect((try multipart.object()["document"] as? [String: Any])?["sha256"] as? String == sha256(invoice))
        }
    }

    @Test("a client that expects 100-continue is told to go on at once", arguments: StoreKind.available)
    func expectContinue(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let body = try APIFixtures.kerbratInvoice(number: "CONT-1")
            let connection = try RawHTTPConnection(port: client.port)
            let head = """
                POST /v1/invoices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(APIFixtures.kerbratToken)\r\n\
                Content-Type: application/xml\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n
                """
            #expect(connection.send(Data(head.utf8)))
            #expect(connection.readStatus() == 100)
            #expect(connection.send(body))
            #expect(connection.readStatus() == 201)
        }
    }

    @Test("an invalid invoice is 422 with its report, and recorded with status 213", arguments: StoreKind.available)
    func rejected(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let response = try await client.post(token: APIFixtures.kerbratToken, body: APIFixtures.kerbratRejected(number: "REJ-1"))
            #expect(response.status == .unprocessableContent)
            let invoice = try response.object()
            #expect((invoice["status"] as? [String: Any])?["code"] as? Int == 213)
            let report = try #require(invoice["report"] as? [String: Any])
            #expect(report["valid"] as? Bool == false)
            #expect((report["fatal"] as? [String])?.isEmpty == false)
            let findings = try #require(report["findings"] as? [[String: Any]])
            let message = try #require(findings.first?["message"] as? [String: String])
            #expect(message["fr"]?.isEmpty == false && message["en"]?.isEmpty == false)
            let id = try #require(invoice["id"] as? String)
            let listed = try await client.get("/v1/invoices?status=rejected", token: APIFixtures.kerbratToken)
            #expect(listed.listedIDs == [id])
            // A corrected invoice under the same number is welcome.
            let corrected = try await client.post(token: APIFixtures.kerbratToken, body: APIFixtures.kerbratInvoice(number: "REJ-1"))
            #expect(corrected.status == .created)
        }
    }

    @Test("a duplicate is 409 pointing at the original", arguments: StoreKind.available)
    func duplicate(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let first = try await client.deposit(APIFixtures.kerbratInvoice(number: "DUP-1"))
            // Other bytes (a comment), same seller, number and year.
            var again = try APIFixtures.kerbratInvoice(number: "DUP-1")
            again.append(Data("<!-- sent twice -->".utf8))
            let response = try await client.post(token: APIFixtures.kerbratToken, body: again)
            #expect(response.status == .conflict && response.errorCode == "duplicate")
            #expect((try response.object()["error"] as? [String: Any])?["original"] as? String == first.id)
            #expect(response.headers[.location] == "/v1/invoices/\(first.id)")
        }
    }

    @Test("an Idempotency-Key replays the first answer; reused for another body it is refused", arguments: StoreKind.available)
    func idempotency(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let body = try APIFixtures.kerbratInvoice(number: "IDEM-1")
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "order-77-attempt"]
            let first = try await client.post(token: APIFixtures.kerbratToken, body: body, headers: key)
            let retry = try await client.post(token: APIFixtures.kerbratToken, body: body, headers: key)
            #expect(first.status == .created && retry.status == .created)
            #expect(try first.object()["id"] as? String == retry.object()["id"] as? String)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let other = try await client.post(
                token: APIFixtures.kerbratToken, body: APIFixtures.kerbratInvoice(number: "IDEM-2"), headers: key)
            #expect(other.status == .unprocessableContent && other.errorCode == "idempotency-key-reused")
            // Keys are per supplier: another supplier's same key is its own.
            let breizh = try await client.post(
                token: APIFixtures.breizhToken, body: APIFixtures.breizhInvoice(), headers: key)
            #expect(breizh.status == .created)
            #expect(try await client.get("/v1/invoices", token: APIFixtures.operatorToken).listedIDs.count == 2)
        }
    }

    @Test("listing filters and pages", arguments: StoreKind.available)
    func listing(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            var ids: [String] = []
            for n in 1...5 { ids.append(try await client.deposit(APIFixtures.kerbratInvoice(number: "PAGE-\(n)")).id) }
            _ = try await client.deposit(APIFixtures.kerbratRejected(number: "PAGE-R"))
            var seen: [String] = []
            var path = "/v1/invoices?status=200&limit=2"
            while true {
                let page = try await client.get(path, token: APIFixtures.kerbratToken)
                #expect(page.status == .ok)
                seen += page.listedIDs
                guard let cursor = try page.object()["nextCursor"] as? String else { break }
                path = "/v1/invoices?status=200&limit=2&cursor=\(cursor)"
            }
            #expect(seen == ids.reversed())
            let byNumber = try await client.get("/v1/invoices?number=PAGE-3", token: APIFixtures.kerbratToken)
            #expect(byNumber.listedIDs == [ids[2]])
            let byDate = try await client.get(
                "/v1/invoices?issuedFrom=2026-11-02&issuedTo=2026-11-02&seller=35260017500017", token: APIFixtures.kerbratToken)
            #expect(byDate.listedIDs.count == 6)
            let before = try await client.get("/v1/invoices?issuedTo=2026-11-01", token: APIFixtures.kerbratToken)
            #expect(before.listedIDs == [])
            // A range that ends before it starts matches nothing (it is not an error).
            let inverted = try await client.get(
                "/v1/invoices?issuedFrom=2026-12-01&issuedTo=2026-01-01", token: APIFixtures.kerbratToken)
            #expect(inverted.status == .ok && inverted.listedIDs == [])
        }
    }
}
