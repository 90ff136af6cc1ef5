import AsyncHTTPClient
import Foundation
import HubTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// Several hub nodes share one PostgreSQL database: two `hermine serve` processes take deposits and status
/// changes at once, racing on the same invoice numbers and the same invoices.
@Suite("Two hub nodes", .serialized)
struct MultiNodeTests {
    static func call(
        _ method: HTTPMethod, port: Int, _ path: String, token: String, body: Data? = nil, type: String = "application/xml"
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: type)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 10 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    @Test("deposits and status changes through two nodes at once: each number stored once, every chain whole")
    func twoNodes() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) { try await run() }
    }

    func run() async throws {
        let database = try await StoreKind.postgres.freshDatabase()
        // No delivery: the statuses below are moved by hand.
        let first = try HermineProcess(["--database", database, "--demo", "--audit-checkpoint-ms", "200", "--delivery-workers", "0"])
        let second = try HermineProcess(["--database", database, "--audit-checkpoint-ms", "200"])
        let ports = [first.port, second.port]
        let numbers = 40
        // Four clients, two per node, each depositing every number: each number is sent four times, to both nodes.
        let answers = try await withThrowingTaskGroup(of: [(number: Int, status: Int, id: String?)].self) { group in
            for client in 0..<4 {
                group.addTask {
                    var answers: [(Int, Int, String?)] = []
                    for number in 0..<numbers {
                        // Other bytes each time (the due date), the same supplier, number and year.
                        let body = try HubFixtures.edited(
                            HubFixtures.kerbratInvoice,
                            [
                                ("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>NODES-\(number)</cbc:ID>"),
                                ("<cbc:DueDate>2026-12-02", "<cbc:DueDate>2026-12-1\(client)"),
                            ])
                        let (status, object) = try await Self.call(
                            .POST, port: ports[client % 2], "/v1/invoices", token: APIFixtures.kerbratToken, body: body)
                        answers.append((number, status, object["id"] as? String))
                    }
                    return answers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        for number in 0..<numbers {
            let statuses = answers.filter { $0.number == number }.map(\.status).sorted()
            #expect(statuses == [201, 409, 409, 409], "NODES-\(number): \(statuses)")
        }
        let accepted = answers.filter { $0.status == 201 }.compactMap(\.id)
        #expect(accepted.count == numbers)

        // Each invoice moved to 201 through both nodes at once: one succeeds, the other finds it moved.
        let moves = try await withThrowingTaskGroup(of: Int.self) { group in
            for id in accepted {
                for port in ports {
                    group.addTask {
                        let body = Data(#"{"status": "issued", "reason": "sent"}"#.utf8)
                        return try await Self.call(
                            .POST, port: port, "/v1/invoices/\(id)/status", token: APIFixtures.operatorToken, body: body,
                            type: "application/json"
                        ).0
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(moves.count { $0 == 200 } == numbers, "\(moves)")
        #expect(moves.count { $0 == 409 } == numbers)

        let (_, page) = try await Self.call(.GET, port: second.port, "/v1/invoices?limit=500", token: APIFixtures.operatorToken)
        let listed = (page["invoices"] as? [[String: Any]]) ?? []
        #expect(listed.count == numbers)
        #expect(Set(listed.compactMap { $0["number"] as? String }).count == numbers)
        first.stop()
        second.stop()
        let audit = try HermineProcess.run(["audit", "verify", "--database", database])
        #expect(audit.status == 0, "\(audit.output)")
        #expect(audit.output.contains("\(numbers * 2) events of \(numbers) invoices"), "\(audit.output)")
    }
}
