public import Foundation

/// One transition in the hub's append-only event log, chained to the event before it by hash.
///
/// The chain runs over the whole log, in sequence order: each event's hash covers its own fields
/// and the previous event's hash, so editing, removing or reordering any event breaks every link
/// after it, and `EventChain.verify` names the first broken one.
public struct LifecycleEvent: Sendable, Codable, Equatable {
    /// Position in the log, from 1.
    public let sequence: Int64
    /// The invoice the event is about.
    public let invoiceID: String
    /// The status the invoice left (nil for its first event).
    public let from: InvoiceStatus?
    /// The status the invoice entered.
    public let to: InvoiceStatus
    /// When, to the millisecond.
    public let at: Date
    /// Who caused it: `supplier:<org>`, `buyer:<org>`, `operator:<org>`, `hub`, `portal`.
    public let actor: String
    /// Why, for people (may be empty).
    public let reason: String
    /// The previous event's hash (`EventChain.genesis` for the first event).
    public let previousHash: String
    /// This event's hash (lowercase hex SHA-256).
    public let hash: String

    /// The bytes the hash covers: every field but the hash itself, in a fixed layout.
    public static func hashedContent(
        sequence: Int64, invoiceID: String, from: InvoiceStatus?, to: InvoiceStatus, at: Date,
        actor: String, reason: String, previousHash: String
    ) -> Data {
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
        let fields = [
            String(sequence), invoiceID, from.map { String($0.rawValue) } ?? "", String(to.rawValue), String(millis),
            actor, reason, previousHash,
        ]
        // Length-prefixed so that no two field lists give the same bytes.
        return Data(fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8)
    }
}

/// Builds and checks the hash chain of the event log.
public struct EventChain: Sendable {
    /// The "previous hash" of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 of some bytes, as lowercase hex.
    public let sha256: @Sendable (Data) -> String

    /// Creates a chain with a SHA-256 implementation.
    public init(sha256: @escaping @Sendable (Data) -> String) { self.sha256 = sha256 }

    /// The event that follows `previous` (nil: the log is empty) with these fields, its hash computed.
    public func next(
        after previous: (sequence: Int64, hash: String)?, invoiceID: String, from: InvoiceStatus?, to: InvoiceStatus,
        at: Date, actor: String, reason: String
    ) -> LifecycleEvent {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousHash = previous?.hash ?? EventChain.genesis
        // Times are kept to the millisecond, as stored.
        let at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        let hash = sha256(
            LifecycleEvent.hashedContent(
                sequence: sequence, invoiceID: invoiceID, from: from, to: to, at: at, actor: actor, reason: reason,
                previousHash: previousHash))
        return LifecycleEvent(
            sequence: sequence, invoiceID: invoiceID, from: from, to: to, at: at, actor: actor, reason: reason,
            previousHash: previousHash, hash: hash)
    }

    /// What is wrong with a log, at its first broken link.
    public enum Break: Sendable, Equatable, CustomStringConvertible {
        /// Sequence numbers skip or repeat: an event is missing or duplicated.
        case gap(expected: Int64, found: Int64)
        /// The event does not point at the hash of the event before it.
        case unlinked(sequence: Int64)
        /// The event's stored hash does not match its content: it was altered.
        case altered(sequence: Int64)
        /// The transition is not allowed by the lifecycle, or contradicts the invoice's previous status.
        case invalidTransition(sequence: Int64, invoiceID: String)

        public var description: String {
            switch self {
            case .gap(let expected, let found): "event \(expected) is missing (found \(found) in its place)"
            case .unlinked(let sequence): "event \(sequence) does not point at the hash of event \(sequence - 1)"
            case .altered(let sequence): "event \(sequence) was altered: its hash does not match its content"
            case .invalidTransition(let sequence, let invoice): "event \(sequence) is not a valid transition for invoice \(invoice)"
            }
        }
    }

    /// Walks events in sequence order and returns the first broken link, or nil when the chain holds.
    public func verify(_ events: some Sequence<LifecycleEvent>) -> Break? {
        var expected: Int64 = 1
        var previousHash = EventChain.genesis
        var statuses: [String: InvoiceStatus] = [:]
        for event in events {
            if event.sequence != expected { return .gap(expected: expected, found: event.sequence) }
            if event.previousHash != previousHash { return .unlinked(sequence: event.sequence) }
            let content = LifecycleEvent.hashedContent(
                sequence: event.sequence, invoiceID: event.invoiceID, from: event.from, to: event.to, at: event.at,
                actor: event.actor, reason: event.reason, previousHash: event.previousHash)
            if sha256(content) != event.hash { return .altered(sequence: event.sequence) }
            if event.from != statuses[event.invoiceID] || !Lifecycle.allows(from: event.from, to: event.to) {
                return .invalidTransition(sequence: event.sequence, invoiceID: event.invoiceID)
            }
            statuses[event.invoiceID] = event.to
            previousHash = event.hash
            expected += 1
        }
        return nil
    }
}
