public import Foundation
public import InvoiceIntake
public import InvoiceModel

/// Which `syntaxeFlux` each kind of document is deposited with: data in `mappings/chorus-pro-syntaxes.tsv`
/// (container, syntax, code, and why), read once at start.
public struct FlowSyntaxTable: Sendable, Hashable {
    /// One kind of document and its code.
    public struct Row: Sendable, Hashable {
        /// XML or PDF.
        public let container: InvoiceContainer
        /// UBL or CII.
        public let syntax: InvoiceSyntax
        /// The `syntaxeFlux` to deposit it with.
        public let code: String
    }

    /// The table's rows, in file order.
    public let rows: [Row]

    /// The file's name in `mappings/`.
    public static let fileName = "chorus-pro-syntaxes.tsv"

    /// A table of these rows.
    public init(rows: [Row]) { self.rows = rows }

    /// The code for a kind of document, nil when the table has none.
    public func code(for syntax: InvoiceSyntax, in container: InvoiceContainer) -> String? {
        rows.first { $0.syntax == syntax && $0.container == container }?.code
    }

    /// Reads the table: the project's `mappings/chorus-pro-syntaxes.tsv`, or `file`.
    /// - Throws: `PortalClientError.syntaxTable` naming the file and the line at fault.
    public static func load(from file: URL? = nil) throws(PortalClientError) -> FlowSyntaxTable {
        let url: URL
        if let file {
            url = file
        } else {
            do { url = try Resources.mapping(fileName) } catch {
                throw .syntaxTable(file: fileName, line: 0, reason: error.description)
            }
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .syntaxTable(file: url.path, line: 0, reason: "cannot read it: \(error.localizedDescription)")
        }
        return try parse(text, file: url.path)
    }

    /// Reads a table's text: `#` comments, a header line `container syntax syntaxeFlux why`, then one row per
    /// kind of document, tab-separated, each with its reason.
    /// - Throws: `PortalClientError.syntaxTable`.
    public static func parse(_ text: String, file: String) throws(PortalClientError) -> FlowSyntaxTable {
        let header = ["container", "syntax", "syntaxeFlux", "why"]
        var sawHeader = false
        var rows: [Row] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if content.hasPrefix("#") || content.allSatisfy(\.isWhitespace) { continue }
            let fields = content.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard sawHeader else {
                guard fields == header else {
                    throw .syntaxTable(
                        file: file, line: line, reason: "the header must be \(header.joined(separator: " ")), tab-separated")
                }
                sawHeader = true
                continue
            }
            guard fields.count == header.count else {
                throw .syntaxTable(file: file, line: line, reason: "\(fields.count) fields where the header has \(header.count)")
            }
            guard let container = InvoiceContainer(rawValue: fields[0]) else {
                throw .syntaxTable(file: file, line: line, reason: "unknown container \"\(fields[0])\" (xml, pdf)")
            }
            guard let syntax = InvoiceSyntax(rawValue: fields[1]) else {
                throw .syntaxTable(
                    file: file, line: line,
                    reason: "unknown syntax \"\(fields[1])\" (" + InvoiceSyntax.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            let code = fields[2]
            guard code.hasPrefix("IN_DP_"), code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
                throw .syntaxTable(file: file, line: line, reason: "\"\(code)\" is not a deposit syntax code (IN_DP_…)")
            }
            guard !fields[3].isEmpty else { throw .syntaxTable(file: file, line: line, reason: "the row does not say why") }
            guard !rows.contains(where: { $0.container == container && $0.syntax == syntax }) else {
                throw .syntaxTable(file: file, line: line, reason: "\(syntax.rawValue) in \(container.rawValue) appears twice")
            }
            rows.append(Row(container: container, syntax: syntax, code: code))
        }
        guard sawHeader else { throw .syntaxTable(file: file, line: 0, reason: "the file has no header line") }
        return FlowSyntaxTable(rows: rows)
    }
}
