import Foundation
import GRDB

/// The simulator's SQLite file (GRDB, WAL): flows, their errors, invoices and their statuses. It survives the
/// simulator's restart. Commits are `synchronous = NORMAL`: they survive a crash of the process, not a power
/// loss, which a test double does not need.
final class SimulatorStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating it and its folder if needed) and migrates the file.
    /// - Throws: `PortalSimulatorError.storage`.
    init(path: String) throws(PortalSimulatorError) {
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.label = "hermine.portal-sim"
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            try SimulatorMigrations.migrator.migrate(pool)
        } catch {
            throw .storage("cannot open \(path): \(error)")
        }
    }

    /// Runs a read, its failure as a storage error.
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(PortalSimulatorError) -> T {
        do { return try await pool.read(body) } catch { throw .storage("\(error)") }
    }

    /// Runs a write transaction, its failure as a storage error (a simulator error thrown inside stays as it is).
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(PortalSimulatorError) -> T {
        do { return try await pool.write(body) } catch let error as PortalSimulatorError { throw error } catch {
            throw .storage("\(error)")
        }
    }

    // MARK: Flows

    /// The highest flow sequence recorded (0 when none).
    func lastFlowSequence() throws(PortalSimulatorError) -> Int64 {
        do { return try pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM flows") ?? 0 } } catch {
            throw .storage("\(error)")
        }
    }

    /// Records deposited flows in one transaction, each waiting for processing.
    func insert(_ flows: [DepositedFlow]) async throws(PortalSimulatorError) {
        try await write { db in
            let insertFlow = try db.cachedStatement(
                sql: """
                    INSERT INTO flows (sequence, number, file_name, syntax, signed, size, deposited_at, state, state_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertFile = try db.cachedStatement(sql: "INSERT INTO flow_files (flow, bytes) VALUES (?, ?)")
            for flow in flows {
                try insertFlow.execute(arguments: [
                    flow.sequence, flow.number, flow.fileName, flow.syntax.rawValue, flow.signed, flow.bytes.count,
                    flow.depositedAt, FlowState.waiting.rawValue, flow.depositedAt,
                ])
                try insertFile.execute(arguments: [flow.sequence, flow.bytes])
            }
        }
    }

    /// The oldest flows waiting that were deposited at or before `time`.
    func waitingFlows(depositedBy time: Int64, limit: Int) async throws(PortalSimulatorError) -> [WaitingFlow] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.sequence, f.number, f.syntax, b.bytes FROM flows f JOIN flow_files b ON b.flow = f.sequence
                    WHERE f.state = ? AND f.deposited_at <= ? ORDER BY f.deposited_at, f.sequence LIMIT ?
                    """,
                arguments: [FlowState.waiting.rawValue, time, limit]
            ).map { row in
                // A syntax this version does not know was recorded by no version: the deposit checks it.
                WaitingFlow(
                    sequence: row["sequence"], number: row["number"],
                    syntax: FlowSyntax(rawValue: row["syntax"]) ?? .ublInvoice, bytes: row["bytes"])
            }
        }
    }

    /// Records what processing made of flows, in one transaction: their state, their errors, and the invoices
    /// created (each marked as a duplicate of an earlier one with the same supplier, number and year).
    func record(_ outcomes: [FlowOutcome], at time: Int64) async throws(PortalSimulatorError) {
        try await write { db in
            for outcome in outcomes {
                try db.execute(
                    sql: "UPDATE flows SET state = ?, state_at = ? WHERE sequence = ? AND state = ?",
                    arguments: [outcome.state.rawValue, time, outcome.sequence, FlowState.waiting.rawValue])
                guard db.changesCount == 1 else { continue }
                for (position, error) in outcome.errors.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO flow_errors
                                (flow, position, kind, invoice_number, supplier, buyer, code, message, nature)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            outcome.sequence, position, error.kind.rawValue, error.invoiceNumber, error.supplier,
                            error.buyer, error.code, error.message, error.nature,
                        ])
                }
                if let invoice = outcome.invoice { try Self.insert(invoice, flow: outcome.sequence, at: time, db) }
            }
        }
    }

    private static func insert(_ invoice: NewInvoice, flow: Int64, at time: Int64, _ db: Database) throws {
        let first = try Int64.fetchOne(
            db, sql: "SELECT id FROM invoices WHERE supplier = ? AND number = ? AND year IS ? ORDER BY id LIMIT 1",
            arguments: [invoice.supplier, invoice.number, invoice.year])
        try db.execute(
            sql: """
                INSERT INTO invoices (flow, number, supplier, supplier_name, year, issue_date, type, buyer, buyer_name,
                    service_code, purchase_order, contract, currency, amount_ht, amount_ttc, amount_due,
                    deposited_at, status, status_at, duplicate_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                flow, invoice.number, invoice.supplier, invoice.supplierName, invoice.year, invoice.issueDate,
                invoice.type.rawValue, invoice.buyer, invoice.buyerName, invoice.serviceCode, invoice.purchaseOrder,
                invoice.contract, invoice.currency, invoice.amountHT, invoice.amountTTC, invoice.amountDue,
                time, ChorusInvoiceStatus.deposited.rawValue, time, first,
            ])
        try db.execute(
            sql: "INSERT INTO status_history (invoice, status, at, comment) VALUES (?, ?, ?, NULL)",
            arguments: [db.lastInsertedRowID, ChorusInvoiceStatus.deposited.rawValue, time])
    }

    /// A flow's report, nil when no flow has this number.
    func flow(_ number: String) async throws(PortalSimulatorError) -> FlowRecord? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT sequence, number, file_name, syntax, deposited_at, state, state_at FROM flows WHERE number = ?",
                    arguments: [number])
            else { return nil }
            let errors = try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, invoice_number, supplier, buyer, code, message, nature FROM flow_errors
                    WHERE flow = ? ORDER BY position
                    """,
                arguments: [row["sequence"] as Int64]
            ).map { error in
                FlowError(
                    kind: FlowError.Kind(rawValue: error["kind"]) ?? .technical, invoiceNumber: error["invoice_number"],
                    supplier: error["supplier"], buyer: error["buyer"], code: error["code"], message: error["message"],
                    nature: error["nature"])
            }
            return FlowRecord(
                number: row["number"], fileName: row["file_name"], syntax: row["syntax"], depositedAt: row["deposited_at"],
                state: FlowState(rawValue: row["state"]) ?? .waiting, stateAt: row["state_at"], errors: errors)
        }
    }

    // MARK: Invoices

    private static let invoiceColumns = """
        i.id, f.number AS flow_number, i.number, i.supplier, i.supplier_name, i.year, i.issue_date, i.type, i.buyer,
        i.buyer_name, i.service_code, i.purchase_order, i.contract, i.currency, i.amount_ht, i.amount_ttc,
        i.amount_due, i.deposited_at, i.status, i.status_at
        """

    private static func invoice(_ row: Row) -> InvoiceRecord {
        InvoiceRecord(
            id: row["id"], flowNumber: row["flow_number"],
            invoice: NewInvoice(
                number: row["number"], supplier: row["supplier"], supplierName: row["supplier_name"], year: row["year"],
                issueDate: row["issue_date"], type: ChorusInvoiceType(rawValue: row["type"]) ?? .invoice, buyer: row["buyer"],
                buyerName: row["buyer_name"],
                serviceCode: row["service_code"], purchaseOrder: row["purchase_order"], contract: row["contract"],
                currency: row["currency"], amountHT: row["amount_ht"], amountTTC: row["amount_ttc"],
                amountDue: row["amount_due"]),
            depositedAt: row["deposited_at"], status: ChorusInvoiceStatus(rawValue: row["status"]) ?? .deposited,
            statusAt: row["status_at"])
    }

    /// A page of the invoices of a flow and/or with a number (every invoice when neither is given), oldest first.
    /// - Parameters:
    ///   - page: 1-based.
    func invoices(flow: String?, number: String?, page: Int, perPage: Int) async throws(PortalSimulatorError) -> InvoicePage {
        try await read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let flow {
                conditions.append("f.number = ?")
                arguments += [flow]
            }
            if let number {
                conditions.append("i.number = ?")
                arguments += [number]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let from = "FROM invoices i JOIN flows f ON f.sequence = i.flow \(filter)"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) \(from)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(Self.invoiceColumns) \(from) ORDER BY i.id LIMIT ? OFFSET ?",
                arguments: arguments + [perPage, (page - 1) * perPage])
            return InvoicePage(invoices: rows.map(Self.invoice), total: total)
        }
    }

    /// An invoice and every status it passed, oldest first; nil when no invoice has this id.
    func history(of id: Int64) async throws(PortalSimulatorError) -> (InvoiceRecord, [StatusRecord])? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(Self.invoiceColumns) FROM invoices i JOIN flows f ON f.sequence = i.flow WHERE i.id = ?",
                    arguments: [id])
            else { return nil }
            let statuses = try Row.fetchAll(
                db, sql: "SELECT id, status, at, comment FROM status_history WHERE invoice = ? ORDER BY id", arguments: [id]
            ).map { row in
                StatusRecord(
                    id: row["id"], status: ChorusInvoiceStatus(rawValue: row["status"]) ?? .deposited, at: row["at"],
                    comment: row["comment"])
            }
            return (Self.invoice(row), statuses)
        }
    }

    /// Moves an invoice to `status`, as the buyer (or the supplier) would.
    /// - Throws: `.unknownInvoice`, `.transitionRefused` when a real portal would not make the change.
    func setStatus(of id: Int64, to status: ChorusInvoiceStatus, comment: String?, at time: Int64)
        async throws(PortalSimulatorError)
    {
        try await write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT status FROM invoices WHERE id = ?", arguments: [id])
            else { throw PortalSimulatorError.unknownInvoice(id) }
            let from = ChorusInvoiceStatus(rawValue: current) ?? .deposited
            guard from.canBecome(status) else { throw PortalSimulatorError.transitionRefused(from: from, to: status) }
            try Self.move(id, to: status, comment: comment, at: time, db)
        }
    }

    private static func move(_ id: Int64, to status: ChorusInvoiceStatus, comment: String?, at time: Int64, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE invoices SET status = ?, status_at = ? WHERE id = ?", arguments: [status.rawValue, time, id])
        try db.execute(
            sql: "INSERT INTO status_history (invoice, status, at, comment) VALUES (?, ?, ?, ?)",
            arguments: [id, status.rawValue, time, comment])
    }

    /// Moves every invoice whose time at a scheduled status is up to the next one, in one transaction of a few
    /// set-wide statements (the moves taken last step first, so that an invoice moves one step at a time).
    /// - Returns: how many moved.
    func advance(_ moves: [(from: ChorusInvoiceStatus, to: ChorusInvoiceStatus, after: Duration)], at time: Int64)
        async throws(PortalSimulatorError) -> Int
    {
        let moves = moves.reversed().map { ($0.from.rawValue, $0.to.rawValue, time - $0.after.milliseconds) }
        return try await write { db in
            var moved = 0
            for (from, to, cutoff) in moves {
                try db.execute(
                    sql: """
                        INSERT INTO status_history (invoice, status, at, comment)
                        SELECT id, ?, ?, NULL FROM invoices WHERE status = ? AND status_at <= ? ORDER BY id
                        """,
                    arguments: [to, time, from, cutoff])
                try db.execute(
                    sql: "UPDATE invoices SET status = ?, status_at = ? WHERE status = ? AND status_at <= ?",
                    arguments: [to, time, from, cutoff])
                moved += db.changesCount
            }
            return moved
        }
    }

    /// Counts for `GET /simulator/stats`.
    func stats() async throws(PortalSimulatorError) -> SimulatorStats {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM flows) AS flows,
                           (SELECT count(*) FROM invoices) AS invoices,
                           (SELECT count(*) FROM invoices WHERE duplicate_of IS NOT NULL) AS duplicates,
                           (SELECT count(*) FROM flows WHERE state = ?) AS rejected
                    """,
                arguments: [FlowState.rejected.rawValue])
            return SimulatorStats(
                flows: row?["flows"] ?? 0, invoices: row?["invoices"] ?? 0, duplicateInvoices: row?["duplicates"] ?? 0,
                rejectedFlows: row?["rejected"] ?? 0)
        }
    }
}
