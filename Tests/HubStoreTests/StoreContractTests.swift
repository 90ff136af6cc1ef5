import Foundation
import Hub
import HubTestSupport
import InvoiceModel
import InvoiceRules
import Testing

/// Scoped reads over a harness's store.
func reader(_ harness: StoreHarness) -> InvoiceReader { InvoiceReader(store: harness.store, intake: HubFixtures.intake) }

/// One body per behaviour, run against every store (`StoreKind.available`).
@Suite("HubStore contract")
struct StoreContractTests {
    @Test(
        "accepting an invoice writes its document, invoice, model, report and first event, all readable back",
        arguments: StoreKind.available)
    func acceptWritesEverything(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let bytes = try HubFixtures.bytes(HubFixtures.kerbratInvoice)
        let outcome = try await HubFixtures.ingestion(harness.store).ingest(bytes, from: HubFixtures.kerbrat)
        let accepted = try #require(outcome.invoice)
        #expect(outcome.code == .accepted)
        let id = accepted.summary.id
        let scope = TenantScope.all
        let reader = reader(harness)

        let summary = try #require(try await reader.summary(id, scope: scope))
        #expect(summary.status == .deposited)
        #expect(summary.number == "FA-2026-0142")
        #expect(summary.buyerSIRET == "21290198700017")
        #expect(summary.sellerIdentifier == "35260017500017")
        #expect(summary.issueDate == "2026-11-02")
        let document = try #require(try await reader.document(id, scope: scope))
        #expect(document.bytes == bytes)
        #expect(SHA256Hex.digest(document.bytes) == summary.documentSHA256)
        let model = try #require(try await reader.model(id, scope: scope))
        #expect(model.number == "FA-2026-0142")
        let report = try #require(try await reader.summaryAndReport(id, scope: scope)).1
        #expect(report.valid)
        #expect(report.ruleSet.description == "EN 16931 + Chorus Pro")
        let events = try #require(try await reader.events(id, scope: scope))
        #expect(events.count == 1)
        #expect(events.first?.to == .deposited)
        #expect(events.first?.from == nil)
        #expect(events.first?.position == 1)
        #expect(events.first?.actor == .organisation(.supplier, "atelier-kerbrat"))
        #expect(summary.chain == events.first?.head)
    }

    @Test("a failure midway through accept leaves nothing half-written", arguments: StoreKind.available)
    func acceptIsAtomic(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        // The event is written after the document, invoice, model and report: fail there.
        try await harness.failInserts(into: "invoice_events")
        let ingestion = HubFixtures.ingestion(harness.store)
        await #expect(throws: HubError.self) {
            _ = try await ingestion.ingest(
                try HubFixtures.bytes(HubFixtures.kerbratInvoice), from: HubFixtures.kerbrat, idempotencyKey: "k-1")
        }
        for table in ["documents", "invoices", "invoice_models", "validation_reports", "invoice_events", "idempotency_keys"] {
            #expect(try await harness.count(table) == 0, "\(table) holds a row")
        }
    }

    @Test("one failing deposit does not take down the others written in the same group commit", arguments: StoreKind.available)
    func failureIsolatedInBatch(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store, policy: IngestionPolicy(sellerMustBeDepositor: false))
        // 20 distinct invoices at once; the duplicates among them are answered as such.
        let outcomes = try await withThrowingTaskGroup(of: IngestionOutcome.Code.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let bytes = try HubFixtures.edited(
                        HubFixtures.kerbratInvoice, [("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>FA-2026-\(1000 + index % 15)</cbc:ID>")])
                    return try await ingestion.ingest(bytes, from: HubFixtures.kerbrat).code
                }
            }
            return try await group.reduce(into: [IngestionOutcome.Code]()) { $0.append($1) }
        }
        #expect(outcomes.count { $0 == .accepted } == 15)
        #expect(outcomes.count { $0 == .duplicate } == 5)
        #expect(try await harness.count("invoices") == 15)
        #expect(try await AuditLog(store: harness.store).verify().passed)
    }

    @Test("the same supplier, number and year is a duplicate pointing at the original", arguments: StoreKind.available)
    func duplicates(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let bytes = try HubFixtures.bytes(HubFixtures.kerbratInvoice)
        let first = try #require(try await ingestion.ingest(bytes, from: HubFixtures.kerbrat).invoice)
        // Same number, other bytes (a later date in the same year).
        let again = try HubFixtures.edited(HubFixtures.kerbratInvoice, [("<cbc:IssueDate>2026-11-02", "<cbc:IssueDate>2026-11-03")])
        guard case .duplicate(let original) = try await ingestion.ingest(again, from: HubFixtures.kerbrat) else {
            Issue.record("not reported as a duplicate")
            return
        }
        #expect(original.id == first.summary.id)
        // Same number another year: not a duplicate.
        let nextYear = try HubFixtures.edited(
            HubFixtures.kerbratInvoice,
            [("<cbc:IssueDate>2026-11-02", "<cbc:IssueDate>2027-01-04"), ("<cbc:DueDate>2026-12-02", "<cbc:DueDate>2027-02-04")])
        #expect(try await ingestion.ingest(nextYear, from: HubFixtures.kerbrat).code == .accepted)
        #expect(try await harness.count("invoices") == 2)
    }

    @Test("a credit note, or an invoice whose first deposit was rejected, is not a duplicate", arguments: StoreKind.available)
    func duplicateExceptions(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        // FA-2026-0143 rejected first (wrong totals), then deposited corrected: accepted.
        let rejected = try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.kerbratRejected), from: HubFixtures.kerbrat)
        #expect(rejected.code == .rejected)
        let corrected = try HubFixtures.edited(
            HubFixtures.kerbratInvoice, [("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>FA-2026-0143</cbc:ID>")])
        #expect(try await ingestion.ingest(corrected, from: HubFixtures.kerbrat).code == .accepted)
        // A credit note numbered like an invoice already there.
        let creditNote = try HubFixtures.edited(
            HubFixtures.kerbratCreditNote, [("<cbc:ID>AV-2026-0009</cbc:ID>", "<cbc:ID>FA-2026-0143</cbc:ID>")])
        #expect(try await ingestion.ingest(creditNote, from: HubFixtures.kerbrat).code == .accepted)
        #expect(try await harness.count("invoices") == 3)
    }

    @Test("a retry with the same idempotency key gets the first answer; another body with it is refused", arguments: StoreKind.available)
    func idempotency(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let bytes = try HubFixtures.bytes(HubFixtures.kerbratInvoice)
        let first = try #require(try await ingestion.ingest(bytes, from: HubFixtures.kerbrat, idempotencyKey: "order-42").invoice)
        #expect(!first.replayed)
        let retry = try await ingestion.ingest(bytes, from: HubFixtures.kerbrat, idempotencyKey: "order-42")
        #expect(retry.code == .accepted)
        #expect(retry.invoice?.replayed == true)
        #expect(retry.invoice?.summary.id == first.summary.id)
        #expect(retry.invoice?.report == first.report)
        // A rejected first answer replays as rejected.
        let bad = try HubFixtures.bytes(HubFixtures.kerbratRejected)
        #expect(try await ingestion.ingest(bad, from: HubFixtures.kerbrat, idempotencyKey: "order-43").code == .rejected)
        #expect(try await ingestion.ingest(bad, from: HubFixtures.kerbrat, idempotencyKey: "order-43").invoice?.replayed == true)
        // The key with another body.
        let other = try HubFixtures.bytes(HubFixtures.kerbratCreditNote)
        guard
            case .idempotencyKeyReused(_, let invoiceID) = try await ingestion.ingest(
                other, from: HubFixtures.kerbrat, idempotencyKey: "order-42")
        else {
            Issue.record("a reused key was not refused")
            return
        }
        #expect(invoiceID == first.summary.id)
        // Keys are per supplier: another supplier may use the same one.
        let breizh = try await ingestion.ingest(
            try HubFixtures.bytes(HubFixtures.breizhInvoice), from: HubFixtures.breizh, idempotencyKey: "order-42")
        #expect(breizh.code == .accepted)
        #expect(try await harness.count("invoices") == 3)
        #expect(try await harness.count("idempotency_keys") == 3)
    }

    @Test("the same bytes are stored once however many invoices point at them", arguments: StoreKind.available)
    func documentsStoredOnce(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        let bad = try HubFixtures.bytes(HubFixtures.kerbratRejected)
        #expect(try await ingestion.ingest(bad, from: HubFixtures.kerbrat).code == .rejected)
        #expect(try await ingestion.ingest(bad, from: HubFixtures.kerbrat).code == .rejected)
        #expect(try await harness.count("invoices") == 2)
        #expect(try await harness.count("documents") == 1)
    }

    @Test("a supplier sees what it sent, a buyer what is addressed to its SIRETs, an operator everything", arguments: StoreKind.available)
    func scoping(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let store = reader(harness)
        let ingestion = HubFixtures.ingestion(harness.store)
        let kerbrat = try #require(
            try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.kerbratInvoice), from: HubFixtures.kerbrat).invoice)
        let breizh = try #require(
            try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.breizhInvoice), from: HubFixtures.breizh).invoice)
        let kerbratScope = TenantScope.supplier(organisationID: "atelier-kerbrat")
        let communeScope = TenantScope.buyer(sirets: ["21290198700017"])
        let otherBuyerScope = TenantScope.buyer(sirets: ["22290001100016"])

        #expect(try await store.list(InvoiceQuery(), scope: kerbratScope).invoices.map(\.id) == [kerbrat.summary.id])
        #expect(try await store.list(InvoiceQuery(), scope: communeScope).invoices.count == 2)
        #expect(try await store.list(InvoiceQuery(), scope: otherBuyerScope).invoices.isEmpty)
        #expect(try await store.list(InvoiceQuery(), scope: .all).invoices.count == 2)
        #expect(try await store.list(InvoiceQuery(), scope: .buyer(sirets: [])).invoices.isEmpty)
        // Foreign invoices read as absent, for every kind of read.
        let foreign = breizh.summary.id
        #expect(try await store.summary(foreign, scope: kerbratScope) == nil)
        #expect(try await store.document(foreign, scope: kerbratScope) == nil)
        #expect(try await store.summaryAndReport(foreign, scope: kerbratScope) == nil)
        #expect(try await store.events(foreign, scope: kerbratScope) == nil)
        #expect(try await store.model(foreign, scope: otherBuyerScope) == nil)
        #expect(try await store.summary(foreign, scope: communeScope) != nil)
        #expect(try await store.summary(InvoiceID(rawValue: "inv_unknown"), scope: .all) == nil)
        // Nor can a foreign invoice be moved.
        let supplier = try #require(try await Tenancy(store: harness.store).authenticate(bearer: "hmn_demo_atelier_kerbrat"))
        await #expect(throws: HubError.invoiceNotFound(foreign)) {
            _ = try await InvoiceLifecycle(store: harness.store).transition(invoiceID: foreign, to: .completed, by: supplier)
        }
    }

    @Test("listing filters by status, seller, buyer, number and date, and pages with a cursor", arguments: StoreKind.available)
    func listing(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let store = reader(harness)
        let ingestion = HubFixtures.ingestion(harness.store, policy: IngestionPolicy(sellerMustBeDepositor: false))
        var ids: [InvoiceID] = []
        for day in 1...7 {
            let bytes = try HubFixtures.edited(
                HubFixtures.kerbratInvoice,
                [
                    ("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>FA-2026-02\(day)</cbc:ID>"),
                    ("<cbc:IssueDate>2026-11-02", "<cbc:IssueDate>2026-11-0\(day)"),
                ])
            ids.append(try #require(try await ingestion.ingest(bytes, from: HubFixtures.kerbrat).invoice).summary.id)
        }
        _ = try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.kerbratRejected), from: HubFixtures.kerbrat)
        _ = try await ingestion.ingest(try HubFixtures.bytes(HubFixtures.breizhInvoice), from: HubFixtures.breizh)

        #expect(try await store.list(InvoiceQuery(statuses: [.rejected]), scope: .all).invoices.count == 1)
        #expect(try await store.list(InvoiceQuery(statuses: [.deposited, .rejected]), scope: .all).invoices.count == 9)
        #expect(try await store.list(InvoiceQuery(seller: "44306184100013"), scope: .all).invoices.count == 1)
        #expect(try await store.list(InvoiceQuery(buyer: "21290198700017"), scope: .all).invoices.count == 9)
        #expect(try await store.list(InvoiceQuery(number: "FA-2026-023"), scope: .all).invoices.map(\.id) == [ids[2]])
        // Days 2 to 4 of the seven, and the rejected one of the 2nd.
        let range = InvoiceQuery(issuedFrom: CalendarDate(iso: "2026-11-02"), issuedTo: CalendarDate(iso: "2026-11-04"))
        #expect(try await store.list(range, scope: .all).invoices.count == 4)
        #expect(try await store.list(InvoiceQuery(issuedFrom: CalendarDate(iso: "2026-11-07")), scope: .all).invoices.count == 2)

        // Pages of 3 over the 7 accepted Kerbrat invoices, newest first, each once.
        var seen: [InvoiceID] = []
        var query = InvoiceQuery(statuses: [.deposited], supplierOrganisationID: "atelier-kerbrat", limit: 3)
        var pages = 0
        repeat {
            let page = try await store.list(query, scope: .all)
            seen += page.invoices.map(\.id)
            pages += 1
            query.cursor = page.nextCursor
        } while query.cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen == ids.reversed())

        await #expect(throws: HubError.self) { _ = try await store.list(InvoiceQuery(limit: 0), scope: .all) }
        await #expect(throws: HubError.self) { _ = try await store.list(InvoiceQuery(limit: 100_000), scope: .all) }
        #expect(throws: HubError.self) { _ = try InvoiceCursor("not-a-cursor") }
        let cursor = InvoiceCursor(sequence: 12345)
        #expect(try InvoiceCursor(cursor.description) == cursor)
    }

    @Test("a token is stored as its hash and resolves to its organisation and role", arguments: StoreKind.available)
    func tokens(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let tenancy = Tenancy(store: harness.store)
        let issued = try await tenancy.issueToken(organisationID: "commune-plouzane", role: .buyer)
        #expect(issued.token.hasPrefix("hmn_"))
        #expect(issued.token.count == 4 + 43)
        #expect(issued.credential.tokenHash == SHA256Hex.digest(issued.token))
        #expect(!(try await harness.anyColumnContains(issued.token)))
        #expect(try await harness.anyColumnContains(issued.credential.tokenHash))

        let principal = try #require(try await tenancy.authenticate(bearer: issued.token))
        #expect(principal.organisation.id == "commune-plouzane")
        #expect(principal.role == .buyer)
        #expect(principal.scope == .buyer(sirets: ["21290198700017"]))
        #expect(try await tenancy.authenticate(bearer: issued.token + "x") == nil)
        #expect(try await tenancy.authenticate(bearer: "") == nil)
        #expect(try await tenancy.authenticate(bearer: String(repeating: "a", count: 10_000)) == nil)
        // Two issues give two tokens.
        let second = try await tenancy.issueToken(organisationID: "commune-plouzane", role: .buyer)
        #expect(second.token != issued.token)

        await #expect(throws: HubError.roleMismatch(organisation: "commune-plouzane", kind: .buyer, role: .supplier)) {
            _ = try await tenancy.issueToken(organisationID: "commune-plouzane", role: .supplier)
        }
        await #expect(throws: HubError.unknownOrganisation("nobody")) {
            _ = try await tenancy.issueToken(organisationID: "nobody", role: .supplier)
        }
    }

    @Test("the demo tokens of the fixtures authenticate", arguments: StoreKind.available)
    func demoTokens(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        // Loading twice changes nothing.
        _ = try await DemoData.load(into: harness.store, fixtures: HubFixtures.folder)
        #expect(try await harness.count("credentials") == 4)
        let tenancy = Tenancy(store: harness.store)
        #expect(try await tenancy.authenticate(bearer: "hmn_demo_operator")?.scope == .all)
        #expect(try await tenancy.authenticate(bearer: "hmn_demo_atelier_kerbrat")?.scope == .supplier(organisationID: "atelier-kerbrat"))
        #expect(try await DemoData.isLoaded(in: harness.store, fixtures: HubFixtures.folder))
    }

    @Test("an organisation cannot claim an identifier another one owns", arguments: StoreKind.available)
    func identifiersOwnedOnce(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let impostor = Organisation(
            id: "impostor", kind: .supplier, name: "Impostor",
            identifiers: [OrganisationIdentifier(scheme: "0009", value: "35260017500017")])
        let tenancy = Tenancy(store: harness.store)
        await #expect(throws: HubError.self) { try await tenancy.save(impostor) }
        #expect(try await tenancy.organisation(id: "impostor") == nil)
        #expect(try await tenancy.organisations().count == 4)
    }

    @Test("a directory file is imported whole; one bad line and nothing is", arguments: StoreKind.available)
    func directoryImport(_ kind: StoreKind) async throws {
        let harness = try await kind.make()
        let directory = BuyerDirectory(store: harness.store, cacheLifetime: .zero)
        let entries = try await directory.importFile(HubFixtures.folder.appendingPathComponent("directory.csv"))
        #expect(entries.count == 8)
        #expect(try await directory.count() == 8)
        let plouzane = try #require(try await directory.entry("21290198700017"))
        #expect(plouzane.name == "Commune de Plouzané")
        #expect(plouzane.services.map(\.code) == ["VOIRIE", "ETAT-CIVIL", "ECOLES", "CTM"])
        #expect(plouzane.service(code: "CTM")?.active == false)
        #expect(plouzane.serviceCodeRequired && plouzane.engagementRequired)

        // A file with one bad line among good ones: nothing of it lands.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("directory-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(
            """
            identifiant;raison_sociale;actif
            21290130000013;Commune de Locmaria-Plouzané (renamed);oui
            21290130000014;Faute de frappe;oui
            """.utf8
        ).write(to: file)
        await #expect(
            throws: HubError.directoryFile([
                DirectoryLineError(line: 3, reason: "\"21290130000014\" is not a valid SIRET (14 digits, Luhn check digit)")
            ])
        ) {
            try await directory.importFile(file)
        }
        #expect(try await directory.entry("21290130000013")?.name == "Commune de Locmaria-Plouzané")

        // Replacing all keeps only the file's entries.
        try Data("identifiant;raison_sociale\n21290130000013;Commune de Locmaria-Plouzané\n".utf8).write(to: file)
        try await directory.importFile(file, replacingAll: true)
        #expect(try await directory.count() == 1)
        #expect(try await harness.count("directory_services") == 0)
    }

    @Test("transitions the lifecycle allows are recorded as chained events; others are refused", arguments: StoreKind.available)
    func lifecycle(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let store = harness.store
        let accepted = try #require(
            try await HubFixtures.ingestion(store).ingest(try HubFixtures.bytes(HubFixtures.kerbratInvoice), from: HubFixtures.kerbrat)
                .invoice)
        let reader = reader(harness)
        let id = accepted.summary.id
        let lifecycle = InvoiceLifecycle(store: store)
        let tenancy = Tenancy(store: store)
        let buyer = try #require(try await tenancy.authenticate(bearer: "hmn_demo_commune_plouzane"))
        let supplier = try #require(try await tenancy.authenticate(bearer: "hmn_demo_atelier_kerbrat"))

        _ = try await lifecycle.record(invoiceID: id, to: .issued, actor: .hub, reason: "sent to Chorus Pro")
        _ = try await lifecycle.record(invoiceID: id, to: .madeAvailable, actor: .portal)
        // The buyer may approve; the supplier may not.
        await #expect(throws: HubError.transitionForbidden(role: .supplier, to: .approved)) {
            _ = try await lifecycle.transition(invoiceID: id, to: .approved, by: supplier)
        }
        let approved = try await lifecycle.transition(invoiceID: id, to: .approved, by: buyer, reason: "service fait")
        #expect(approved.from == .madeAvailable)
        #expect(approved.actor == .organisation(.buyer, "commune-plouzane"))
        // Approved cannot go back to made available.
        await #expect(throws: HubError.transitionNotAllowed(invoiceID: id, from: .approved, to: .madeAvailable)) {
            _ = try await lifecycle.record(invoiceID: id, to: .madeAvailable, actor: .portal)
        }
        _ = try await lifecycle.transition(invoiceID: id, to: .paymentSent, by: buyer)
        _ = try await lifecycle.transition(invoiceID: id, to: .paid, by: supplier)
        // Paid is final.
        await #expect(throws: HubError.self) { _ = try await lifecycle.record(invoiceID: id, to: .rejected, actor: .hub) }

        #expect(try await reader.summary(id, scope: .all)?.status == .paid)
        let events = try #require(try await reader.events(id, scope: .all))
        #expect(events.map(\.to) == [.deposited, .issued, .madeAvailable, .approved, .paymentSent, .paid])
        #expect(events.map(\.position) == Array(1...6))
        for (previous, next) in zip(events, events.dropFirst()) { #expect(next.previousHash == previous.hash) }
        #expect(try await reader.summary(id, scope: .all)?.chain == events.last?.head)
        let audit = try await AuditLog(store: store).verify()
        #expect(audit.passed)
        #expect(audit.eventsChecked == 6)
        #expect(audit.invoicesChecked == 1)
    }

    @Test("the audit pages through a long log", arguments: StoreKind.available)
    func auditPages(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let ingestion = HubFixtures.ingestion(harness.store)
        for index in 0..<5 {
            let bytes = try HubFixtures.edited(
                HubFixtures.kerbratInvoice, [("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>FA-2026-9\(index)</cbc:ID>")])
            _ = try await ingestion.ingest(bytes, from: HubFixtures.kerbrat)
        }
        let report = try await AuditLog(store: harness.store).verify(pageSize: 2)
        #expect(report.passed)
        #expect(report.eventsChecked == 5)
        #expect(report.invoicesChecked == 5)
    }
}
