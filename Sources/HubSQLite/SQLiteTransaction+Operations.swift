import Foundation
import GRDB
import Hub

extension SQLiteTransaction {
    /// Items of the queue no one settled: no resolution, or only a request for a correction.
    private static func unsettled(_ subject: String) -> String {
        "NOT EXISTS (SELECT 1 FROM queue_resolutions q WHERE q.subject = \(subject) AND q.kind <> 'correction-requested')"
    }

    private static func day(_ column: String) -> String { "\(column) / \(EpochDay.milliseconds)" }

    func statusCounts() throws -> [InvoiceStatus: Int] {
        var counts: [InvoiceStatus: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT status, count(*) AS n FROM invoices GROUP BY status")) {
            if let status = InvoiceStatus(rawValue: row["status"]) { counts[status] = row["n"] }
        }
        return counts
    }

    func dailyDeposits(since: Date) throws -> [DailyDeposits] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.day("received_at")) AS day, count(*) AS total, sum(fatal_count > 0) AS rejected
                    FROM invoices WHERE received_at >= ? GROUP BY day ORDER BY day
                    """), arguments: [since.millisecondsSince1970]
        ).map { DailyDeposits(day: EpochDay.text($0["day"]), total: $0["total"], rejected: $0["rejected"]) }
    }

    func rejectionCauses(since: Date, limit: Int) throws -> [RuleCount] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT rule, count(*) AS n FROM invoice_rejections WHERE received_at >= ? GROUP BY rule ORDER BY n DESC, rule LIMIT ?"),
            arguments: [since.millisecondsSince1970, limit]
        ).map { RuleCount(rule: $0["rule"], count: $0["n"]) }
    }

    func deliveryDelays(since: Date) throws -> [DailyDelay] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.day("created_at")) AS day, count(*) AS n, CAST(avg(updated_at - created_at) AS INTEGER) AS average,
                        max(updated_at - created_at) AS longest
                    FROM deliveries WHERE destination = 'portal' AND state = 'done' AND created_at >= ? GROUP BY day ORDER BY day
                    """), arguments: [since.millisecondsSince1970]
        ).map {
            DailyDelay(day: EpochDay.text($0["day"]), count: $0["n"], averageMilliseconds: $0["average"], maximumMilliseconds: $0["longest"])
        }
    }

    func openRejections(examples: Int, limit: Int) throws -> [RejectionGroup] {
        let open = Self.unsettled("r.invoice_id")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT rule, count(*) AS n FROM invoice_rejections r WHERE \(open) GROUP BY rule ORDER BY n DESC, rule LIMIT ?"),
            arguments: [limit]
        ).map { row in
            let rule: String = row["rule"]
            let invoices = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT i.* FROM invoice_rejections r JOIN invoices i ON i.id = r.invoice_id
                        WHERE r.rule = ? AND \(open) ORDER BY r.received_at DESC LIMIT ?
                        """), arguments: [rule, examples]
            ).map(Self.summary)
            return RejectionGroup(rule: rule, count: row["n"], examples: invoices)
        }
    }

    func failedDeliveryGroups(examples: Int, limit: Int) throws -> [DeliveryGroup] {
        let open = Self.unsettled("d.id")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT kind, coalesce(last_error, '') AS error, count(*) AS n FROM deliveries d
                    WHERE state = 'failed' AND \(open) GROUP BY kind, error ORDER BY n DESC, kind LIMIT ?
                    """), arguments: [limit]
        ).compactMap { row in
            guard let kind = Destination.Kind(rawValue: row["kind"]) else { return nil }
            let error: String = row["error"]
            let deliveries = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM deliveries d WHERE state = 'failed' AND kind = ? AND coalesce(last_error, '') = ? AND \(open)
                        ORDER BY updated_at DESC LIMIT ?
                        """), arguments: [kind.rawValue, error, examples]
            ).map(Self.delivery)
            return DeliveryGroup(kind: kind, error: error, count: row["n"], examples: deliveries)
        }
    }

    func stuckInvoices(unchangedSince: Date, limit: Int) throws -> [TrackedInvoice] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT i.*, t.* FROM portal_tracking t JOIN invoices i ON i.id = t.invoice_id
                    WHERE t.final = 0 AND t.changed_at < ? AND \(Self.unsettled("t.invoice_id"))
                    ORDER BY t.changed_at LIMIT ?
                    """), arguments: [unchangedSince.millisecondsSince1970, limit]
        ).map { TrackedInvoice(summary: try Self.summary($0), tracking: Self.tracking($0)) }
    }

    func reconciliation(limit: Int) throws -> [TrackedInvoice] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT i.*, t.* FROM portal_tracking t JOIN invoices i ON i.id = t.invoice_id ORDER BY i.seq DESC LIMIT ?"),
            arguments: [limit]
        ).map { TrackedInvoice(summary: try Self.summary($0), tracking: Self.tracking($0)) }
    }

    func attemptCounts() throws -> [AttemptCount] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.kind AS kind, a.outcome AS outcome, count(*) AS n, sum(a.number > 1) AS retries
                    FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id GROUP BY d.kind, a.outcome
                    """)
        ).compactMap { row in
            guard let kind = Destination.Kind(rawValue: row["kind"]), let outcome = DeliveryAttempt.Outcome(rawValue: row["outcome"]) else {
                return nil
            }
            return AttemptCount(kind: kind, outcome: outcome, attempts: row["n"], retries: row["retries"])
        }
    }

    func openDeliveryCounts() throws -> [DeliveryCount] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT kind, state, count(*) AS n FROM deliveries WHERE state <> 'done' GROUP BY kind, state")
        ).compactMap { row in
            guard let kind = Destination.Kind(rawValue: row["kind"]), let state = Delivery.State(rawValue: row["state"]) else { return nil }
            return DeliveryCount(kind: kind, state: state, count: row["n"])
        }
    }

    func oldestDuePoll() throws -> Date? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT min(next_poll_at) FROM portal_tracking WHERE final = 0"))
            .map(Date.init(millisecondsSince1970:))
    }

    func resolution(of subject: String) throws -> QueueResolution? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM queue_resolutions WHERE subject = ?"), arguments: [subject])
            .map(Self.resolution)
    }

    func resolutions(replacedBy replacement: String) throws -> [QueueResolution] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM queue_resolutions WHERE replacement = ? ORDER BY at"), arguments: [replacement])
            .map(Self.resolution)
    }

    func recordRejection(of invoiceID: InvoiceID, rules: Set<String>, at date: Date) throws {
        for rule in rules.sorted() {
            try db.execute(
                sql: "INSERT OR IGNORE INTO invoice_rejections (rule, invoice_id, received_at) VALUES (?, ?, ?)",
                arguments: [rule, invoiceID.rawValue, date.millisecondsSince1970])
        }
    }

    func save(_ resolution: QueueResolution) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO queue_resolutions (subject, kind, actor, comment, replacement, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                resolution.subject, resolution.kind.rawValue, resolution.actor.description, resolution.comment, resolution.replacement,
                resolution.at.millisecondsSince1970,
            ])
    }

    static func resolution(_ row: Row) throws -> QueueResolution {
        let subject: String = row["subject"]
        guard let kind = QueueResolution.Kind(rawValue: row["kind"]), let actor = Actor(row["actor"]) else {
            throw HubError.storage("the resolution of \(subject) has an unknown kind or actor")
        }
        return QueueResolution(
            subject: subject, kind: kind, actor: actor, comment: row["comment"], replacement: row["replacement"],
            at: Date(millisecondsSince1970: row["at"]))
    }
}
