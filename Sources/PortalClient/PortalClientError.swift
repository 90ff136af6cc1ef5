/// Why the portal client cannot start: its settings or its syntax table. Calls to the portal fail with the
/// hub's `PortalError` instead, which says what to do next.
public enum PortalClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A setting is not acceptable (a URL without a host, a timeout of zero, a page size out of range).
    case invalidConfiguration(String)
    /// The syntax table (`mappings/chorus-pro-syntaxes.tsv`) is missing or has a bad line.
    case syntaxTable(file: String, line: Int, reason: String)

    /// A stable code for logs.
    public var code: String {
        switch self {
        case .invalidConfiguration: "invalid-configuration"
        case .syntaxTable: "syntax-table"
        }
    }

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason): "portal client: \(reason)"
        case .syntaxTable(let file, let line, let reason): "\(file):\(line): \(reason)"
        }
    }
}
