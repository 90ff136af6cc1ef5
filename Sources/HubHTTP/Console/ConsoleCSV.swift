import Foundation
import Hub
import Hummingbird
import InvoiceMapping
import NIOCore

/// The console's lists as CSV, as French spreadsheets open them: `;` between fields, decimal points kept as the
/// hub stores amounts, a UTF-8 byte order mark, CRLF line ends (`AccountingCSV`'s conventions and quoting).
enum ConsoleCSV {
    static func invoices(_ invoices: [InvoiceSummary], language: ConsoleLanguage) -> Response {
        let header = ["id", "number", "seller", "buyer_siret", "buyer", "issue_date", "currency", "amount_due", "status", "status_name", "received_at"]
        let formatter = ISO8601DateFormatter()
        let rows = invoices.map { summary in
            [
                summary.id.rawValue, summary.number ?? "", summary.sellerName ?? summary.sellerIdentifier ?? "", summary.buyerSIRET ?? "",
                summary.buyerName ?? "", summary.issueDate ?? "", summary.currency ?? "", summary.amountDue ?? "",
                String(summary.status.rawValue), summary.status.name(language), formatter.string(from: summary.receivedAt),
            ]
        }
        return file(header: header, rows: rows, name: "invoices.csv")
    }

    /// The queue, one line per item: rejections (one per invoice and rule), failed deliveries, stuck invoices.
    static func queue(_ queue: Operations.Queue, language: ConsoleLanguage) -> Response {
        let header = ["section", "group", "subject", "invoice", "number", "supplier", "detail", "since"]
        let formatter = ISO8601DateFormatter()
        var rows: [[String]] = []
        for group in queue.rejections {
            for invoice in group.examples {
                rows.append(["rejection", group.rule, invoice.id.rawValue, invoice.id.rawValue, invoice.number ?? "", invoice.supplierOrganisationID,
                    "\(group.count) in group", formatter.string(from: invoice.receivedAt)])
            }
        }
        for group in queue.deliveries {
            for delivery in group.examples {
                rows.append(["delivery", group.kind.rawValue, delivery.id, delivery.invoiceID.rawValue, "", "", group.error,
                    formatter.string(from: delivery.updatedAt)])
            }
        }
        for row in queue.stuck {
            rows.append(["stuck", row.tracking.portalStatus ?? row.tracking.flowState ?? "", row.summary.id.rawValue, row.summary.id.rawValue,
                row.summary.number ?? "", row.summary.supplierOrganisationID, String(row.summary.status.rawValue),
                formatter.string(from: row.tracking.changedAt)])
        }
        return file(header: header, rows: rows, name: "queue.csv")
    }

    /// The reconciliation report: the hub's status beside the portal's, for every invoice deposited there.
    static func reconciliation(_ rows: [Operations.ReconciliationRow], language: ConsoleLanguage) -> Response {
        let header = ["id", "number", "supplier", "hub_status", "portal_status", "portal_as_lifecycle", "agrees", "portal_changed_at"]
        let formatter = ISO8601DateFormatter()
        return file(
            header: header,
            rows: rows.map { row in
                let summary = row.invoice.summary
                return [
                    summary.id.rawValue, summary.number ?? "", summary.supplierOrganisationID, String(summary.status.rawValue),
                    row.invoice.tracking.portalStatus ?? row.invoice.tracking.flowState ?? "", row.portalLifecycle.map { String($0.rawValue) } ?? "",
                    row.agrees ? "yes" : "no", formatter.string(from: row.invoice.tracking.changedAt),
                ]
            }, name: "reconciliation.csv")
    }

    /// A CSV answer, as an attachment named `name`.
    static func file(header: [String], rows: [[String]], name: String) -> Response {
        var text = "\u{FEFF}"
        for row in [header] + rows { text += row.map { AccountingCSV.field(neutralised($0)) }.joined(separator: ";") + "\r\n" }
        return ConsoleRoutes.attachment(Data(text.utf8), type: "text/csv; charset=utf-8", name: name)
    }

    /// A cell a spreadsheet would take for a formula (`=`, `+`, `@`, a tab) starts with `'` instead; so does `-`
    /// unless the cell is a number.
    static func neutralised(_ text: String) -> String {
        guard let first = text.first else { return text }
        if first == "=" || first == "+" || first == "@" || first == "\t" || first == "\r" { return "'" + text }
        if first == "-", Double(text) == nil { return "'" + text }
        return text
    }
}
