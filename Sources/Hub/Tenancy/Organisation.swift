import Foundation

/// What an organisation is to the hub.
public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
    /// A company that deposits invoices.
    case supplier
    /// A public buyer (collectivité, État, hospital…) that receives them.
    case buyer
    /// The hub's own operators, who see everything.
    case `operator`

    /// The one credential role an organisation of this kind holds.
    public var role: Role {
        switch self {
        case .supplier: .supplier
        case .buyer: .buyer
        case .operator: .operator
        }
    }
}

/// An identifier an organisation owns, with its ISO 6523 scheme: `0009` SIRET, `0002` SIREN, `VAT`.
public struct OrganisationIdentifier: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The scheme (`0009`, `0002`, `VAT` …).
    public let scheme: String
    /// The identifier itself, without spaces.
    public let value: String

    /// Creates an identifier; spaces in the value are dropped.
    public init(scheme: String, value: String) {
        self.scheme = scheme.trimmingCharacters(in: .whitespaces)
        self.value = value.filter { !$0.isWhitespace }
    }

    /// ISO 6523 ICD of SIRET.
    public static let siretScheme = "0009"
    /// ISO 6523 ICD of SIREN.
    public static let sirenScheme = "0002"

    public var description: String { "\(scheme):\(value)" }
}

/// A tenant of the hub: a supplier, a public buyer or the operator, with the identifiers it owns.
public struct Organisation: Sendable, Codable, Hashable, Identifiable {
    /// A short stable id: lowercase letters, digits and dashes (`atelier-kerbrat`).
    public let id: String
    /// Supplier, buyer or operator.
    public let kind: OrganisationKind
    /// The name people know it by.
    public let name: String
    /// SIRETs, SIRENs, VAT numbers it owns. A buyer sees the invoices addressed to its SIRETs.
    public let identifiers: [OrganisationIdentifier]

    /// Creates an organisation.
    public init(id: String, kind: OrganisationKind, name: String, identifiers: [OrganisationIdentifier] = []) {
        self.id = id
        self.kind = kind
        self.name = name
        self.identifiers = identifiers
    }

    /// The SIRETs it owns (scheme 0009).
    public var sirets: [String] {
        identifiers.filter { $0.scheme == OrganisationIdentifier.siretScheme }.map(\.value)
    }

    /// Checks the id, name and identifiers; returns why they are not acceptable, or nil.
    public func problem() -> String? {
        if id.isEmpty || id.count > 64 { return "the id must have 1 to 64 characters" }
        if !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            return "the id may hold only lowercase letters, digits and dashes"
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "the name is empty" }
        for identifier in identifiers {
            if identifier.value.isEmpty { return "identifier with scheme \(identifier.scheme) is empty" }
            if identifier.scheme == OrganisationIdentifier.siretScheme, !FrenchIdentifier.isValidSIRET(identifier.value) {
                return "\(identifier.value) is not a valid SIRET"
            }
            if identifier.scheme == OrganisationIdentifier.sirenScheme, !FrenchIdentifier.isValidSIREN(identifier.value) {
                return "\(identifier.value) is not a valid SIREN"
            }
        }
        return nil
    }
}
