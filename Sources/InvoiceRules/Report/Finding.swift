/// How serious a broken rule is.
public enum Severity: String, Sendable, Codable, Equatable, Comparable {
    /// The invoice is not acceptable.
    case fatal
    /// The invoice is acceptable but should be corrected.
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .fatal && b == .warning }
}

/// A text for people, in French and English.
public struct Message: Sendable, Codable, Equatable, Hashable {
    /// French.
    public let fr: String
    /// English.
    public let en: String

    /// Creates a message.
    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }
}

/// Where in the submitted document a finding points.
public struct Location: Sendable, Codable, Equatable, Hashable {
    /// A readable path from the root (`/Invoice/InvoiceLine[2]/Price`).
    public let path: String
    /// The 1-based line of that element in the submitted bytes (0 when unknown).
    public let line: Int

    /// Creates a location.
    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
}

/// One broken rule, on one element.
public struct Finding: Sendable, Codable, Equatable, Hashable {
    /// The rule id (`BR-CO-10`, `UBL-CR-001`, `CPP-03` …).
    public let rule: String
    /// Fatal or warning.
    public let severity: Severity
    /// What is wrong, for the supplier.
    public let message: Message
    /// The element the rule was checked on.
    public let location: Location

    /// Creates a finding.
    public init(rule: String, severity: Severity, message: Message, location: Location) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
    }
}
