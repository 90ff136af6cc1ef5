public import Foundation
public import InvoiceIntake
public import InvoiceModel

/// The national portal (Chorus Pro, or a portal with its API), as the hub's delivery workers and status sync
/// use it. The adapter (`PortalClient`'s `ChorusProClient`) speaks its HTTP API; the domain decides what to
/// send, when to try again and what a status means.
///
/// Every call reports its failure as a `PortalError` that says what the hub may do next: try again (the call
/// had no effect), give up (the portal refused for good), or find out first (the call may have taken effect).
public protocol NationalPortal: Sendable {
    /// Deposits one invoice as a flow (`deposer/flux`).
    func deposit(_ deposit: PortalDeposit) async throws(PortalError) -> PortalFlowReceipt
    /// Where a deposited flow stands (`consulterCRDetaille`).
    func flowReport(_ flow: String) async throws(PortalError) -> PortalFlowReport
    /// The supplier's invoices the portal knows, of a flow or with a number (`rechercher/fournisseur`, every page).
    func findInvoices(_ query: PortalInvoiceQuery) async throws(PortalError) -> [PortalInvoice]
    /// An invoice's status history (`consulter/historique`).
    func history(of portalInvoiceID: String) async throws(PortalError) -> PortalHistory
}

/// One invoice to deposit.
public struct PortalDeposit: Sendable, Hashable {
    /// The hub's invoice.
    public let invoiceID: InvoiceID
    /// The bytes the supplier deposited, as they are.
    public let document: Data
    /// The file name the portal shows (`nomFichier`, with its extension).
    public let fileName: String
    /// The invoice's syntax and container, which give the flow's syntax code (`syntaxeFlux`).
    public let syntax: InvoiceSyntax
    /// XML or a Factur-X PDF.
    public let container: InvoiceContainer

    /// Creates a deposit.
    public init(invoiceID: InvoiceID, document: Data, fileName: String, syntax: InvoiceSyntax, container: InvoiceContainer) {
        self.invoiceID = invoiceID
        self.document = document
        self.fileName = fileName
        self.syntax = syntax
        self.container = container
    }
}

/// The portal's receipt for a deposited flow.
public struct PortalFlowReceipt: Sendable, Hashable {
    /// The flow's number (`numeroFluxDepot`).
    public let flow: String
    /// When the portal says it was deposited (`dateDepot`, as the portal writes it).
    public let depositedAt: String?

    /// Creates a receipt.
    public init(flow: String, depositedAt: String?) {
        self.flow = flow
        self.depositedAt = depositedAt
    }
}

/// Where a flow stands (`etatCourantDepotFlux`) and, when rejected, why.
public struct PortalFlowReport: Sendable, Hashable {
    /// The portal's code for the flow's state (`IN_INTEGRE`, `IN_REJETE`, `IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP` …).
    public let state: String
    /// Why the flow or its invoices were rejected (`listeErreurDP`, `listeErreurTechnique`), for people.
    public let errors: [String]

    /// Creates a report.
    public init(state: String, errors: [String]) {
        self.state = state
        self.errors = errors
    }
}

/// Which of the supplier's invoices to find.
public struct PortalInvoiceQuery: Sendable, Hashable {
    /// Those of this flow.
    public let flow: String?
    /// Those with this number (BT-1).
    public let number: String?

    /// Creates a query.
    public init(flow: String? = nil, number: String? = nil) {
        self.flow = flow
        self.number = number
    }
}

/// An invoice as the portal lists it.
public struct PortalInvoice: Sendable, Hashable {
    /// The portal's id (`identifiantFactureCPP`).
    public let portalID: String
    /// Its number (`numeroFacture`).
    public let number: String
    /// Its current status code (`statut`: `DEPOSEE`, `MISE_A_DISPOSITION` …).
    public let status: String
    /// The flow it came in (`numeroFluxDepot`).
    public let flow: String?
    /// The buyer it is addressed to (`codeDestinataire`, a SIRET).
    public let buyer: String?
    /// The supplier that issued it (`codeFournisseur`, a SIRET): an account may deposit for several suppliers,
    /// whose numbers can collide.
    public let supplier: String?
    /// Its issue date (`dateFacture`, as the portal writes it): with the supplier and number, which invoice it is.
    public let issueDate: String?

    /// Creates an invoice.
    public init(
        portalID: String, number: String, status: String, flow: String?, buyer: String?, supplier: String? = nil,
        issueDate: String? = nil
    ) {
        self.portalID = portalID
        self.number = number
        self.status = status
        self.flow = flow
        self.buyer = buyer
        self.supplier = supplier
        self.issueDate = issueDate
    }
}

/// An invoice's status history at the portal.
public struct PortalHistory: Sendable, Hashable {
    /// One status the invoice passed through.
    public struct Entry: Sendable, Hashable {
        /// The status code.
        public let status: String
        /// When, as the portal writes it.
        public let at: String?
        /// The portal's comment (a buyer's reason for a rejection or a suspension).
        public let comment: String?

        /// Creates an entry.
        public init(status: String, at: String?, comment: String?) {
            self.status = status
            self.at = at
            self.comment = comment
        }
    }

    /// The current status code (`statutCourantCode`).
    public let current: String
    /// Every status, oldest first.
    public let entries: [Entry]

    /// Creates a history.
    public init(current: String, entries: [Entry]) {
        self.current = current
        self.entries = entries
    }
}

/// Why a call to the portal failed, sorted by what the hub may do next.
public enum PortalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request never reached the portal (connection refused, name or TLS failure before sending): trying
    /// again is safe.
    case notSent(String)
    /// The portal answered that it cannot take the call now (503, 429, an outage), the call having no effect:
    /// try again later, not before `retryAfter` when the portal gave one.
    case unavailable(String, retryAfter: Duration?)
    /// The portal refused the call for good (a 4xx other than 401, 408 and 429, or `codeRetour` ≠ 0): trying the
    /// same call again cannot help.
    case refused(String)
    /// The request was sent and no usable answer came back (a timeout, a connection dropped, a 500, an answer
    /// that does not read): the call may have taken effect.
    case outcomeUnknown(String)

    /// A stable code for records and operators.
    public var code: String {
        switch self {
        case .notSent: "not-sent"
        case .unavailable: "unavailable"
        case .refused: "refused"
        case .outcomeUnknown: "outcome-unknown"
        }
    }

    public var description: String {
        switch self {
        case .notSent(let reason): "not sent: \(reason)"
        case .unavailable(let reason, let retryAfter):
            "unavailable: \(reason)" + (retryAfter.map { " (retry after \($0.components.seconds) s)" } ?? "")
        case .refused(let reason): "refused: \(reason)"
        case .outcomeUnknown(let reason): "outcome unknown: \(reason)"
        }
    }
}
