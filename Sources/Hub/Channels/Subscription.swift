public import Foundation

/// A supplier webhook subscription's id, `sub_` and 26 characters.
public struct SubscriptionID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, RawRepresentable {
    /// The id as text.
    public let rawValue: String

    /// Takes an id as text (from a URL or a row).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A new id.
    public static func make(at date: Date = Date()) -> SubscriptionID { SubscriptionID(rawValue: HubIdentifier.make(prefix: "sub", at: date)) }

    public static func < (a: SubscriptionID, b: SubscriptionID) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A supplier's webhook: every lifecycle event of the invoices the supplier deposited is POSTed to `url`, signed
/// as channels are (`ChannelSignature`), in order per invoice, through the outbox (one delivery per event).
public struct Subscription: Sendable, Hashable, Codable, RotatingSecret {
    /// `sub_…`.
    public let id: SubscriptionID
    /// The supplier organisation.
    public let organisationID: String
    /// Where events go.
    public let url: URL
    /// The key events are signed with.
    public var secret: String
    /// The key before the last rotation, signing beside the new one until `previousSecretUntil`.
    public var previousSecret: String?
    /// Until when the previous key still signs.
    public var previousSecretUntil: Date?
    /// When it was created.
    public let createdAt: Date
    /// When it was deleted: no new deliveries; those pending fail into the operators' queue when tried.
    public var removedAt: Date?

    /// Creates a subscription.
    public init(
        id: SubscriptionID, organisationID: String, url: URL, secret: String, previousSecret: String? = nil, previousSecretUntil: Date? = nil,
        createdAt: Date, removedAt: Date? = nil
    ) {
        self.id = id
        self.organisationID = organisationID
        self.url = url
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretUntil = previousSecretUntil.map { Date(millisecondsSince1970: $0.millisecondsSince1970) }
        self.createdAt = Date(millisecondsSince1970: createdAt.millisecondsSince1970)
        self.removedAt = removedAt.map { Date(millisecondsSince1970: $0.millisecondsSince1970) }
    }


    /// The outbox destination of the delivery of the invoice's event at `position`.
    public func destination(position: Int) -> Destination { .webhook(id, position: position) }
}
