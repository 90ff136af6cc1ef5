import Foundation
import InvoiceIntake
import InvoiceModel
import PortalClient
import Testing

/// Settings and the syntax table, checked when the client starts.
@Suite("Portal client: configuration and syntax table")
struct ConfigurationTests {
    @Test("the project's table gives each kind of document its syntaxeFlux (DOMAIN.md §1.3)")
    func projectTable() throws {
        let table = try FlowSyntaxTable.load()
        #expect(table.code(for: .ubl, in: .xml) == "IN_DP_E1_UBL_INVOICE")
        #expect(table.code(for: .cii, in: .xml) == "IN_DP_E1_CII_16B")
        #expect(table.code(for: .cii, in: .pdf) == "IN_DP_E2_CII_FACTURX")
        #expect(table.code(for: .ubl, in: .pdf) == "IN_DP_E2_UBL_INVOICE_MIN")
        #expect(table.rows.count == 4)
    }

    static let header = "container\tsyntax\tsyntaxeFlux\twhy\n"

    @Test(
        "a broken table is a typed error naming the line",
        arguments: [
            ("# only a comment\n", 0, "no header"),
            ("syntax\tcontainer\tsyntaxeFlux\twhy\n", 1, "header"),
            (header + "xml\tubl\tIN_DP_E1_UBL_INVOICE\n", 2, "3 fields"),
            (header + "zip\tubl\tIN_DP_E1_UBL_INVOICE\tbecause\n", 2, "unknown container"),
            (header + "xml\txcbl\tIN_DP_E1_XCBL\tbecause\n", 2, "unknown syntax"),
            (header + "xml\tubl\tin_dp_e1_ubl\tbecause\n", 2, "not a deposit syntax code"),
            (header + "xml\tubl\tIN_DP_E1_UBL_INVOICE\t\n", 2, "does not say why"),
            (header + "xml\tubl\tIN_DP_E1_UBL_INVOICE\ta\n# gap\nxml\tubl\tIN_DP_E1_UBL_INVOICE\tb\n", 4, "twice"),
        ])
    func brokenTable(text: String, line: Int, reason: String) {
        #expect {
            try FlowSyntaxTable.parse(text, file: "t.tsv")
        } throws: { error in
            guard case .syntaxTable(let file, let at, let why) = error as? PortalClientError else { return false }
            return file == "t.tsv" && at == line && why.contains(reason)
        }
    }

    @Test("a missing table file is a typed error")
    func missingTable() {
        #expect(throws: PortalClientError.self) { try FlowSyntaxTable.load(from: URL(fileURLWithPath: "/nonexistent/table.tsv")) }
    }

    @Test(
        "settings out of range are refused at start",
        arguments: [
            { (c: inout ChorusProConfiguration) in c.baseURL = URL(string: "ftp://portal.example")! },
            { (c: inout ChorusProConfiguration) in c.tokenURL = URL(string: "http://user:pw@portal.example/token")! },
            { (c: inout ChorusProConfiguration) in c.clientSecret = "" },
            { (c: inout ChorusProConfiguration) in c.login = "a:b" },
            { (c: inout ChorusProConfiguration) in c.requestTimeout = .zero },
            { (c: inout ChorusProConfiguration) in c.maximumResponseSize = 10 },
            { (c: inout ChorusProConfiguration) in c.pageSize = 0 },
        ] as [@Sendable (inout ChorusProConfiguration) -> Void])
    func invalid(_ change: @Sendable (inout ChorusProConfiguration) -> Void) throws {
        var configuration = ChorusProConfiguration.simulator(syntaxes: try FlowSyntaxTable.load())
        change(&configuration)
        #expect(throws: PortalClientError.self) { try ChorusProClient(configuration: configuration) }
    }

    @Test("PISTE's hosts: the token endpoint on its own host; the description shows neither secret nor password")
    func piste() throws {
        let configuration = ChorusProConfiguration.pisteSandbox(
            clientID: "app", clientSecret: "s3cret-value", login: "TECH_1", password: "p4ssword-value",
            syntaxes: try FlowSyntaxTable.load())
        #expect(configuration.baseURL.host == "sandbox-api.piste.gouv.fr")
        #expect(configuration.tokenURL.absoluteString == "https://sandbox-oauth.piste.gouv.fr/api/oauth/token")
        #expect(!configuration.description.contains("s3cret-value"))
        #expect(!configuration.description.contains("p4ssword-value"))
        #expect(
            ChorusProConfiguration.simulator(syntaxes: configuration.syntaxes).tokenURL.absoluteString
                == "http://127.0.0.1:8081/api/oauth/token")
    }
}
