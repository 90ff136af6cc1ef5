import Foundation
import InvoiceRules
import InvoiceXML
import TestSupport
import Testing

/// One textual change to a fixture: the smallest edit that makes a rule fire, or shows that it holds.
///
/// Every edit applies to the first match, searched from the end of `after` when given (an anchor that
/// says which of several similar elements is meant); a match that is not found fails the case.
struct CIIEdit: Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        case replace(String, with: String)
        case replaceEvery(String, with: String)
        case insert(String, before: String)
        case removeElement(String)
    }

    let kind: Kind
    let after: String?

    /// Replaces the first `old` (after `anchor`) by `new`.
    static func replace(_ old: String, _ new: String, after anchor: String? = nil) -> CIIEdit {
        CIIEdit(kind: .replace(old, with: new), after: anchor)
    }

    /// Deletes the first `text` (after `anchor`).
    static func remove(_ text: String, after anchor: String? = nil) -> CIIEdit { replace(text, "", after: anchor) }

    /// Replaces every `old` in the document by `new`.
    static func everywhere(_ old: String, _ new: String) -> CIIEdit { CIIEdit(kind: .replaceEvery(old, with: new), after: nil) }

    /// Inserts `text` just before the first `marker` (after `anchor`).
    static func insert(_ text: String, before marker: String, after anchor: String? = nil) -> CIIEdit {
        CIIEdit(kind: .insert(text, before: marker), after: anchor)
    }

    /// Deletes the first element named `name` (`ram:PostalTradeAddress`) with its content (after `anchor`).
    static func removeElement(_ name: String, after anchor: String? = nil) -> CIIEdit {
        CIIEdit(kind: .removeElement(name), after: anchor)
    }

    var description: String {
        let place = after.map { " after \($0)" } ?? ""
        switch kind {
        case .replace(let old, let new): return "replace \(old) by \(new)\(place)"
        case .replaceEvery(let old, let new): return "replace every \(old) by \(new)"
        case .insert(let text, let marker): return "insert \(text) before \(marker)\(place)"
        case .removeElement(let name): return "remove <\(name)>\(place)"
        }
    }

    struct NotApplicable: Error, CustomStringConvertible {
        let description: String
    }

    /// The document with this edit made.
    func apply(to text: String) throws -> String {
        var start = text.startIndex
        if let after {
            guard let anchor = text.range(of: after) else { throw NotApplicable(description: "anchor not found: \(after)") }
            start = anchor.upperBound
        }
        func find(_ needle: String) throws -> Range<String.Index> {
            guard let found = text.range(of: needle, range: start..<text.endIndex) else {
                throw NotApplicable(description: "not found: \(needle)\(after.map { " after \($0)" } ?? "")")
            }
            return found
        }
        var result = text
        switch kind {
        case .replace(let old, let new):
            result.replaceSubrange(try find(old), with: new)
        case .replaceEvery(let old, let new):
            guard text.contains(old) else { throw NotApplicable(description: "not found: \(old)") }
            result = text.replacingOccurrences(of: old, with: new)
        case .insert(let inserted, let marker):
            result.replaceSubrange(try find(marker), with: inserted + marker)
        case .removeElement(let name):
            let open = try find("<\(name)")
            let close = "</\(name)>"
            guard let end = text.range(of: close, range: open.upperBound..<text.endIndex) else {
                throw NotApplicable(description: "no \(close) after <\(name)")
            }
            // Take the element's line break and indentation with it.
            var from = open.lowerBound
            while from > text.startIndex, text[text.index(before: from)] == " " { from = text.index(before: from) }
            result.removeSubrange(from..<end.upperBound)
        }
        return result
    }
}

/// A case of the CII rule table: a fixture, edits, and whether one rule must fire on the result.
struct CIIRuleCase: Sendable, CustomTestStringConvertible {
    /// The valid invoices the edits start from (`Fixtures/cii/valid/`).
    enum Fixture: String, Sendable, CaseIterable {
        /// Standard-rated and zero-rated lines, allowances and charges at both levels, payee, tax representative.
        case base = "base-invoice"
        /// Not subject to VAT (O) throughout.
        case notSubject = "not-subject-invoice"
    }

    let rule: String
    let mustFire: Bool
    let proves: String
    let fixture: Fixture
    let edits: [CIIEdit]

    var testDescription: String { "\(rule) \(mustFire ? "fires" : "holds"): \(proves)" }
}

/// A case where `rule` must fire.
func fires(_ rule: String, _ proves: String, on fixture: CIIRuleCase.Fixture = .base, _ edits: [CIIEdit]) -> CIIRuleCase {
    CIIRuleCase(rule: rule, mustFire: true, proves: proves, fixture: fixture, edits: edits)
}

/// A case where `rule` must not fire.
func holds(_ rule: String, _ proves: String, on fixture: CIIRuleCase.Fixture = .base, _ edits: [CIIEdit] = []) -> CIIRuleCase {
    CIIRuleCase(rule: rule, mustFire: false, proves: proves, fixture: fixture, edits: edits)
}

extension CIIRuleCase {
    /// Every case of the table.
    static var all: [CIIRuleCase] { model + vatCategories + codes }

    /// The rules whose official CII test can never fail (`true()`, or a taxable-amount check that reads
    /// the rate where there is none): they get a case showing they hold where the UBL rule would fire.
    static let neverFire: Set<String> = ["BR-CO-05", "BR-CO-06", "BR-CO-07", "BR-CO-08", "BR-AF-08", "BR-AF-09", "BR-AG-08", "BR-AG-09"]
}

/// Reads fixtures and runs the CII rules on edited copies.
enum CIIRuleBench {
    static let rules: Result<RuleSet, any Error> = Result { try RuleCheck.cii() }

    static let fixtures: [CIIRuleCase.Fixture: String] = Dictionary(
        uniqueKeysWithValues: CIIRuleCase.Fixture.allCases.map { fixture in
            let url = ProjectFiles.packageRoot.appendingPathComponent(
                "Tests/InvoiceRulesTests/Fixtures/cii/valid/\(fixture.rawValue).xml")
            return (fixture, (try? String(contentsOf: url, encoding: .utf8)) ?? "")
        })

    /// The ids of the rules that fire on `text`, by severity.
    static func findings(_ text: String) throws -> [Finding] {
        let tree = try XMLReader.read(Array(text.utf8))
        return try rules.get().check(tree)
    }

    /// The edited document of `c`.
    static func document(_ c: CIIRuleCase) throws -> String {
        let text = try #require(fixtures[c.fixture].flatMap { $0.isEmpty ? nil : $0 }, "fixture \(c.fixture.rawValue).xml not found")
        return try c.edits.reduce(text) { try $1.apply(to: $0) }
    }
}

@Suite("CII business rules")
struct CIIRuleTests {
    @Test("the CII fixtures break no fatal rule", arguments: CIIRuleCase.Fixture.allCases)
    func fixtureIsValid(_ fixture: CIIRuleCase.Fixture) throws {
        let text = try #require(CIIRuleBench.fixtures[fixture])
        let fatal = try CIIRuleBench.findings(text).filter { $0.severity == .fatal }.map(\.rule)
        #expect(fatal.isEmpty, "\(Set(fatal).sorted())")
    }

    @Test("each rule fires, or holds, on its edited invoice", arguments: CIIRuleCase.all)
    func ruleCase(_ c: CIIRuleCase) throws {
        let document = try CIIRuleBench.document(c)
        let fired = Set(try CIIRuleBench.findings(document).map(\.rule))
        if let folder = ProcessInfo.processInfo.environment["CII_CASES_DUMP"] {
            // For checking the table against another validator: the document and the ids Hermine found.
            let slug = String(c.proves.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" }.prefix(60))
            let name = "\(c.rule)-\(c.mustFire ? "fires" : "holds")-\(slug)"
            try document.write(toFile: "\(folder)/\(name).xml", atomically: true, encoding: .utf8)
            try fired.sorted().joined(separator: "\n").write(toFile: "\(folder)/\(name).ids", atomically: true, encoding: .utf8)
        }
        let didFire = fired.contains(c.rule)
        #expect(didFire == c.mustFire)
    }

    @Test("the table covers every BR- and BR-CL- rule of CII, each firing and holding")
    func tableCoversEveryRule() throws {
        struct OfficialRule: Decodable {
            let syntax: String
            let id: String
            let pattern: String
        }
        let decoder = JSONDecoder()
        let official = try String(contentsOf: ProjectFiles.officialRules, encoding: .utf8).split(separator: "\n")
            .map { try decoder.decode(OfficialRule.self, from: Data($0.utf8)) }
            .filter { $0.syntax == "cii" && ($0.pattern == "EN16931-CII-Model" || $0.pattern == "EN16931-Codes") }
        let ids = Set(official.map(\.id))
        #expect(ids.count == 223)
        let firing = Set(CIIRuleCase.all.filter(\.mustFire).map(\.rule))
        let holding = Set(CIIRuleCase.all.filter { !$0.mustFire }.map(\.rule))
        let unknown = firing.union(holding).subtracting(ids).sorted()
        #expect(unknown.isEmpty, "cases for ids that are not CII rules: \(unknown)")
        let neverFiring = ids.subtracting(firing).subtracting(CIIRuleCase.neverFire).sorted()
        #expect(neverFiring.isEmpty, "no case where it fires: \(neverFiring)")
        let neverHolding = ids.subtracting(holding).sorted()
        #expect(neverHolding.isEmpty, "no case where it holds: \(neverHolding)")
        let firingAnyway = firing.intersection(CIIRuleCase.neverFire).sorted()
        #expect(firingAnyway.isEmpty, "listed as never firing: \(firingAnyway)")
    }
}
