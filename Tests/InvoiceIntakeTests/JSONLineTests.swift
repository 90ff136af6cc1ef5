import Foundation
import InvoiceIntake
import InvoiceModel
import TestSupport
import Testing

/// `hermine validate --json`: one line per file, keys in a fixed order, the same bytes in every process.
@Suite("JSON lines")
struct JSONLineTests {
    static let intake = Result { () throws(ResourceError) in try Intake() }
    static let golden = ProjectFiles.packageRoot.appendingPathComponent("Tests/InvoiceIntakeTests/Golden")

    /// The line for `path`, with the package root taken off the file name so that it reads the same everywhere.
    static func line(_ path: String) throws -> String {
        let line = try FileValidation.run(path, with: try intake.get()).jsonLine()
        return line.replacingOccurrences(of: ProjectFiles.packageRoot.path + "/", with: "")
    }

    @Test(
        "the lines of the demo fixtures equal their golden files (RECORD=1 re-records them)",
        arguments: ["invoices/breizh-numerique-2026-1107.xml", "rejected/atelier-kerbrat-FA-2026-0143-totals-wrong.xml"])
    func goldenLines(_ fixture: String) throws {
        let line = try Self.line(ProjectFiles.fixtures.appendingPathComponent(fixture).path) + "\n"
        let golden = Self.golden.appendingPathComponent((fixture as NSString).lastPathComponent + ".jsonl")
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try line.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        #expect(line == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test("a file that is no invoice: the error after the empty verdict, no syntax nor rule set")
    func errorLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-\(UUID().uuidString)-order.xml").path
        try Data(#"<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let line = try FileValidation.run(path, with: try Self.intake.get()).jsonLine()
        let expected =
            #"{"file":"\#(path)","valid":false,"fatal":[],"warning":[],"findings":[],"error":{"code":"not-an-invoice","#
            + #""message":"the root element {urn:oasis:names:specification:ubl:schema:xsd:Order-2}Order is not a UBL Invoice "#
            + #"or CreditNote nor a CII CrossIndustryInvoice"}}"#
        #expect(line == expected)
    }

    @Test("a PDF's line ends with its container, attachment, profile and EN 16931 verdict, in that order")
    func pdfLine() throws {
        let path = IntakeTests.minimumPDF.path
        let line = try FileValidation.run(path, with: try Self.intake.get()).jsonLine()
        #expect(line.hasPrefix(#"{"file":"\#(path)","syntax":"cii","ruleSet":"Factur-X MINIMUM","valid":"#))
        #expect(line.contains(#"],"container":"pdf","attachment":"factur-x.xml","profile":"MINIMUM","en16931":{"valid":false,"fatal":["#))
        #expect(line.hasSuffix("]}}"))
    }

    @Test("a PDF without an invoice says it was a PDF")
    func pdfError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-\(UUID().uuidString)-broken.pdf").path
        try Data("%PDF-1.7\nnothing else".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let line = try FileValidation.run(path, with: try Self.intake.get()).jsonLine()
        #expect(line.contains(#""findings":[],"error":{"code":"pdf-"#))
        #expect(line.hasSuffix(#""},"container":"pdf"}"#))
    }
}
