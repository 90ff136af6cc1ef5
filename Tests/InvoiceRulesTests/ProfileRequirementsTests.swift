import InvoiceModel
import InvoiceRules
import Testing

/// The Factur-X profile requirements (`formats/rules/facturx-profiles.tsv`), read on the model.
@Suite("Factur-X profile requirements")
struct ProfileRequirementsTests {
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
