public import Foundation
public import InvoiceModel

/// How the hub's lifecycle follows the portal's flow states and invoice statuses: `mappings/chorus-pro-statuses.tsv`,
/// where each row says why.
public struct PortalStatusMap: Sendable, Hashable {
    /// What one portal status means for the hub.
    public struct Row: Sendable, Hashable {
        /// The lifecycle status the invoice moves to (nil: it stays).
        public let lifecycle: InvoiceStatus?
        /// Whether nothing more can change.
        public let final: Bool
    }

    /// The rows, by portal status code.
    public let rows: [String: Row]

    /// Reads the table.
    /// - Throws: `ResourceError.malformed` naming the file and line that does not read.
    public init(file: URL) throws(ResourceError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "cannot be read: \(error.localizedDescription)")
        }
        var rows: [String: Row] = [:]
        var sawHeader = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !sawHeader {
                guard fields.prefix(3) == ["status", "lifecycle", "final"] else {
                    throw .malformed(file: file.path, line: index + 1, reason: "the header must be: status, lifecycle, final, why")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 4, !fields[0].isEmpty, !fields[3].isEmpty else {
                throw .malformed(file: file.path, line: index + 1, reason: "a row has a status, a lifecycle code or -, yes or no, and why")
            }
            var lifecycle: InvoiceStatus?
            if fields[1] != "-" {
                guard let code = Int(fields[1]), let status = InvoiceStatus(rawValue: code) else {
                    throw .malformed(file: file.path, line: index + 1, reason: "\(fields[1]) is not a lifecycle code (200…213) nor -")
                }
                lifecycle = status
            }
            guard ["yes", "no"].contains(fields[2]) else {
                throw .malformed(file: file.path, line: index + 1, reason: "final must be yes or no, not \(fields[2])")
            }
            guard rows[fields[0]] == nil else {
                throw .malformed(file: file.path, line: index + 1, reason: "\(fields[0]) has two rows")
            }
            rows[fields[0]] = Row(lifecycle: lifecycle, final: fields[2] == "yes")
        }
        guard sawHeader else { throw .malformed(file: file.path, line: 1, reason: "no header") }
        self.rows = rows
    }

    /// The project's table (`mappings/chorus-pro-statuses.tsv`).
    public static func standard() throws(ResourceError) -> PortalStatusMap {
        try PortalStatusMap(file: try Resources.mapping("chorus-pro-statuses.tsv"))
    }

    /// What a portal status means; nil for a status the table does not know (it is kept, nothing moves).
    public subscript(status: String) -> Row? { rows[status] }
}
