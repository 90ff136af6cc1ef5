import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "EN16931-CII-Syntax" pattern: how EN 16931 restricts CII D16B (elements it does not use, cardinalities,
    /// data types).
    ///
    /// The rules are listed, in order, in `formats/rules/cii-syntax.tsv`; most are declarative there. This function
    /// defines the contexts the table names `$…` and the rules it marks `computed`.
    static func ciiSyntax(_ formats: URL) throws(ResourceError) -> RulePattern {
        let s = Syntax.cii
        return try RuleTable.loadPattern("rules/cii-syntax.tsv", in: formats, name: "EN16931-CII-Syntax", syntax: s) {
            let ram = s.namespaces["ram"]!
            // Contexts: families of elements recognised by the end of their name.
            @Sendable func ramNamed(endingWith suffix: String) -> @Sendable (QName) -> Bool {
                { $0.namespace == ram && $0.localNameEnds(with: suffix) }
            }
            let format = s.nameID("format")
            let contexts: [String: ContextPattern] = [
                "$document-context-parameters": ContextPattern(elementsNamed: { $0.localNameEnds(with: "DocumentContextParameter") }),
                "$identifiers": ContextPattern(elementsNamed: ramNamed(endingWith: "ID")),
                "$referenced-documents": ContextPattern(elementsNamed: ramNamed(endingWith: "ReferencedDocument")),
                // Every amount but the VAT total in accounting currency (BT-111), which carries its currency.
                "$amounts": ContextPattern(elementsNamed: { ramNamed(endingWith: "Amount")($0) && $0.local != "TaxTotalAmount" }),
                "$quantities": ContextPattern(elementsNamed: ramNamed(endingWith: "Quantity")),
                "$trade-taxes": ContextPattern(elementsNamed: ramNamed(endingWith: "TradeTax")),
                "$dates-102": ContextPattern("udt:DateTimeString", s) { d, n in d.attribute(n, format) == "102" },
            ]

            // Paths of the computed rules.
            let schemeID = s.nameID("schemeID")
            let unitCode = s.nameID("unitCode")
            let globalID = Path("ram:GlobalID", s)
            let originCountry = Path("ram:OriginTradeCountry", s)
            let originCountryID = Path("ram:OriginTradeCountry/ram:ID", s)
            let grossPriceIndicators = Path("ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ChargeIndicator", s)
            let grossPriceAmounts = Path("ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount", s)
            let indicator = Path("udt:Indicator", s)
            let additionalDocuments = Path("ram:AdditionalReferencedDocument", s)
            let typeCode = Path("ram:TypeCode", s)
            let name = Path("ram:Name", s)
            let attachedObject = Path("ram:AttachmentBinaryObject", s)
            let sellerContactPerson = Path("ram:SellerTradeParty/ram:DefinedTradeContact/ram:PersonName", s)
            let sellerContactDepartment = Path("ram:SellerTradeParty/ram:DefinedTradeContact/ram:DepartmentName", s)
            let buyerContactPerson = Path("ram:BuyerTradeParty/ram:DefinedTradeContact/ram:PersonName", s)
            let buyerContactDepartment = Path("ram:BuyerTradeParty/ram:DefinedTradeContact/ram:DepartmentName", s)
            let applicableTradeTax = s.nameID("ram:ApplicableTradeTax")
            let dueDateTypeCode = s.nameID("ram:DueDateTypeCode")
            let paymentMeansName = s.nameID("ram:SpecifiedTradeSettlementPaymentMeans")
            let paymentMeans = Path("ram:SpecifiedTradeSettlementPaymentMeans", s)
            let iban = Path("ram:PayeePartyCreditorFinancialAccount/ram:IBANID", s)
            let proprietaryAccount = Path("ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID", s)
            let typeCodeName = s.nameID("ram:TypeCode")
            let informationName = s.nameID("ram:Information")
            let additionalDocumentName = s.nameID("ram:AdditionalReferencedDocument")
            let invoiceDocumentName = s.nameID("ram:InvoiceReferencedDocument")
            let uriID = Path("ram:URIID", s)
            let referenceTypeCode = Path("ram:ReferenceTypeCode", s)
            let issueDate = Path("ram:FormattedIssueDateTime", s)
            let billedQuantities = Path(
                "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
                s)
            // Whether some invoiced quantity (BT-129) carries a unit: asked on every quantity, read once per document.
            let billedQuantityHasUnit = DocumentValue<Bool>()
            let headerSettlement = s.nameID("ram:ApplicableHeaderTradeSettlement")
            let basisAmount = Path("ram:BasisAmount", s)
            let exemptionReasonCode = Path("ram:ExemptionReasonCode", s)
            let exemptionReason = Path("ram:ExemptionReason", s)
            let taxPointDate = Path("ram:TaxPointDate", s)
            let dueDateCode = Path("ram:DueDateTypeCode", s)

            /// Whether some type code child of `n` is exactly one of `codes`.
            @Sendable func hasTypeCode(_ d: Document, _ n: XMLTree.Node, _ codes: Set<String>) -> Bool {
                d.select(typeCode, n).contains { codes.contains(d.string($0)) }
            }
            /// The additional referenced documents of `n` whose (white-space normalised) type code is `code`.
            @Sendable func additionalDocumentsOfCode(_ d: Document, _ n: XMLTree.Node, normalizedCode code: String) -> [XMLTree.Node] {
                d.select(additionalDocuments, n).filter { d.normalized(typeCode, $0) == code }
            }
            /// A party has a seller-assigned identifier or a global one, not both (`party` is its path).
            @Sendable func notBothIdentifiers(_ d: Document, _ n: XMLTree.Node, _ id: Path, _ global: Path) -> Bool {
                !(d.exists(id, n) && d.exists(global, n))
            }
            let buyerID = Path("ram:BuyerTradeParty/ram:ID", s), buyerGlobalID = Path("ram:BuyerTradeParty/ram:GlobalID", s)
            let shipToID = Path("ram:ShipToTradeParty/ram:ID", s), shipToGlobalID = Path("ram:ShipToTradeParty/ram:GlobalID", s)
            let payeeID = Path("ram:PayeeTradeParty/ram:ID", s), payeeGlobalID = Path("ram:PayeeTradeParty/ram:GlobalID", s)
            /// Whether every element named `name` under a payment means has the same normalised text as the first.
            @Sendable func samePaymentMeansText(_ d: Document, _ name: UInt32) -> Bool {
                let values = d.tree.nodes(named: name).filter { node in
                    d.tree.parent(node).map { d.tree.nameID($0) == paymentMeansName } ?? false
                }.map { d.normalized($0) }
                return values.allSatisfy { $0 == values.first }
            }
            /// Whether `n` lies within the header settlement (BG-23 rather than a line's VAT).
            @Sendable func inHeaderSettlement(_ d: Document, _ n: XMLTree.Node) -> Bool {
                var current = d.tree.parent(n)
                while let c = current {
                    if d.tree.nameID(c) == headerSettlement { return true }
                    current = d.tree.parent(c)
                }
                return false
            }
            /// A referenced document may carry `part` only when it is an additional document of one of `codes`.
            @Sendable func onlyOnAdditionalDocument(_ d: Document, _ n: XMLTree.Node, _ part: Path, _ codes: Set<String>) -> Bool {
                !d.exists(part, n) || (d.tree.nameID(n) == additionalDocumentName && hasTypeCode(d, n, codes))
            }

            let computed: [String: RuleTable.Test] = [
                // An item's standard identifier (BT-157) has its scheme.
                "CII-SR-046": { d, n in !d.exists(globalID, n) || d.select(globalID, n).contains { d.hasAttribute($0, schemeID) } },
                // An item's country of origin (BT-159) has exactly one code.
                "CII-SR-090": { d, n in !d.exists(originCountry, n) || d.count(originCountryID, n) == 1 },
                // A gross price allowance (BT-147) is an allowance (indicator false) with an amount, or absent altogether.
                "CII-SR-119": { d, n in
                    let amount = d.exists(grossPriceAmounts, n)
                    let isAllowance = d.select(grossPriceIndicators, n).contains { chargeIndicator in
                        d.select(indicator, chargeIndicator).contains { d.castToBoolean($0) == false }
                    }
                    return (isAllowance && amount) || (!d.exists(grossPriceIndicators, n) && !amount)
                },
                // One invoice line object identifier (BT-128) per line.
                "CII-SR-474": { d, n in additionalDocumentsOfCode(d, n, normalizedCode: "130").count <= 1 },
                // A buyer, deliver-to party or payee has an identifier or a global identifier, not both.
                "CII-SR-450": { d, n in notBothIdentifiers(d, n, buyerID, buyerGlobalID) },
                "CII-SR-449": { d, n in notBothIdentifiers(d, n, shipToID, shipToGlobalID) },
                "CII-SR-451": { d, n in notBothIdentifiers(d, n, payeeID, payeeGlobalID) },
                // One tender or lot reference (BT-17), one invoiced object identifier (BT-18).
                "CII-SR-457": { d, n in d.select(additionalDocuments, n).filter { hasTypeCode(d, $0, ["50"]) }.count <= 1 },
                "CII-SR-458": { d, n in d.select(additionalDocuments, n).filter { hasTypeCode(d, $0, ["130"]) }.count <= 1 },
                // A contact (BG-6, BG-9) is a person or a department, not both.
                "CII-SR-465": { d, n in !(d.exists(sellerContactPerson, n) && d.exists(sellerContactDepartment, n)) },
                "CII-SR-466": { d, n in !(d.exists(buyerContactPerson, n) && d.exists(buyerContactDepartment, n)) },
                // A supporting document (BG-24, type 916) has one description (BT-123) and one attachment (BT-125).
                "CII-SR-475": { d, n in
                    additionalDocumentsOfCode(d, n, normalizedCode: "916").reduce(0) { $0 + d.count(name, $1) } <= 1
                },
                "CII-SR-476": { d, n in
                    additionalDocumentsOfCode(d, n, normalizedCode: "916").reduce(0) { $0 + d.count(attachedObject, $1) } <= 1
                },
                // One value date code (BT-8) across the document.
                "CII-SR-462": { d, _ in
                    Set(
                        d.tree.nodes(named: dueDateTypeCode).filter { node in
                            d.tree.parent(node).map { d.tree.nameID($0) == applicableTradeTax } ?? false
                        }.map { d.string($0) }
                    ).count <= 1
                },
                // A credit transfer (30, 58) names the payee's account (BT-84).
                "CII-SR-470": { d, n in
                    !d.select(paymentMeans, n).contains { means in
                        let code = d.normalized(typeCode, means)
                        return (code == "30" || code == "58") && !(d.exists(iban, means) || d.exists(proprietaryAccount, means))
                    }
                },
                // One payment means type (BT-81) and one text (BT-82) across all payment means.
                "CII-SR-467": { d, _ in samePaymentMeansText(d, typeCodeName) },
                "CII-SR-468": { d, _ in samePaymentMeansText(d, informationName) },
                // Referenced documents: URI (BT-124), name (BT-123) and attachment (BT-125) only on a supporting
                // document (916); type codes only on additional documents (50, 130, 916); the scheme (BT-18-1) only on
                // an invoiced object (130); an issue date only on a preceding invoice (BT-26).
                "CII-DT-015": { d, n in onlyOnAdditionalDocument(d, n, uriID, ["916"]) },
                "CII-DT-018": { d, n in onlyOnAdditionalDocument(d, n, typeCode, ["50", "130", "916"]) },
                "CII-DT-021": { d, n in onlyOnAdditionalDocument(d, n, name, ["916"]) },
                "CII-DT-022": { d, n in onlyOnAdditionalDocument(d, n, attachedObject, ["916"]) },
                "CII-DT-024": { d, n in onlyOnAdditionalDocument(d, n, referenceTypeCode, ["130"]) },
                "CII-DT-027": { d, n in !d.exists(issueDate, n) || d.tree.nameID(n) == invoiceDocumentName },
                // A unit code only where the invoiced quantities (BT-129) carry one.
                "CII-DT-033": { d, n in
                    !d.hasAttribute(n, unitCode)
                        || d.value(billedQuantityHasUnit) { d.select(billedQuantities, d.root).contains { d.hasAttribute($0, unitCode) } }
                },
                // Taxable amount, tax point date and due date code only in the document's VAT breakdown (BG-23);
                // exemption reasons only on an applicable trade tax.
                "CII-DT-041": { d, n in !d.exists(basisAmount, n) || inHeaderSettlement(d, n) },
                "CII-DT-052": { d, n in !d.exists(exemptionReasonCode, n) || d.tree.nameID(n) == applicableTradeTax },
                "CII-DT-098": { d, n in !d.exists(exemptionReason, n) || d.tree.nameID(n) == applicableTradeTax },
                "CII-DT-054": { d, n in !d.exists(taxPointDate, n) || inHeaderSettlement(d, n) },
                "CII-DT-058": { d, n in !d.exists(dueDateCode, n) || inHeaderSettlement(d, n) },
                // Format 102 dates are CCYYMMDD, white space around allowed.
                "CII-DT-097": { d, n in EN16931.isFormat102Date(d.string(n)) },
            ]

            return (contexts, computed)
        }
    }

    /// Whether `text` is a date in format 102 (CCYYMMDD): four decimal digits (of any script, as XPath's `\d`),
    /// a month 01–12 and a day 01–31, with only XML white space around. The day is not checked against the month.
    static func isFormat102Date(_ text: String) -> Bool {
        let scalars = Array(text.trimmingXMLSpace().unicodeScalars)
        guard scalars.count == 8 else { return false }
        guard scalars[0..<4].allSatisfy({ $0.properties.generalCategory == .decimalNumber }) else { return false }
        func digit(_ i: Int) -> Int? {
            let v = scalars[i].value
            return (0x30...0x39).contains(v) ? Int(v - 0x30) : nil
        }
        guard let m1 = digit(4), let m2 = digit(5), let d1 = digit(6), let d2 = digit(7) else { return false }
        let month = m1 * 10 + m2
        let day = d1 * 10 + d2
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
