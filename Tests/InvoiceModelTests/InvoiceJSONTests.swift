import Foundation
import InvoiceMapping
import InvoiceModel
import StableJSON
import TestSupport
import Testing

@Suite("Invoice JSON")
struct InvoiceJSONTests {
    static let mapper = Result { () throws(MappingError) in try InvoiceMapper() }

    /// The demo fixtures and every 6th invoice of the conformance corpus, read into the model.
    static let invoices: [(name: String, invoice: Invoice)] = {
        let files = (FileManager.default.enumerator(at: ProjectFiles.en16931, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "xml" }.sorted { $0.path < $1.path }
        let sample = files.enumerated().filter { $0.offset % 6 == 0 }.map(\.element)
        let fixtures = ["atelier-kerbrat-FA-2026-0142.xml", "atelier-kerbrat-AV-2026-0009.xml", "breizh-numerique-2026-1107.xml"]
            .map { ProjectFiles.fixtures.appendingPathComponent("invoices").appendingPathComponent($0) }
        guard let mapper = try? mapper.get() else { return [] }
        return (fixtures + sample).compactMap { url in
            guard let bytes = try? Data(contentsOf: url), let invoice = try? mapper.read(bytes) else { return nil }
            return (url.lastPathComponent, invoice)
        }
    }()

    @Test("the fast writer gives the bytes StableJSONEncoder gives for the Codable form, compact and pretty")
    func sameAsCodable() throws {
        #expect(Self.invoices.count > 100, "the corpus is expected at \(ProjectFiles.en16931.path)")
        for (name, invoice) in Self.invoices {
            #expect(InvoiceJSON.encode(invoice) == (try StableJSONEncoder().encode(invoice)), "\(name)")
            #expect(InvoiceJSON.encode(invoice, layout: .pretty) == (try StableJSONEncoder(layout: .pretty).encode(invoice)), "\(name)")
        }
    }

    @Test("what the fast writer writes, JSONDecoder reads back as the invoice")
    func readsBack() throws {
        for (name, invoice) in Self.invoices {
            #expect(try JSONDecoder().decode(Invoice.self, from: InvoiceJSON.encode(invoice)) == invoice, "\(name)")
        }
    }

    @Test("with attachments elided, only their content is left out, and their length kept")
    func elidedAttachments() throws {
        var withAttachments = 0
        for (name, invoice) in Self.invoices {
            let objects = invoice.root.binaryObjects
            let elided = InvoiceJSON.encode(invoice, attachments: .elided)
            var decoded = try JSONDecoder().decode(Invoice.self, from: elided)
            #expect(decoded.root.binaryObjects.allSatisfy { $0.base64.isEmpty }, "\(name)")
            for object in objects where !object.base64.isEmpty {
                #expect(String(decoding: elided, as: UTF8.self).contains(#""contentLength":\#(object.base64.utf8.count)"#))
            }
            // Putting the contents back in order gives the invoice.
            var next = objects.makeIterator()
            decoded.root.updateBinaryObjects { _ in next.next()! }
            #expect(decoded == invoice, "\(name)")
            if !objects.isEmpty { withAttachments += 1 }
        }
        #expect(withAttachments >= 2, "the sample has invoices with attachments")
    }

    @Test("strings with quotes, backslashes, control characters and non-ASCII text are escaped")
    func escaping() throws {
        var invoice = Invoice()
        let text = "Quai \"Ouest\" \\ 12\n\tRéf\u{01}✓ a/b"
        invoice.root.set("BT-1", .text(text))
        invoice.root.set("BT-22", .text("note"))
        let json = InvoiceJSON.encode(invoice)
        #expect(try JSONDecoder().decode(Invoice.self, from: json).number == text)
        #expect(json == (try StableJSONEncoder().encode(invoice)))
    }

    @Test("the pretty layout: two spaces per level, repeatable groups as arrays, a newline at the end")
    func pretty() throws {
        var invoice = Invoice()
        invoice.root.set("BT-1", .text("F-1"))
        var note = BusinessGroup()
        note.set("BT-22", .text("note"))
        invoice.root.append(group: note, as: "BG-1")
        let json = String(decoding: InvoiceJSON.encode(invoice, layout: .pretty), as: UTF8.self)
        let expected = """
            {
              "BT-1": "F-1",
              "BG-1": [
                {
                  "BT-22": "note"
                }
              ]
            }

            """
        #expect(json == expected)
    }
}
