import Foundation
import GRDB
import Hub

/// The lifecycle log as the first schema kept it: one chain over every event of every invoice, in sequence
/// order. Databases written then are converted once, by the migration that drops that log.
enum LegacyEventLog {
    /// Checks the global chain, then appends each event to its invoice's own chain (`invoice_events`) and
    /// records the head on the invoice. A log that does not hold is not converted: re-chaining it would
    /// launder the tampering, so the migration stops and says where the log breaks.
    static func convert(_ db: Database) throws {
        var expected: Int64 = 1
        var previousHash = EventChain.genesis
        var heads: [InvoiceID: ChainHead] = [:]
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO invoice_events (invoice_id, position, from_status, to_status, at, actor, reason, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM lifecycle_events ORDER BY sequence")
        while let row = try rows.next() {
            let sequence: Int64 = row["sequence"]
            let invoiceID: String = row["invoice_id"]
            let from: Int? = row["from_status"]
            let to: Int = row["to_status"]
            let at: Int64 = row["at"]
            let actorText: String = row["actor"]
            let reason: String = row["reason"]
            let hash: String = row["hash"]
            let content = legacyContent(
                sequence: sequence, invoiceID: invoiceID, from: from, to: to, millis: at, actor: actorText, reason: reason,
                previousHash: row["previous_hash"])
            guard sequence == expected, row["previous_hash"] == previousHash, EventChain.standard.sha256(content) == hash,
                let status = InvoiceStatus(rawValue: to), let actor = Actor(actorText)
            else {
                throw HubError.storage(
                    "the lifecycle log breaks at event \(sequence) (expected \(expected)); it is not converted to per-invoice "
                        + "chains: check it with the previous version's `hermine audit verify`")
            }
            let id = InvoiceID(rawValue: invoiceID)
            let event = EventChain.standard.next(
                after: heads[id] ?? .empty, invoiceID: id, from: from.flatMap(InvoiceStatus.init(rawValue:)), to: status,
                at: Date(millisecondsSince1970: at), actor: actor, reason: reason)
            try insert.execute(arguments: [
                invoiceID, event.position, from, to, at, actorText, reason, event.previousHash, event.hash,
            ])
            heads[id] = event.head
            previousHash = hash
            expected += 1
        }
        let update = try db.makeStatement(sql: "UPDATE invoices SET chain_length = ?, chain_head = ? WHERE id = ?")
        for (id, head) in heads { try update.execute(arguments: [head.length, head.hash, id.rawValue]) }
    }

    /// The bytes the global chain hashed: every field but the hash, length-prefixed.
    static func legacyContent(
        sequence: Int64, invoiceID: String, from: Int?, to: Int, millis: Int64, actor: String, reason: String,
        previousHash: String
    ) -> Data {
        let fields = [
            String(sequence), invoiceID, from.map(String.init) ?? "", String(to), String(millis), actor, reason, previousHash,
        ]
        return Data(fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8)
    }
}
