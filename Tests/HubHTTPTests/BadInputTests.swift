import InvoiceRules
import HubSQLite
import HubHTTP
import Hub
import Foundation
import HTTPTypes
import HummingbirdTesting
import HubTestSupport
import Testing

/// What a careless or hostile client may send: each gets a clear 4xx with a JSON error, never a 5xx,
/// and nothing already stored is touched.
@Suite("API bad input")
struct BadInputTests {
    /// Expects an error answer with this status and code, in the API's JSON shape.
    func expectError(_ response: TestResponse, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        #expect(response.status.code == status, "\(String(decoding: response.bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        let error = try response.object()["error"] as? [String: Any]
        #expect(error?["code"] as? String == code, sourceLocation: sourceLocation)
        #expect((error?["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    }

    @Test("bodies that are not invoices", arguments: StoreKind.available)
    func bodies(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let token = APIFixtures.kerbratToken
            let stored = try await client.deposit(APIFixtures.kerbratInvoice(number: "KEEP-1"))
            let invoice = try APIFixtures.kerbratInvoice(number: "BAD-1")
            try expectError(try await client.post(token: token, body: Data()), 400, "empty")
            try expectError(try await client.post(token: token, body: invoice, contentType: "application/json"), 415, "unsupported-media-type")
            try expectError(try await client.post(token: token, body: invoice, contentType: "text/plain"), 415, "unsupported-media-type")
            try expectError(try await client.post(token: token, body: invoice, contentType: "application/pdf"), 415, "content-type-mismatch")
            try expectError(
                try await client.post(token: token, body: Data("%PDF-1.7\n".utf8), contentType: "application/xml"), 415,
                "content-type-mismatch")
            try expectError(try await client.post(token: token, body: Data("<Order xmlns=\"urn:x\"/>".utf8)), 415, "not-an-invoice")
            try expectError(try await client.post(token: token, body: Data("<Invoice><ID>1</Invoice>".utf8)), 400, "unreadable")
            try expectError(
                try await client.post(token: token, body: Data("%PDF-1.7\n garbage with no objects".utf8), contentType: "application/pdf"),
                400, "unreadable")
            let entity = """
                <?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice>&x;</Invoice>
                """
            try expectError(try await client.post(token: token, body: Data(entity.utf8)), 400, "unreadable")
            try expectError(
                try await client.post(
                    token: token, body: invoice, headers: [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 300)]),
                400, "invalid-idempotency-key")
            // Nothing of that was stored, and what was is intact.
            let listed = try await client.get("/v1/invoices", token: APIFixtures.operatorToken)
            #expect(listed.listedIDs == [stored.id])
        }
    }

    @Test("malformed multipart uploads", arguments: StoreKind.available)
    func multipart(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let token = APIFixtures.kerbratToken
            let invoice = try APIFixtures.kerbratInvoice(number: "MP-1")
            let part = Data("--B\r\nContent-Disposition: form-data; name=\"invoice\"; filename=\"i.xml\"\r\n\r\n".utf8) + invoice
            let cases: [(String, Data, String)] = [
                ("multipart/form-data", part + Data("\r\n--B--\r\n".utf8), "malformed-multipart"),
                ("multipart/form-data; boundary=B", part, "malformed-multipart"),
                ("multipart/form-data; boundary=B", Data("no boundary anywhere".utf8), "malformed-multipart"),
                ("multipart/form-data; boundary=B", Data("--B\r\nBroken-Header\r\n\r\nx\r\n--B--\r\n".utf8), "malformed-multipart"),
                // Bytes over 127 in a header name (a crash of multipart-kit's parser, found by schemathesis), with and without a colon.
                ("multipart/form-data; boundary=B", Data([UInt8]("--B\r\n".utf8) + [0xC3, 0xA9] + [UInt8]("x: y\r\n\r\nx\r\n--B--\r\n".utf8)), "malformed-multipart"),
                ("multipart/form-data; boundary=B", part + Data([UInt8]("\r\n--B\r\n".utf8) + [0xFF, 0x0D, 0x0A]), "malformed-multipart"),
                (
                    "multipart/form-data; boundary=B",
                    Data("--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--B--\r\n".utf8), "missing-file"
                ),
            ]
            for (contentType, body, code) in cases {
                try expectError(try await client.post(token: token, body: body, contentType: contentType), 400, code)
            }
        }
    }

    @Test("absurd query parameters", arguments: StoreKind.available, [
        "limit=0", "limit=501", "limit=-1", "limit=99999999999999999999999", "limit=abc", "limit=1&limit=2",
        "status=999", "status=deposited,nope", "issuedFrom=2026-13-45", "issuedFrom=yesterday",
        "status=", "status=200,", "cursor=zzz", "cursor=c0", "cursor=c" + String(repeating: "z", count: 40),
        "number=" + String(repeating: "9", count: 300), "seller=", "colour=red", "%ff=1",
    ])
    func queries(_ kind: StoreKind, _ query: String) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let response = try await client.get("/v1/invoices?\(query)", token: APIFixtures.operatorToken)
            try expectError(response, 400, "invalid-query")
        }
    }

    @Test("text filters are limited in characters (code points, as the OpenAPI maxLength), not bytes", arguments: StoreKind.available)
    func filterLengthInCharacters(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let twoHundred = String(repeating: "%E2%89%88", count: 200)  // "≈", three bytes each
            let accepted = try await client.get("/v1/invoices?seller=\(twoHundred)", token: APIFixtures.operatorToken)
            #expect(accepted.status == .ok)
            let refused = try await client.get("/v1/invoices?seller=\(twoHundred)%E2%89%88", token: APIFixtures.operatorToken)
            try expectError(refused, 400, "invalid-query")
        }
    }

    @Test("unknown routes and ids are 404 in the same JSON shape", arguments: StoreKind.available)
    func unknownRoutes(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            try expectError(try await client.get("/v2/invoices", token: APIFixtures.operatorToken), 404, "not-found")
            try expectError(
                try await client.get("/v1/invoices/" + String(repeating: "x", count: 3000), token: APIFixtures.operatorToken), 404,
                "invoice-not-found")
            try expectError(try await client.get("/v1/invoices/%00/events", token: APIFixtures.operatorToken), 404, "invoice-not-found")
        }
    }

    @Test("a body announced as 1 GB is refused before it is read", arguments: StoreKind.available)
    func announcedGigabyte(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let connection = try RawHTTPConnection(port: client.port)
            let head = """
                POST /v1/invoices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(APIFixtures.kerbratToken)\r\n\
                Content-Type: application/xml\r\nContent-Length: 1073741824\r\n\r\n
                """
            #expect(connection.send(Data(head.utf8) + Data(repeating: 0x20, count: 65_536)))
            #expect(connection.readStatus() == 413)
        }
    }

    @Test("a 130 MB XML body is refused with too-large before it is read (the default limit is 120 MB)", arguments: StoreKind.available)
    func body130MB(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        #expect(hub.configuration.maximumBodySize == 120_000_000)
        try await hub.run { client in
            let connection = try RawHTTPConnection(port: client.port)
            let head = """
                POST /v1/invoices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(APIFixtures.kerbratToken)\r\n\
                Content-Type: application/xml\r\nContent-Length: 130000000\r\n\r\n
                """
            // The head and the start of an invoice: the answer comes without the rest.
            #expect(connection.send(Data(head.utf8) + Data("<?xml version=\"1.0\"?><Invoice>".utf8) + Data(repeating: 0x20, count: 65_536)))
            let answer = connection.readAnswer()
            #expect(answer.status == 413)
            #expect(answer.text.contains("\"too-large\""), "\(answer.text)")
        }
    }

    @Test("a body that never ends is cut at the limit; memory stays bounded by it", arguments: StoreKind.available)
    func endlessBody(_ kind: StoreKind) async throws {
        let limit = 1_000_000
        let hub = try await LiveHub(kind, maximumBodySize: limit)
        try await hub.run { client in
            let connection = try RawHTTPConnection(port: client.port)
            let head = """
                POST /v1/invoices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(APIFixtures.kerbratToken)\r\n\
                Content-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n
                """
            #expect(connection.send(Data(head.utf8)))
            let chunk = Data("10000\r\n".utf8) + Data(repeating: 0x20, count: 0x10000) + Data("\r\n".utf8)
            var sent = 0
            // Up to 1 GB, until the hub answers.
            while sent < 1 << 30, !connection.hasAnswer {
                guard connection.send(chunk) else { break }
                sent += 0x10000
            }
            #expect(connection.readStatus() == 413)
            // The answer came long before the client could send 1 GB: the kernel's buffers and the limit.
            #expect(sent < 64 * limit)
        }
    }
}
