import FacturX
import Foundation
import InvoiceModel
import InvoiceRules
import TestSupport
import Testing

/// `hermine validate` on Factur-X / ZUGFeRD PDFs: the embedded invoice's EN 16931 verdict matches the
/// official one, PDFs without an invoice get distinct errors, and partial profiles get their own rules.
@Suite("Validating PDFs")
struct PDFValidationTests {
    struct Expected: Decodable {
        let file: String
        let invoice_xml: String?
        let profile: String?
        let official: Official
        struct Official: Decodable {
            let fatal: [String]?
            let error: String?
        }
    }

    static let folder = ProjectFiles.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/facturx")
    static let validator = Result { try InvoiceValidator() }

    static func expectations() throws -> [Expected] {
        let url = folder.appendingPathComponent("expected.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Expected.self, from: Data($0.utf8))
        }
    }

    @Test("every corpus PDF gives the official EN 16931 fatal set, or the error that says why there is no invoice")
    func corpusPDFs() throws {
        let validator = try Self.validator.get()
        let expectations = try Self.expectations()
        #expect(expectations.count == 50)
        var compared = 0
        for expected in expectations {
            let outcome = FileValidation.run(Self.folder.appendingPathComponent(expected.file).path, with: validator)
            if let fatal = expected.official.fatal {
                guard let pdf = outcome.pdf else {
                    Issue.record("\(expected.file): no invoice read (\(outcome.error?.code ?? "?"))")
                    continue
                }
                #expect(pdf.en16931.fatal == fatal.sorted(), "\(expected.file)")
                compared += 1
            } else if let error = expected.official.error {
                let code = outcome.error?.code ?? "none"
                if error.hasPrefix("no embedded XML") {
                    #expect(code == "pdf-no-invoice", "\(expected.file)")
                } else if error.contains("CrossIndustryDocument") {
                    #expect(code == "pdf-zugferd1", "\(expected.file)")
                } else if error.contains("SCRDMCCBDACIOMessageStructure") {
                    #expect(code == "pdf-order-x", "\(expected.file)")
                } else {
                    #expect(outcome.error != nil, "\(expected.file): \(error)")
                }
            }
        }
        #expect(compared == 27)
    }

    @Test("a MINIMUM invoice is judged by the MINIMUM requirements, and the report says so")
    func minimumProfile() throws {
        let path = Self.folder.appendingPathComponent("horstoeko-zugferd/tests__assets__pdf_fx_minimum_1.pdf").path
        let outcome = FileValidation.run(path, with: try Self.validator.get())
        let report = try #require(outcome.report)
        #expect(report.ruleSet == "Factur-X MINIMUM")
        #expect(outcome.pdf?.container.profile == .minimum)
        #expect(!report.fatal.contains { $0.hasPrefix("BR-") }, "no EN 16931 rule judges a MINIMUM invoice")
        let json = try #require(JSONSerialization.jsonObject(with: Data(outcome.jsonLine().utf8)) as? [String: Any])
        #expect(json["container"] as? String == "pdf")
        #expect(json["attachment"] as? String == "factur-x.xml")
        #expect(json["profile"] as? String == "MINIMUM")
        #expect((json["en16931"] as? [String: Any])?["fatal"] as? [String] == outcome.pdf?.en16931.fatal)
    }

    @Test("a BASIC WL credit note that meets its profile is valid though it is not a complete EN 16931 invoice")
    func basicWLProfile() throws {
        let path = Self.folder.appendingPathComponent("mustangproject/validator__src__test__resources__validAvoir_FR_type380_BASICWL.pdf").path
        let outcome = FileValidation.run(path, with: try Self.validator.get())
        #expect(outcome.valid)
        #expect(outcome.report?.ruleSet == "Factur-X BASIC WL")
        #expect(outcome.pdf?.en16931.valid == false)
    }

    @Test("the profile requirements fire on what a MINIMUM invoice lacks, and hold on what it has")
    func requirements() throws {
        let requirements = try ProfileRequirements.standard()
        var root = BusinessGroup()
        root.set("BT-1", .text("F-1"))
        var totals = BusinessGroup()
        totals.set("BT-109", .decimal(ExactDecimal(100)))
        totals.set("BT-110", .decimal(ExactDecimal(20)))
        totals.set("BT-112", .decimal(ExactDecimal(125)))
        totals.set("BT-115", .decimal(ExactDecimal(125)))
        root.set(group: "BG-22", totals)
        let fired = Set(requirements.check(Invoice(root: root), as: .minimum).map(\.rule))
        #expect(!fired.contains("FX-PR-02"), "BT-1 is there")
        #expect(fired.contains("FX-PR-03"), "no issue date")
        #expect(fired.contains("FX-PR-07"), "no seller address, so no seller country")
        #expect(fired.contains("FX-PR-12"), "125 ≠ 100 + 20")
        #expect(!fired.contains("FX-PR-13"), "125 = 125 − 0 + 0")
        #expect(!fired.contains("FX-PR-23"), "BG-23 is a BASIC WL requirement only")
        let basicWL = Set(requirements.check(Invoice(root: root), as: .basicWL).map(\.rule))
        #expect(basicWL.contains("FX-PR-23"))
        #expect(!basicWL.contains("FX-PR-24"), "no VAT breakdown at all is FX-PR-23's finding, not each term's")
    }
}
