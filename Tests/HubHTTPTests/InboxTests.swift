import Foundation
import HTTPTypes
import Hub
import HubTestSupport
import InvoiceIntake
import InvoiceModel
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// The channels' API: operators configure a buyer's channels; the buyer's software pulls its inbox and
/// acknowledges; the buyer's listing holds only what the hub accepted.
@Suite("Buyer channels over HTTP")
struct InboxTests {
    static let plouzane = "21290198700017"

    func json(_ client: HubClient, _ method: HTTPRequest.Method, _ path: String, token: String, _ body: Any?) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try body as? Data ?? JSONSerialization.data(withJSONObject: body))
        }
        return try await client.client.execute(uri: path, method: method, headers: headers, body: buffer)
    }

    @Test("a channel's configuration is checked: each mistake a clear 4xx, nothing stored", arguments: StoreKind.available)
    func configuration(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let path = "/v1/buyers/\(Self.plouzane)/channels"
            let cases: [(Any, Int, String)] = [
                (["kind": "push", "format": "ubl", "url": "ftp://127.0.0.1/x"], 422, "invalid-channel"),
                (["kind": "push", "format": "ubl", "url": "http://10.0.0.8/hook"], 422, "invalid-channel"),
                (["kind": "push", "format": "ubl"], 422, "invalid-channel"),
                (["kind": "push", "format": "pdf", "url": "http://127.0.0.1/x"], 422, "invalid-channel"),
                (["kind": "carrier-pigeon", "format": "ubl"], 422, "invalid-channel"),
                (["kind": "file-drop", "format": "cii", "folder": "/tmp"], 422, "invalid-channel"),
                (["kind": "pull", "format": "json", "url": "http://127.0.0.1/x"], 422, "invalid-channel"),
                (["kind": "pull", "format": "json", "trigger": "when-paid"], 422, "invalid-channel"),
                (["kind": "pull"], 400, "invalid-body"),
                (Data(#"{"kind": "pull", "format": "json", "url": null}"#.utf8), 400, "invalid-body"),
                (Data(#""not an object""#.utf8), 400, "invalid-body"),
            ]
            for (body, status, code) in cases {
                let response = try await json(client, .post, path, token: APIFixtures.operatorToken, body)
                #expect(response.status.code == status && response.errorCode == code, "\(body)")
            }
            let buyer = try await json(client, .post, path, token: APIFixtures.plouzaneToken, ["kind": "pull", "format": "json"])
            #expect(buyer.status == .forbidden)
            let badSIRET = try await json(client, .post, "/v1/buyers/2129/channels", token: APIFixtures.operatorToken, ["kind": "pull", "format": "json"])
            #expect(badSIRET.status == .badRequest && badSIRET.errorCode == "invalid-id")
            let listed = try await json(client, .get, path, token: APIFixtures.operatorToken, nil)
            #expect((try listed.object()["channels"] as? [Any])?.isEmpty == true)

            let created = try await json(
                client, .post, path, token: APIFixtures.operatorToken, ["kind": "push", "format": "ubl", "url": "http://127.0.0.1:9/hook"])
            #expect(created.status == .created)
            let object = try created.object()
            let id = try #require(object["id"] as? String)
            #expect((object["secret"] as? String)?.hasPrefix("whsec_") == true)
            let own = try await json(client, .get, path, token: APIFixtures.plouzaneToken, nil)
            let channels = try #require(try own.object()["channels"] as? [[String: Any]])
            #expect(channels.map { $0["id"] as? String } == [id])
            #expect(channels.first?["secret"] is NSNull || channels.first?["secret"] == nil, "a listing never shows a secret")
            let foreign = try await json(client, .get, "/v1/buyers/22290001100016/channels", token: APIFixtures.plouzaneToken, nil)
            #expect(foreign.status == .forbidden)
            let rotated = try await json(client, .post, "\(path)/\(id)/secret?graceSeconds=60", token: APIFixtures.operatorToken, nil)
            let newSecret = try rotated.object()["secret"] as? String
            #expect(rotated.status == .ok && newSecret != nil && newSecret != object["secret"] as? String)
            #expect(try await json(client, .delete, "\(path)/\(id)", token: APIFixtures.operatorToken, nil).status == .noContent)
            #expect(try await json(client, .delete, "\(path)/\(id)", token: APIFixtures.operatorToken, nil).status == .notFound)
        }
    }

    @Test("pull: polling with random page sizes and acknowledging gets each invoice exactly once", arguments: StoreKind.available)
    func pull(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let created = try await json(
                client, .post, "/v1/buyers/\(Self.plouzane)/channels", token: APIFixtures.operatorToken, ["kind": "pull", "format": "cii"])
            #expect(created.status == .created)
            var deposited: Set<String> = []
            for index in 0..<12 {
                let (status, id) = try await client.deposit(try APIFixtures.kerbratInvoice(number: "PULL-\(index)"))
                #expect(status == 201)
                deposited.insert(id)
            }
            // A rejected deposit: not the buyer's business, neither in its inbox nor in its listing.
            let (rejectedStatus, rejected) = try await client.deposit(try APIFixtures.kerbratRejected(number: "PULL-X"))
            #expect(rejectedStatus == 422)
            let listing = try await client.get("/v1/invoices?limit=100", token: APIFixtures.plouzaneToken)
            #expect(Set(listing.listedIDs) == deposited)
            #expect(try await client.get("/v1/invoices/\(rejected)", token: APIFixtures.plouzaneToken).status == .notFound)

            var random = SeededRandom(seed: 42)
            var taken: [String] = []
            // A first pass that reads without acknowledging: everything comes again.
            let peek = try await json(client, .get, "/v1/inbox?limit=5", token: APIFixtures.plouzaneToken, nil)
            let peeked = try #require(try peek.object()["items"] as? [[String: Any]])
            #expect(peeked.count == 5)
            for _ in 0..<50 {
                let limit = Int.random(in: 1...4, using: &random)
                let page = try await json(client, .get, "/v1/inbox?limit=\(limit)", token: APIFixtures.plouzaneToken, nil)
                #expect(page.status == .ok)
                let items = try #require(try page.object()["items"] as? [[String: Any]])
                if items.isEmpty { break }
                for item in items {
                    let document = try #require(Data(base64Encoded: item["document"] as? String ?? ""))
                    #expect(try HubFixtures.intake.read(document).number?.hasPrefix("PULL-") == true)
                    #expect(item["format"] as? String == "cii")
                    taken.append(item["invoiceId"] as? String ?? "")
                }
                // Sometimes the client dies before acknowledging: those come again.
                guard Int.random(in: 0..<4, using: &random) != 0 else {
                    taken.removeLast(items.count)
                    continue
                }
                let ids = items.compactMap { $0["deliveryId"] as? String }
                let ack = try await json(client, .post, "/v1/inbox/ack", token: APIFixtures.plouzaneToken, ["deliveries": ids])
                #expect(try ack.object()["acknowledged"] as? [String] == ids)
                let again = try await json(client, .post, "/v1/inbox/ack", token: APIFixtures.plouzaneToken, ["deliveries": ids])
                #expect((try again.object()["acknowledged"] as? [String])?.isEmpty == true, "acknowledged once")
            }
            #expect(taken.count == deposited.count)
            #expect(Set(taken) == deposited, "every invoice, once")
            let empty = try await json(client, .get, "/v1/inbox", token: APIFixtures.plouzaneToken, nil)
            #expect((try empty.object()["items"] as? [Any])?.isEmpty == true)
            let supplier = try await json(client, .get, "/v1/inbox", token: APIFixtures.kerbratToken, nil)
            #expect(supplier.status == .forbidden)
        }
    }

    @Test("webhook subscriptions: a supplier's own, checked, listed without secrets, rotated and deleted", arguments: StoreKind.available)
    func subscriptions(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let token = APIFixtures.kerbratToken
            for (body, status) in [(["url": "http://10.1.2.3/hook"], 422), (["url": "file:///etc/passwd"], 422), (["url": "nowhere"], 422)] {
                let response = try await json(client, .post, "/v1/subscriptions", token: token, body)
                #expect(response.status.code == status && response.errorCode == "invalid-subscription", "\(body)")
            }
            #expect(try await json(client, .post, "/v1/subscriptions", token: APIFixtures.plouzaneToken, ["url": "http://127.0.0.1:9/h"]).status == .forbidden)
            let created = try await json(client, .post, "/v1/subscriptions", token: token, ["url": "http://127.0.0.1:9/hook"])
            #expect(created.status == .created)
            let id = try #require(try created.object()["id"] as? String)
            let secret = try created.object()["secret"] as? String
            #expect(secret?.hasPrefix("whsec_") == true)
            let listed = try #require(try await json(client, .get, "/v1/subscriptions", token: token, nil).object()["subscriptions"] as? [[String: Any]])
            #expect(listed.map { $0["id"] as? String } == [id])
            #expect(listed.first?["secret"] is NSNull || listed.first?["secret"] == nil)
            let other = try await json(client, .get, "/v1/subscriptions", token: APIFixtures.breizhToken, nil)
            #expect((try other.object()["subscriptions"] as? [Any])?.isEmpty == true, "another supplier sees none of them")
            #expect(try await json(client, .delete, "/v1/subscriptions/\(id)", token: APIFixtures.breizhToken, nil).status == .notFound)
            let rotated = try await json(client, .post, "/v1/subscriptions/\(id)/secret", token: token, nil)
            let newSecret = try rotated.object()["secret"] as? String
            #expect(rotated.status == .ok && newSecret != nil && newSecret != secret)
            #expect(try await json(client, .delete, "/v1/subscriptions/\(id)", token: token, nil).status == .noContent)
            #expect(try await json(client, .delete, "/v1/subscriptions/\(id)", token: token, nil).status == .notFound)
        }
    }

    @Test("alert settings: an organisation's own, defaults by kind, addresses checked", arguments: StoreKind.available)
    func alertSettings(_ kind: StoreKind) async throws {
        let hub = try await LiveHub(kind)
        try await hub.run { client in
            let initial = try await json(client, .get, "/v1/alerts", token: APIFixtures.kerbratToken, nil).object()
            #expect((initial["addresses"] as? [Any])?.isEmpty == true)
            #expect(((initial["statuses"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? Int } == [203, 207, 212, 213])
            let bad = try await json(client, .put, "/v1/alerts", token: APIFixtures.kerbratToken, ["addresses": ["compta@kerbrat.example", "not an address\r\nBcc: x@y.z"]])
            #expect(bad.status.code == 422 && bad.errorCode == "invalid-alerts")
            let null = try await json(client, .put, "/v1/alerts", token: APIFixtures.kerbratToken, Data(#"{"addresses": [], "language": null}"#.utf8))
            #expect(null.status == .badRequest && null.errorCode == "invalid-body", "null is no language")
            let extra = try await json(client, .put, "/v1/alerts", token: APIFixtures.kerbratToken, Data(#"{"addresses": [], "note": null}"#.utf8))
            #expect(extra.status == .ok, "a field the hub does not read is ignored, null or not")
            let unknown = try await json(client, .put, "/v1/alerts", token: APIFixtures.kerbratToken, ["addresses": ["a@b.example"], "statuses": ["lost"]])
            #expect(unknown.status.code == 422)
            let saved = try await json(
                client, .put, "/v1/alerts", token: APIFixtures.plouzaneToken,
                ["addresses": ["factures@plouzane.example"], "statuses": ["203", "paid"], "language": "en"])
            #expect(saved.status == .ok)
            let read = try await json(client, .get, "/v1/alerts", token: APIFixtures.plouzaneToken, nil).object()
            #expect(read["addresses"] as? [String] == ["factures@plouzane.example"])
            #expect(read["language"] as? String == "en")
            #expect(((read["statuses"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? Int } == [203, 212])
            #expect(try await json(client, .get, "/v1/alerts", token: APIFixtures.operatorToken, nil).status == .forbidden)
        }
    }
}
