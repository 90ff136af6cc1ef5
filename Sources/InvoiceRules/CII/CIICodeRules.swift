import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "EN16931-Codes" pattern for CII: coded values must come from their code list (`formats/codelists/cii/`).
    ///
    /// The rules are data, in the official order, in `formats/rules/cii-codes.tsv`: an element is checked by the
    /// first one it matches (so an `ID` with a scheme is checked for its scheme, BR-CL-11, even under
    /// `OriginTradeCountry`). This function defines the contexts the table names `$…`.
    static func ciiCodes(_ formats: URL) throws(ResourceError) -> RulePattern {
        let s = Syntax.cii
        return try RuleTable.loadPattern("rules/cii-codes.tsv", in: formats, name: "EN16931-Codes", syntax: s) {
            let schemeID = s.nameID("schemeID")
            let tradeProduct = s.nameID("ram:SpecifiedTradeProduct")
            let shipTo = s.nameID("ram:ShipToTradeParty")
            let taxRegistration = s.nameID("ram:SpecifiedTaxRegistration")
            let indicator = Path("ram:ChargeIndicator/udt:Indicator", s)
            /// Reason codes of allowances (`charge` false) or charges (`charge` true), as the boolean indicator reads.
            func reasonCode(charge: Bool) -> ContextPattern {
                ContextPattern("ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode", s) { d, n in
                    guard let item = d.tree.parent(n) else { return false }
                    return d.ciiAnyBoolean(indicator, item, is: charge)
                }
            }
            let contexts: [String: ContextPattern] = [
                // Global identifiers with a scheme, but the item's (BR-CL-21) and the deliver-to location's (BR-CL-26).
                "$global-id": ContextPattern("ram:GlobalID", s) { d, n in
                    d.hasAttribute(n, schemeID) && !d.ciiHasAncestor(n, named: tradeProduct) && !d.ciiHasAncestor(n, named: shipTo)
                },
                // Identifiers with a scheme, but VAT and tax registrations.
                "$registered-id": ContextPattern("ram:ID", s) { d, n in
                    d.hasAttribute(n, schemeID) && !d.ciiHasAncestor(n, named: taxRegistration)
                },
                "$allowance-reason": reasonCode(charge: false),
                "$charge-reason": reasonCode(charge: true),
            ]
            return (contexts, [:])
        }
    }
}
