public import Foundation

/// Where the hub sends an invoice or one of its events: the national portal, one of the buyer's channels, or a
/// supplier's webhook. Stored as text: `portal`, the channel's kind and id (`push:chn_…`, `pull:chn_…`,
/// `file-drop:chn_…`), `webhook:sub_…:N` (the invoice's event at position N), or `mail:<organisation>:N` (an e-mail
/// alert of that event), so that the workers of each kind claim their own rows.
public enum Destination: Sendable, Hashable, Codable, CustomStringConvertible, RawRepresentable {
    /// The national portal (Chorus Pro).
    case portal
    /// A buyer channel.
    case channel(ChannelID, BuyerChannel.Kind)
    /// A supplier's webhook, for the invoice's event at `position`.
    case webhook(SubscriptionID, position: Int)
    /// An organisation's e-mail alert, for the invoice's event at `position`.
    case mail(organisationID: String, position: Int)

    /// What works a destination's deliveries off; its raw value is the stored destination's text up to the first
    /// colon (the stores index deliveries by it).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case portal, push, pull, webhook, mail
        case fileDrop = "file-drop"
    }

    /// The kind.
    public var kind: Kind {
        switch self {
        case .portal: .portal
        case .channel(_, .push): .push
        case .channel(_, .pull): .pull
        case .channel(_, .fileDrop): .fileDrop
        case .webhook: .webhook
        case .mail: .mail
        }
    }

    /// The channel, for a channel's delivery.
    public var channelID: ChannelID? {
        if case .channel(let id, _) = self { return id }
        return nil
    }

    public var rawValue: String {
        switch self {
        case .portal: "portal"
        case .channel(let id, let kind): kind.rawValue + ":" + id.rawValue
        case .webhook(let id, let position): "webhook:\(id.rawValue):\(position)"
        case .mail(let organisationID, let position): "mail:\(organisationID):\(position)"
        }
    }

    /// Reads a stored destination; nil for text no version of the hub wrote.
    public init?(rawValue: String) {
        if rawValue == "portal" {
            self = .portal
            return
        }
        let parts = rawValue.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "webhook", parts[1].hasPrefix("sub_"), let position = Int(parts[2]), position > 0 {
            self = .webhook(SubscriptionID(rawValue: String(parts[1])), position: position)
            return
        }
        if parts.count == 3, parts[0] == "mail", !parts[1].isEmpty, let position = Int(parts[2]), position > 0 {
            self = .mail(organisationID: String(parts[1]), position: position)
            return
        }
        guard let colon = rawValue.firstIndex(of: ":"), let kind = BuyerChannel.Kind(rawValue: String(rawValue[..<colon])) else { return nil }
        let id = rawValue[rawValue.index(after: colon)...]
        guard id.hasPrefix("chn_") else { return nil }
        self = .channel(ChannelID(rawValue: String(id)), kind)
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let destination = Destination(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown destination \(text)"))
        }
        self = destination
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One thing the hub owes a destination for one invoice: a row of the outbox, written in the same unit of
/// work as the state change that implies it, then worked off by the delivery workers.
public struct Delivery: Sendable, Hashable, Codable, Identifiable {
    /// Where a delivery stands.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// To be sent (again), at `nextAttemptAt`.
        case pending
        /// Delivered: the destination took it (`receipt` says how it named it).
        case done
        /// Given up after the retry budget, or refused for good: in the operators' queue, never dropped.
        case failed
    }

    /// `dlv_…`.
    public let id: String
    /// The invoice.
    public let invoiceID: InvoiceID
    /// Where to.
    public let destination: Destination
    /// Where it stands.
    public var state: State
    /// Attempts made since it was created or last retried by an operator.
    public var attempts: Int
    /// When the next attempt is due (pending deliveries).
    public var nextAttemptAt: Date
    /// The node working on it and until when (a lease: past it, another node may take it).
    public var lease: Lease?
    /// Whether the last attempt may have taken effect without the hub knowing: the next one first finds out.
    public var outcomeUnknown: Bool
    /// The last attempt's error, for operators.
    public var lastError: String?
    /// The destination's name for what it received (the portal's flow number).
    public var receipt: String?
    /// When it was created.
    public let createdAt: Date
    /// When the current round of attempts started (creation, or an operator's retry): the retry budget's age
    /// counts from it.
    public var roundStartedAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a delivery.
    public init(
        id: String, invoiceID: InvoiceID, destination: Destination, state: State, attempts: Int, nextAttemptAt: Date,
        lease: Lease?, outcomeUnknown: Bool, lastError: String?, receipt: String?, createdAt: Date, roundStartedAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.invoiceID = invoiceID
        self.destination = destination
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lease = lease
        self.outcomeUnknown = outcomeUnknown
        self.lastError = lastError
        self.receipt = receipt
        self.createdAt = createdAt
        self.roundStartedAt = roundStartedAt
        self.updatedAt = updatedAt
    }

    /// A new pending delivery, due at once.
    public static func new(invoiceID: InvoiceID, to destination: Destination, at date: Date) -> Delivery {
        let at = Date(millisecondsSince1970: date.millisecondsSince1970)
        return Delivery(
            id: HubIdentifier.make(prefix: "dlv", at: at), invoiceID: invoiceID, destination: destination, state: .pending,
            attempts: 0, nextAttemptAt: at, lease: nil, outcomeUnknown: false, lastError: nil, receipt: nil, createdAt: at,
            roundStartedAt: at, updatedAt: at)
    }
}

/// Who holds a row of work, and until when.
public struct Lease: Sendable, Hashable, Codable {
    /// The node (`hermine serve` process) holding it.
    public let owner: String
    /// When it lapses.
    public let until: Date

    /// Creates a lease.
    public init(owner: String, until: Date) {
        self.owner = owner
        self.until = Date(millisecondsSince1970: until.millisecondsSince1970)
    }
}

/// One try at a delivery, as recorded.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    /// What came of it.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The destination took it.
        case delivered
        /// Checked after an unknown outcome: the destination already had it.
        case found
        /// Checked after an unknown outcome: the destination certainly does not have it (it is sent again).
        case absent
        /// The request never reached the destination.
        case notSent = "not-sent"
        /// The destination could not take it then.
        case unavailable
        /// The destination refused it for good.
        case refused
        /// Sent, but no usable answer: it may have arrived.
        case outcomeUnknown = "outcome-unknown"
    }

    /// The delivery.
    public let deliveryID: String
    /// 1 for the first attempt, counting every round.
    public let number: Int
    /// When it started.
    public let startedAt: Date
    /// How long it took, in milliseconds.
    public let durationMilliseconds: Int
    /// What came of it.
    public let outcome: Outcome
    /// The error, when there was one.
    public let error: String?

    /// Creates an attempt.
    public init(deliveryID: String, number: Int, startedAt: Date, durationMilliseconds: Int, outcome: Outcome, error: String?) {
        self.deliveryID = deliveryID
        self.number = number
        self.startedAt = Date(millisecondsSince1970: startedAt.millisecondsSince1970)
        self.durationMilliseconds = durationMilliseconds
        self.outcome = outcome
        self.error = error
    }
}
