import AsyncHTTPClient
import Foundation
import HTTPTypes
import HubTestSupport
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

/// Every kind of answer of the API, byte for byte against golden files (`Golden/`), with what varies from one
/// run to the next (ids, times, event hashes, cursors) blanked: the keys' order, the shapes and the values must
/// not change unnoticed, whatever the process or the store. `RECORD=1` re-records the files.
@Suite("API answers")
struct APIShapeTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The answer with what varies from run to run blanked.
    static func normalised(_ response: TestResponse) -> String {
        normalised(status: Int(response.status.code), body: response.bytes)
    }

    /// An answer's status and body with what varies from run to run blanked.
    static func normalised(status: Int, body: Data) -> String {
        var text = String(decoding: body, as: UTF8.self)
        let blanks: [(String, String)] = [
            (#"inv_[0-9A-HJKMNP-TV-Z]{26}"#, "inv_ID"),
            (#"dlv_[0-9A-HJKMNP-TV-Z]{26}"#, "dlv_ID"),
            (#"chn_[0-9A-HJKMNP-TV-Z]{26}"#, "chn_ID"),
            (#"sub_[0-9A-HJKMNP-TV-Z]{26}"#, "sub_ID"),
            (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#, "TIME"),
            (#""(previousHash|hash)":"[0-9a-f]{64}""#, #""$1":"HASH""#),
            (#""nextCursor":"c[0-9a-z]+""#, #""nextCursor":"CURSOR""#),
        ]
        for (pattern, replacement) in blanks {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return "HTTP \(status)\n\(text)\n"
    }

    /// Compares an answer with its golden file, or records it.
    static func check(_ name: String, _ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent("\(name).txt")
        let answer = normalised(response)
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(answer.utf8).write(to: file)
            return
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(answer == golden, "\(name) differs from Golden/\(name).txt (RECORD=1 re-records)", sourceLocation: sourceLocation)
    }

    @Test("each kind of answer has its recorded bytes, on every store", arguments: StoreKind.available)
    func answers(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let accepted = try await client.post(token: APIFixtures.kerbratToken, body: try APIFixtures.kerbratInvoice(number: "GOLD-1"))
            try Self.check("deposit-accepted", accepted)
            let id = try accepted.object()["id"] as? String ?? ""
            try Self.check(
                "deposit-rejected", try await client.post(token: APIFixtures.kerbratToken, body: try APIFixtures.kerbratRejected(number: "GOLD-2")))
            try Self.check(
                "deposit-duplicate", try await client.post(token: APIFixtures.kerbratToken, body: try APIFixtures.kerbratInvoice(number: "GOLD-1")))
            try Self.check(
                "deposit-not-an-invoice",
                try await client.post(token: APIFixtures.kerbratToken, body: Data("<Order xmlns=\"urn:x\"/>".utf8)))
            try Self.check("invoice", try await client.get("/v1/invoices/\(id)", token: APIFixtures.plouzaneToken))
            let change = Data(#"{"status": "issued", "reason": "sent to the portal"}"#.utf8)
            try Self.check(
                "status-change",
                try await client.post("/v1/invoices/\(id)/status", token: APIFixtures.operatorToken, body: change, contentType: "application/json"))
            try Self.check(
                "status-not-allowed",
                try await client.post("/v1/invoices/\(id)/status", token: APIFixtures.operatorToken, body: change, contentType: "application/json"))
            try Self.check("events", try await client.get("/v1/invoices/\(id)/events", token: APIFixtures.kerbratToken))
            try Self.check("list", try await client.get("/v1/invoices?limit=1", token: APIFixtures.kerbratToken))
            try Self.check("normalised-json", try await client.get("/v1/invoices/\(id)/normalised?format=json", token: APIFixtures.kerbratToken))
            try Self.check("error-unauthenticated", try await client.get("/v1/invoices", token: nil))
            try Self.check("error-not-found", try await client.get("/v1/invoices/inv_00000000000000000000000000", token: APIFixtures.kerbratToken))
            try Self.check("error-invalid-query", try await client.get("/v1/invoices?limit=0", token: APIFixtures.kerbratToken))
            try Self.check("error-method-not-allowed", try await client.get("/v1/invoices/\(id)/status", token: APIFixtures.kerbratToken))
        }
    }

    @Test("the same requests to two freshly started hub processes get the same bytes, ids and times apart")
    func twoProcesses() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) {
            var transcripts: [[String]] = []
            for _ in 0..<2 {
                let server = try HermineProcess([
                    "--database", try await StoreKind.sqlite.freshDatabase(), "--demo", "--delivery-workers", "0",
                ])
                defer { server.stop() }
                transcripts.append(try await Self.session(port: server.port))
            }
            #expect(transcripts[0].count == 7)
            for (first, second) in zip(transcripts[0], transcripts[1]) { #expect(first == second) }
        }
    }

    /// A deposit (accepted, rejected, duplicate), reads, a status change and errors, over HTTP; each answer
    /// normalised.
    static func session(port: Int) async throws -> [String] {
        var answers: [String] = []
        func call(_ method: HTTPMethod, _ path: String, token: String?, body: Data? = nil, type: String = "application/xml")
            async throws -> Data
        {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = method
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body {
                request.headers.add(name: "Content-Type", value: type)
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let bytes = Data(try await response.body.collect(upTo: 10 << 20).readableBytesView)
            answers.append(normalised(status: Int(response.status.code), body: bytes))
            return bytes
        }
        let kerbrat = APIFixtures.kerbratToken
        let accepted = try await call(.POST, "/v1/invoices", token: kerbrat, body: try APIFixtures.kerbratInvoice(number: "SAME-1"))
        let id = try #require((try JSONSerialization.jsonObject(with: accepted) as? [String: Any])?["id"] as? String)
        _ = try await call(.POST, "/v1/invoices", token: kerbrat, body: try APIFixtures.kerbratRejected(number: "SAME-2"))
        _ = try await call(.POST, "/v1/invoices", token: kerbrat, body: try APIFixtures.kerbratInvoice(number: "SAME-1"))
        let change = Data(#"{"status": "issued", "reason": "sent"}"#.utf8)
        _ = try await call(.POST, "/v1/invoices/\(id)/status", token: APIFixtures.operatorToken, body: change, type: "application/json")
        _ = try await call(.GET, "/v1/invoices/\(id)", token: APIFixtures.plouzaneToken)
        _ = try await call(.GET, "/v1/invoices/\(id)/events", token: kerbrat)
        _ = try await call(.GET, "/v1/invoices?colour=red", token: kerbrat)
        return answers
    }
}
