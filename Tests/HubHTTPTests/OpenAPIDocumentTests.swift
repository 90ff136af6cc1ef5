import InvoiceRules
import HubSQLite
import Hub
import Foundation
import HTTPTypes
import HummingbirdTesting
import HubTestSupport
import Testing

@testable import HubHTTP

/// The OpenAPI document in the repository describes the routes the hub serves, and is what it serves.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static var document: [String: Any] {
        let data = (try? Data(contentsOf: APIFixtures.root.appendingPathComponent("api/openapi.json"))) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Every route of the API, as `METHOD /path/{id}`.
    static let served = Set(APIRoutes.all.flatMap { route in route.methods.map { "\($0.rawValue) \(route.openAPIPath)" } })

    @Test("it is OpenAPI 3.1 and documents exactly the served routes")
    func routes() {
        #expect((Self.document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let paths = Self.document["paths"] as? [String: [String: Any]] ?? [:]
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where method != "parameters" { documented.insert("\(method.uppercased()) \(path)") }
        }
        #expect(documented == Self.served)
    }

    @Test("every error answer is described with the Error schema")
    func errors() {
        let paths = Self.document["paths"] as? [String: [String: Any]] ?? [:]
        for (path, operations) in paths {
            for (method, operation) in operations where method != "parameters" {
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                let protected = (operation as? [String: Any])?["security"] == nil
                if protected { #expect(responses["401"] != nil, "\(method) \(path) documents 401") }
                for (status, response) in responses where status.hasPrefix("4") || status.hasPrefix("5") {
                    let text = String(describing: response)
                    #expect(text.contains("Error") || text.contains("#/components/responses/"), "\(method) \(path) \(status)")
                }
            }
        }
    }

    @Test("every route is registered, and other methods on its path answer 405 with Allow", arguments: StoreKind.available)
    func registered(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            for route in APIRoutes.all {
                let path = "/" + route.segments.map { $0 == "*" ? "inv_X" : $0.hasPrefix("{") ? "X" : $0 }.joined(separator: "/")
                for method in route.methods {
                    let response = try await client.client.execute(
                        uri: path, method: method, headers: [.authorization: "Bearer \(APIFixtures.operatorToken)"])
                    #expect(!["not-found", "method-not-allowed"].contains(response.errorCode), "\(method) \(path)")
                }
                for method in [HTTPRequest.Method.put, .delete, .patch, .options] where !route.methods.contains(method) {
                    let response = try await client.client.execute(uri: path, method: method)
                    #expect(response.status == .methodNotAllowed && response.errorCode == "method-not-allowed", "\(method) \(path)")
                    #expect(response.headers[.allow]?.contains(route.methods[0].rawValue) == true)
                }
            }
        }
    }

    @Test("the hub serves this document at /openapi.json", arguments: StoreKind.available)
    func served(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let response = try await client.get("/openapi.json", token: nil)
            #expect(response.status == .ok)
            #expect(response.bytes == (try Data(contentsOf: APIFixtures.root.appendingPathComponent("api/openapi.json"))))
        }
    }
}
