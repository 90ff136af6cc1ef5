import Foundation
import HTTPTypes
import Hub
import HubHTTP
import HubMail
import HubTestSupport
import InvoiceIntake
import InvoiceModel
import InvoiceRules
import PortalClient
import Testing

/// Buyer channels: the deliveries an accepted invoice owes them, pushes to a real receiver over loopback, file
/// drops into a real folder, and the formats.
@Suite("Buyer channels")
struct ChannelTests {
    static let fast = RetryPolicy(
        baseDelay: .milliseconds(10), maximumDelay: .milliseconds(50), maximumAttempts: 4, maximumAge: .seconds(3600),
        settleDelay: .milliseconds(10), settleWindow: .zero)
    /// Past every due time the tests set.
    static var later: Date { Date().addingTimeInterval(3600) }
    /// The Commune de Plouzané, the demo invoices' buyer.
    static let plouzane = "21290198700017"

    struct ChannelHub {
        let harness: StoreHarness
        let services: HubServices

        init(_ kind: StoreKind, policy: ChannelPolicy = ChannelPolicy()) async throws {
            harness = try await HubFixtures.demoStore(kind)
            services = try HubServices(
                store: harness.store, ingestion: HubFixtures.ingestion(harness.store), mapper: HubFixtures.intake.binder.mapper,
                channelPolicy: policy)
        }

        func deposit(_ number: String) async throws -> InvoiceID {
            try #require(
                try await services.ingestion.ingest(try HubFixtures.kerbratInvoice(number: number), from: HubFixtures.kerbrat).invoice
            ).summary.id
        }

        func worker(_ pusher: any ChannelPusher = NoPushes(), policy: ChannelPolicy? = nil, retry: RetryPolicy = ChannelTests.fast)
            -> ChannelDeliveryWorker
        {
            ChannelDeliveryWorker(
                store: harness.store, documents: services.channels.documents, pusher: pusher, policy: policy ?? services.channels.policy,
                retry: retry, concurrency: 4, node: "node-a")
        }

        func details(_ id: InvoiceID) async throws -> [Deliveries.Detail] { try await services.deliveries.details(of: id) }
    }

    @Test("an invoice owes one delivery to each channel of its buyer whose service code and trigger match", arguments: StoreKind.available)
    func owed(_ kind: StoreKind) async throws {
        let hub = try await ChannelHub(kind)
        let channels = hub.services.channels
        let push = try await channels.create(siret: Self.plouzane, .init(kind: .push, format: .ubl, url: "http://127.0.0.1:9/x"))
        let voirie = try await channels.create(siret: Self.plouzane, .init(kind: .pull, format: .json, serviceCode: "VOIRIE"))
        _ = try await channels.create(siret: Self.plouzane, .init(kind: .pull, format: .json, serviceCode: "ECOLES"))
        let available = try await channels.create(siret: Self.plouzane, .init(kind: .pull, format: .csv, trigger: .madeAvailable))
        let removed = try await channels.create(siret: Self.plouzane, .init(kind: .pull, format: .cii))
        try await channels.remove(removed.id, siret: Self.plouzane)
        _ = try await channels.create(siret: "22290001100016", .init(kind: .pull, format: .ubl))

        let id = try await hub.deposit("OWE-1")
        #expect(Set(try await hub.details(id).map(\.delivery.destination)) == [.portal, push.destination, voirie.destination])
        // Made available by the portal: the channel waiting for that status gets its delivery, once.
        _ = try await InvoiceLifecycle(store: hub.harness.store).record(invoiceID: id, to: .madeAvailable, actor: .hub)
        #expect(Set(try await hub.details(id).map(\.delivery.destination)) == [.portal, push.destination, voirie.destination, available.destination])
        // A rejected deposit owes the buyer nothing.
        let rejected = try #require(
            try await hub.services.ingestion.ingest(try HubFixtures.kerbratRejected(number: "OWE-2"), from: HubFixtures.kerbrat).invoice)
        #expect(try await hub.details(rejected.summary.id).isEmpty)
        // The portal's worker never claims a channel's delivery, nor the channels' worker the portal's.
        let lease = Lease(owner: "node-b", until: Self.later)
        let portal = try await hub.harness.store.write { tx in try tx.claimDeliveries([.portal], dueBy: Self.later, lease: lease, limit: 50) }
        #expect(portal.map(\.destination) == [.portal])
    }

    @Test("push: each invoice signed and received once; a 503 is tried again with the same delivery id", arguments: StoreKind.available)
    func push(_ kind: StoreKind) async throws {
        let hub = try await ChannelHub(kind)
        let receiver = PushReceiver()
        receiver.answer { call in call == 1 ? PushReceiver.Reply(status: .serviceUnavailable, headers: [.retryAfter: "0"]) : PushReceiver.Reply() }
        try await receiver.run { url in
            let channel = try await hub.services.channels.create(siret: Self.plouzane, .init(kind: .push, format: .ubl, url: url.absoluteString))
            let ids = [try await hub.deposit("PSH-1"), try await hub.deposit("PSH-2"), try await hub.deposit("PSH-3")]
            let pusher = HTTPChannelPusher(requestTimeout: .seconds(10))
            let worker = hub.worker(pusher)
            for _ in 0..<5 where try await worker.runOnce(now: Self.later) > 0 {}
            try await pusher.shutdown()

            let accepted = receiver.accepted
            #expect(receiver.received.count == 4, "three deliveries, one of them twice")
            #expect(accepted.count == 3)
            #expect(Set(accepted.values.flatMap { $0.map(\.invoiceID) }) == Set(ids.map(\.rawValue)))
            for (_, requests) in accepted {
                #expect(Set(requests.map(\.body)).count == 1, "an attempt again sends the same bytes")
                for request in requests {
                    #expect(ChannelSignature.verify(header: request.signature, body: request.body, secret: channel.secret))
                    #expect(!ChannelSignature.verify(header: request.signature, body: request.body + Data(" ".utf8), secret: channel.secret))
                    #expect(request.contentType == "application/xml")
                    let invoice = try HubFixtures.intake.read(request.body)
                    #expect(invoice.number?.hasPrefix("PSH-") == true)
                }
            }
            var outcomes: [[DeliveryAttempt.Outcome]] = []
            for id in ids {
                let detail = try #require(try await hub.details(id).first { $0.delivery.destination == channel.destination })
                #expect(detail.delivery.state == .done)
                outcomes.append(detail.attempts.map(\.outcome))
            }
            #expect(outcomes.sorted { $0.count < $1.count } == [[.delivered], [.delivered], [.unavailable, .delivered]])
        }
    }

    @Test("push: a redirect is not followed; the delivery fails into the operators' queue, and an operator's retry sends it", arguments: StoreKind.available)
    func redirect(_ kind: StoreKind) async throws {
        let hub = try await ChannelHub(kind)
        let receiver = PushReceiver()
        receiver.answer { call in
            call == 1 ? PushReceiver.Reply(status: .temporaryRedirect, headers: [.location: "http://169.254.169.254/latest"]) : PushReceiver.Reply()
        }
        try await receiver.run { url in
            let channel = try await hub.services.channels.create(siret: Self.plouzane, .init(kind: .push, format: .original, url: url.absoluteString))
            let id = try await hub.deposit("RDR-1")
            let pusher = HTTPChannelPusher(requestTimeout: .seconds(10))
            let worker = hub.worker(pusher)
            _ = try await worker.runOnce(now: Self.later)
            let failed = try #require(try await hub.details(id).first { $0.delivery.destination == channel.destination }?.delivery)
            #expect(failed.state == .failed)
            #expect(failed.lastError?.contains("redirect") == true)
            let queue = try await hub.services.deliveries.list(DeliveryQuery(states: [.failed]), scope: .all)
            #expect(queue.deliveries.map(\.id) == [failed.id])
            let support = Principal(
                organisation: Organisation(id: "hermine-ops", kind: .operator, name: "Hermine — exploitation"), role: .operator,
                credentialID: "test")
            let retried = try await hub.services.operations.retry(deliveries: [failed.id], by: support)
            #expect(retried.map(\.state) == [.pending])
            let events = try await hub.services.invoices.events(id, scope: .all) ?? []
            #expect(events.last?.reason == "delivery \(failed.id) to \(channel.destination) sent again", "the operator's action in the history")
            _ = try await worker.runOnce(now: Self.later)
            try await pusher.shutdown()
            #expect(try await hub.details(id).first { $0.delivery.id == failed.id }?.delivery.state == .done)
            #expect(receiver.received.count == 2)
            #expect(receiver.received.last?.body == (try HubFixtures.kerbratInvoice(number: "RDR-1")), "the original, byte for byte")
        }
    }

    @Test("webhooks: every event of the supplier's invoices, signed, in order per invoice, though the receiver fails a third of the calls", arguments: StoreKind.available)
    func webhooks(_ kind: StoreKind) async throws {
        let hub = try await ChannelHub(kind)
        let receiver = PushReceiver()
        receiver.answer { call in call % 3 == 1 ? PushReceiver.Reply(status: .internalServerError) : PushReceiver.Reply() }
        try await receiver.run { url in
            let subscription = try await hub.services.subscriptions.create(organisationID: HubFixtures.kerbrat.id, url: url.absoluteString)
            // Another supplier's subscription gets nothing of Kerbrat's invoices.
            _ = try await hub.services.subscriptions.create(organisationID: HubFixtures.breizh.id, url: url.absoluteString + "/breizh")
            let lifecycle = InvoiceLifecycle(store: hub.harness.store)
            var ids: [InvoiceID] = []
            for number in ["WHK-1", "WHK-2", "WHK-3"] {
                let id = try await hub.deposit(number)
                _ = try await lifecycle.record(invoiceID: id, to: .issued, actor: .hub, reason: "deposited at the portal")
                _ = try await lifecycle.record(invoiceID: id, to: .madeAvailable, actor: .hub)
                ids.append(id)
            }
            let pusher = HTTPChannelPusher(requestTimeout: .seconds(10))
            // A budget no run spends: which calls fail depends on the order the worker makes them in, and four
            // failures of one event in a row would fail it (and hold back the invoice's later events) under load.
            var patient = Self.fast
            patient.maximumAttempts = 1_000
            let worker = hub.worker(pusher, retry: patient)
            var rounds = 0
            while rounds < 200, try await hub.harness.store.read({ tx in try tx.deliveries(DeliveryQuery(states: [.pending]), scope: .all) })
                .deliveries.contains(where: { $0.destination.kind == .webhook })
            {
                _ = try await worker.runOnce(now: Self.later)
                rounds += 1
            }
            try await pusher.shutdown()
            let taken = receiver.taken
            #expect(receiver.received.contains { $0.status == 500 }, "the receiver did fail some calls")
            #expect(taken.count == 9, "three events of three invoices, each taken once")
            #expect(Set(taken.map(\.deliveryID)).count == 9)
            for id in ids {
                let events = try taken.filter { $0.invoiceID == id.rawValue }.map { request in
                    #expect(ChannelSignature.verify(header: request.signature, body: request.body, secret: subscription.secret))
                    let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
                    #expect(object["type"] as? String == "invoice.status")
                    #expect(object["deliveryId"] as? String == request.deliveryID)
                    return ((object["position"] as? Int) ?? 0, ((object["to"] as? [String: Any])?["code"] as? Int) ?? 0)
                }
                #expect(events.map(\.0) == [1, 2, 3], "in order")
                #expect(events.map(\.1) == [200, 201, 203])
            }
            // Every attempt of one delivery carries the same event.
            for (_, requests) in receiver.accepted { #expect(Set(requests.map(\.body)).count == 1) }
        }
    }

    @Test("e-mail alerts over SMTP (STARTTLS, AUTH): each organisation in its language, a digest when several change at once", arguments: StoreKind.available)
    func alerts(_ kind: StoreKind) async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let hub = try await ChannelHub(kind)
        let alerts = hub.services.alerts
        let plouzane = try #require(try await hub.harness.store.read { tx in try tx.organisation(id: "commune-plouzane") })
        _ = try await alerts.save(for: HubFixtures.kerbrat, addresses: ["compta@kerbrat.example"], statuses: nil, language: .fr)
        _ = try await alerts.save(for: plouzane, addresses: ["factures@plouzane.example", "dgs@plouzane.example"], statuses: nil, language: .en)
        let mailer = try SMTPMailer(
            settings: SMTPSettings(
                url: URL(string: "smtp://127.0.0.1:\(sink.port)")!, from: "alertes@hermine.example", username: "hermine",
                password: sink.password, caFile: sink.certificate, timeout: .seconds(20)))
        let worker = MailDeliveryWorker(store: hub.harness.store, mailer: mailer, retry: Self.fast, digestWindow: .zero, node: "node-a")
        let lifecycle = InvoiceLifecycle(store: hub.harness.store)

        // One invoice made available: one mail each, the supplier's in French, the buyer's in English.
        let first = try await hub.deposit("ALR-1")
        _ = try await lifecycle.record(invoiceID: first, to: .madeAvailable, actor: .hub)
        #expect(try await worker.runOnce(now: Self.later) == 2)
        var messages = sink.messages
        #expect(messages.count == 2)
        let french = try #require(messages.first { $0.recipients == ["compta@kerbrat.example"] })
        #expect(french.text.contains("Content-Language: fr"))
        #expect(french.text.contains("Subject: =?UTF-8?B?"), "the accented subject is encoded")
        #expect(SMTPSink.subject(of: french.text) == "Facture ALR-1 : Mise à disposition")
        #expect(french.text.contains("La facture ALR-1"))
        let english = try #require(messages.first { Set($0.recipients) == ["factures@plouzane.example", "dgs@plouzane.example"] })
        #expect(english.text.contains("Subject: Invoice ALR-1: Made available"))
        #expect(english.text.contains("Content-Language: en"))

        // Three at once: one digest each.
        for number in ["ALR-2", "ALR-3", "ALR-4"] {
            _ = try await lifecycle.record(invoiceID: try await hub.deposit(number), to: .madeAvailable, actor: .hub)
        }
        // A deposit the hub rejects: the supplier hears of it, the buyer does not.
        _ = try await hub.services.ingestion.ingest(try HubFixtures.kerbratRejected(number: "ALR-X"), from: HubFixtures.kerbrat)
        #expect(try await worker.runOnce(now: Self.later) == 2)
        messages = sink.messages
        #expect(messages.count == 4)
        let digest = try #require(messages.dropFirst(2).first { $0.recipients == ["compta@kerbrat.example"] })
        #expect(SMTPSink.subject(of: digest.text) == "4 factures ont changé de statut")
        for number in ["ALR-2", "ALR-3", "ALR-4", "ALR-X"] { #expect(digest.text.contains("Facture \(number)")) }
        let buyerDigest = try #require(messages.dropFirst(2).first { $0.recipients.contains("factures@plouzane.example") })
        #expect(buyerDigest.text.contains("Subject: 3 invoices changed status"))
        #expect(!buyerDigest.text.contains("ALR-X"))
        let pending = try await hub.harness.store.read { tx in try tx.deliveries(DeliveryQuery(states: [.pending, .failed]), scope: .all) }
        #expect(!pending.deliveries.contains { $0.destination.kind == .mail }, "every alert delivered")
    }

    @Test("e-mail alerts: a wrong password or a temporary refusal is an attempt recorded and tried again, never a lost alert")
    func alertFailures() async throws {
        let sink = try SMTPSink(failEvery: 2)
        defer { sink.stop() }
        let hub = try await ChannelHub(.sqlite)
        _ = try await hub.services.alerts.save(for: HubFixtures.kerbrat, addresses: ["compta@kerbrat.example"], statuses: [.deposited], language: .en)
        func mailer(_ password: String) throws -> SMTPMailer {
            try SMTPMailer(
                settings: SMTPSettings(
                    url: URL(string: "smtp://127.0.0.1:\(sink.port)")!, from: "alertes@hermine.example", username: "hermine", password: password,
                    caFile: sink.certificate, timeout: .seconds(20)))
        }
        let id = try await hub.deposit("ALF-1")
        _ = try await MailDeliveryWorker(store: hub.harness.store, mailer: try mailer("wrong"), retry: Self.fast, digestWindow: .zero).runOnce(now: Self.later)
        var alert = try #require(try await hub.details(id).first { $0.delivery.destination.kind == .mail })
        #expect(alert.delivery.state == .pending)
        #expect(alert.attempts.map(\.outcome) == [.unavailable])
        #expect(alert.delivery.lastError?.contains("535") == true || alert.delivery.lastError?.contains("ogin") == true)
        #expect(!(alert.delivery.lastError ?? "").contains("wrong"), "the password is in no error")
        let worker = MailDeliveryWorker(store: hub.harness.store, mailer: try mailer(sink.password), retry: Self.fast, digestWindow: .zero)
        _ = try await worker.runOnce(now: Self.later)  // the sink's first message: accepted
        alert = try #require(try await hub.details(id).first { $0.delivery.destination.kind == .mail })
        #expect(alert.delivery.state == .done)
        let second = try await hub.deposit("ALF-2")
        _ = try await worker.runOnce(now: Self.later)  // the second: 451
        let refused = try #require(try await hub.details(second).first { $0.delivery.destination.kind == .mail })
        #expect(refused.delivery.state == .pending && refused.attempts.map(\.outcome) == [.unavailable])
        _ = try await worker.runOnce(now: Self.later)
        #expect(try await hub.details(second).first { $0.delivery.destination.kind == .mail }?.delivery.state == .done)
        #expect(sink.messages.count == 2)
    }

    @Test("push: a 1 GB answer is not read past the limit, a receiver trickling its answer is cut off at the deadline; each an attempt recorded", arguments: [StoreKind.sqlite])
    func hostileReceivers(_ kind: StoreKind) async throws {
        let hub = try await ChannelHub(kind)
        let receiver = PushReceiver()
        receiver.answer { call in
            call == 1
                ? PushReceiver.Reply(streamedBytes: 1 << 30)
                : PushReceiver.Reply(status: .ok, streamedBytes: 20, chunkDelay: .milliseconds(500), chunkSize: 1)
        }
        try await receiver.run { url in
            let channel = try await hub.services.channels.create(siret: Self.plouzane, .init(kind: .push, format: .ubl, url: url.absoluteString))
            let first = try await hub.deposit("BIG-1")
            let pusher = HTTPChannelPusher(requestTimeout: .seconds(2), maximumResponseSize: 64 * 1024)
            let worker = ChannelDeliveryWorker(
                store: hub.harness.store, documents: hub.services.channels.documents, pusher: pusher, policy: hub.services.channels.policy,
                retry: Self.fast, concurrency: 1, node: "node-a")
            let started = ContinuousClock.now
            _ = try await worker.runOnce(now: Self.later)
            #expect(ContinuousClock.now - started < .seconds(10), "a gigabyte is not read")
            let big = try #require(try await hub.details(first).first { $0.delivery.destination == channel.destination })
            #expect(big.delivery.state == .done, "2xx: taken, whatever the answer's size")
            let second = try await hub.deposit("SLOW-1")
            _ = try await worker.runOnce(now: Self.later)
            let slow = try #require(try await hub.details(second).first { $0.delivery.destination == channel.destination })
            #expect(slow.delivery.state == .pending, "tried again later")
            #expect(slow.attempts.map(\.outcome) == [.outcomeUnknown])
            #expect(slow.attempts.first.map { $0.durationMilliseconds < 8_000 } == true, "cut off at the deadline")
            try await pusher.shutdown()
        }
    }

    @Test("file drop: one complete file per invoice, named in arrival order; a folder outside the allowed ones is refused", arguments: StoreKind.available)
    func fileDrop(_ kind: StoreKind) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-drop-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("plouzane")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let hub = try await ChannelHub(kind, policy: ChannelPolicy(dropFolders: [root.path]))
        let channels = hub.services.channels
        await #expect(throws: HubError.self) {
            _ = try await channels.create(siret: Self.plouzane, .init(kind: .fileDrop, format: .cii, folder: "/etc"))
        }
        await #expect(throws: HubError.self) {
            _ = try await channels.create(siret: Self.plouzane, .init(kind: .fileDrop, format: .cii, folder: root.appendingPathComponent("missing").path))
        }
        _ = try await channels.create(siret: Self.plouzane, .init(kind: .fileDrop, format: .cii, folder: folder.path))
        var ids: [InvoiceID] = []
        for number in ["DRP-1", "DRP-2", "DRP-3"] {
            ids.append(try await hub.deposit(number))
            try await Task.sleep(for: .milliseconds(2))
        }
        _ = try await hub.worker().runOnce(now: Self.later)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 3)
        #expect(!names.contains { $0.hasPrefix(".") }, "no temporary file left")
        let numbers = try names.map { name in
            try HubFixtures.intake.read(try Data(contentsOf: folder.appendingPathComponent(name))).number ?? ""
        }
        #expect(numbers == ["DRP-1", "DRP-2", "DRP-3"], "sorting by name is sorting by arrival")
        #expect(names.allSatisfy { $0.hasSuffix(".xml") })
    }

    @Test("the accounting CSV: one row per VAT rate, French conventions, columns from mappings/accounting-csv.tsv")
    func csv() async throws {
        let hub = try await ChannelHub(.sqlite)
        let id = try await hub.deposit("CSV-1")
        let invoice = try #require(try await hub.harness.store.read { tx in try tx.invoice(id) })
        let rendered = try await hub.services.channels.documents.render(invoice, as: .csv)
        #expect(rendered.mediaType == "text/csv; charset=utf-8")
        #expect(Array(rendered.data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: rendered.data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.count == 3 && lines[2].isEmpty)
        let header = lines[0].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let row = lines[1].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        #expect(header.count == row.count)
        let fields = Dictionary(uniqueKeysWithValues: zip(header, row))
        #expect(fields["siret_acheteur"] == Self.plouzane)
        #expect(fields["code_service"] == "VOIRIE")
        #expect(fields["siret_fournisseur"] == "35260017500017")
        #expect(fields["numero_facture"] == "CSV-1")
        #expect(fields["date_facture"] == "02/11/2026")
        #expect(fields["date_echeance"] == "02/12/2026")
        #expect(fields["taux_tva"] == "20")
        #expect(fields["montant_ht"] == "1775,00")
        #expect(fields["montant_tva"] == "355,00")
        #expect(fields["montant_ttc"] == "2130,00")
        #expect(fields["net_a_payer"] == "2130,00")
        #expect(fields["numero_engagement"] == "EJ-2026-001187")
    }

    @Test("every format a channel sends reads back as the same invoice; UBL and CII are schema-valid")
    func formats() async throws {
        let hub = try await ChannelHub(.sqlite)
        let id = try await hub.deposit("FMT-1")
        let invoice = try #require(try await hub.harness.store.read { tx in try tx.invoice(id) })
        for format in [DeliveryFormat.ubl, .cii, .original] {
            let rendered = try await hub.services.channels.documents.render(invoice, as: format)
            let checked = try HubFixtures.intake.take(rendered.data)
            #expect(checked.invoice.number == "FMT-1", "\(format)")
            #expect(!checked.report.findings.contains(where: { $0.rule.hasPrefix("XSD-") }), "\(format) is schema-valid")
        }
        // A UBL deposit goes to a UBL channel as it came; to a CII one, rewritten.
        let original = try HubFixtures.kerbratInvoice(number: "FMT-1")
        #expect(try await hub.services.channels.documents.render(invoice, as: .ubl).data == original)
        #expect(try await hub.services.channels.documents.render(invoice, as: .cii).data != original)
        let json = try await hub.services.channels.documents.render(invoice, as: .json)
        #expect(json.mediaType == "application/json")
        #expect(String(decoding: json.data, as: UTF8.self).contains("FMT-1"))
    }

    @Test("signatures: the receiver's check holds for the current key, and for the previous one during its grace")
    func signatures() async throws {
        let hub = try await ChannelHub(.sqlite)
        let channel = try await hub.services.channels.create(siret: Self.plouzane, .init(kind: .push, format: .json, url: "http://localhost:9/in"))
        let body = Data(#"{"invoice":"x"}"#.utf8)
        let now = Date()
        let header = ChannelSignature.header(body: body, secrets: channel.signingSecrets(at: now), at: now)
        #expect(header.hasPrefix("t=\(Int(now.timeIntervalSince1970)),v1="))
        #expect(ChannelSignature.verify(header: header, body: body, secret: channel.secret, now: now))
        #expect(!ChannelSignature.verify(header: header, body: body, secret: channel.secret, now: now.addingTimeInterval(600)), "too old: a replay")
        let rotated = try await hub.services.channels.rotateSecret(channel.id, siret: Self.plouzane, grace: .seconds(60), at: now)
        #expect(rotated.secret != channel.secret)
        let during = ChannelSignature.header(body: body, secrets: rotated.signingSecrets(at: now), at: now)
        #expect(ChannelSignature.verify(header: during, body: body, secret: channel.secret, now: now))
        #expect(ChannelSignature.verify(header: during, body: body, secret: rotated.secret, now: now))
        let after = now.addingTimeInterval(61)
        let later = ChannelSignature.header(body: body, secrets: rotated.signingSecrets(at: after), at: after)
        #expect(!ChannelSignature.verify(header: later, body: body, secret: channel.secret, now: after))
        #expect(try await hub.services.channels.list(siret: Self.plouzane).first?.previousSecret == channel.secret)
    }
}

/// For tests without push channels: a push is a test error.
struct NoPushes: ChannelPusher {
    func push(to url: URL, body: Data, headers: [(name: String, value: String)]) async throws(DeliveryFailure) {
        Issue.record("no push was expected, yet one went to \(url)")
        throw .refused("no push expected")
    }
}
