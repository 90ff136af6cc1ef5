import Foundation
import GRDB
import Hub

extension SQLiteTransaction {
    func delivery(_ id: String) throws -> Delivery? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM deliveries WHERE id = ?"), arguments: [id]).map(Self.delivery)
    }

    func lockDelivery(_ id: String) throws -> Delivery? {
        // A write transaction holds SQLite's one write lock.
        try delivery(id)
    }

    func deliveries(of invoiceID: InvoiceID) throws -> [Delivery] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM deliveries WHERE invoice_id = ? ORDER BY created_at, destination, id"), arguments: [invoiceID.rawValue]
        ).map(Self.delivery)
    }

    func deliveries(_ query: DeliveryQuery, scope: TenantScope) throws -> DeliveryPage {
        var conditions: [String] = []
        var arguments = StatementArguments()
        switch scope {
        case .all:
            break
        case .supplier(let organisationID):
            conditions.append("i.supplier_org = ?")
            arguments += [organisationID]
        case .buyer(let sirets):
            conditions.append(sirets.isEmpty ? "0" : "i.buyer_siret IN (\(sirets.map { _ in "?" }.joined(separator: ", ")))")
            for siret in sirets { arguments += [siret] }
        }
        if !query.states.isEmpty {
            conditions.append("d.state IN (\(query.states.map { _ in "?" }.joined(separator: ", ")))")
            for state in query.states.sorted(by: { $0.rawValue < $1.rawValue }) { arguments += [state.rawValue] }
        }
        if let after = query.after {
            conditions.append("d.id > ?")
            arguments += [after]
        }
        arguments += [query.limit + 1]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchAll(
            db, sql: "SELECT d.* FROM deliveries d JOIN invoices i ON i.id = d.invoice_id \(filter) ORDER BY d.id LIMIT ?",
            arguments: arguments)
        let page = try rows.prefix(query.limit).map(Self.delivery)
        return DeliveryPage(deliveries: page, next: rows.count > query.limit ? page.last?.id : nil)
    }

    func attempts(of deliveryID: String) throws -> [DeliveryAttempt] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY number"), arguments: [deliveryID]
        ).map { row in
            let outcome: String = row["outcome"]
            guard let value = DeliveryAttempt.Outcome(rawValue: outcome) else {
                throw HubError.storage("attempt \(row["number"] as Int) of \(deliveryID) has an unknown outcome \(outcome)")
            }
            return DeliveryAttempt(
                deliveryID: deliveryID, number: row["number"], startedAt: Date(millisecondsSince1970: row["started_at"]),
                durationMilliseconds: row["duration_ms"], outcome: value, error: row["error"])
        }
    }

    func portalTracking(of invoiceID: InvoiceID) throws -> PortalTracking? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM portal_tracking WHERE invoice_id = ?"), arguments: [invoiceID.rawValue]
        ).map(Self.tracking)
    }

    func insert(_ delivery: Delivery) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (id, invoice_id, destination, state, attempts, next_attempt_at, lease_owner, lease_until,
                    outcome_unknown, last_error, receipt, created_at, round_started_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            delivery.id, delivery.invoiceID.rawValue, delivery.destination.rawValue, delivery.state.rawValue, delivery.attempts,
            delivery.nextAttemptAt.millisecondsSince1970, delivery.lease?.owner, delivery.lease?.until.millisecondsSince1970,
            delivery.outcomeUnknown, delivery.lastError, delivery.receipt, delivery.createdAt.millisecondsSince1970,
            delivery.roundStartedAt.millisecondsSince1970, delivery.updatedAt.millisecondsSince1970,
        ])
    }

    func update(_ delivery: Delivery) throws {
        try db.cachedStatement(
            sql: """
                UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, lease_owner = ?, lease_until = ?,
                    outcome_unknown = ?, last_error = ?, receipt = ?, round_started_at = ?, updated_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            delivery.state.rawValue, delivery.attempts, delivery.nextAttemptAt.millisecondsSince1970, delivery.lease?.owner,
            delivery.lease?.until.millisecondsSince1970, delivery.outcomeUnknown, delivery.lastError, delivery.receipt,
            delivery.roundStartedAt.millisecondsSince1970, delivery.updatedAt.millisecondsSince1970, delivery.id,
        ])
    }

    func insert(_ attempt: DeliveryAttempt) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO delivery_attempts (delivery_id, number, started_at, duration_ms, outcome, error)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            attempt.deliveryID, attempt.number, attempt.startedAt.millisecondsSince1970, attempt.durationMilliseconds,
            attempt.outcome.rawValue, attempt.error,
        ])
    }

    func claimDeliveries(_ kinds: Set<Destination.Kind>, dueBy now: Date, lease: Lease, limit: Int) throws -> [Delivery] {
        // One writer at a time: what is read here is what the update below leases. Each kind is read through its
        // own range of the index by kind and due time, the longest due first (one query over every kind would walk
        // the other kinds' due rows: a backlog of portal deliveries slowed every claim of the channels' worker).
        var due: [Delivery] = []
        for kind in kinds.sorted(by: { $0.rawValue < $1.rawValue }) {
            due += try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM deliveries INDEXED BY deliveries_due_by_kind
                        WHERE state = 'pending' AND kind = ? AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                        ORDER BY next_attempt_at LIMIT ?
                        """),
                arguments: [kind.rawValue, now.millisecondsSince1970, now.millisecondsSince1970, limit]
            ).map(Self.delivery)
        }
        due = Array(due.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }.prefix(limit))
        guard !due.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: due.count).joined(separator: ", ")
        try db.execute(
            sql: "UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE id IN (\(marks))",
            arguments: StatementArguments([lease.owner, lease.until.millisecondsSince1970] as [any DatabaseValueConvertible]) + StatementArguments(due.map(\.id)))
        return due
    }

    func save(_ tracking: PortalTracking) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO portal_tracking (invoice_id, flow, flow_state, portal_invoice_id, portal_status, history_seen,
                    changed_at, next_poll_at, quiet_polls, lease_owner, lease_until, final)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            tracking.invoiceID.rawValue, tracking.flow, tracking.flowState, tracking.portalInvoiceID, tracking.portalStatus,
            tracking.historySeen, tracking.changedAt.millisecondsSince1970, tracking.nextPollAt.millisecondsSince1970,
            tracking.quietPolls, tracking.lease?.owner, tracking.lease?.until.millisecondsSince1970, tracking.final,
        ])
    }

    func lockPortalTracking(of invoiceID: InvoiceID) throws -> PortalTracking? {
        try portalTracking(of: invoiceID)
    }

    func claimPortalTracking(dueBy now: Date, lease: Lease, limit: Int) throws -> [PortalTracking] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE portal_tracking SET lease_owner = ?, lease_until = ? WHERE invoice_id IN (
                        SELECT invoice_id FROM portal_tracking WHERE final = 0 AND next_poll_at <= ?
                            AND (lease_until IS NULL OR lease_until <= ?)
                        ORDER BY next_poll_at LIMIT ?)
                    RETURNING *
                    """),
            arguments: [lease.owner, lease.until.millisecondsSince1970, now.millisecondsSince1970, now.millisecondsSince1970, limit]
        ).map(Self.tracking)
    }

    static func delivery(_ row: Row) throws -> Delivery {
        let id: String = row["id"]
        guard let destination = Destination(rawValue: row["destination"]), let state = Delivery.State(rawValue: row["state"]) else {
            throw HubError.storage("delivery \(id) has an unknown destination or state")
        }
        let owner: String? = row["lease_owner"]
        let until: Int64? = row["lease_until"]
        return Delivery(
            id: id, invoiceID: InvoiceID(rawValue: row["invoice_id"]), destination: destination, state: state,
            attempts: row["attempts"], nextAttemptAt: Date(millisecondsSince1970: row["next_attempt_at"]),
            lease: owner.flatMap { owner in until.map { Lease(owner: owner, until: Date(millisecondsSince1970: $0)) } },
            outcomeUnknown: row["outcome_unknown"], lastError: row["last_error"], receipt: row["receipt"],
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            roundStartedAt: Date(millisecondsSince1970: row["round_started_at"]), updatedAt: Date(millisecondsSince1970: row["updated_at"]))
    }

    static func tracking(_ row: Row) -> PortalTracking {
        let owner: String? = row["lease_owner"]
        let until: Int64? = row["lease_until"]
        return PortalTracking(
            invoiceID: InvoiceID(rawValue: row["invoice_id"]), flow: row["flow"], flowState: row["flow_state"],
            portalInvoiceID: row["portal_invoice_id"], portalStatus: row["portal_status"], historySeen: row["history_seen"],
            changedAt: Date(millisecondsSince1970: row["changed_at"]), nextPollAt: Date(millisecondsSince1970: row["next_poll_at"]),
            quietPolls: row["quiet_polls"],
            lease: owner.flatMap { owner in until.map { Lease(owner: owner, until: Date(millisecondsSince1970: $0)) } },
            final: row["final"])
    }
}
