import Foundation
import Hub
import Hummingbird
import InvoiceMapping
import NIOCore

/// The console's lists as CSV, as French spreadsheets open them: `;` between fields, decimal points kept as the
/// hub stores amounts, a UTF-8 byte order mark, CRLF line ends (`AccountingCSV`'s conventions and quoting).
enum ConsoleCSV {
    static func invoices(_ invoices: [InvoiceSummary], language: ConsoleLanguage, strings: ConsoleStrings) -> Response {
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
