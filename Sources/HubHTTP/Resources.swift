import Foundation
import Hub
import InvoiceIntake
import InvoiceModel
import InvoiceRules

// The JSON shapes of the API, one type per schema of the OpenAPI document (api/openapi.json).

/// An invoice's status: its reform code, slug and names.
struct StatusResource: Encodable, Equatable {
    let code: Int
    let slug: String
    let fr: String
    let en: String

    init(_ status: InvoiceStatus) {
        code = status.rawValue
        slug = status.slug
        fr = status.frenchName
        en = status.englishName
    }
}

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

    init(_ summary: InvoiceSummary, report: ValidationReport?) {
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
