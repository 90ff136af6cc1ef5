import Foundation
import InvoiceModel
import InvoiceIntake
import InvoiceXML
import TestSupport
import Testing

/// What `hermine validate` reports per file, including for input that is not an invoice at all.
@Suite("Validating files")
struct FileValidationTests {
    static let intake = Result { () throws(ResourceError) in try Intake() }

    static func temporaryFile(_ name: String, _ bytes: Data) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-\(UUID().uuidString)-\(name)")
        try bytes.write(to: url)
        return url.path
    }

    static func json(_ outcome: FileValidation) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(try outcome.jsonLine().utf8)) as? [String: Any])
    }

    @Test("each kind of unusable input gives valid=false and a typed error code", arguments: [
        ("empty.xml", Data(), "xml-empty"),
        ("broken.xml", Data("<Invoice><cbc:ID>".utf8), "xml-not-well-formed"),
        ("order.xml", Data(#"<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>"#.utf8), "not-an-invoice"),
        ("xxe.xml", Data(#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><r>&x;</r>"#.utf8), "xml-forbidden-doctype"),
    ])
    func unusableInput(name: String, bytes: Data, code: String) throws {
        let path = try Self.temporaryFile(name, bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = FileValidation.run(path, with: try Self.intake.get())
        #expect(!outcome.valid)
        #expect(outcome.error?.code == code)
        let object = try Self.json(outcome)
        #expect(object["valid"] as? Bool == false)
        #expect((object["error"] as? [String: Any])?["code"] as? String == code)
        #expect((object["error"] as? [String: Any])?["message"] as? String != nil)
        #expect(object["file"] as? String == path)
    }

    @Test("a missing file is reported, not thrown")
    func missingFile() throws {
        let outcome = FileValidation.run("/nonexistent/invoice.xml", with: try Self.intake.get())
        #expect(outcome.error?.code == "unreadable-file")
    }

    @Test("a 200 MB file is refused by its size, without being read")
    func hugeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-\(UUID().uuidString)-huge.xml").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 200 * 1024 * 1024)  // sparse: no 200 MB written to disk
        try handle.close()
        let outcome = FileValidation.run(path, with: try Self.intake.get())
        #expect(outcome.error?.code == "xml-too-large")
    }

    @Test("the XML limit follows the deposit limit: 120 MB by default, one setting")
    func limitsFollowTheDocumentSize() throws {
        #expect(try Self.intake.get().limits.maxBytes == 120_000_000)
        #expect(Intake.defaultMaximumDocumentSize == 120_000_000)
        let small = try Intake(maximumDocumentSize: 5000)
        #expect(small.limits == XMLLimits(forDocumentsUpTo: 5000))
        let path = ProjectFiles.packageRoot.appendingPathComponent("fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml").path
        #expect(FileValidation.run(path, with: small).error?.code == "xml-too-large")
    }

    @Test("a valid demo invoice gives the documented JSON shape")
    func jsonShape() throws {
        let path = ProjectFiles.packageRoot.appendingPathComponent("fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml").path
        let object = try Self.json(FileValidation.run(path, with: try Self.intake.get()))
        #expect(object["syntax"] as? String == "ubl")
        #expect(object["valid"] as? Bool == true)
        #expect(object["fatal"] as? [String] == [])
        #expect(object["warning"] is [String])
        #expect(object["findings"] is [Any])
        #expect(object["error"] == nil)
    }
}
