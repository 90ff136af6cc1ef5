import Foundation
import InvoiceRules
import TestSupport
import Testing

/// One change to a syntax fixture and what it must do to one rule (`Fixtures/syntax/cases.json`).
struct SyntaxCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    /// `ubl` or `cii`: which fixture to change.
    let syntax: String
    /// Text that occurs once in the fixture, and what replaces it.
    let find: String
    let replace: String
    /// The rule id, and whether it must fire on the changed invoice.
    let rule: String
    let fires: Bool

    var testDescription: String { name }

    static let folder = ProjectFiles.packageRoot.appendingPathComponent("Tests/InvoiceRulesTests/Fixtures/syntax")

    static let all: [SyntaxCase] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("cases.json")) else { return [] }
        return (try? JSONDecoder().decode([SyntaxCase].self, from: data)) ?? []
    }()

    static func fixture(_ syntax: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(syntax)-invoice.xml"), encoding: .utf8)
    }
}

/// The UBL-syntax and EN16931-CII-Syntax patterns, one rule at a time, on small invoices changed in one place.
/// The expectations were checked against an XPath 2.0 evaluation of the official rules.
@Suite("Syntax rules")
struct SyntaxRuleTests {
    /// The syntax rule ids that fire on `xml`.
    func syntaxFindings(_ xml: String) throws -> Set<String> {
        let report = try RuleCheck.report(Data(xml.utf8))
        return Set(report.findings.map(\.rule).filter { $0.hasPrefix("UBL-") || $0.hasPrefix("CII-") })
    }

    @Test("the fixtures break no syntax rule", arguments: ["ubl", "cii"])
    func fixturesAreClean(_ syntax: String) throws {
        let fired = try syntaxFindings(SyntaxCase.fixture(syntax))
        #expect(fired.isEmpty, "\(fired.sorted())")
    }

    @Test("the case list is there")
    func casesAreLoaded() {
        #expect(SyntaxCase.all.count > 50, "cases.json not found or unreadable in \(SyntaxCase.folder.path)")
    }

    @Test("a change to a fixture fires the rule, or does not", arguments: SyntaxCase.all)
    func change(_ c: SyntaxCase) throws {
        let fixture = try SyntaxCase.fixture(c.syntax)
        let occurrences = fixture.components(separatedBy: c.find).count - 1
        try #require(occurrences == 1, "the text to replace must occur once in \(c.syntax)-invoice.xml")
        let fired = try syntaxFindings(fixture.replacingOccurrences(of: c.find, with: c.replace))
        let didFire = fired.contains(c.rule)
        #expect(didFire == c.fires, "fired: \(fired.sorted())")
    }

    @Test("findings carry the French message of the catalogue")
    func frenchMessage() throws {
        let fixture = try SyntaxCase.fixture("ubl")
            .replacingOccurrences(
                of: "<cbc:IssueDate>2026-01-15</cbc:IssueDate>",
                with: "<cbc:IssueDate>2026-01-15</cbc:IssueDate><cbc:IssueTime>10:00:00</cbc:IssueTime>")
        let report = try RuleCheck.report(Data(fixture.utf8))
        let finding = try #require(report.findings.first { $0.rule == "UBL-CR-006" })
        #expect(finding.severity == .warning)
        #expect(finding.message.fr == "Une facture UBL ne devrait pas contenir l'élément IssueTime")
        #expect(finding.location.path == "/Invoice")
    }
}
