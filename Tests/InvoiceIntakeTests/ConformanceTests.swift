import Foundation
import InvoiceIntake
import InvoiceRules
import TestSupport
import Testing

/// One line of `verdicts.jsonl`: the official validator's verdict on one corpus file.
struct OfficialVerdict: Decodable {
    let file: String
    let kind: String
    let syntax: String
    let fatal: [String]
    let warning: [String]
}

/// Compares Hermine's verdicts with the official ones on the whole EN 16931 corpus.
///
/// Differences not yet fixed are listed in `conformance-known-differences.tsv`: a difference not
/// listed fails, and a listed one that has gone away fails too until it is struck off (RECORD=1
/// rewrites the file from the current results).
@Suite("EN 16931 conformance")
struct ConformanceTests {
    static let knownDifferencesFile = ProjectFiles.packageRoot
        .appendingPathComponent("Tests/InvoiceIntakeTests/conformance-known-differences.tsv")

    static func verdicts() throws -> [OfficialVerdict] {
        let url = ProjectFiles.en16931.appendingPathComponent("verdicts.jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("the conformance corpus was not found at \(url.path)")
            return []
        }
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(OfficialVerdict.self, from: Data($0.utf8))
        }
    }

    /// The difference line for one file, or nil when Hermine agrees.
    ///
    /// Complete instances are compared on every fatal rule, schema findings included (they are schema-valid, so
    /// any schema finding is a difference); unit fragments are partial on purpose, none is schema-valid, so they are
    /// compared on the business rules only.
    static func difference(_ verdict: OfficialVerdict, _ outcome: FileValidation) -> String? {
        var fatal = Set(outcome.report?.fatal ?? [])
        if verdict.kind != "instance" { fatal = fatal.filter { !$0.hasPrefix("XSD-") } }
        let warning = Set(outcome.report?.warning ?? [])
        var parts: [String] = []
        if let error = outcome.error { parts.append("error=\(error.code)") }
        let missing = Set(verdict.fatal).subtracting(fatal).sorted()
        let extra = fatal.subtracting(verdict.fatal).sorted()
        if !missing.isEmpty { parts.append("missing=" + missing.joined(separator: ",")) }
        if !extra.isEmpty { parts.append("extra=" + extra.joined(separator: ",")) }
        if verdict.kind == "instance" {
            let wMissing = Set(verdict.warning).subtracting(warning).sorted()
            let wExtra = warning.subtracting(verdict.warning).sorted()
            if !wMissing.isEmpty { parts.append("warning-missing=" + wMissing.joined(separator: ",")) }
            if !wExtra.isEmpty { parts.append("warning-extra=" + wExtra.joined(separator: ",")) }
        }
        return parts.isEmpty ? nil : ([verdict.file] + parts).joined(separator: "\t")
    }

    @Test("Hermine's fatal and warning sets equal the official validator's on the EN 16931 corpus, but for the listed differences")
    func corpusAgreesWithOfficialVerdicts() throws {
        let intake = try Intake()
        let verdicts = try Self.verdicts()
        try #require(verdicts.count == 1203, "expected the 1,203 files of verdicts.jsonl")
        var differences: [String] = []
        for verdict in verdicts {
            let path = ProjectFiles.en16931.appendingPathComponent(verdict.file).path
            let outcome = FileValidation.run(path, with: intake)
            if let line = Self.difference(verdict, outcome) { differences.append(line) }
        }
        let identical = verdicts.count - differences.count
        print("conformance: \(identical) of \(verdicts.count) files with identical verdicts")

        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            let header = "# Corpus files where Hermine's verdict still differs from the official one (file, then what differs).\n# This list may only shrink. Regenerate with RECORD=1 swift test --filter Conformance.\n"
            try (header + differences.map { $0 + "\n" }.joined()).write(to: Self.knownDifferencesFile, atomically: true, encoding: .utf8)
            return
        }
        let known = Set(
            (try? String(contentsOf: Self.knownDifferencesFile, encoding: .utf8))?
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") } ?? [])
        let actual = Set(differences)
        for line in actual.subtracting(known).sorted() {
            Issue.record("new difference from the official verdict: \(line)")
        }
        for line in known.subtracting(actual).sorted() {
            Issue.record("listed difference no longer seen, strike it off conformance-known-differences.tsv: \(line)")
        }
    }
}
