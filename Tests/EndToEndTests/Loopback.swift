import AsyncHTTPClient
import Foundation
import HubTestSupport
import NIOCore
import NIOHTTP1

/// The hub and the portal simulator as processes on loopback, and the calls the end-to-end tests make to them.
enum Loopback {
    /// The demo tenants' tokens.
    static let kerbrat = "hmn_demo_atelier_kerbrat"
    static let breizh = "hmn_demo_breizh_numerique"
    static let plouzane = "hmn_demo_commune_plouzane"
    static let operatorToken = "hmn_demo_operator"

    /// Quick retries and polls, and no budget to spend during a chaos run.
    static let hubSettings = [
        "HERMINE_DELIVERY_BASE_DELAY_MILLISECONDS": "50", "HERMINE_DELIVERY_MAX_DELAY_MILLISECONDS": "1000",
        "HERMINE_DELIVERY_SETTLE_MILLISECONDS": "1500", "HERMINE_DELIVERY_MAX_ATTEMPTS": "10000",
        // A 500 from the simulator is an unknown outcome the simulator did not record: sent again 20 s after, a
        // margin over the simulator's processing time (600 s by default, for a real portal).
        "HERMINE_DELIVERY_SETTLE_WINDOW_SECONDS": "20",
        "HERMINE_SYNC_FIRST_INTERVAL_MILLISECONDS": "200", "HERMINE_SYNC_MAX_INTERVAL_SECONDS": "1",
        "HERMINE_AUDIT_CHECKPOINT_MILLISECONDS": "200", "HERMINE_SYNC_WORKERS": "32",
    ]

    /// A folder of its own for one test's files, removed by the caller.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// `hermine portal-sim` on a free port, flows processed after 200 ms.
    static func simulator(_ database: String, _ flags: [String] = []) throws -> HermineProcess {
        try HermineProcess(
            command: ["portal-sim", "--port", "0", "--database", database, "--processing-delay-ms", "200", "--log-level", "warning"]
                + flags)
    }

    /// `hermine serve --demo` on a free port, sending to the portal at `portal`.
    static func hub(_ database: String, portal: URL, settings: [String: String] = hubSettings) throws -> HermineProcess {
        try HermineProcess(
            command: ["serve", "--port", "0", "--log-level", "warning", "--database", database, "--demo", "--portal-url", portal.absoluteString],
            environment: settings)
    }

    /// `hermine serve --demo` sending to the simulator `portal`.
    static func hub(_ database: String, portal: HermineProcess, settings: [String: String] = hubSettings) throws -> HermineProcess {
        try hub(database, portal: URL(string: "http://127.0.0.1:\(portal.port)")!, settings: settings)
    }

    /// One call; its status and body.
    static func call(
        _ method: HTTPMethod, _ port: Int, _ path: String, token: String? = nil, json: String? = nil, xml: Data? = nil,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        if let xml {
            request.headers.add(name: "Content-Type", value: "application/xml")
            request.body = .bytes(ByteBuffer(bytes: xml))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        return (Int(response.status.code), Data(try await response.body.collect(upTo: 20 << 20).readableBytesView))
    }

    /// A JSON object's fields (empty when it is not one).
    static func object(_ data: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }

    /// A GET's JSON object.
    static func get(_ port: Int, _ path: String, token: String = operatorToken) async throws -> [String: Any] {
        object(try await call(.GET, port, path, token: token).1)
    }

    /// The simulator's counts, the faults it injected under `faults.`.
    static func stats(_ portal: HermineProcess) async throws -> [String: Int] {
        let stats = try await get(portal.port, "/simulator/stats")
        var counts = stats.compactMapValues { $0 as? Int }
        for (name, count) in stats["faults"] as? [String: Any] ?? [:] { counts["faults." + name] = count as? Int }
        return counts
    }

    /// Every invoice the hub holds, as the operator lists them: id to status code.
    static func invoices(port: Int) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        var cursor: String?
        repeat {
            let page = try await get(port, "/v1/invoices?limit=500" + (cursor.map { "&cursor=\($0)" } ?? ""))
            for invoice in page["invoices"] as? [[String: Any]] ?? [] {
                result[invoice["id"] as? String ?? ""] = (invoice["status"] as? [String: Any])?["code"] as? Int
            }
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        return result
    }

    /// The deliveries in `state`, as operators list them (every page).
    static func deliveries(port: Int, state: String, token: String = operatorToken) async throws -> [[String: Any]] {
        var result: [[String: Any]] = []
        var cursor: String?
        repeat {
            let page = try await get(port, "/v1/deliveries?state=\(state)&limit=500" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
            result += page["deliveries"] as? [[String: Any]] ?? []
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        return result
    }

    /// An invoice's lifecycle events.
    static func events(port: Int, _ id: String, token: String = operatorToken) async throws -> [[String: Any]] {
        try await get(port, "/v1/invoices/\(id)/events", token: token)["events"] as? [[String: Any]] ?? []
    }

    /// Deposits an invoice as Atelier Kerbrat; its status and id.
    static func deposit(_ port: Int, _ body: Data) async throws -> (Int, String?) {
        let (status, answer) = try await call(.POST, port, "/v1/invoices", token: kerbrat, xml: body)
        return (status, object(answer)["id"] as? String)
    }

    /// Waits until `condition` holds, checking every 200 ms, for at most `seconds`; whether it held.
    static func eventually(within seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}
