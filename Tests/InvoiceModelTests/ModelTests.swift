import Foundation
import InvoiceModel
import Testing

@Suite("Semantic model")
struct ModelTests {
    @Test("Term ids parse, print and order", arguments: ["BT-1", "BT-165", "BG-0", "BG-32", "BT-29-1", "BT-158-2"])
    func termIDs(_ text: String) throws {
        let id = try #require(TermID(text))
        #expect(id.description == text)
        #expect(id.isGroup == text.hasPrefix("BG"))
    }

    @Test("Malformed term ids are refused", arguments: ["", "BT", "BT-", "BX-1", "BG-1-1", "BT-1-", "BT-1x", "bt-1"])
    func badTermIDs(_ text: String) {
        #expect(TermID(text) == nil)
    }

    @Test("Sub-terms know their term")
    func subTerms() {
        let id: TermID = "BT-29-1"
        #expect(id.isSubTerm)
        #expect(id.base == "BT-29")
        #expect(TermID.term(2) < TermID.term(10))
        #expect(TermID.term(165) < TermID.group(0))
    }

    @Test("Dates read both layouts and refuse impossible days")
    func dates() throws {
        #expect(CalendarDate(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate.parse(Array("20240131".utf8), pattern: .compact) == CalendarDate(year: 2024, month: 1, day: 31))
        #expect(CalendarDate(iso: "2024-01-31Z") != nil)
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2024-13-01") == nil)
        #expect(CalendarDate(iso: "20240131") == nil)
        #expect(try #require(CalendarDate(year: 2024, month: 3, day: 5)).formatted(.compact) == "20240305")
    }

    @Test("The dictionary has every business term and group of EN 16931")
    func dictionary() throws {
        let terms = try BusinessTerms.standard()
        let plain = terms.all.filter { !$0.id.isSubTerm }
        #expect(plain.filter { !$0.id.isGroup }.count == 164)  // BT-1 … BT-165 but BT-4
        #expect(plain.filter(\.id.isGroup).count == 33)  // BG-0 (the invoice) … BG-32
        #expect(terms["BT-31"]?.parent == "BG-4")
        #expect(terms["BG-14"]?.parent == "BG-13")
        #expect(terms["BT-146"]?.dataType == .unitPriceAmount)
        #expect(terms["BG-25"]?.cardinality.isRepeatable == true)
        #expect(terms.qualifiers(of: "BT-125").map(\.dataType) == [.mimeCode, .filename])
        let orphans = terms.all.filter { $0.id != .invoice && terms[$0.parent ?? .invoice] == nil }
        #expect(orphans.isEmpty)
    }

    @Test("Groups keep values by term and repeated values in order")
    func groups() {
        var group = BusinessGroup()
        group.append(.text("b"), to: "BT-29")
        group.append(.text("x"), to: "BT-27")
        group.append(.text("c"), to: "BT-29")
        #expect(group.entries.map(\.term) == ["BT-27", "BT-29", "BT-29"])
        #expect(group.values("BT-29") == [.text("b"), .text("c")])
        group.set("BT-29", .text("d"))
        #expect(group.values("BT-29") == [.text("d")])
        group.update(group: "BG-5") { $0.append(.code("FR"), to: "BT-40") }
        #expect(group.value("BT-40", in: "BG-5") == .code("FR"))
        group.update(group: "BG-5") { $0.set("BT-40", nil) }
        #expect(group.group("BG-5") == nil)
    }

    @Test("Typed views read the generic groups")
    func views() throws {
        var seller = BusinessGroup()
        seller.append(.text("ACME"), to: "BT-27")
        seller.append(.identifier(Identifier(value: "123", scheme: "0009")), to: "BT-29")
        var totals = BusinessGroup()
        totals.append(.decimal(try #require(ExactDecimal("120.00"))), to: "BT-112")
        var root = BusinessGroup()
        root.append(.identifier(Identifier(value: "F-7")), to: "BT-1")
        root.append(.code("381"), to: "BT-3")
        root.append(group: seller, as: "BG-4")
        root.append(group: totals, as: "BG-22")
        let invoice = Invoice(root: root)
        #expect(invoice.number == "F-7")
        #expect(invoice.isCreditNote)
        #expect(invoice.seller?.name == "ACME")
        #expect(invoice.seller?.identifiers.first?.scheme == "0009")
        #expect(invoice.totals?.taxInclusive == ExactDecimal(120))
        #expect(invoice.buyer == nil)
        #expect(invoice.lines.isEmpty)
    }

    @Test("JSON keeps every value and its type")
    func json() throws {
        var line = BusinessGroup()
        line.append(.decimal(try #require(ExactDecimal("1.50"))), to: "BT-129")
        line.append(.code("C62"), to: "BT-130")
        var document = BusinessGroup()
        document.append(.identifier(Identifier(value: "A"), ), to: "BT-122")
        document.append(.binary(BinaryObject(base64: "AAEC", mimeCode: "application/pdf", filename: "a.pdf")), to: "BT-125")
        var root = BusinessGroup()
        root.append(.identifier(Identifier(value: "INV-1")), to: "BT-1")
        root.append(.date(try #require(CalendarDate(iso: "2024-05-06"))), to: "BT-2")
        root.append(.text("not a date"), to: "BT-9")
        root.append(group: line, as: "BG-25")
        root.append(group: document, as: "BG-24")
        let invoice = Invoice(root: root)
        let data = try JSONEncoder().encode(invoice)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"BT-129\":\"1.50\""))
        #expect(text.contains("\"BG-25\":[{"))
        let decoded = try JSONDecoder().decode(Invoice.self, from: data)
        #expect(decoded == invoice)
        #expect(decoded.attachments.first?.document?.data == Data([0, 1, 2]))
    }
}
