import Foundation
import Hub
import InvoiceIntake
import InvoiceModel
import InvoiceRules

// The JSON shapes of the API, one type per schema of the OpenAPI document (api/openapi.json).

/// An invoice's status: its reform code, slug and names.
typealias StatusResource = StatusDescription

/// An invoice: key fields, where it stands, and (on deposit and detail) what the rules found.
struct InvoiceResource: Encodable {
    let id: String
    let status: StatusResource
    let number: String?
    let issueDate: String?
    let typeCode: String?
    let isCreditNote: Bool
    let currency: String?
    let amountDue: String?
    let seller: SellerResource
    let buyer: BuyerResource
    let buyerReference: String?
    let purchaseOrderReference: String?
    let supplierOrganisationId: String
    let syntax: InvoiceSyntax
    let container: InvoiceContainer
    let document: DocumentResource
    let receivedAt: String
    let fatalCount: Int
    let warningCount: Int
    let report: ReportResource?
    let portal: PortalResource?
    let deliveries: [DeliveryResource]?
    let links: Links

    /// Where to read more of the invoice.
    struct Links: Encodable {
        let `self`: String
        let events: String
        let document: String
        let normalised: String
    }

    struct SellerResource: Encodable {
        let identifier: String?
        let name: String?
    }

    struct BuyerResource: Encodable {
        let siret: String?
        let name: String?
    }

    struct DocumentResource: Encodable {
        let sha256: String
        let size: Int
    }

    /// The invoice's page: everything, its deliveries and what the portal says included.
    init(_ detail: InvoiceDetail) {
        self.init(detail.summary, report: detail.report, portal: detail.portal.map(PortalResource.init), deliveries: detail.deliveries.map(DeliveryResource.init))
    }

    init(_ summary: InvoiceSummary, report: ValidationReport?, portal: PortalResource? = nil, deliveries: [DeliveryResource]? = nil) {
        id = summary.id.rawValue
        status = StatusResource(summary.status)
        number = summary.number
        issueDate = summary.issueDate
        typeCode = summary.typeCode
        isCreditNote = summary.isCreditNote
        currency = summary.currency
        amountDue = summary.amountDue
        seller = SellerResource(identifier: summary.sellerIdentifier, name: summary.sellerName)
        buyer = BuyerResource(siret: summary.buyerSIRET, name: summary.buyerName)
        buyerReference = summary.buyerReference
        purchaseOrderReference = summary.purchaseOrderReference
        supplierOrganisationId = summary.supplierOrganisationID
        syntax = summary.syntax
        container = summary.container
        document = DocumentResource(sha256: summary.documentSHA256, size: summary.documentSize)
        receivedAt = Timestamp.string(summary.receivedAt)
        fatalCount = summary.fatalCount
        warningCount = summary.warningCount
        self.report = report.map(ReportResource.init)
        self.portal = portal
        self.deliveries = deliveries
        let base = "/v1/invoices/\(summary.id)"
        links = Links(
            self: base, events: base + "/events", document: base + "/document", normalised: base + "/normalised?format=json")
    }
}

/// A validation report: the verdict, the rule ids that fired, and each finding.
struct ReportResource: Encodable {
    let valid: Bool
    let syntax: InvoiceSyntax
    let ruleSet: RuleSetName
    let fatal: [String]
    let warning: [String]
    let findings: [Finding]

    init(_ report: ValidationReport) {
        valid = report.valid
        syntax = report.syntax
        ruleSet = report.ruleSet
        fatal = report.fatal
        warning = report.warning
        findings = report.findings
    }
}

/// The answer of `POST /v1/validate`: the report a deposit of the same document would get.
struct ValidationResource: Encodable {
    let report: ReportResource
}

/// What the national portal says of an invoice delivered to it.
struct PortalResource: Encodable {
    /// The flow it was deposited in.
    let flow: String
    /// The flow's state.
    let flowState: String?
    /// The portal's id for the invoice.
    let invoiceId: String?
    /// The invoice's status at the portal.
    let status: String?
    /// When the portal's answer last changed.
    let updatedAt: String
    /// Whether the status is final (the hub no longer asks).
    let final: Bool

    init(_ tracking: PortalTracking) {
        flow = tracking.flow
        flowState = tracking.flowState
        invoiceId = tracking.portalInvoiceID
        status = tracking.portalStatus
        updatedAt = Timestamp.string(tracking.changedAt)
        final = tracking.final
    }
}

/// A delivery, with its attempts when shown on its invoice.
struct DeliveryResource: Encodable {
    let id: String
    let invoiceId: String
    let destination: String
    let state: String
    let attemptCount: Int
    let nextAttemptAt: String?
    let lastError: String?
    let receipt: String?
    let createdAt: String
    let updatedAt: String
    let attempts: [AttemptResource]?

    struct AttemptResource: Encodable {
        let number: Int
        let startedAt: String
        let durationMs: Int
        let outcome: String
        let error: String?
    }

    init(_ detail: Deliveries.Detail) { self.init(detail.delivery, attempts: detail.attempts) }

    init(_ delivery: Hub.Delivery, attempts: [DeliveryAttempt]? = nil) {
        id = delivery.id
        invoiceId = delivery.invoiceID.rawValue
        destination = delivery.destination.rawValue
        state = delivery.state.rawValue
        attemptCount = delivery.attempts
        nextAttemptAt = delivery.state == .pending ? Timestamp.string(delivery.nextAttemptAt) : nil
        lastError = delivery.lastError
        receipt = delivery.receipt
        createdAt = Timestamp.string(delivery.createdAt)
        updatedAt = Timestamp.string(delivery.updatedAt)
        self.attempts = attempts?.map {
            AttemptResource(
                number: $0.number, startedAt: Timestamp.string($0.startedAt), durationMs: $0.durationMilliseconds,
                outcome: $0.outcome.rawValue, error: $0.error)
        }
    }
}

/// A page of deliveries.
struct DeliveryListResource: Encodable {
    let deliveries: [DeliveryResource]
    let nextCursor: String?
}

/// A page of invoices.
struct InvoiceListResource: Encodable {
    let invoices: [InvoiceResource]
    let nextCursor: String?
}

/// One lifecycle event.
struct EventResource: Encodable {
    let position: Int
    let invoiceId: String
    let from: StatusResource?
    let to: StatusResource
    let at: String
    let actor: String
    let reason: String
    let previousHash: String
    let hash: String

    init(_ event: LifecycleEvent) {
        position = event.position
        invoiceId = event.invoiceID.rawValue
        from = event.from.map(StatusResource.init)
        to = StatusResource(event.to)
        at = Timestamp.string(event.at)
        actor = event.actor.description
        reason = event.reason
        previousHash = event.previousHash
        hash = event.hash
    }
}

/// The events of one invoice.
struct EventListResource: Encodable {
    let invoiceId: String
    let events: [EventResource]
}

/// A status change asked by a caller.
struct StatusChangeRequest: Decodable {
    /// A reform code (`205`) or slug (`approved`).
    let status: String
    /// Why, for people.
    let reason: String?

    private enum CodingKeys: String, CodingKey { case status, reason }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let code = try? container.decode(Int.self, forKey: .status) {
            status = String(code)
        } else {
            status = try container.decode(String.self, forKey: .status)
        }
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
    }
}

/// Dates as the API writes them: ISO 8601 in UTC, to the millisecond.
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
