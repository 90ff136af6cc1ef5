import Foundation
import HTTPTypes
import Hub
import HubHTTP
import HubTestSupport
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing

/// The web console's guards, over real HTTP: sessions, form tokens, who sees which page, escaping, headers.
/// (The journeys themselves run in a real browser: `Tests/Browser/console_test.py`.)
@Suite("Web console")
struct ConsoleTests {
    static let policy = SignInPolicy(bcryptCost: 4, maximumFailures: 3, lockDuration: .seconds(600))
    static let kerbrat = ("anne@kerbrat.example", "kerbrat password 1")
    static let breizh = ("yann@breizh.example", "breizh password 1")
    static let plouzane = ("compta@plouzane.example", "plouzane password 1")

    /// A hub with a console and one user per demo organisation used here.
    static func hub(secureCookies: Bool = false) async throws -> (LiveHub, ConsoleConfiguration) {
        let hub = try await LiveHub(.sqlite)
        let accounts = Accounts(store: hub.harness.store, policy: policy)
        try await accounts.addUser(organisationID: "atelier-kerbrat", role: .supplier, email: kerbrat.0, password: kerbrat.1)
        try await accounts.addUser(organisationID: "breizh-numerique", role: .supplier, email: breizh.0, password: breizh.1)
        try await accounts.addUser(organisationID: "commune-plouzane", role: .buyer, email: plouzane.0, password: plouzane.1)
        let pages = try await ConsolePages.load(root: APIFixtures.root)
        return (hub, ConsoleConfiguration(accounts: accounts, pages: pages, secureCookies: secureCookies))
    }

    // MARK: Signing in

    @Test("session cookies are HttpOnly and SameSite=Lax, Secure when the hub is behind TLS")
    func cookieFlags() async throws {
        for secure in [false, true] {
            let (hub, console) = try await Self.hub(secureCookies: secure)
            try await hub.run(console: console) { client in
                let browser = Browser(client)
                let answer = try await browser.signIn(Self.kerbrat)
                #expect(answer.status == .seeOther)
                let cookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("hermine_session=") })
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
                #expect(cookie.contains("Path=/"))
                #expect(cookie.contains("Secure") == secure, "\(cookie)")
                #expect(answer.headers[.location] == "/invoices")
            }
        }
    }

    @Test("pages send a Content-Security-Policy without inline scripts, and no page loads anything from elsewhere")
    func contentSecurityPolicy() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let browser = Browser(client)
            _ = try await browser.signIn(Self.kerbrat)
            for path in ["/sign-in", "/invoices", "/invoices/new", "/invoices/inv_nothing"] {
                let page = try await browser.get(path)
                let policy = try #require(page.headers[.contentSecurityPolicy], "\(path)")
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("default-src 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                let html = page.text
                #expect(!html.contains("http://") && !html.contains("https://"), "\(path) refers to another site")
                #expect(!html.contains("<script>"), "\(path) has an inline script")
                #expect(!html.contains(" on") || !html.contains("onclick="), "\(path) has an inline handler")
            }
        }
    }

    @Test("repeated wrong passwords lock the account for a while, even against the right one")
    func lockOut() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let browser = Browser(client)
            #expect(try await browser.signIn((Self.kerbrat.0, "wrong 1")).status == .unauthorized)
            #expect(try await browser.signIn((Self.kerbrat.0, "wrong 2")).status == .unauthorized)
            let locked = try await browser.signIn((Self.kerbrat.0, "wrong 3"))
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("bloqué"))
            let right = try await browser.signIn(Self.kerbrat)
            #expect(right.status == .tooManyRequests)
            #expect(right.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("hermine_session=hms_") })
        }
    }

    @Test("pages need a session: without one they send to the sign-in page, which comes back")
    func signInFirst() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let browser = Browser(client)
            let answer = try await browser.get("/invoices?status=200")
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location] == "/sign-in?next=/invoices%3Fstatus%3D200")
            let signedIn = try await browser.signIn(Self.kerbrat, next: "/invoices?status=200")
            #expect(signedIn.headers[.location] == "/invoices?status=200")
            // A next page elsewhere is not followed.
            let other = Browser(client)
            #expect(try await other.signIn(Self.kerbrat, next: "//evil.example/").headers[.location] == "/invoices")
        }
    }

    // MARK: Form tokens

    @Test("a form without the session's token is refused and changes nothing")
    func csrf() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let id = try await client.deposit(APIFixtures.kerbratInvoice(number: "CSRF-1")).id
            // Made available by the portal, as the buyer's actions need.
            for status in [InvoiceStatus.issued, .madeAvailable] {
                _ = try await hub.services.lifecycle.record(invoiceID: InvoiceID(rawValue: id), to: status, actor: .portal)
            }
            let buyer = Browser(client)
            _ = try await buyer.signIn(Self.plouzane)
            for token in [nil, "hms_forged", String(buyer.csrf.dropLast()) + "x"] {
                var form = "status=205&reason=forged"
                if let token { form += "&_csrf=\(token)" }
                let answer = try await buyer.post("/invoices/\(id)/status", form: form)
                #expect(answer.status == .forbidden)
            }
            let events = try await hub.services.invoices.events(InvoiceID(rawValue: id), scope: .all) ?? []
            #expect(!events.contains { $0.to == .approved })
            // With the token, the same form works.
            let answer = try await buyer.post("/invoices/\(id)/status", form: "status=204&reason=ok&_csrf=\(buyer.csrf)")
            #expect(answer.status == .seeOther)

            // A deposit form without the token stores nothing.
            let supplier = Browser(client)
            _ = try await supplier.signIn(Self.kerbrat)
            let before = try await hub.harness.count("invoices")
            let refused = try await supplier.upload([("a.xml", APIFixtures.kerbratInvoice(number: "CSRF-2"))], csrf: "hms_forged")
            #expect(refused.status == .forbidden)
            #expect(try await hub.harness.count("invoices") == before)
            let accepted = try await supplier.upload([("a.xml", APIFixtures.kerbratInvoice(number: "CSRF-2"))], csrf: supplier.csrf)
            #expect(accepted.status == .ok)
            #expect(try await hub.harness.count("invoices") == before + 1)

            // Signing out needs the token too; the session lives on until then.
            #expect(try await supplier.post("/sign-out", form: "_csrf=wrong").status == .forbidden)
            #expect(try await supplier.get("/invoices").status == .ok)
            #expect(try await supplier.post("/sign-out", form: "_csrf=\(supplier.csrf)").status == .seeOther)
            #expect(try await supplier.get("/invoices").status == .seeOther)

            // The sign-in form's token is the one its cookie carries.
            let stranger = Browser(client)
            _ = try await stranger.get("/sign-in")
            let forged = try await stranger.post(
                "/sign-in", form: "_csrf=hms_forged&email=\(Self.kerbrat.0)&password=\(Self.kerbrat.1.replacingOccurrences(of: " ", with: "+"))")
            #expect(forged.status == .forbidden)
        }
    }

    // MARK: Who sees what

    @Test("a supplier cannot reach another supplier's invoice, a buyer's action or a page of another role: 404, as the API")
    func scope() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let kerbratID = try await client.deposit(APIFixtures.kerbratInvoice(number: "SCOPE-1")).id
            let breizhID = try await client.deposit(APIFixtures.breizhInvoice(), token: APIFixtures.breizhToken).id
            let supplier = Browser(client)
            _ = try await supplier.signIn(Self.kerbrat)
            #expect(try await supplier.get("/invoices/\(kerbratID)").status == .ok)
            // Its downloads, in every format the buyers' channels send.
            for (format, type) in [("original", "application/xml"), ("ubl", "application/xml"), ("cii", "application/xml"),
                ("json", "application/json"), ("csv", "text/csv")] {
                let download = try await supplier.get("/invoices/\(kerbratID)/download/\(format)")
                #expect(download.status == .ok, "\(format)")
                #expect(download.headers[.contentType]?.hasPrefix(type) == true, "\(format)")
                #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"SCOPE-1") == true, "\(format)")
            }
            #expect(try await supplier.get("/invoices/\(kerbratID)/download/pdf").status == .notFound)
            for path in ["/invoices/\(breizhID)", "/invoices/\(breizhID)/download/original", "/invoices/\(breizhID)/download/ubl", "/invoices/inv_nothing"] {
                let page = try await supplier.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(!page.text.contains("Breizh"), "\(path)")
            }
            #expect(!(try await supplier.get("/invoices").text.contains(breizhID)))
            // The buyer's approval, asked by the supplier on its own invoice.
            let approval = try await supplier.post("/invoices/\(kerbratID)/status", form: "status=205&_csrf=\(supplier.csrf)")
            #expect(approval.status == .notFound)
            // Operators' pages, asked by a supplier: as if they did not exist.
            for path in ["/operations", "/operations/queue", "/operations/reconciliation", "/operations/queue?format=csv"] {
                #expect(try await supplier.get(path).status == .notFound, "\(path)")
            }
            let forged = try await supplier.post("/operations/invoices", form: "action=resolve&invoice=\(kerbratID)&_csrf=\(supplier.csrf)")
            #expect(forged.status == .notFound)
            #expect(try await hub.harness.store.read { tx in try tx.resolution(of: kerbratID) } == nil)
            // A buyer has no deposit page.
            let buyer = Browser(client)
            _ = try await buyer.signIn(Self.plouzane)
            #expect(try await buyer.get("/invoices/new").status == .notFound)
            #expect(try await buyer.get("/invoices/\(kerbratID)").status == .ok)
        }
    }

    // MARK: Escaping

    @Test("markup in an invoice's note, a party's name or a file name is shown as text")
    func escaping() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let hostile = try HubFixtures.edited(
                HubFixtures.kerbratInvoice,
                [
                    ("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>XSS-1</cbc:ID>"),
                    ("<cbc:Note>Réfection", "<cbc:Note>&lt;script&gt;alert(1)&lt;/script&gt; Réfection"),
                    ("<cbc:RegistrationName>Commune de Plouzané</cbc:RegistrationName>", "<cbc:RegistrationName>&lt;img src=x onerror=alert(2)&gt;</cbc:RegistrationName>"),
                ])
            let supplier = Browser(client)
            _ = try await supplier.signIn(Self.kerbrat)
            let results = try await supplier.upload([("<script>alert(3)</script>.xml", hostile)], csrf: supplier.csrf)
            #expect(results.status == .ok)
            #expect(results.text.contains("&lt;script&gt;alert(3)&lt;/script&gt;.xml"))
            #expect(!results.text.contains("<script>alert"))
            let id = try #require(results.text.firstMatch(of: /\/invoices\/(inv_[0-9A-Z]+)/)?.1)
            for path in ["/invoices/\(id)", "/invoices?q=XSS"] {
                let page = try await supplier.get(path).text
                #expect(!page.contains("<script>alert"), "\(path)")
                #expect(!page.contains("<img src=x"), "\(path)")
            }
            let page = try await supplier.get("/invoices/\(id)").text
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.contains("&lt;img src=x onerror=alert(2)&gt;"))
            // The CSV export neutralises what a spreadsheet would run.
            let csv = try await supplier.get("/invoices?q=XSS&format=csv")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("XSS-1"))
        }
    }

    // MARK: Metrics

    @Test("/metrics counts deposits by outcome, times validation, and reads deliveries and queues from the store")
    func metrics() async throws {
        let registry = PrometheusCollectorRegistry()
        let hub = try await LiveHub(.sqlite, metrics: registry)
        try await hub.run { client in
            #expect(try await client.deposit(APIFixtures.kerbratInvoice(number: "MET-1")).status == 201)
            #expect(try await client.deposit(APIFixtures.kerbratRejected(number: "MET-2")).status == 422)
            #expect(try await client.deposit(APIFixtures.kerbratInvoice(number: "MET-1")).status == 409)
            let answer = try await client.get("/metrics", token: nil)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("text/plain") == true)
            let lines = Set(answer.text.split(separator: "\n").map(String.init))
            for expected in [
                #"hermine_deposits_total{outcome="accepted"} 1"#, #"hermine_deposits_total{outcome="rejected"} 1"#,
                #"hermine_deposits_total{outcome="duplicate"} 1"#, "hermine_validation_seconds_count 3",
                // The accepted invoice waits for the portal (no worker runs here).
                #"hermine_deliveries_open{kind="portal",state="pending"} 1.0"#, #"hermine_deliveries_open{kind="portal",state="failed"} 0.0"#,
                #"hermine_delivery_retries{kind="portal"} 0.0"#, "hermine_status_sync_lag_seconds 0.0",
            ] {
                #expect(lines.contains(expected), "missing: \(expected)")
            }
        }
    }

    // MARK: Lists and language

    @Test("every word a template asks for is in strings.tsv, in French and in English")
    func words() throws {
        let folder = APIFixtures.root.appendingPathComponent("templates/web")
        let table = try String(contentsOf: folder.appendingPathComponent("strings.tsv"), encoding: .utf8)
        var keys: Set<String> = []
        for line in table.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 3 && fields.allSatisfy { !$0.isEmpty }, "\(line)")
            keys.insert(String(fields[0]))
        }
        var asked: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: /\{\{t\.([a-z0-9_]+)\}\}/) { asked.insert(String(match.1)) }
        }
        #expect(asked.count > 50)
        asked.formUnion(Role.allCases.map { "role_\($0.rawValue)" })
        asked.formUnion(Delivery.State.allCases.map { "delivery_\($0.rawValue)" })
        #expect(asked.subtracting(keys).isEmpty, "missing: \(asked.subtracting(keys).sorted())")
        // ConsolePages.load refuses a table with a line short of a language.
        _ = try ConsoleStrings(file: folder.appendingPathComponent("strings.tsv"))
    }

    @Test("the list searches number, buyer and amount (a decimal comma too), and filters by status")
    func search() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let first = try await client.deposit(APIFixtures.kerbratInvoice(number: "SEARCH-1")).id
            let rejected = try await client.deposit(APIFixtures.kerbratRejected(number: "SEARCH-2")).id
            let supplier = Browser(client)
            _ = try await supplier.signIn(Self.kerbrat)
            let all = try await supplier.get("/invoices").text
            #expect(all.contains(first) && all.contains(rejected))
            #expect(try await supplier.get("/invoices?q=search-1").text.contains(first))
            #expect(!(try await supplier.get("/invoices?q=search-1").text.contains(rejected)))
            #expect(try await supplier.get("/invoices?q=plouzan").text.contains(first))
            #expect(try await supplier.get("/invoices?q=2130,00").text.contains(first))
            #expect(!(try await supplier.get("/invoices?q=nothing-like-it").text.contains(first)))
            let onlyRejected = try await supplier.get("/invoices?status=213").text
            #expect(onlyRejected.contains(rejected) && !onlyRejected.contains(first))
        }
    }

    @Test("the language switch keeps the page, in French by default and English on request; it goes back only to this site")
    func language() async throws {
        let (hub, console) = try await Self.hub()
        try await hub.run(console: console) { client in
            let browser = Browser(client)
            #expect(try await browser.get("/sign-in").text.contains("Mot de passe"))
            let switched = try await browser.get("/language?to=en&back=/sign-in")
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/sign-in")
            #expect(try await browser.get("/sign-in").text.contains("Password"))
            #expect(try await browser.get("/language?to=fr&back=//evil.example").headers[.location] == "/")
            #expect(try await browser.get("/language?to=fr&back=https://evil.example").headers[.location] == "/")
        }
    }
}

/// A browser's part of a conversation: it keeps cookies and the page's form token.
final class Browser: @unchecked Sendable {
    let client: HubClient
    private var cookies: [String: String] = [:]
    /// The form token of the last page that had one.
    private(set) var csrf = ""

    init(_ client: HubClient) { self.client = client }

    func get(_ path: String) async throws -> TestResponse {
        let answer = try await client.client.execute(uri: path, method: .get, headers: headers())
        keep(answer)
        return answer
    }

    func post(_ path: String, form: String) async throws -> TestResponse {
        var headers = headers()
        headers[.contentType] = "application/x-www-form-urlencoded"
        let answer = try await client.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: form))
        keep(answer)
        return answer
    }

    /// The deposit form with these files.
    func upload(_ files: [(name: String, bytes: Data)], csrf: String) async throws -> TestResponse {
        let boundary = "hermine-test-boundary"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n".utf8))
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\nContent-Type: application/xml\r\n\r\n".utf8))
            body.append(file.bytes)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = headers()
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let answer = try await client.client.execute(uri: "/invoices/new", method: .post, headers: headers, body: ByteBuffer(bytes: body))
        keep(answer)
        return answer
    }

    /// Opens the sign-in page, then posts its form.
    func signIn(_ person: (String, String), next: String = "") async throws -> TestResponse {
        _ = try await get("/sign-in")
        let escape = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
        let answer = try await post(
            "/sign-in", form: "_csrf=\(escape(csrf))&email=\(escape(person.0))&password=\(escape(person.1))&next=\(escape(next))")
        if answer.status == .seeOther { _ = try await get("/invoices") }
        return answer
    }

    private func headers() -> HTTPFields {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        return headers
    }

    private func keep(_ answer: TestResponse) {
        for header in answer.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        if let token = answer.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 { csrf = String(token) }
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
}
