import Foundation
import InvoiceModel
import InvoiceRules
import StableJSON
import Testing

/// Reports as stored and answered: their JSON has a fixed key order and reads back.
@Suite("Report encoding")
struct ReportEncodingTests {
    static let report = ValidationReport(
        syntax: .cii,
        findings: [
            Finding(
                rule: "BR-CO-10", severity: .warning, message: Message(fr: "Somme", en: "Sum"),
                location: Location(path: "/CrossIndustryInvoice", line: 12)),
            Finding(
                rule: "BR-05", severity: .fatal, message: Message(fr: "Devise", en: "Currency"),
                location: Location(path: "/CrossIndustryInvoice/SupplyChainTradeTransaction", line: 40)),
        ],
        ruleSet: RuleSetName.en16931.adding(RuleSetName("Chorus Pro")))

    @Test("a report encodes with its keys in declared order, findings fatal first, the same bytes every time")
    func declaredOrder() throws {
        let json = String(decoding: try StableJSONEncoder().encode(Self.report), as: UTF8.self)
        let expected =
            #"{"syntax":"cii","ruleSet":"EN 16931 + Chorus Pro","findings":["#
            + #"{"rule":"BR-05","severity":"fatal","message":{"fr":"Devise","en":"Currency"},"#
            + #""location":{"path":"/CrossIndustryInvoice/SupplyChainTradeTransaction","line":40}},"#
            + #"{"rule":"BR-CO-10","severity":"warning","message":{"fr":"Somme","en":"Sum"},"#
            + #""location":{"path":"/CrossIndustryInvoice","line":12}}]}"#
        #expect(json == expected)
    }

    @Test("a stored report reads back with JSONDecoder, rule set components and all")
    func readsBack() throws {
        let decoded = try JSONDecoder().decode(ValidationReport.self, from: StableJSONEncoder().encode(Self.report))
        #expect(decoded == Self.report)
        #expect(decoded.ruleSet.components == ["EN 16931", "Chorus Pro"])
        #expect(decoded.syntax == .cii)
    }

    @Test("rule set names: one component, Factur-X profiles, several joined with +")
    func ruleSetNames() {
        #expect(RuleSetName.en16931.description == "EN 16931")
        #expect(RuleSetName.facturX(.basicWL).description == "Factur-X BASIC WL")
        #expect(RuleSetName.facturX(.minimum).adding(RuleSetName("Chorus Pro")).description == "Factur-X MINIMUM + Chorus Pro")
    }
}
