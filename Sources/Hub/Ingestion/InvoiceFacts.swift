public import Foundation
public import InvoiceIntake
public import InvoiceModel
public import InvoiceRules

/// The key fields of an invoice that the hub stores as columns.
public enum InvoiceFacts {
    /// The seller's main identifier: a SIRET when it has one, else its first identifier, legal registration
    /// or VAT number.
    public static func sellerIdentifier(_ invoice: Invoice) -> String? {
        guard let seller = invoice.seller else { return nil }
        let all = seller.identifiers + [seller.legalRegistration].compactMap { $0 }
        let siret = all.first { $0.scheme == OrganisationIdentifier.siretScheme }
        return (siret ?? all.first)?.value ?? seller.vatIdentifier
    }

    /// The summary of a checked invoice about to be stored.
    public static func summary(
        of invoice: Invoice, id: InvoiceID, supplier: String, status: InvoiceStatus, syntax: InvoiceSyntax, container: InvoiceContainer,
        documentSHA256: String, documentSize: Int, receivedAt: Date, report: ValidationReport
    ) -> InvoiceSummary {
        // Stored to the millisecond.
        let received = Date(timeIntervalSince1970: (receivedAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        return InvoiceSummary(
            id: id, supplierOrganisationID: supplier, sellerIdentifier: sellerIdentifier(invoice),
            sellerName: invoice.seller?.name, buyerSIRET: ChorusProRules.buyerSIRET(of: invoice),
            buyerName: invoice.buyer?.name, number: invoice.number, issueDate: invoice.issueDate?.description,
            typeCode: invoice.typeCode, isCreditNote: invoice.isCreditNote, currency: invoice.currency,
            amountDue: invoice.totals?.amountDue?.description, buyerReference: invoice.buyerReference,
            purchaseOrderReference: invoice.purchaseOrderReference, status: status, syntax: syntax,
            container: container, documentSHA256: documentSHA256, documentSize: documentSize, receivedAt: received,
            fatalCount: report.findings.count { $0.severity == .fatal },
            warningCount: report.findings.count { $0.severity == .warning })
    }
}

/// Whether the seller on an invoice is the depositing supplier.
enum SellerOwnership {
    /// True when one of the seller's identifiers (BT-29, BT-30, BT-31, BT-34) names the same company as one
    /// of the organisation's: same value, or the same SIREN (a SIRET's first 9 digits, a French VAT number's
    /// last 9).
    static func owns(_ organisation: Organisation, _ seller: Party?) -> Bool {
        guard let seller else { return false }
        var sellerKeys = Set<String>()
        for identifier in seller.identifiers + [seller.legalRegistration, seller.electronicAddress].compactMap({ $0 }) {
            sellerKeys.formUnion(keys(identifier.value))
        }
        if let vat = seller.vatIdentifier { sellerKeys.formUnion(keys(vat)) }
        return organisation.identifiers.contains { !sellerKeys.isDisjoint(with: keys($0.value)) }
    }

    /// The value itself, upper-cased without spaces, and the SIREN it implies.
    static func keys(_ value: String) -> Set<String> {
        let compact = value.uppercased().filter { !$0.isWhitespace }
        var keys: Set<String> = [compact]
        let digits = compact.allSatisfy(\.isNumber)
        if digits, compact.count == 14 { keys.insert(String(compact.prefix(9))) }
        if compact.hasPrefix("FR"), compact.count == 13 { keys.insert(String(compact.suffix(9))) }
        return keys
    }
}
