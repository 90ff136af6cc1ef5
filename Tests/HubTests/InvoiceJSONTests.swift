import Foundation
import Hub
import HubTestSupport
import InvoiceModel
import InvoiceRules
import Testing

@Suite("Invoice JSON")
struct InvoiceJSONTests {
    /// Every 6th invoice of the conformance corpus, and the fixtures.
    static let inputs: [URL] = {
        let corpus = HubFixtures.folder.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/en16931")
        let files = (FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "xml" }.sorted { $0.path < $1.path }
        let sample = files.enumerated().filter { $0.offset % 6 == 0 }.map(\.element)
        let fixtures = [HubFixtures.kerbratInvoice, HubFixtures.kerbratCreditNote, HubFixtures.breizhInvoice]
            .map { HubFixtures.folder.appendingPathComponent($0) }
        return fixtures + sample
    }()

    @Test("the fast writer reads back as the Codable form does, on the fixtures and a corpus sample")
    func sameAsCodable() throws {
        #expect(Self.inputs.count > 100, "the corpus is expected at ../shared/corpus/en16931")
        var compared = 0
        for url in Self.inputs {
            guard let invoice = try? HubFixtures.validator.check(Data(contentsOf: url)).invoice else { continue }
            let fast = InvoiceJSON.encode(invoice)
            let standard = try JSONEncoder().encode(invoice)
            let viaFast = try JSONDecoder().decode(Invoice.self, from: fast)
            let viaStandard = try JSONDecoder().decode(Invoice.self, from: standard)
            #expect(viaFast == viaStandard, "\(url.lastPathComponent)")
            compared += 1
        }
        #expect(compared > 100)
    }

    @Test("with attachments elided, only their content is left out, and their length kept")
    func elidedAttachments() throws {
        var withAttachments = 0
        for url in Self.inputs {
            guard let invoice = try? HubFixtures.validator.check(Data(contentsOf: url)).invoice else { continue }
            let objects = invoice.root.binaryObjects
            let elided = InvoiceJSON.encode(invoice, attachments: .elided)
            var decoded = try JSONDecoder().decode(Invoice.self, from: elided)
            #expect(decoded.root.binaryObjects.allSatisfy { $0.base64.isEmpty }, "\(url.lastPathComponent)")
            for object in objects where !object.base64.isEmpty {
                #expect(String(decoding: elided, as: UTF8.self).contains(#""contentLength":\#(object.base64.utf8.count)"#))
            }
            // Putting the contents back in order gives the invoice.
            var next = objects.makeIterator()
            decoded.root.updateBinaryObjects { _ in next.next()! }
            #expect(decoded == invoice, "\(url.lastPathComponent)")
            if !objects.isEmpty { withAttachments += 1 }
        }
        #expect(withAttachments >= 2, "the sample has invoices with attachments")
    }

    @Test("strings with quotes, backslashes, control characters and non-ASCII text are escaped")
    func escaping() throws {
        var invoice = Invoice()
        let text = "Quai \"Ouest\" \\ 12\n\tRéf\u{01}✓"
        invoice.root.set("BT-1", .text(text))
        invoice.root.set("BT-22", .text("note"))
        let decoded = try JSONDecoder().decode(Invoice.self, from: InvoiceJSON.encode(invoice))
        #expect(decoded.number == text)
    }
}
