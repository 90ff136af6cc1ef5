import Foundation
import Hub
import PostgresNIO

extension PostgresTransaction {
    func delivery(_ id: String) throws -> Delivery? {
        try rows("SELECT * FROM deliveries WHERE id = \(id)").first.map(Self.delivery)
    }

    func lockDelivery(_ id: String) throws -> Delivery? {
        try rows("SELECT * FROM deliveries WHERE id = \(id) FOR UPDATE").first.map(Self.delivery)
    }

    func deliveries(of invoiceID: InvoiceID) throws -> [Delivery] {
        try rows("SELECT * FROM deliveries WHERE invoice_id = \(invoiceID.rawValue) ORDER BY created_at, destination, id").map(Self.delivery)
    }

    func deliveries(_ query: DeliveryQuery, scope: TenantScope) throws -> DeliveryPage {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        switch scope {
        case .all:
            break
        case .supplier(let organisationID):
            conditions.append("i.supplier_org = \(bind(organisationID))")
        case .buyer(let sirets):
            conditions.append(sirets.isEmpty ? "FALSE" : "i.buyer_siret IN (\(sirets.map { bind($0) }.joined(separator: ", ")))")
        }
        if !query.states.isEmpty {
            let states = query.states.map(\.rawValue).sorted()
            conditions.append("d.state IN (\(states.map { bind($0) }.joined(separator: ", ")))")
        }
        if let after = query.after { conditions.append("d.id > \(bind(after))") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = bind(query.limit + 1)
        let found = try rows(
            PostgresQuery(
                unsafeSQL: "SELECT d.* FROM deliveries d JOIN invoices i ON i.id = d.invoice_id \(filter) ORDER BY d.id LIMIT \(limit)",
                binds: binds))
        let page = try found.prefix(query.limit).map(Self.delivery)
        return DeliveryPage(deliveries: page, next: found.count > query.limit ? page.last?.id : nil)
    }

    func attempts(of deliveryID: String) throws -> [DeliveryAttempt] {
        try rows("SELECT * FROM delivery_attempts WHERE delivery_id = \(deliveryID) ORDER BY number").map { row in
            let outcome = try row["outcome"].decode(String.self)
            guard let value = DeliveryAttempt.Outcome(rawValue: outcome) else {
                throw HubError.storage("an attempt of \(deliveryID) has an unknown outcome \(outcome)")
            }
            return DeliveryAttempt(
                deliveryID: deliveryID, number: try row["number"].decode(Int.self),
                startedAt: Date(millisecondsSince1970: try row["started_at"].decode(Int64.self)),
                durationMilliseconds: try row["duration_ms"].decode(Int.self), outcome: value, error: try row["error"].decode(String?.self))
        }
    }

    func portalTracking(of invoiceID: InvoiceID) throws -> PortalTracking? {
        try rows("SELECT * FROM portal_tracking WHERE invoice_id = \(invoiceID.rawValue)").first.map(Self.tracking)
    }

    func insert(_ delivery: Delivery) throws {
        execute(
            """
            INSERT INTO deliveries (id, invoice_id, destination, state, attempts, next_attempt_at, lease_owner, lease_until,
                outcome_unknown, last_error, receipt, created_at, round_started_at, updated_at)
            VALUES (\(delivery.id), \(delivery.invoiceID.rawValue), \(delivery.destination.rawValue), \(delivery.state.rawValue),
                \(delivery.attempts), \(delivery.nextAttemptAt.millisecondsSince1970), \(delivery.lease?.owner),
                \(delivery.lease?.until.millisecondsSince1970), \(delivery.outcomeUnknown), \(delivery.lastError), \(delivery.receipt),
                \(delivery.createdAt.millisecondsSince1970), \(delivery.roundStartedAt.millisecondsSince1970),
                \(delivery.updatedAt.millisecondsSince1970))
            """)
    }

    func update(_ delivery: Delivery) throws {
        execute(
            """
            UPDATE deliveries SET state = \(delivery.state.rawValue), attempts = \(delivery.attempts),
                next_attempt_at = \(delivery.nextAttemptAt.millisecondsSince1970), lease_owner = \(delivery.lease?.owner),
                lease_until = \(delivery.lease?.until.millisecondsSince1970), outcome_unknown = \(delivery.outcomeUnknown),
                last_error = \(delivery.lastError), receipt = \(delivery.receipt),
                round_started_at = \(delivery.roundStartedAt.millisecondsSince1970), updated_at = \(delivery.updatedAt.millisecondsSince1970)
            WHERE id = \(delivery.id)
            """)
    }

    func insert(_ attempt: DeliveryAttempt) throws {
        execute(
            """
            INSERT INTO delivery_attempts (delivery_id, number, started_at, duration_ms, outcome, error)
            VALUES (\(attempt.deliveryID), \(attempt.number), \(attempt.startedAt.millisecondsSince1970), \(attempt.durationMilliseconds),
                \(attempt.outcome.rawValue), \(attempt.error))
            """)
    }

    func claimDeliveries(_ kinds: Set<Destination.Kind>, dueBy now: Date, lease: Lease, limit: Int) throws -> [Delivery] {
        let at = now.millisecondsSince1970
        // Each kind through its own range of the index by kind and due time (one query over every kind would walk
        // the other kinds' due rows), each taking its share of the limit.
        let share = max(1, (limit + max(1, kinds.count) - 1) / max(1, kinds.count))
        var claimed: [Delivery] = []
        for kind in kinds.sorted(by: { $0.rawValue < $1.rawValue }) {
            claimed += try rows(
                """
                UPDATE deliveries d SET lease_owner = \(lease.owner), lease_until = \(lease.until.millisecondsSince1970)
                FROM (
                    SELECT * FROM deliveries WHERE state = 'pending' AND split_part(destination, ':', 1) = \(kind.rawValue)
                        AND next_attempt_at <= \(at) AND (lease_until IS NULL OR lease_until <= \(at))
                    ORDER BY next_attempt_at LIMIT \(share) FOR UPDATE SKIP LOCKED) before
                WHERE d.id = before.id
                RETURNING before.*
                """
            ).map(Self.delivery)
        }
        return claimed
    }

    func save(_ tracking: PortalTracking) throws {
        execute(
            """
            INSERT INTO portal_tracking (invoice_id, flow, flow_state, portal_invoice_id, portal_status, history_seen, changed_at,
                next_poll_at, quiet_polls, lease_owner, lease_until, final)
            VALUES (\(tracking.invoiceID.rawValue), \(tracking.flow), \(tracking.flowState), \(tracking.portalInvoiceID),
                \(tracking.portalStatus), \(tracking.historySeen), \(tracking.changedAt.millisecondsSince1970),
                \(tracking.nextPollAt.millisecondsSince1970), \(tracking.quietPolls), \(tracking.lease?.owner),
                \(tracking.lease?.until.millisecondsSince1970), \(tracking.final))
            ON CONFLICT (invoice_id) DO UPDATE SET flow = excluded.flow, flow_state = excluded.flow_state,
                portal_invoice_id = excluded.portal_invoice_id, portal_status = excluded.portal_status,
                history_seen = excluded.history_seen, changed_at = excluded.changed_at, next_poll_at = excluded.next_poll_at,
                quiet_polls = excluded.quiet_polls, lease_owner = excluded.lease_owner, lease_until = excluded.lease_until,
                final = excluded.final
            """)
    }

    func lockPortalTracking(of invoiceID: InvoiceID) throws -> PortalTracking? {
        try rows("SELECT * FROM portal_tracking WHERE invoice_id = \(invoiceID.rawValue) FOR UPDATE").first.map(Self.tracking)
    }

    func claimPortalTracking(dueBy now: Date, lease: Lease, limit: Int) throws -> [PortalTracking] {
        let at = now.millisecondsSince1970
        return try rows(
            """
            UPDATE portal_tracking SET lease_owner = \(lease.owner), lease_until = \(lease.until.millisecondsSince1970)
            WHERE invoice_id IN (
                SELECT invoice_id FROM portal_tracking WHERE NOT final AND next_poll_at <= \(at)
                    AND (lease_until IS NULL OR lease_until <= \(at))
                ORDER BY next_poll_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING *
            """
        ).map(Self.tracking)
    }

    static func delivery(_ row: PostgresRandomAccessRow) throws -> Delivery {
        let id = try row["id"].decode(String.self)
        guard let destination = Destination(rawValue: try row["destination"].decode(String.self)),
            let state = Delivery.State(rawValue: try row["state"].decode(String.self))
        else { throw HubError.storage("delivery \(id) has an unknown destination or state") }
        return Delivery(
            id: id, invoiceID: InvoiceID(rawValue: try row["invoice_id"].decode(String.self)), destination: destination, state: state,
            attempts: try row["attempts"].decode(Int.self),
            nextAttemptAt: Date(millisecondsSince1970: try row["next_attempt_at"].decode(Int64.self)),
            lease: try lease(row), outcomeUnknown: try row["outcome_unknown"].decode(Bool.self),
            lastError: try row["last_error"].decode(String?.self), receipt: try row["receipt"].decode(String?.self),
            createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
            roundStartedAt: Date(millisecondsSince1970: try row["round_started_at"].decode(Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row["updated_at"].decode(Int64.self)))
    }

    static func tracking(_ row: PostgresRandomAccessRow) throws -> PortalTracking {
        PortalTracking(
            invoiceID: InvoiceID(rawValue: try row["invoice_id"].decode(String.self)), flow: try row["flow"].decode(String.self),
            flowState: try row["flow_state"].decode(String?.self), portalInvoiceID: try row["portal_invoice_id"].decode(String?.self),
            portalStatus: try row["portal_status"].decode(String?.self), historySeen: try row["history_seen"].decode(Int.self),
            changedAt: Date(millisecondsSince1970: try row["changed_at"].decode(Int64.self)),
            nextPollAt: Date(millisecondsSince1970: try row["next_poll_at"].decode(Int64.self)),
            quietPolls: try row["quiet_polls"].decode(Int.self), lease: try lease(row), final: try row["final"].decode(Bool.self))
    }

    static func lease(_ row: PostgresRandomAccessRow) throws -> Lease? {
        guard let owner = try row["lease_owner"].decode(String?.self), let until = try row["lease_until"].decode(Int64?.self) else {
            return nil
        }
        return Lease(owner: owner, until: Date(millisecondsSince1970: until))
    }
}
