import Foundation
import InvoiceIntake
import InvoiceMapping
import InvoiceModel
import InvoiceRules
import InvoiceXML
import TestSupport
import Testing

/// One valid corpus instance: its path in the corpus and its syntax.
struct CorpusInstance: CustomTestStringConvertible, Sendable {
    let file: String
    let syntax: InvoiceSyntax
    var testDescription: String { file }
    var url: URL { ProjectFiles.en16931.appendingPathComponent(file) }

    /// The 63 instances of `verdicts.jsonl` (kind "instance"), all valid.
    static let all: [CorpusInstance] = {
        let url = ProjectFiles.en16931.appendingPathComponent("verdicts.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["kind"] as? String == "instance", object["valid"] as? Bool == true,
                let file = object["file"] as? String, let syntax = (object["syntax"] as? String).flatMap(InvoiceSyntax.init(rawValue:))
            else { return nil }
            return CorpusInstance(file: file, syntax: syntax)
        }
    }()
}

/// Loaded once for all tests of the target.
enum Shared {
    static let mapper: InvoiceMapper? = try? InvoiceMapper()
    static let intake: Intake? = try? Intake()
}

@Suite("Round trip UBL ⇄ CII")
struct RoundTripTests {
    /// Corpus instances the other syntax cannot carry exactly, and the terms the conversions say so for
    /// (`ConversionNote`): the binding files' `default=`, `unless=`, `needs=` and `max=` options.
    static let syntaxDifferences: [String: Set<TermID>] = [
        "cii/examples/CII_example7.xml": ["BT-110"],  // UBL requires the total VAT: Σ BT-117
        "cii/examples/XRechnung-O.xml": ["BT-110"],
        "ubl/examples/sample-discount-price.xml": ["BT-6", "BT-111"],  // CII forbids BT-6 equal to BT-5
        "ubl/examples/guide-example2.xml": ["BT-147"],  // CII's discount lives in the gross price, absent
        "ubl/examples/ubl-tc434-example2.xml": ["BT-147"],
        "test/testfiles/ubl-tc434-test-1.xml": ["BT-147"],
        "cii/examples/CII-BR-CO-10-RoundingIssue.xml": ["BT-148"],  // UBL's gross price needs the discount
        "test/testfiles/Invoice-Max_content.xml": ["BG-3", "BT-25"],  // CII D16B: one preceding invoice
        "test/testfiles/CreditNote-Max_content.xml": ["BG-3", "BT-25"],
    ]

    @Test("The corpus holds the 63 valid instances")
    func corpusIsThere() {
        #expect(CorpusInstance.all.count == 63, "corpus looked for at \(ProjectFiles.en16931.path)")
    }

    @Test("Converting to the other syntax and back keeps every business term, and both conversions are valid",
        arguments: CorpusInstance.all)
    func roundTrip(_ instance: CorpusInstance) throws {
        let mapper = try #require(Shared.mapper)
        let intake = try #require(Shared.intake)
        let original = try mapper.read(Data(contentsOf: instance.url))
        let other: InvoiceSyntax = instance.syntax == .ubl ? .cii : .ubl

        // There: the other syntax carries what it can of the invoice, and nothing else.
        let there = try mapper.binding(writing: original, as: other)
        let converted = try there.write(original)
        #expect(converted.dropped.isEmpty, "dropped \(converted.dropped)")
        // Valid against the XML Schema and the EN 16931 rules of the other syntax.
        let report = try intake.validate(xml: converted.data)
        #expect(report.fatal.isEmpty, "the \(other) conversion breaks \(report.fatal)")
        let read = try mapper.read(converted.data)
        let expected = there.expressible(original)
        #expect(read == expected, "\(instance.syntax) → \(other):\n\(expected.root.differences(from: read.root).joined(separator: "\n"))")

        // Back: the original syntax gives the same invoice again.
        let back = try mapper.binding(writing: read, as: instance.syntax)
        let returned = try back.write(read)
        let backReport = try intake.validate(xml: returned.data)
        #expect(backReport.fatal.isEmpty, "the conversion back to \(instance.syntax) breaks \(backReport.fatal)")
        let again = try mapper.read(returned.data)
        #expect(again == read, "\(other) → \(instance.syntax):\n\(read.root.differences(from: again.root).joined(separator: "\n"))")

        // Equal to the original, but where the syntaxes differ in what they can say, which the conversions said.
        let noted = Set((there.conversionNotes(original, terms: mapper.terms) + back.conversionNotes(read, terms: mapper.terms)).map(\.term))
        #expect(noted == Self.syntaxDifferences[instance.file] ?? [], "conversion notes on \(noted.sorted())")
        if !noted.isEmpty {
            #expect(again != original, "notes on \(noted.sorted()) but came back equal")
            for line in original.root.differences(from: again.root) {
                let ids = line.dropFirst(2).split(separator: " ")[0].split(separator: "/").compactMap { TermID(String($0.split(separator: "[")[0])) }
                #expect(ids.contains(where: noted.contains), "\(line) changed though no note names it")
            }
        } else {
            #expect(again == original, "\(original.root.differences(from: again.root).joined(separator: "\n"))")
        }
    }

    @Test("A UBL credit note stays a credit note, and a CII 381 becomes one")
    func creditNotesChooseTheirRoot() throws {
        let mapper = try #require(Shared.mapper)
        let url = ProjectFiles.en16931.appendingPathComponent("test/testfiles/CreditNote-Max_content.xml")
        let note = try mapper.read(Data(contentsOf: url))
        #expect(note.typeCode == "381")
        #expect(note.isCreditNote)
        let cii = try mapper.write(note, as: .cii)
        let viaCII = try mapper.read(cii)
        let ubl = try XMLReader.read(try mapper.write(viaCII, as: .ubl))
        #expect(ubl.name(ubl.root).local == "CreditNote")
        #expect(try mapper.binding(reading: ubl).name == "ubl-creditnote")
    }
}
