public import InvoiceModel

/// The name of the rules an invoice was judged by: `EN 16931`, `Factur-X MINIMUM`, or rule sets checked
/// together, `EN 16931 + Chorus Pro`.
///
/// Codable as its description, the components joined by ` + `.
public struct RuleSetName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule sets, in the order they were applied.
    public let components: [String]

    /// A name of one rule set.
    public init(_ name: String) { components = [name] }

    private init(components: [String]) { self.components = components }

    /// The EN 16931 rules of the invoice's syntax: complete invoices.
    public static let en16931 = RuleSetName("EN 16931")

    /// The requirements of a Factur-X profile that is not a complete EN 16931 invoice (`Factur-X MINIMUM`).
    public static func facturX(_ profile: FacturXProfile) -> RuleSetName { RuleSetName("Factur-X \(profile.rawValue)") }

    /// These rule sets, then `other`'s.
    public func adding(_ other: RuleSetName) -> RuleSetName { RuleSetName(components: components + other.components) }

    public var description: String { components.joined(separator: " + ") }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        components = text.split(separator: " + ", omittingEmptySubsequences: false).map(String.init)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
