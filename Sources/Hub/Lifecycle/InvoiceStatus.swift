/// Where an invoice stands, with the lifecycle codes of the French e-invoicing reform (CDAR
/// `ProcessConditionCode`, 200 Déposée … 213 Rejetée).
public enum InvoiceStatus: Int, Sendable, Codable, CaseIterable, Comparable {
    /// 200: the hub accepted the invoice.
    case deposited = 200
    /// 201: the hub sent it on (to the portal or the buyer's platform).
    case issued = 201
    /// 202: the recipient's platform received it.
    case received = 202
    /// 203: it is available to the buyer.
    case madeAvailable = 203
    /// 204: the buyer took it in charge.
    case inProcess = 204
    /// 205: the buyer approved it.
    case approved = 205
    /// 206: the buyer approved part of it.
    case partiallyApproved = 206
    /// 207: the buyer disputes it.
    case disputed = 207
    /// 208: suspended until the supplier completes it.
    case suspended = 208
    /// 209: the supplier completed it.
    case completed = 209
    /// 210: the buyer refused it (a business refusal; final).
    case refused = 210
    /// 211: payment was sent.
    case paymentSent = 211
    /// 212: payment was received (final).
    case paid = 212
    /// 213: rejected by a platform, on technical or semantic grounds (final).
    case rejected = 213

    public static func < (a: InvoiceStatus, b: InvoiceStatus) -> Bool { a.rawValue < b.rawValue }

    /// The reform's French name.
    public var frenchName: String {
        switch self {
        case .deposited: "Déposée"
        case .issued: "Émise par la plateforme"
        case .received: "Reçue par la plateforme"
        case .madeAvailable: "Mise à disposition"
        case .inProcess: "Prise en charge"
        case .approved: "Approuvée"
        case .partiallyApproved: "Approuvée partiellement"
        case .disputed: "En litige"
        case .suspended: "Suspendue"
        case .completed: "Complétée"
        case .refused: "Refusée"
        case .paymentSent: "Paiement transmis"
        case .paid: "Encaissée"
        case .rejected: "Rejetée"
        }
    }

    /// An English name.
    public var englishName: String {
        switch self {
        case .deposited: "Deposited"
        case .issued: "Issued by the platform"
        case .received: "Received by the platform"
        case .madeAvailable: "Made available"
        case .inProcess: "In process"
        case .approved: "Approved"
        case .partiallyApproved: "Partially approved"
        case .disputed: "Disputed"
        case .suspended: "Suspended"
        case .completed: "Completed"
        case .refused: "Refused"
        case .paymentSent: "Payment sent"
        case .paid: "Paid"
        case .rejected: "Rejected"
        }
    }

    /// A short lowercase name for APIs and filters (`deposited`, `made-available` …).
    public var slug: String {
        switch self {
        case .deposited: "deposited"
        case .issued: "issued"
        case .received: "received"
        case .madeAvailable: "made-available"
        case .inProcess: "in-process"
        case .approved: "approved"
        case .partiallyApproved: "partially-approved"
        case .disputed: "disputed"
        case .suspended: "suspended"
        case .completed: "completed"
        case .refused: "refused"
        case .paymentSent: "payment-sent"
        case .paid: "paid"
        case .rejected: "rejected"
        }
    }

    /// Parses a code (`203`) or a slug (`made-available`).
    public init?(code: String) {
        if let number = Int(code), let status = InvoiceStatus(rawValue: number) {
            self = status
        } else if let status = InvoiceStatus.allCases.first(where: { $0.slug == code }) {
            self = status
        } else {
            return nil
        }
    }

    /// Whether nothing can follow.
    public var isFinal: Bool { Lifecycle.allowedNext[self, default: []].isEmpty }
}

/// A status as the hub writes it for people and software (API answers, webhook events): its code, its slug and
/// its names in French and English, in that order.
public struct StatusDescription: Encodable, Equatable, Sendable {
    public let code: Int
    public let slug: String
    public let fr: String
    public let en: String

    /// The description of `status`.
    public init(_ status: InvoiceStatus) {
        code = status.rawValue
        slug = status.slug
        fr = status.frenchName
        en = status.englishName
    }
}
