import Foundation
import InvoiceIntake
import InvoiceModel
import TestSupport
import Testing

/// A broken data file in `formats/` or `mappings/` stops the intake at start with a typed error naming the file
/// and the line, never a crash: each kind of file is broken in a copy of the folders and loaded.
@Suite("Broken data files")
struct DataFileTests {
    /// One way to break one file: the file, and what to do to its lines; the line the error must name.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let what: String
        let file: String
        /// Returns the new lines, and the 1-based line at fault (0: the file as a whole).
        let edit: @Sendable ([String]) -> (lines: [String], line: Int)?
        var testDescription: String { what }

        /// `line` inserted after the first `after` lines.
        static func inserting(_ what: String, _ file: String, _ line: String, after: Int) -> Breakage {
            Breakage(what: what, file: file) { lines in
                var lines = lines
                lines.insert(line, at: after)
                return (lines, after + 1)
            }
        }
    }

    static let breakages: [Breakage] = [
        .inserting("a code with a space in a code list", "formats/codelists/ubl/ISO4217.txt", "EU R", after: 3),
        Breakage(what: "a code list without codes", file: "formats/codelists/cii/UNCL1001.txt") { _ in (["# nothing"], 1) },
        Breakage(what: "a missing code list", file: "formats/codelists/ubl/VAT-prefixes.txt") { _ in nil },
        .inserting(
            "an unknown prefix in a rule table's context", "formats/rules/ubl-syntax.tsv", "UBL-X\tfoo:Delivery\tabsent\tcbc:ID",
            after: 12),
        .inserting(
            "an unknown prefix in a rule table's path", "formats/rules/cii-syntax.tsv",
            "CII-X\t/rsm:CrossIndustryInvoice\tabsent\tfoo:ID", after: 12),
        .inserting("an unknown kind in a rule table", "formats/rules/ubl-syntax.tsv", "UBL-X\t/ubl:Invoice\tforbidden\tcbc:ID", after: 20),
        .inserting("a bad severity in a rule catalogue", "formats/rules/en16931-cii.tsv", "BR-X\tfatalish\tEnglish\tFrançais", after: 2),
        .inserting("a bad term id in the EN 16931 dictionary", "formats/en16931-terms.tsv", "BT-X\tName\t0..1\tText\tBG-0", after: 20),
        .inserting(
            "an unknown profile in the Factur-X requirements", "formats/rules/facturx-profiles.tsv",
            "NANO\tFX-PR-99\tfatal\tpresent BT-1\tEn\tFr", after: 10),
        .inserting("an unknown directive in a binding", "mappings/cii.tsv", "BT-1000\trsm:Nowhere", after: 12),
        Breakage(what: "a binding whose root is not of its syntax", file: "mappings/ubl-invoice.tsv") { lines in
            guard let root = lines.firstIndex(where: { $0.hasPrefix("root\t") }) else { return nil }
            var lines = lines
            lines[root] = "root\tcac:Invoice"
            return (lines, root + 1)
        },
    ]

    /// A copy of `formats/` and `mappings/` in a new temporary folder.
    static func copyOfDataFiles() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["formats", "mappings"] {
            try FileManager.default.copyItem(
                at: ProjectFiles.packageRoot.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    @Test("the copy of the data files loads: the breakages below are all that is wrong")
    func intactCopy() throws {
        let folder = try Self.copyOfDataFiles()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Intake(resources: folder)
    }

    @Test("a broken data file is a typed error naming the file and the line", arguments: breakages)
    func broken(_ breakage: Breakage) throws {
        let folder = try Self.copyOfDataFiles()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(breakage.file)
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let expectedLine: Int
        if let (edited, line) = breakage.edit(lines) {
            try edited.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            expectedLine = line
        } else {
            try FileManager.default.removeItem(at: file)
            expectedLine = 0
        }
        do {
            _ = try Intake(resources: folder)
            Issue.record("\(breakage.what): the intake loaded")
        } catch {
            guard case .malformed(let path, let line, let reason) = error else {
                Issue.record("\(breakage.what): \(error)")
                return
            }
            #expect(path == file.path, "\(reason)")
            #expect(line == expectedLine, "\(reason)")
        }
    }

    @Test("a missing binding for a syntax is an error naming the mappings folder")
    func missingBinding() throws {
        let folder = try Self.copyOfDataFiles()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("mappings/cii.tsv"))
        do {
            _ = try Intake(resources: folder)
            Issue.record("the intake loaded without a CII binding")
        } catch {
            guard case .malformed(let path, _, let reason) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(path == folder.appendingPathComponent("mappings").path)
            #expect(reason.contains("cii"))
        }
    }
}
