public import InvoiceIntake
public import InvoiceModel

/// A flow syntax code (`syntaxeFlux`) the simulator takes, with the content it expects (DOMAIN.md §1.3).
///
/// A real portal knows more codes (legacy CII, PES, XCBL, E3); the simulator takes those whose content
/// Hermine's intake can check, and answers any other with a 400, as the real one answers an unknown code.
public enum FlowSyntax: String, Sendable, Hashable, CaseIterable {
    /// E1, structured: a UBL 2.1 invoice or credit note, as XML.
    case ublInvoice = "IN_DP_E1_UBL_INVOICE"
    /// E1, structured: a CII D16B invoice, as XML.
    case cii16B = "IN_DP_E1_CII_16B"
    /// E2, mixed: a Factur-X PDF carrying its CII invoice.
    case facturX = "IN_DP_E2_CII_FACTURX"
    /// E2, mixed, UBL minimal data: a PDF carrying a UBL invoice.
    case ublMinimal = "IN_DP_E2_UBL_INVOICE_MIN"

    /// The syntax and container the flow's file must have.
    public var expected: (syntax: InvoiceSyntax, container: InvoiceContainer) {
        switch self {
        case .ublInvoice: (.ubl, .xml)
        case .cii16B: (.cii, .xml)
        case .facturX: (.cii, .pdf)
        case .ublMinimal: (.ubl, .pdf)
        }
    }
}

/// Where a deposited flow stands (`etatCourantDepotFlux`, DOMAIN.md §1.4): the simulator uses the three states
/// a live sandbox shows after an API deposit.
public enum FlowState: String, Sendable, Hashable, CaseIterable {
    /// Deposited, waiting for processing: what every flow reads right after its deposit.
    case waiting = "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP"
    /// Processed, its invoice created (status DEPOSEE).
    case integrated = "IN_INTEGRE"
    /// Processed and rejected; the reasons are in the report.
    case rejected = "IN_REJETE"
}
