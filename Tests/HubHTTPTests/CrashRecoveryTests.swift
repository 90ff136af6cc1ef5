import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import HubTestSupport
import Testing

/// Nothing answered is lost: clients deposit concurrently, the hub is killed with SIGKILL mid-stream,
/// and after a restart every invoice that got a 201 or 422 is there, whole.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    /// What a client was told.
    struct Answer: Sendable {
        let id: String
        let status: Int
        let sha256: String
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static func post(_ client: HTTPClient, port: Int, body: Data) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/invoices")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(APIFixtures.kerbratToken)")
        request.headers.add(name: "Content-Type", value: "application/xml")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 10 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    static func get(_ client: HTTPClient, port: Int, _ path: String) async throws -> (Int, Data, HTTPHeaders) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "Authorization", value: "Bearer \(APIFixtures.operatorToken)")
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 10 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView), response.headers)
    }

    @Test("SIGKILL mid-stream loses nothing that was answered", arguments: StoreKind.available)
    func killMidStream(_ kind: StoreKind) async throws {
        // Off Swift's shared pool, which the package's other tests keep busy (see `LiveHub.run`).
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) { try await killAndRestart(kind) }
    }

    func killAndRestart(_ kind: StoreKind) async throws {
        let database = try await kind.freshDatabase()
        let client = HTTPClient.shared

        // No delivery: this test is about intake; what the portal makes of the invoices is `EndToEndTests`'.
        let server = try HermineProcess(["--database", database, "--demo", "--delivery-workers", "0"])
        let port = server.port
        let clients = 8
        let answers = try await withThrowingTaskGroup(of: [Answer].self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var answers: [Answer] = []
                    for n in 0..<10_000 {
                        let number = "CRASH-\(worker)-\(n)"
                        let body =
                            n % 4 == 3
                            ? try APIFixtures.kerbratRejected(number: number) : try APIFixtures.kerbratInvoice(number: number)
                        guard let (status, object) = try? await Self.post(client, port: port, body: body) else { break }
                        #expect([201, 422].contains(status), "\(status) \(object)")
                        if let id = object["id"] as? String { answers.append(Answer(id: id, status: status, sha256: Self.sha256(body))) }
                    }
                    return answers
                }
            }
            group.addTask {
                // Let the clients get going, then pull the plug.
                try await Task.sleep(for: .seconds(3))
                server.kill()
                return []
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(answers.count > 20, "the clients deposited \(answers.count) invoices before the kill")
        #expect(answers.contains { $0.status == 422 })

        let restarted = try HermineProcess(["--database", database])
        let port2 = restarted.port
        for answer in answers {
            let (status, body, _) = try await Self.get(client, port: port2, "/v1/invoices/\(answer.id)")
            #expect(status == 200, "\(answer.id) after the restart")
            let invoice = try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
            let code = (invoice["status"] as? [String: Any])?["code"] as? Int
            #expect(code == (answer.status == 201 ? 200 : 213))
            let (documentStatus, bytes, _) = try await Self.get(client, port: port2, "/v1/invoices/\(answer.id)/document")
            #expect(documentStatus == 200 && Self.sha256(bytes) == answer.sha256)
        }
        // No half-written invoice: whatever is listed has its document and its first event.
        var cursor: String?
        var listed = 0
        repeat {
            let path = "/v1/invoices?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
            let (_, body, _) = try await Self.get(client, port: port2, path)
            let page = try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
            for invoice in page["invoices"] as? [[String: Any]] ?? [] {
                listed += 1
                let id = invoice["id"] as? String ?? ""
                let (_, bytes, _) = try await Self.get(client, port: port2, "/v1/invoices/\(id)/document")
                #expect(Self.sha256(bytes) == (invoice["document"] as? [String: Any])?["sha256"] as? String)
                let (_, events, _) = try await Self.get(client, port: port2, "/v1/invoices/\(id)/events")
                let list = (try JSONSerialization.jsonObject(with: events) as? [String: Any])?["events"] as? [Any]
                #expect(list?.isEmpty == false, "\(id) has its first event")
            }
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        #expect(listed >= answers.count)
        restarted.stop()

        let audit = try HermineProcess.run(["audit", "verify", "--database", database])
        #expect(audit.status == 0, "\(audit.output)")
    }
}
