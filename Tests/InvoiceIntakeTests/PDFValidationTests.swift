import Foundation
import InvoiceIntake
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
    static let intake = Result { () throws(ResourceError) in try Intake() }

    static func expectations() throws -> [Expected] {
        let url = folder.appendingPathComponent("expected.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Expected.self, from: Data($0.utf8))
        }
    }

    @Test("every corpus PDF gives the official EN 16931 fatal set, or the error that says why there is no invoice")
    func corpusPDFs() throws {
        let intake = try Self.intake.get()
        let expectations = try Self.expectations()
        #expect(expectations.count == 50)
        var compared = 0
        for expected in expectations {
            let outcome = FileValidation.run(Self.folder.appendingPathComponent(expected.file).path, with: intake)
            if let fatal = expected.official.fatal {
                guard let checked = outcome.checked, checked.container == .pdf else {
                    Issue.record("\(expected.file): no invoice read (\(outcome.error?.code ?? "?"))")
                    continue
                }
                #expect(checked.en16931.fatal == fatal.sorted(), "\(expected.file)")
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
        let outcome = FileValidation.run(path, with: try Self.intake.get())
        let report = try #require(outcome.report)
        #expect(report.ruleSet == .facturX(.minimum))
        #expect(report.ruleSet.description == "Factur-X MINIMUM")
        #expect(outcome.checked?.pdf?.profile == .minimum)
        #expect(!report.fatal.contains { $0.hasPrefix("BR-") }, "no EN 16931 rule judges a MINIMUM invoice")
        let json = try #require(JSONSerialization.jsonObject(with: Data(try outcome.jsonLine().utf8)) as? [String: Any])
        #expect(json["container"] as? String == "pdf")
        #expect(json["attachment"] as? String == "factur-x.xml")
        #expect(json["profile"] as? String == "MINIMUM")
        #expect((json["en16931"] as? [String: Any])?["fatal"] as? [String] == outcome.checked?.en16931.fatal)
    }

    @Test("a BASIC WL credit note that meets its profile is valid though it is not a complete EN 16931 invoice")
    func basicWLProfile() throws {
        let path = Self.folder.appendingPathComponent("mustangproject/validator__src__test__resources__validAvoir_FR_type380_BASICWL.pdf").path
        let outcome = FileValidation.run(path, with: try Self.intake.get())
        #expect(outcome.valid)
        #expect(outcome.report?.ruleSet.description == "Factur-X BASIC WL")
        #expect(outcome.checked?.en16931.valid == false)
    }
}
