import Foundation
import InvoiceRules
import TestSupport
import Testing

/// Every official rule id is known to Hermine with the official severity, and implemented.
@Suite("Rule coverage")
struct RuleCoverageTests {
    struct OfficialRule: Decodable {
        let syntax: String
        let id: String
        let flag: String
        let pattern: String
    }

    static func official() throws -> [OfficialRule] {
        let decoder = JSONDecoder()
        return try String(contentsOf: ProjectFiles.officialRules, encoding: .utf8)
            .split(separator: "\n").map { try decoder.decode(OfficialRule.self, from: Data($0.utf8)) }
    }

    static let unimplementedFile = ProjectFiles.packageRoot
        .appendingPathComponent("Tests/InvoiceRulesTests/unimplemented-rules.txt")

    @Test("the catalogue lists every official id with its official severity, and a French message", arguments: ["ubl", "cii"])
    func catalogueMatchesOfficialRules(_ syntax: String) throws {
        let rules = syntax == "ubl" ? try RuleCheck.ubl() : try RuleCheck.cii()
        let official = try Self.official().filter { $0.syntax == syntax }
        #expect(Set(rules.catalog.entries.keys) == Set(official.map(\.id)))
        for rule in official {
            #expect(rules.catalog.entries[rule.id]?.severity.rawValue == rule.flag, "\(rule.id)")
        }
        let untranslated = rules.catalog.entries.filter { $0.value.message.fr == "TODO" || $0.value.message.fr.isEmpty }.keys.sorted()
        let untranslatedCount = untranslated.count
        #expect(untranslatedCount == 0, "\(untranslated.count) rules without a French message, such as \(untranslated.prefix(5))")
    }

    @Test("each pattern lists the official pattern's rules in the official order (tables and Swift together)", arguments: ["ubl", "cii"])
    func patternsFollowTheOfficialOrder(_ syntax: String) throws {
        let rules = syntax == "ubl" ? try RuleCheck.ubl() : try RuleCheck.cii()
        let official = try Self.official().filter { $0.syntax == syntax }
        let unimplemented = Set(
            try String(contentsOf: Self.unimplementedFile, encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix(syntax + " ") }.map { String($0.dropFirst(syntax.count + 1)) })
        for pattern in rules.patterns {
            let ids = pattern.rules.flatMap { $0.assertions.map(\.id) }
            let expected = official.filter { $0.pattern == pattern.name && !unimplemented.contains($0.id) }.map(\.id)
            #expect(!expected.isEmpty, "\(pattern.name) is no official pattern")
            #expect(ids == expected, "\(pattern.name): first difference at \(Array(zip(ids, expected)).firstIndex { $0.0 != $0.1 } ?? min(ids.count, expected.count))")
        }
    }

    @Test("every catalogued rule is implemented, but for those listed in unimplemented-rules.txt")
    func everyRuleIsImplemented() throws {
        var missing: [String] = []
        for (syntax, rules) in [("ubl", try RuleCheck.ubl()), ("cii", try RuleCheck.cii())] {
            let implemented = rules.ruleIDs
            let uncatalogued = implemented.subtracting(rules.catalog.entries.keys).sorted()
            #expect(uncatalogued.isEmpty, "ids implemented but not catalogued: \(uncatalogued)")
            missing += Set(rules.catalog.entries.keys).subtracting(implemented).sorted().map { "\(syntax) \($0)" }
        }
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            let header = "# Official rule ids not implemented yet (syntax, id). This list may only shrink.\n"
            try (header + missing.map { $0 + "\n" }.joined()).write(to: Self.unimplementedFile, atomically: true, encoding: .utf8)
            return
        }
        let listed = Set(((try? String(contentsOf: Self.unimplementedFile, encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") })
        let newlyMissing = Set(missing).subtracting(listed).sorted()
        let nowImplemented = listed.subtracting(missing).sorted()
        let newlyMissingCount = newlyMissing.count
        #expect(newlyMissingCount == 0, "\(newlyMissing.count) rules neither implemented nor listed, such as \(newlyMissing.prefix(10))")
        let nowImplementedCount = nowImplemented.count
        #expect(nowImplementedCount == 0, "\(nowImplemented.count) rules implemented now, strike them off unimplemented-rules.txt: \(nowImplemented.prefix(10))")
    }
}
