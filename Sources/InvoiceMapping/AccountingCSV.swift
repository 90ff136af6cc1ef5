public import Foundation
public import InvoiceModel

/// The accounting CSV: the columns of `mappings/accounting-csv.tsv`, one row per VAT rate (BG-23) of the
/// invoice, in French conventions: `;` between fields, a decimal comma without thousands separator, dates as
/// DD/MM/YYYY, UTF-8 with a byte-order mark (so that spreadsheet software reads accents right), CRLF line ends,
/// fields quoted only when they hold `;`, `"` or a line break (RFC 4180). An invoice without a VAT breakdown
/// gives one row with empty per-rate fields.
public struct AccountingCSV: Sendable {
    /// One column.
    public struct Column: Sendable, Hashable {
        /// How a value is written.
        public enum Kind: String, Sendable, Hashable {
            case text, date, amount
        }

        /// Where a value comes from.
        public enum Source: Sendable, Hashable {
            /// A value the hub knows of the invoice (`hub:buyer-siret`), given by the caller.
            case hub(String)
            /// A term, under the groups named before it (the first occurrence of each; BG-23 is the row's).
            case term(groups: [TermID], term: TermID)
        }

        /// The header.
        public let header: String
        /// What is written: one source, or several added (amounts).
        public let sources: [Source]
        /// How.
        public let kind: Kind
    }

    /// The columns, in order.
    public let columns: [Column]

    /// The VAT breakdown group: a row per occurrence.
    static let rowGroup = TermID.group(23)

    /// Reads the columns from `mappings/accounting-csv.tsv` (or `url`).
    /// - Throws: `MappingError.malformedBinding` naming the line that does not parse.
    public init(url: URL? = nil) throws(MappingError) {
        let file: URL
        if let url {
            file = url
        } else {
            do throws(ResourceError) { file = try Resources.mapping("accounting-csv.tsv") } catch { throw .resources(error) }
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw .malformedBinding(file: file.path, line: 0, reason: "cannot be read as UTF-8 text")
        }
        var columns: [Column] = []
        var sawHeader = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
            if !sawHeader {
                guard fields == ["column", "value", "kind"] else {
                    throw .malformedBinding(file: file.path, line: index + 1, reason: "the header must be: column, value, kind")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 3, !fields[0].isEmpty else {
                throw .malformedBinding(file: file.path, line: index + 1, reason: "a column has three fields: column, value, kind")
            }
            guard let kind = Column.Kind(rawValue: fields[2]) else {
                throw .malformedBinding(file: file.path, line: index + 1, reason: "kind must be text, date or amount, not \(fields[2])")
            }
            var sources: [Column.Source] = []
            for part in fields[1].split(separator: "+") {
                guard let source = Self.source(String(part)) else {
                    throw .malformedBinding(file: file.path, line: index + 1, reason: "\(part) is neither hub:… nor a term path (BG-4/BT-27)")
                }
                sources.append(source)
            }
            guard !sources.isEmpty, sources.count == 1 || kind == .amount else {
                throw .malformedBinding(file: file.path, line: index + 1, reason: "only amounts may add several values")
            }
            columns.append(Column(header: fields[0], sources: sources, kind: kind))
        }
        guard !columns.isEmpty else { throw .malformedBinding(file: file.path, line: 0, reason: "no column") }
        self.columns = columns
    }

    private static func source(_ text: String) -> Column.Source? {
        if text.hasPrefix("hub:") {
            let name = String(text.dropFirst(4))
            return name.isEmpty ? nil : .hub(name)
        }
        let steps = text.split(separator: "/").map { TermID($0) }
        guard let last = steps.last, let term = last, !term.isGroup else { return nil }
        var groups: [TermID] = []
        for step in steps.dropLast() {
            guard let group = step, group.isGroup else { return nil }
            groups.append(group)
        }
        return .term(groups: groups, term: term)
    }

    /// The CSV of `invoice`, header included; `hub` gives the values of `hub:` sources.
    public func write(_ invoice: Invoice, hub: [String: String] = [:]) -> Data {
        var lines = [columns.map { Self.field($0.header) }.joined(separator: ";")]
        let rates = invoice.root.groups(Self.rowGroup)
        for rate in rates.isEmpty ? [nil] : rates.map(Optional.some) {
            lines.append(columns.map { Self.field(value(of: $0, in: invoice, rate: rate, hub: hub)) }.joined(separator: ";"))
        }
        return Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array((lines.joined(separator: "\r\n") + "\r\n").utf8))
    }

    private func value(of column: Column, in invoice: Invoice, rate: BusinessGroup?, hub: [String: String]) -> String {
        let values: [TermValue?] = column.sources.map { source in
            switch source {
            case .hub(let name): return hub[name].map { .text($0) }
            case .term(let groups, let term):
                var group: BusinessGroup? = invoice.root
                for id in groups { group = id == Self.rowGroup ? rate : group?.group(id) }
                return group?[term]
            }
        }
        switch column.kind {
        case .text: return values.first??.text ?? ""
        case .date:
            guard let date = values.first??.date else { return values.first??.text ?? "" }
            return String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
        case .amount:
            let decimals = values.compactMap { $0?.decimal }
            guard decimals.count == values.count, let first = decimals.first else { return "" }
            return decimals.dropFirst().reduce(first, +).description.replacingOccurrences(of: ".", with: ",")
        }
    }

    /// A field, quoted when it must be (`;`, `"` or a line break in it); the console's CSV exports write theirs so too.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
