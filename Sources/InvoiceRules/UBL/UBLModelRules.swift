extension EN16931 {
    /// The "UBL-model" pattern: the EN 16931 business rules read from UBL.
    static func ublModel() -> RulePattern {
        let s = Syntax.ubl
        let id = Path("cbc:ID", s)
        let customizationID = Path("cbc:CustomizationID", s)
        let lines = Path("cac:InvoiceLine", s)
        let creditLines = Path("cac:CreditNoteLine", s)
        return RulePattern("UBL-model", [
            ContextRule(ContextPattern("cac:AdditionalDocumentReference", s), [
                // BG-24 needs BT-122
                Assertion("BR-52") { d, n in d.hasText(id, n) },
            ]),
            ContextRule(ContextPattern("/ubl:Invoice | /cn:CreditNote", s), [
                Assertion("BR-01") { d, n in d.hasText(customizationID, n) },
                Assertion("BR-16") { d, n in d.exists(lines, n) || d.exists(creditLines, n) },
            ]),
        ])
    }
}
