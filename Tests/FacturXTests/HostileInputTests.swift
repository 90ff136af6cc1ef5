import FacturX
import Foundation
import TestSupport
import Testing

/// Broken and hostile PDFs: each a typed error (or a correct recovery), never a crash, a hang or unbounded memory.
@Suite("Hostile PDFs")
struct HostileInputTests {
    /// A one-page PDF with a factur-x.xml attachment whose objects are `body` (numbered from 1), with a
    /// correct cross-reference table unless `table` is false.
    static func pdf(_ objects: [String], root: Int = 1, table: Bool = true) -> Data {
        var out = Data("%PDF-1.7\n".utf8)
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.count)
            out.append(Data("\(index + 1) 0 obj\n\(body)\nendobj\n".utf8))
        }
        guard table else { return out + Data("trailer\n<< /Root \(root) 0 R >>\n%%EOF\n".utf8) }
        let start = out.count
        var xref = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { xref += String(format: "%010d 00000 n \n", offset) }
        xref += "trailer\n<< /Size \(objects.count + 1) /Root \(root) 0 R >>\nstartxref\n\(start)\n%%EOF\n"
        return out + Data(xref.utf8)
    }

    @Test("a file truncated to its header is damaged (the corpus's 15-byte PDF)")
    func truncatedToHeader() {
        let url = FixtureLocation.corpus.appendingPathComponent(
            "mustangproject/Mustang-CLI__src__test__resources__corrupt-factur-x-waytoosmall.pdf")
        #expect(throws: FacturXError.damaged(reason: "the file is truncated")) { try FacturXReader.read(contentsOf: url) }
    }

    @Test("a file cut anywhere gives the invoice or a typed error", arguments: [0.05, 0.25, 0.5, 0.75, 0.95, 0.99])
    func truncated(_ fraction: Double) throws {
        let whole = try FixtureLocation.fixture("object-streams.pdf")
        let cut = whole.prefix(Int(Double(whole.count) * fraction))
        do {
            let document = try FacturXReader.read(cut)
            #expect(document.invoice.xml.count > 0)
        } catch {
            // Any FacturXError is a correct answer; a crash or another error type is not.
            #expect(error.code.hasPrefix("pdf-"))
        }
    }

    @Test("objects that refer to each other in a cycle")
    func referenceCycle() {
        let data = Self.pdf(["2 0 R", "1 0 R"])
        #expect(throws: FacturXError.self) { try FacturXReader.read(data) }
        do {
            _ = try FacturXReader.inspect(data)
        } catch {
            #expect(error == .referenceCycle(object: 1) || error == .referenceCycle(object: 2) || error.code == "pdf-damaged")
        }
    }

    @Test("a name tree whose /Kids point back at itself still yields the invoice")
    func nameTreeCycle() throws {
        let xml = "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>"
        let data = Self.pdf([
            "<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>",
            "<< /Kids [2 0 R 3 0 R] >>",
            "<< /Kids [2 0 R] /Names [(factur-x.xml) 4 0 R] >>",
            "<< /Type /Filespec /F (factur-x.xml) /EF << /F 5 0 R >> /AFRelationship /Data >>",
            "<< /Length \(xml.utf8.count) >>\nstream\n\(xml)\nendstream",
        ])
        let document = try FacturXReader.read(data)
        #expect(document.invoice.name == "factur-x.xml")
    }

    @Test("a stream whose /Length is its own object number is a cycle, resolved through endstream")
    func lengthCycle() throws {
        let xml = "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>"
        let data = Self.pdf([
            "<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(factur-x.xml) 2 0 R] >> >> >>",
            "<< /Type /Filespec /F (factur-x.xml) /EF << /F 3 0 R >> >>",
            "<< /Length 3 0 R >>\nstream\n\(xml)\nendstream",
        ])
        #expect(try FacturXReader.read(data).invoice.xml == Data(xml.utf8))
    }

    @Test("a /Length too short, and one with no endstream at all")
    func lyingLengths() throws {
        let xml = "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>"
        let objects = [
            "<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(factur-x.xml) 2 0 R] >> >> >>",
            "<< /Type /Filespec /F (factur-x.xml) /EF << /F 3 0 R >> >>",
        ]
        let short = Self.pdf(objects + ["<< /Length 5 >>\nstream\n\(xml)\nendstream"])
        #expect(try FacturXReader.read(short).invoice.xml == Data(xml.utf8))
        // The stream runs to the end of the file with a /Length far past it: nothing to recover.
        var cut = Self.pdf(objects, table: false)
        cut.append(Data("3 0 obj\n<< /Length 99999999 >>\nstream\n\(xml)".utf8))
        cut.append(Data("\ntrailer << /Root 1 0 R >>".utf8))
        #expect(
            throws: FacturXError.corruptStream(
                object: 3, reason: "the stream has no endstream and its /Length runs past the end of the file")
        ) {
            try FacturXReader.read(cut)
        }
    }

    @Test("a stream inflating past the limit (80 MB of spaces in 80 kB) stops at the limit")
    func inflationBomb() throws {
        let data = try FixtureLocation.fixture("inflation-bomb.pdf")
        #expect(throws: FacturXError.inflatedTooLarge(limit: 64 * 1024 * 1024)) { try FacturXReader.read(data) }
        var small = FacturXLimits()
        small.maxInflatedBytes = 1024 * 1024
        #expect(throws: FacturXError.inflatedTooLarge(limit: 1024 * 1024)) { try FacturXReader.read(data, limits: small) }
    }

    @Test("a million objects, without a table: the recovery scan stops at the object limit")
    func millionObjects() {
        var text = "%PDF-1.7\n"
        text.reserveCapacity(22_000_000)
        for number in 1...1_000_000 { text += "\(number) 0 obj null endobj\n" }
        let data = Data(text.utf8)
        #expect(throws: FacturXError.tooManyObjects(limit: 500_000)) { try FacturXReader.read(data) }
    }

    @Test("20,000 catalogs with unterminated strings: parsing stays linear (a work budget, not a hang)")
    func quadraticParsing() {
        var text = "%PDF-1.7\n"
        for number in 1...20_000 { text += "\(number) 0 obj << /Type /Catalog /T (open endobj\n" }
        let data = Data(text.utf8)
        let start = Date()
        #expect(throws: FacturXError.tooMuchWork(reason: "the file was lexed more than 16 times over")) { try FacturXReader.read(data) }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("object streams chained a thousand deep hit the nesting limit, not the stack")
    func objectStreamChain() {
        var data = Data("%PDF-1.7\n".utf8)
        let offset = data.count
        var rows: [UInt8] = [0, 0, 0, 0, 0, 0xFF, 0xFF]  // object 0: free
        for number in 1..<1000 {
            // Object n is the first object of object stream n + 1.
            let stream = UInt32(number + 1)
            rows += [2, UInt8(stream >> 24), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF), 0, 0]
        }
        rows += [1, 0, 0, 0, UInt8(offset), 0, 0]  // object 1000: this cross-reference stream
        data.append(Data("1000 0 obj\n<< /Type /XRef /Size 1001 /W [1 4 2] /Root 1 0 R /Length \(rows.count) >>\nstream\n".utf8))
        data.append(contentsOf: rows)
        data.append(Data("\nendstream\nendobj\nstartxref\n\(offset)\n%%EOF\n".utf8))
        #expect(throws: FacturXError.tooDeep(limit: 64)) { try FacturXReader.read(data) }
    }

    @Test("absurd numbers (offsets past Int.max, negative sizes) are damage, not overflow traps")
    func absurdNumbers() {
        let hugeStart = Data("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nstartxref\n99999999999999999999999\n%%EOF\n".utf8)
        #expect(throws: FacturXError.noInvoice) { try FacturXReader.read(hugeStart) }
        var prev = Self.pdf([
            "<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(a) << /EF << /F 2 0 R >> >>] >> >> >>",
            "<< /Length -5 >>\nstream\nabc\nendstream",
        ])
        prev = Data(
            String(decoding: prev, as: UTF8.self).replacingOccurrences(
                of: "/Root 1 0 R >>", with: "/Root 1 0 R /Prev 9223372036854775807 /XRefStm -1 >>"
            ).utf8)
        let container = try? FacturXReader.inspect(prev)
        #expect(container?.attachments.first?.bytes == Data("abc".utf8))
    }

    @Test("a table declaring a million entries is refused before it is read")
    func millionEntryTable() {
        let data = Data(
            "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nxref\n0 1000000\n0000000000 65535 f \ntrailer << /Root 1 0 R >>\nstartxref\n45\n%%EOF\n"
                .utf8)
        #expect(throws: FacturXError.tooManyObjects(limit: 500_000)) { try FacturXReader.read(data) }
    }

    @Test("a 500 MB file is refused by its size, before it is read")
    func hugeFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("facturx-huge-\(UUID().uuidString).pdf")
        FileManager.default.createFile(atPath: url.path, contents: Data("%PDF-1.7\n".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 500 * 1024 * 1024)  // sparse: no 500 MB is written or read
        try handle.close()
        #expect(throws: FacturXError.tooLarge(size: 500 * 1024 * 1024, limit: 100 * 1024 * 1024)) {
            try FacturXReader.read(contentsOf: url)
        }
    }

    @Test("in-memory input over the size limit is refused before parsing")
    func tooLargeData() {
        var limits = FacturXLimits()
        limits.maxInputBytes = 1000
        #expect(throws: FacturXError.tooLarge(size: 2000, limit: 1000)) { try FacturXReader.read(Data(count: 2000), limits: limits) }
    }

    @Test("garbage after %PDF is damaged, not a crash")
    func garbage() {
        var generator = SeededRandom(seed: 42)
        var data = Data("%PDF-1.4\n".utf8)
        data.append(contentsOf: (0..<1_000_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        #expect(throws: FacturXError.damaged(reason: "no document catalog could be found")) { try FacturXReader.read(data) }
    }

    @Test("no %PDF header at all")
    func notPDF() {
        #expect(throws: FacturXError.notPDF) { try FacturXReader.read(Data("<Invoice/>".utf8)) }
        #expect(throws: FacturXError.notPDF) { try FacturXReader.read(Data()) }
        #expect(!FacturXReader.looksLikePDF(Data("<Invoice/>".utf8)))
        #expect(FacturXReader.looksLikePDF(Data("junk\n%PDF-1.7\n".utf8)))
    }

    @Test("arrays nested 100,000 deep hit the nesting limit")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000)
        let data = Self.pdf(["<< /Type /Catalog /Names \(deep) >>"])
        #expect(throws: FacturXError.self) { try FacturXReader.read(data) }
        #expect(throws: FacturXError.tooDeep(limit: 64)) { try FacturXReader.inspect(data) }
    }

    @Test("a /Prev chain that loops back ends instead of spinning")
    func prevCycle() throws {
        var data = Self.pdf(["<< /Type /Catalog >>"])
        let text = String(decoding: data, as: UTF8.self)
        let start = try #require(text.range(of: "xref\n")).lowerBound.utf16Offset(in: text)
        data = Data(text.replacingOccurrences(of: "/Root 1 0 R >>", with: "/Root 1 0 R /Prev \(start) >>").utf8)
        #expect(throws: FacturXError.noInvoice) { try FacturXReader.read(data) }
    }
}
