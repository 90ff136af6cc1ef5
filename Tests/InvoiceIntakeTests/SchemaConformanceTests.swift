import Foundation
import InvoiceIntake
import InvoiceRules
import TestSupport
import Testing

/// One line of `../shared/corpus/schema/verdicts.jsonl`.
struct MutantVerdict: Decodable {
    struct Schematron: Decodable {
        let fatal: [String]?
        let error: String?
    }

    struct SchemaError: Decodable {
        let line: Int
        let message: String
    }

    let file: String
    let mutation: String
    let syntax: String
    // swiftlint:disable:next identifier_name
    let xsd_valid: Bool
    // swiftlint:disable:next identifier_name
    let xsd_error: SchemaError?
    let schematron: Schematron
    let valid: Bool
}

/// Hermine against the official pipeline (XML Schema, then the schematron) on the 372 single-change mutants of
/// `../shared/corpus/schema/`: the same verdict on each; at least one schema finding where the schema is broken;
/// where it holds and the schematron gave a verdict, exactly its fatal set and no schema finding. A schema finding
/// must also point at the line of the schema validator's first complaint.
///
/// Differences not yet fixed would be listed in `schema-known-differences.tsv`, checked both ways like
/// `conformance-known-differences.tsv` (RECORD=1 rewrites it); it is empty, and may only stay so.
@Suite("XML Schema conformance")
struct SchemaConformanceTests {
    static let knownDifferencesFile = ProjectFiles.packageRoot
        .appendingPathComponent("Tests/InvoiceIntakeTests/schema-known-differences.tsv")

    static func verdicts() throws -> [MutantVerdict] {
        let url = ProjectFiles.schemaMutants.appendingPathComponent("verdicts.jsonl")
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(MutantVerdict.self, from: Data($0.utf8))
        }
    }

    /// The difference line for one mutant, or nil when Hermine agrees with the official pipeline.
    static func difference(_ verdict: MutantVerdict, _ outcome: FileValidation) -> String? {
        guard let report = outcome.report else { return "\(verdict.file)\terror=\(outcome.error?.code ?? "?")" }
        var parts: [String] = []
        let schemaFindings = report.findings.filter { $0.rule.hasPrefix("XSD-") }
        if report.valid != verdict.valid { parts.append("valid=\(report.valid)") }
        if !verdict.xsd_valid && schemaFindings.isEmpty { parts.append("no-schema-finding") }
        // The schema validator's first complaint is on a line Hermine points at too.
        if let error = verdict.xsd_error, !schemaFindings.isEmpty, !schemaFindings.contains(where: { $0.location.line == error.line }) {
            parts.append("no-schema-finding-at-line=\(error.line)")
        }
        if verdict.xsd_valid, let first = schemaFindings.first {
            parts.append("schema-finding=\(first.rule)@\(first.location.line)")
        }
        if verdict.xsd_valid, let official = verdict.schematron.fatal {
            let fatal = Set(report.fatal.filter { !$0.hasPrefix("XSD-") })
            let missing = Set(official).subtracting(fatal).sorted()
            let extra = fatal.subtracting(official).sorted()
            if !missing.isEmpty { parts.append("missing=" + missing.joined(separator: ",")) }
            if !extra.isEmpty { parts.append("extra=" + extra.joined(separator: ",")) }
        }
        return parts.isEmpty ? nil : ([verdict.file] + parts).joined(separator: "\t")
    }

    @Test("the verdict equals the official pipeline's on all 372 mutants, but for the listed differences")
    func mutantsAgreeWithThePipeline() throws {
        let intake = try Intake()
        let verdicts = try Self.verdicts()
        try #require(verdicts.count == 372, "expected the 372 mutants of verdicts.jsonl")
        #expect(verdicts.filter { !$0.xsd_valid }.count == 135)
        var differences: [String] = []
        for verdict in verdicts {
            let outcome = FileValidation.run(ProjectFiles.schemaMutants.appendingPathComponent(verdict.file).path, with: intake)
            if let line = Self.difference(verdict, outcome) {
                print("schema conformance difference: \(line)\t(\(verdict.mutation))")
                differences.append(line)
            }
        }
        print("schema conformance: \(verdicts.count - differences.count) of \(verdicts.count) mutants agree with the official pipeline")
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            let header = "# Mutants of ../shared/corpus/schema where Hermine differs from the official pipeline. May only shrink.\n"
            try (header + differences.map { $0 + "\n" }.joined()).write(to: Self.knownDifferencesFile, atomically: true, encoding: .utf8)
            return
        }
        let known = Set(
            try String(contentsOf: Self.knownDifferencesFile, encoding: .utf8)
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") })
        let actual = Set(differences)
        for line in actual.subtracting(known).sorted() { Issue.record("new difference from the official pipeline: \(line)") }
        for line in known.subtracting(actual).sorted() {
            Issue.record("listed difference no longer seen, strike it off schema-known-differences.tsv: \(line)")
        }
    }

    @Test("every schema finding on a mutant is fatal, bilingual, and points at a line")
    func findingsAreComplete() throws {
        let intake = try Intake()
        for verdict in try Self.verdicts() where !verdict.xsd_valid {
            let outcome = FileValidation.run(ProjectFiles.schemaMutants.appendingPathComponent(verdict.file).path, with: intake)
            for finding in outcome.report?.findings ?? [] where finding.rule.hasPrefix("XSD-") {
                #expect(finding.severity == .fatal)
                #expect(finding.location.line > 0 && finding.location.path.hasPrefix("/"), "\(verdict.file): \(finding)")
                #expect(!finding.message.fr.contains("{") && !finding.message.en.contains("{"), "\(finding.message)")
                #expect(finding.message.fr != finding.message.en)
            }
        }
    }
}
