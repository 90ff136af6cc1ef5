public import Foundation
public import InvoiceIntake

/// A buyer channel's id, `chn_` and 26 characters.
public struct ChannelID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, RawRepresentable {
    /// The id as text.
    public let rawValue: String

    /// Takes an id as text (from a URL or a row).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A new id.
    public static func make(at date: Date = Date()) -> ChannelID { ChannelID(rawValue: HubIdentifier.make(prefix: "chn", at: date)) }

    public static func < (a: ChannelID, b: ChannelID) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// How a public buyer's accounting system receives the invoices addressed to it: configured per SIRET (and
/// optionally per service code) by operators; each accepted invoice gives one delivery per matching channel.
public struct BuyerChannel: Sendable, Hashable, Codable, RotatingSecret {
    /// How the invoice travels.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An HTTP(S) POST to the buyer's URL, signed (`ChannelSignature`).
        case push
        /// The buyer's software reads `GET /v1/inbox` and acknowledges what it took.
        case pull
        /// One file per invoice written atomically into a folder.
        case fileDrop = "file-drop"
    }

    /// When an invoice is owed to the channel.
    public enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
        /// As soon as the hub accepted it (200).
        case accepted
        /// Once the portal has made it available to the buyer (203).
        case madeAvailable = "made-available"

        /// The lifecycle status whose event owes the invoice to the channel.
        public var status: InvoiceStatus {
            switch self {
            case .accepted: .deposited
            case .madeAvailable: .madeAvailable
            }
        }
    }

    /// `chn_…`.
    public let id: ChannelID
    /// The buyer's SIRET.
    public let buyerSIRET: String
    /// Only invoices for this service code (BT-10); nil: every invoice of the SIRET.
    public let serviceCode: String?
    /// How the invoice travels.
    public let kind: Kind
    /// What the buyer receives.
    public let format: DeliveryFormat
    /// When.
    public let trigger: Trigger
    /// Push: where to.
    public let url: URL?
    /// File drop: the folder.
    public let folder: String?
    /// Push: the key the body is signed with (HMAC-SHA256).
    public var secret: String
    /// Push: the key before the last rotation, still used to sign beside the new one until `previousSecretUntil`.
    public var previousSecret: String?
    /// Until when the previous key still signs.
    public var previousSecretUntil: Date?
    /// When it was created.
    public let createdAt: Date
    /// When an operator removed it: no new deliveries; those pending fail into the operators' queue.
    public var removedAt: Date?

    /// Creates a channel.
    public init(
        id: ChannelID, buyerSIRET: String, serviceCode: String?, kind: Kind, format: DeliveryFormat, trigger: Trigger, url: URL?,
        folder: String?, secret: String, previousSecret: String? = nil, previousSecretUntil: Date? = nil, createdAt: Date,
        removedAt: Date? = nil
    ) {
        self.id = id
        self.buyerSIRET = buyerSIRET
        self.serviceCode = serviceCode
        self.kind = kind
        self.format = format
        self.trigger = trigger
        self.url = url
        self.folder = folder
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretUntil = previousSecretUntil.map { Date(millisecondsSince1970: $0.millisecondsSince1970) }
        self.createdAt = Date(millisecondsSince1970: createdAt.millisecondsSince1970)
        self.removedAt = removedAt.map { Date(millisecondsSince1970: $0.millisecondsSince1970) }
    }

    /// The outbox destination of this channel's deliveries.
    public var destination: Destination { .channel(id, kind) }

    /// Whether an invoice for `serviceCode` (BT-10) is for this channel.
    public func serves(serviceCode code: String?) -> Bool {
        guard let serviceCode else { return true }
        return code?.trimmingCharacters(in: .whitespaces) == serviceCode
    }

}

/// What a buyer channel sends: the deposited document as it came, or the invoice rewritten.
public enum DeliveryFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// The document the supplier deposited (XML or Factur-X PDF), byte for byte.
    case original
    /// UBL 2.1 (Invoice or CreditNote).
    case ubl
    /// UN/CEFACT CII D16B.
    case cii
    /// The EN 16931 model as the hub's JSON.
    case json
    /// The accounting CSV (`mappings/accounting-csv.tsv`): one row per VAT rate, French conventions.
    case csv

    /// The file name suffix.
    public func fileExtension(original container: InvoiceContainer) -> String {
        switch self {
        case .original: container.rawValue
        case .ubl, .cii: "xml"
        case .json: "json"
        case .csv: "csv"
        }
    }

    /// The media type.
    public func mediaType(original container: InvoiceContainer) -> String {
        switch self {
        case .original: container.mediaType
        case .ubl, .cii: "application/xml"
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}
