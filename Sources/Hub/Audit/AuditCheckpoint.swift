public import Foundation

/// A seal over the heads of the invoices' event chains, chained in turn to the checkpoint before it.
///
/// Each checkpoint lists the chains that grew since the checkpoint before (invoice, length, last hash) up to a
/// mark of the log (`through`), and its hash covers that list, the mark and the previous checkpoint's hash.
/// Once sealed, an invoice's events up to that length cannot be removed, altered or replaced without the audit
/// noticing, even the last ones (which no later event of the same invoice links to) and even a whole invoice.
/// Sealing reads only the events stored since the last checkpoint: a deposit writes nothing for it.
public struct AuditCheckpoint: Sendable, Hashable {
    /// Position in the checkpoint chain, from 1.
    public let sequence: Int64
    /// When it was taken, to the millisecond.
    public let at: Date
    /// The mark of the last event it covers (see `EventWrites.chainsGrown`).
    public let through: Int64
    /// The heads it seals, by invoice id.
    public let heads: [SealedHead]
    /// The previous checkpoint's hash (`EventChain.genesis` for the first).
    public let previousHash: String
    /// This checkpoint's hash.
    public let hash: String

    /// Creates a checkpoint from its stored fields (`AuditCheckpoint.next` computes a new one's hash).
    public init(sequence: Int64, at: Date, through: Int64, heads: [SealedHead], previousHash: String, hash: String) {
        self.sequence = sequence
        self.at = at
        self.through = through
        self.heads = heads
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes the hash covers.
    public static func hashedContent(sequence: Int64, at: Date, through: Int64, heads: [SealedHead], previousHash: String)
        -> Data
    {
        var text = "checkpoint-v1|\(sequence)|\(at.millisecondsSince1970)|\(through)|\(previousHash)|\(heads.count)"
        for head in heads {
            text += "|\(head.invoiceID.rawValue.utf8.count):\(head.invoiceID.rawValue)|\(head.length)|\(head.hash)"
        }
        return Data(text.utf8)
    }

    /// The checkpoint that follows `previous` (nil: the first), sealing `heads` up to the log's mark `through`.
    public static func next(
        after previous: AuditCheckpoint?, sealing heads: [SealedHead], through: Int64, at date: Date, chain: EventChain
    ) -> AuditCheckpoint {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousHash = previous?.hash ?? EventChain.genesis
        let at = Date(millisecondsSince1970: date.millisecondsSince1970)
        let sorted = heads.sorted { $0.invoiceID < $1.invoiceID }
        let hash = chain.sha256(
            hashedContent(sequence: sequence, at: at, through: through, heads: sorted, previousHash: previousHash))
        return AuditCheckpoint(sequence: sequence, at: at, through: through, heads: sorted, previousHash: previousHash, hash: hash)
    }

    /// Whether its stored hash matches its content.
    public func holds(with chain: EventChain) -> Bool {
        let content = Self.hashedContent(sequence: sequence, at: at, through: through, heads: heads, previousHash: previousHash)
        return chain.sha256(content) == hash
    }

    /// The heads as the stores keep them: one line each, `invoice length hash`.
    public var headLines: String {
        heads.map { "\($0.invoiceID.rawValue) \($0.length) \($0.hash)\n" }.joined()
    }

    /// Reads heads kept as `headLines` writes them. A line that does not read is left out: the checkpoint's hash
    /// then no longer holds, which the audit reports.
    public static func heads(fromLines text: String) -> [SealedHead] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 3, let length = Int(fields[1]) else { return nil }
            return SealedHead(invoiceID: InvoiceID(rawValue: String(fields[0])), length: length, hash: String(fields[2]))
        }
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
