public import Foundation

/// A seal over the heads of the invoices' event chains, chained in turn to the checkpoint before it.
///
/// Each checkpoint lists the chains that grew since they were last sealed (invoice, length, last hash),
/// and its hash covers that list and the previous checkpoint's hash. Once sealed, an invoice's events up to
/// that length cannot be removed, altered or replaced without the audit noticing, even the last ones (which
/// no later event of the same invoice links to) and even a whole invoice.
public struct AuditCheckpoint: Sendable, Hashable {
    /// Position in the checkpoint chain, from 1.
    public let sequence: Int64
    /// When it was taken, to the millisecond.
    public let at: Date
    /// The heads it seals, by invoice id.
    public let heads: [SealedHead]
    /// The previous checkpoint's hash (`EventChain.genesis` for the first).
    public let previousHash: String
    /// This checkpoint's hash.
    public let hash: String

    /// Creates a checkpoint from its stored fields (`AuditCheckpoint.next` computes a new one's hash).
    public init(sequence: Int64, at: Date, heads: [SealedHead], previousHash: String, hash: String) {
        self.sequence = sequence
        self.at = at
        self.heads = heads
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes the hash covers.
    public static func hashedContent(sequence: Int64, at: Date, heads: [SealedHead], previousHash: String) -> Data {
        var text = "checkpoint-v1|\(sequence)|\(at.millisecondsSince1970)|\(previousHash)|\(heads.count)"
        for head in heads {
            text += "|\(head.invoiceID.rawValue.utf8.count):\(head.invoiceID.rawValue)|\(head.length)|\(head.hash)"
        }
        return Data(text.utf8)
    }

    /// The checkpoint that follows `previous` (nil: the first), sealing `heads`.
    public static func next(after previous: AuditCheckpoint?, sealing heads: [SealedHead], at date: Date, chain: EventChain)
        -> AuditCheckpoint
    {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousHash = previous?.hash ?? EventChain.genesis
        let at = Date(millisecondsSince1970: date.millisecondsSince1970)
        let sorted = heads.sorted { $0.invoiceID < $1.invoiceID }
        let hash = chain.sha256(hashedContent(sequence: sequence, at: at, heads: sorted, previousHash: previousHash))
        return AuditCheckpoint(sequence: sequence, at: at, heads: sorted, previousHash: previousHash, hash: hash)
    }

    /// Whether its stored hash matches its content.
    public func holds(with chain: EventChain) -> Bool {
        chain.sha256(Self.hashedContent(sequence: sequence, at: at, heads: heads, previousHash: previousHash)) == hash
    }
}

/// An invoice's chain head as a checkpoint sealed it.
public struct SealedHead: Sendable, Hashable {
    /// The invoice.
    public let invoiceID: InvoiceID
    /// How many events its chain had.
    public let length: Int
    /// The hash of the last of them.
    public let hash: String

    /// Creates a sealed head.
    public init(invoiceID: InvoiceID, length: Int, hash: String) {
        self.invoiceID = invoiceID
        self.length = length
        self.hash = hash
    }
}

/// A sealed head with the checkpoint that sealed it.
public struct CheckpointSeal: Sendable, Hashable {
    /// The checkpoint's sequence.
    public let checkpoint: Int64
    /// What it sealed.
    public let head: SealedHead

    /// Creates a seal.
    public init(checkpoint: Int64, head: SealedHead) {
        self.checkpoint = checkpoint
        self.head = head
    }
}
