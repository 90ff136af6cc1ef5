import AsyncHTTPClient
import Foundation
import Hub
import HubTestSupport
import InvoiceIntake
import InvoiceModel
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// Every delivery channel at once, each party a process of its own on loopback: the hub, the portal simulator, the
/// buyer's push receiver and the supplier's webhook receiver (`hermine receiver`), an SMTP server (aiosmtpd), a
/// file-drop folder and a pull client; receivers failing a fifth of their requests and down for 30 s, the hub
/// killed once. Each invoice reaches each buyer channel exactly once, every event reaches the supplier in order.
@Suite("Delivery to buyers and suppliers", .serialized)
struct ChannelDeliveryTests {
    static let plouzane = "21290198700017"

    /// A free loopback port (for a receiver that must come back on the same one).
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The lines a receiver recorded.
    static func received(_ log: URL) -> [[String: Any]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func receiver(_ port: Int, log: URL) throws -> HermineProcess {
        try HermineProcess(command: ["receiver", "--port", String(port), "--log", log.path, "--fail-rate", "0.2"])
    }

    @Test("500 invoices to a push receiver, a file drop, a pull client, a supplier's webhook and e-mail, through failures, outages and a killed hub: each exactly once")
    func everyChannel() async throws {
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) { try await run() }
    }

    func run() async throws {
        let folder = try Loopback.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let drop = folder.appendingPathComponent("drop/plouzane")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("hub.sqlite").path
        let portal = try Loopback.simulator(folder.appendingPathComponent("portal.sqlite").path, ["--status-schedule", "0.3"])
        defer { portal.stop() }
        let (pushPort, hookPort) = (Self.freePort(), Self.freePort())
        let (pushLog, hookLog) = (folder.appendingPathComponent("push.jsonl"), folder.appendingPathComponent("hooks.jsonl"))
        let push = Locked(try Self.receiver(pushPort, log: pushLog))
        let hook = Locked(try Self.receiver(hookPort, log: hookLog))
        defer {
            push.value.stop()
            hook.value.stop()
        }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let settings = Loopback.hubSettings.merging([
            "HERMINE_CHANNELS_ALLOWED_HOSTS": "127.0.0.1", "HERMINE_CHANNELS_DROP_FOLDERS": folder.appendingPathComponent("drop").path,
            "HERMINE_MAIL_URL": "smtp://127.0.0.1:\(sink.port)", "HERMINE_MAIL_FROM": "alertes@hermine.example",
            "HERMINE_MAIL_USERNAME": "hermine", "HERMINE_MAIL_PASSWORD": sink.password, "HERMINE_MAIL_CA_FILE": sink.certificate,
            "HERMINE_MAIL_DIGEST_SECONDS": "2",
        ]) { _, new in new }
        let hub = Locked(try Loopback.hub(database, portal: portal, settings: settings))

        // The operators configure the buyer's channels; the supplier subscribes; both ask for e-mails.
        let channels = "/v1/buyers/\(Self.plouzane)/channels"
        for body in [
            #"{"kind": "push", "format": "ubl", "url": "http://127.0.0.1:\#(pushPort)/invoices"}"#,
            #"{"kind": "file-drop", "format": "cii", "trigger": "made-available", "folder": "\#(drop.path)"}"#,
        ] {
            let (status, answer) = try await Loopback.call(.POST, hub.value.port, channels, token: Loopback.operatorToken, json: body)
            #expect(status == 201, "\(String(decoding: answer, as: UTF8.self))")
        }
        let (_, pushAnswer) = try await Loopback.call(.GET, hub.value.port, channels, token: Loopback.operatorToken)
        // With the pull channel the demo gives the buyer (fixtures/channels.json, UBL).
        let configured = Loopback.object(pushAnswer)["channels"] as? [[String: Any]] ?? []
        #expect(configured.compactMap { $0["kind"] as? String }.sorted() == ["file-drop", "pull", "push"])
        let (subscribed, subscription) = try await Loopback.call(
            .POST, hub.value.port, "/v1/subscriptions", token: Loopback.kerbrat, json: #"{"url": "http://127.0.0.1:\#(hookPort)/events"}"#)
        #expect(subscribed == 201)
        let hookSecret = try #require(Loopback.object(subscription)["secret"] as? String)
        for (token, body) in [
            (Loopback.kerbrat, #"{"addresses": ["compta@kerbrat.example"], "statuses": ["203"], "language": "fr"}"#),
            (Loopback.plouzane, #"{"addresses": ["factures@plouzane.example"], "statuses": ["203"], "language": "en"}"#),
        ] {
            #expect(try await Loopback.call(.PUT, hub.value.port, "/v1/alerts", token: token, json: body).0 == 200)
        }

        // The buyer's software pulls with random page sizes and acknowledges, all along.
        let pulled = Locked<[String: String]>([:])
        let redelivered = Locked(0)
        let depositing = Locked(true)
        let puller = Task {
            var random = SeededRandom(seed: 7)
            var idle = 0
            while idle < 20 {
                let limit = Int.random(in: 1...20, using: &random)
                guard let (status, body) = try? await Loopback.call(.GET, hub.value.port, "/v1/inbox?limit=\(limit)", token: Loopback.plouzane),
                    status == 200
                else {
                    try await Task.sleep(for: .milliseconds(200))
                    continue
                }
                let items = Loopback.object(body)["items"] as? [[String: Any]] ?? []
                if items.isEmpty {
                    if !depositing.value { idle += 1 }
                    try await Task.sleep(for: .milliseconds(250))
                    continue
                }
                idle = 0
                // The client imports what it reads (deduping on the delivery id: an item whose acknowledgement was
                // lost, its hub killed, comes again), then acknowledges.
                var imported = pulled.value
                for item in items {
                    let delivery = item["deliveryId"] as? String ?? "", invoice = item["invoiceId"] as? String ?? ""
                    if let known = imported[delivery] {
                        #expect(known == invoice, "a delivery id names one invoice")
                        redelivered.value += 1
                    }
                    imported[delivery] = invoice
                }
                pulled.value = imported
                let ids = items.compactMap { $0["deliveryId"] as? String }
                let json = String(decoding: try JSONSerialization.data(withJSONObject: ["deliveries": ids]), as: UTF8.self)
                _ = try? await Loopback.call(.POST, hub.value.port, "/v1/inbox/ack", token: Loopback.plouzane, json: json)
            }
        }

        let count = 500
        let killed = Locked(false)
        let outage = Locked(false)
        let accepted = try await PortalRoutingTests.deposit({ hub.value.port }, count: count, clients: 8, prefix: "CHN") { n in
            // Both receivers down for 30 s in the middle of the run.
            if n >= count / 3 && !outage.exchange(true) {
                push.value.kill()
                hook.value.kill()
                Task {
                    try await Task.sleep(for: .seconds(30))
                    push.value = try Self.receiver(pushPort, log: pushLog)
                    hook.value = try Self.receiver(hookPort, log: hookLog)
                }
            }
            if n >= count / 2 && !killed.exchange(true) {
                hub.value.kill()
                hub.value = (try? Loopback.hub(database, portal: portal, settings: settings)) ?? hub.value
            }
        }
        depositing.value = false
        #expect(accepted > count * 9 / 10, "\(accepted) of \(count) deposits answered 201")
        let invoices = try await PortalRoutingTests.settle({ hub.value.port }, status: 211, within: 300)
        try await puller.value
        #expect(invoices.count >= accepted)
        let ids = Set(invoices.keys)

        // Push: one delivery per invoice; its attempts share its id; what was taken is a UBL invoice.
        let pushes = Self.received(pushLog)
        let taken = pushes.filter { $0["status"] as? Int == 200 }
        var deliveryOf: [String: String] = [:]
        for request in pushes {
            let invoice = request["invoiceId"] as? String ?? "", delivery = request["deliveryId"] as? String ?? ""
            #expect(deliveryOf[invoice] == nil || deliveryOf[invoice] == delivery, "one delivery id per invoice")
            deliveryOf[invoice] = delivery
        }
        #expect(Set(taken.compactMap { $0["invoiceId"] as? String }) == ids, "every invoice pushed")
        #expect(pushes.contains { $0["status"] as? Int == 500 }, "the receiver failed some")
        if let body = taken.first?["body"] as? String, let bytes = Data(base64Encoded: body) {
            #expect(try HubFixtures.intake.read(bytes).number?.hasPrefix("CHN-") == true)
        }

        // File drop: one complete CII file per invoice.
        let files = try FileManager.default.contentsOfDirectory(atPath: drop.path).sorted()
        #expect(!files.contains { $0.hasPrefix(".") }, "no temporary file left")
        var dropped: [String] = []
        for name in files {
            dropped.append(try HubFixtures.intake.read(try Data(contentsOf: drop.appendingPathComponent(name))).number ?? "")
        }
        #expect(dropped.count == ids.count && Set(dropped).count == ids.count, "\(dropped.count) files for \(ids.count) invoices")

        // Pull: each invoice under one delivery, every one taken (an unacknowledged item came again under its id).
        let pulledInvoices = Array(pulled.value.values)
        #expect(pulledInvoices.count == ids.count && Set(pulledInvoices) == ids, "\(pulledInvoices.count) pulled for \(ids.count)")

        // Webhooks: every event of every invoice, taken once, in order, signed. A receiver dedupes on the delivery id
        // (`Hermine-Delivery`), as the README asks of webhook receivers: an answer the hub did not get (lost with a
        // receiver or the hub killed after the receiver took the request, or past the call's deadline) makes it send
        // the same delivery again. So an event is one delivery, however many times it was answered 200, and the
        // deliveries come in order.
        let hooks = Self.received(hookLog)
        var positions: [String: [Int]] = [:]
        var deliveryOfEvent: [String: String] = [:]
        var hooksTaken: Set<String> = []
        var takenAgain = 0
        for request in hooks where request["status"] as? Int == 200 {
            let body = Data(base64Encoded: request["body"] as? String ?? "") ?? Data()
            #expect(ChannelSignature.verify(header: request["signature"] as? String ?? "", body: body, secret: hookSecret, tolerance: 3600))
            let invoice = request["invoiceId"] as? String ?? "", event = request["event"] as? Int ?? 0
            let delivery = request["deliveryId"] as? String ?? ""
            #expect(!delivery.isEmpty && deliveryOfEvent["\(invoice)/\(event)", default: delivery] == delivery, "one delivery per event")
            deliveryOfEvent["\(invoice)/\(event)"] = delivery
            guard hooksTaken.insert(delivery).inserted else {
                takenAgain += 1
                continue
            }
            positions[invoice, default: []].append(event)
        }
        for id in ids {
            let events = try await Loopback.events(port: hub.value.port, id)
            #expect(positions[id] == Array(1...max(1, events.count)), "\(id): \(positions[id] ?? []) for \(events.count) events")
        }

        // E-mails: every invoice made available told to each side, in its language.
        let mails = sink.messages
        let french = mails.filter { $0.recipients == ["compta@kerbrat.example"] }
        let english = mails.filter { $0.recipients == ["factures@plouzane.example"] }
        #expect(french.allSatisfy { $0.text.contains("Content-Language: fr") } && english.allSatisfy { $0.text.contains("Content-Language: en") })
        var numbers: Set<String> = []
        var cursor: String?
        repeat {
            let page = try await Loopback.get(hub.value.port, "/v1/invoices?limit=500" + (cursor.map { "&cursor=\($0)" } ?? ""))
            for invoice in page["invoices"] as? [[String: Any]] ?? [] { numbers.insert(invoice["number"] as? String ?? "") }
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        func told(_ mails: [(recipients: [String], text: String)], _ number: String) -> Bool {
            mails.contains { mail in mail.text.contains("\(number) ") || mail.text.contains("\(number):") || mail.text.contains("\(number)\r") }
        }
        let toldFrench = numbers.filter { told(french, $0) }
        let toldEnglish = numbers.filter { told(english, $0) }
        #expect(toldFrench.count == ids.count && toldEnglish.count == ids.count, "mails told of \(toldFrench.count) and \(toldEnglish.count) of \(ids.count)")
        #expect(french.count < ids.count, "digests: \(french.count) mails for \(ids.count) invoices")

        // Nothing failed, nothing left.
        #expect(try await Loopback.deliveries(port: hub.value.port, state: "failed").isEmpty)
        #expect(try await Loopback.deliveries(port: hub.value.port, state: "pending").isEmpty)
        print("channels run: \(ids.count) invoices, \(pushes.count) push requests, \(hooks.count) webhook requests (\(takenAgain) answered again under their delivery id), \(files.count) files, \(pulled.value.count) pulled (\(redelivered.value) read again before acknowledged), \(mails.count) mails")
        hub.value.stop()
        let audit = try HermineProcess.run(["audit", "verify", "--database", database])
        #expect(audit.status == 0, "\(audit.output)")
    }
}
