import Foundation
import Hub
import PostgresNIO

extension PostgresTransaction {
    /// Items of the queue no one settled: no resolution, or only a request for a correction.
    private static func unsettled(_ subject: String) -> String {
        "NOT EXISTS (SELECT 1 FROM queue_resolutions q WHERE q.subject = \(subject) AND q.kind <> 'correction-requested')"
    }

    private static func day(_ column: String) -> String { "(\(column) / \(EpochDay.milliseconds))" }

    private func int(_ row: PostgresRandomAccessRow, _ column: String) throws -> Int { Int(try row[column].decode(Int64.self)) }

    func statusCounts() throws -> [InvoiceStatus: Int] {
        var counts: [InvoiceStatus: Int] = [:]
        for row in try rows("SELECT status, count(*)::BIGINT AS n FROM invoices GROUP BY status") {
            if let status = InvoiceStatus(rawValue: Int(try row["status"].decode(Int64.self))) { counts[status] = try int(row, "n") }
        }
        return counts
    }

    func dailyDeposits(since: Date) throws -> [DailyDeposits] {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT \(Self.day("received_at")) AS day, count(*)::BIGINT AS total,
                    sum(CASE WHEN fatal_count > 0 THEN 1 ELSE 0 END)::BIGINT AS rejected
                FROM invoices WHERE received_at >= $1 GROUP BY day ORDER BY day
                """, binds: bindings(since.millisecondsSince1970))
        return try rows(query).map {
            DailyDeposits(day: EpochDay.text(try int($0, "day")), total: try int($0, "total"), rejected: try int($0, "rejected"))
        }
    }

    func rejectionCauses(since: Date, limit: Int) throws -> [RuleCount] {
        try rows(
            """
            SELECT rule, count(*)::BIGINT AS n FROM invoice_rejections WHERE received_at >= \(since.millisecondsSince1970)
            GROUP BY rule ORDER BY n DESC, rule LIMIT \(limit)
            """
        ).map { RuleCount(rule: try $0["rule"].decode(String.self), count: try int($0, "n")) }
    }

    func deliveryDelays(since: Date) throws -> [DailyDelay] {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT \(Self.day("created_at")) AS day, count(*)::BIGINT AS n, avg(updated_at - created_at)::BIGINT AS average,
                    max(updated_at - created_at)::BIGINT AS longest
                FROM deliveries WHERE destination = 'portal' AND state = 'done' AND created_at >= $1 GROUP BY day ORDER BY day
                """, binds: bindings(since.millisecondsSince1970))
        return try rows(query).map {
            DailyDelay(
                day: EpochDay.text(try int($0, "day")), count: try int($0, "n"), averageMilliseconds: try int($0, "average"),
                maximumMilliseconds: try int($0, "longest"))
        }
    }

    func openRejections(examples: Int, limit: Int) throws -> [RejectionGroup] {
        let open = Self.unsettled("r.invoice_id")
        let groups = try rows(
            PostgresQuery(
                unsafeSQL: "SELECT rule, count(*)::BIGINT AS n FROM invoice_rejections r WHERE \(open) GROUP BY rule ORDER BY n DESC, rule LIMIT $1",
                binds: bindings(Int64(limit))))
        return try groups.map { row in
            let rule = try row["rule"].decode(String.self)
            let invoices = try rows(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT i.* FROM invoice_rejections r JOIN invoices i ON i.id = r.invoice_id
                        WHERE r.rule = $1 AND \(open) ORDER BY r.received_at DESC LIMIT $2
                        """, binds: bindings(rule, Int64(examples)))
            ).map(Self.summary)
            return RejectionGroup(rule: rule, count: try int(row, "n"), examples: invoices)
        }
    }

    func failedDeliveryGroups(examples: Int, limit: Int) throws -> [DeliveryGroup] {
        let open = Self.unsettled("d.id")
        let kind = "split_part(d.destination, ':', 1)"
        let groups = try rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(kind) AS kind, coalesce(d.last_error, '') AS error, count(*)::BIGINT AS n FROM deliveries d
                    WHERE d.state = 'failed' AND \(open) GROUP BY 1, 2 ORDER BY n DESC, kind LIMIT $1
                    """, binds: bindings(Int64(limit))))
        return try groups.compactMap { row in
            guard let destinationKind = Destination.Kind(rawValue: try row["kind"].decode(String.self)) else { return nil }
            let error = try row["error"].decode(String.self)
            let deliveries = try rows(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT * FROM deliveries d WHERE d.state = 'failed' AND \(kind) = $1 AND coalesce(d.last_error, '') = $2 AND \(open)
                        ORDER BY d.updated_at DESC LIMIT $3
                        """, binds: bindings(destinationKind.rawValue, error, Int64(examples)))
            ).map(Self.delivery)
            return DeliveryGroup(kind: destinationKind, error: error, count: try int(row, "n"), examples: deliveries)
        }
    }

    func stuckInvoices(unchangedSince: Date, limit: Int) throws -> [TrackedInvoice] {
        try rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT i.*, t.* FROM portal_tracking t JOIN invoices i ON i.id = t.invoice_id
                    WHERE NOT t.final AND t.changed_at < $1 AND \(Self.unsettled("t.invoice_id"))
                    ORDER BY t.changed_at LIMIT $2
                    """, binds: bindings(unchangedSince.millisecondsSince1970, Int64(limit)))
        ).map { TrackedInvoice(summary: try Self.summary($0), tracking: try Self.tracking($0)) }
    }

    func reconciliation(limit: Int) throws -> [TrackedInvoice] {
        try rows("SELECT i.*, t.* FROM portal_tracking t JOIN invoices i ON i.id = t.invoice_id ORDER BY i.seq DESC LIMIT \(limit)")
            .map { TrackedInvoice(summary: try Self.summary($0), tracking: try Self.tracking($0)) }
    }

    func attemptCounts() throws -> [AttemptCount] {
        try rows(
            """
            SELECT split_part(d.destination, ':', 1) AS kind, a.outcome AS outcome, count(*)::BIGINT AS n,
                sum(CASE WHEN a.number > 1 THEN 1 ELSE 0 END)::BIGINT AS retries
            FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id GROUP BY 1, 2
            """
        ).compactMap { row in
            guard let kind = Destination.Kind(rawValue: try row["kind"].decode(String.self)),
                let outcome = DeliveryAttempt.Outcome(rawValue: try row["outcome"].decode(String.self))
            else { return nil }
            return AttemptCount(kind: kind, outcome: outcome, attempts: try int(row, "n"), retries: try int(row, "retries"))
        }
    }

    func openDeliveryCounts() throws -> [DeliveryCount] {
        try rows(
            "SELECT split_part(destination, ':', 1) AS kind, state, count(*)::BIGINT AS n FROM deliveries WHERE state <> 'done' GROUP BY 1, 2"
        ).compactMap { row in
            guard let kind = Destination.Kind(rawValue: try row["kind"].decode(String.self)),
                let state = Delivery.State(rawValue: try row["state"].decode(String.self))
            else { return nil }
            return DeliveryCount(kind: kind, state: state, count: try int(row, "n"))
        }
    }

    func oldestDuePoll() throws -> Date? {
        try rows("SELECT min(next_poll_at) AS due FROM portal_tracking WHERE NOT final").first
            .flatMap { try $0["due"].decode(Int64?.self) }.map(Date.init(millisecondsSince1970:))
    }

    func resolution(of subject: String) throws -> QueueResolution? {
        try rows("SELECT * FROM queue_resolutions WHERE subject = \(subject)").first.map(Self.resolution)
    }

    func resolutions(replacedBy replacement: String) throws -> [QueueResolution] {
        try rows("SELECT * FROM queue_resolutions WHERE replacement = \(replacement) ORDER BY at").map(Self.resolution)
    }

    func recordRejection(of invoiceID: InvoiceID, rules: Set<String>, at date: Date) throws {
        for rule in rules.sorted() {
            execute(
                """
                INSERT INTO invoice_rejections (rule, invoice_id, received_at) VALUES (\(rule), \(invoiceID.rawValue), \(date.millisecondsSince1970))
                ON CONFLICT DO NOTHING
                """)
        }
    }

    func save(_ resolution: QueueResolution) throws {
        execute(
            """
            INSERT INTO queue_resolutions (subject, kind, actor, comment, replacement, at)
            VALUES (\(resolution.subject), \(resolution.kind.rawValue), \(resolution.actor.description), \(resolution.comment),
                \(resolution.replacement), \(resolution.at.millisecondsSince1970))
            ON CONFLICT (subject) DO UPDATE SET kind = EXCLUDED.kind, actor = EXCLUDED.actor, comment = EXCLUDED.comment,
                replacement = EXCLUDED.replacement, at = EXCLUDED.at
            """)
    }

    static func resolution(_ row: PostgresRandomAccessRow) throws -> QueueResolution {
        let subject = try row["subject"].decode(String.self)
        guard let kind = QueueResolution.Kind(rawValue: try row["kind"].decode(String.self)), let actor = Actor(try row["actor"].decode(String.self))
        else { throw HubError.storage("the resolution of \(subject) has an unknown kind or actor") }
        return QueueResolution(
            subject: subject, kind: kind, actor: actor, comment: try row["comment"].decode(String.self),
            replacement: try row["replacement"].decode(String?.self), at: Date(millisecondsSince1970: try row["at"].decode(Int64.self)))
    }

    /// Bindings of `values`, in order ($1, $2 …).
    private func bindings(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }
}
