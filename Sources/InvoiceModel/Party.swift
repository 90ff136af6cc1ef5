/// A party of the invoice: seller (BG-4), buyer (BG-7), payee (BG-10) or tax representative (BG-11).
public struct Party: Sendable, Hashable {
    /// Which party this is; it says which business terms hold its fields.
    public enum Role: Sendable, Hashable {
        case seller, buyer, payee, taxRepresentative
    }

    /// The party's role.
    public let role: Role
    /// The party's group, generic.
    public let group: BusinessGroup

    /// Wraps a party group.
    public init(_ role: Role, _ group: BusinessGroup) {
        self.role = role
        self.group = group
    }

    private var terms: Terms { Terms.of(role) }

    /// Name (BT-27, BT-44, BT-59, BT-62).
    public var name: String? { group.text(terms.name) }
    /// Trading name (BT-28, BT-45).
    public var tradingName: String? { terms.tradingName.flatMap(group.text) }
    /// Identifiers (BT-29 several, BT-46, BT-60), with their schemes.
    public var identifiers: [Identifier] { terms.identifier.map { group.values($0).map(\.identifier) } ?? [] }
    /// Legal registration identifier (BT-30, BT-47, BT-61): SIREN/SIRET in France.
    public var legalRegistration: Identifier? { terms.legalRegistration.flatMap(group.identifier) }
    /// VAT identifier (BT-31, BT-48, BT-63).
    public var vatIdentifier: String? { terms.vatIdentifier.flatMap(group.text) }
    /// Tax registration identifier (BT-32, seller only).
    public var taxRegistration: String? { terms.taxRegistration.flatMap(group.text) }
    /// Electronic address (BT-34, BT-49) with its scheme.
    public var electronicAddress: Identifier? { terms.electronicAddress.flatMap(group.identifier) }
    /// Postal address (BG-5, BG-8, BG-12).
    public var address: PostalAddress? {
        terms.address.flatMap { id in group.group(id).map { PostalAddress(id, $0) } }
    }
    /// Contact (BG-6, BG-9).
    public var contact: Contact? {
        terms.contact.flatMap { id in group.group(id).map { Contact(id, $0) } }
    }

    struct Terms {
        let name: TermID
        let tradingName: TermID?
        let identifier: TermID?
        let legalRegistration: TermID?
        let vatIdentifier: TermID?
        let taxRegistration: TermID?
        let electronicAddress: TermID?
        let address: TermID?
        let contact: TermID?

        static func of(_ role: Role) -> Terms {
            switch role {
            case .seller:
                return Terms(name: "BT-27", tradingName: "BT-28", identifier: "BT-29", legalRegistration: "BT-30",
                    vatIdentifier: "BT-31", taxRegistration: "BT-32", electronicAddress: "BT-34", address: "BG-5", contact: "BG-6")
            case .buyer:
                return Terms(name: "BT-44", tradingName: "BT-45", identifier: "BT-46", legalRegistration: "BT-47",
                    vatIdentifier: "BT-48", taxRegistration: nil, electronicAddress: "BT-49", address: "BG-8", contact: "BG-9")
            case .payee:
                return Terms(name: "BT-59", tradingName: nil, identifier: "BT-60", legalRegistration: "BT-61",
                    vatIdentifier: nil, taxRegistration: nil, electronicAddress: nil, address: nil, contact: nil)
            case .taxRepresentative:
                return Terms(name: "BT-62", tradingName: nil, identifier: nil, legalRegistration: nil,
                    vatIdentifier: "BT-63", taxRegistration: nil, electronicAddress: nil, address: "BG-12", contact: nil)
            }
        }
    }
}

/// A postal address: of the seller (BG-5), buyer (BG-8), tax representative (BG-12) or deliver-to (BG-15).
public struct PostalAddress: Sendable, Hashable {
    /// Which address group this is.
    public let id: TermID
    /// The address group, generic.
    public let group: BusinessGroup

    /// Wraps an address group (`BG-5`, `BG-8`, `BG-12` or `BG-15`).
    public init(_ id: TermID, _ group: BusinessGroup) {
        self.id = id
        self.group = group
    }

    /// The terms of each address group: line 1, line 2, line 3, city, post code, subdivision, country.
    private var terms: [TermID] {
        switch id.number {
        case 5: return ["BT-35", "BT-36", "BT-162", "BT-37", "BT-38", "BT-39", "BT-40"]
        case 8: return ["BT-50", "BT-51", "BT-163", "BT-52", "BT-53", "BT-54", "BT-55"]
        case 12: return ["BT-64", "BT-65", "BT-164", "BT-66", "BT-67", "BT-68", "BT-69"]
        default: return ["BT-75", "BT-76", "BT-165", "BT-77", "BT-78", "BT-79", "BT-80"]
        }
    }

    /// Address lines 1 to 3, those given.
    public var lines: [String] { terms[0...2].compactMap(group.text) }
    /// City.
    public var city: String? { group.text(terms[3]) }
    /// Post code.
    public var postCode: String? { group.text(terms[4]) }
    /// Country subdivision.
    public var countrySubdivision: String? { group.text(terms[5]) }
    /// Country code (ISO 3166-1 alpha-2).
    public var countryCode: String? { group.text(terms[6]) }
}

/// A contact: of the seller (BG-6) or of the buyer (BG-9).
public struct Contact: Sendable, Hashable {
    /// Which contact group this is.
    public let id: TermID
    /// The contact group, generic.
    public let group: BusinessGroup

    /// Wraps a contact group (`BG-6` or `BG-9`).
    public init(_ id: TermID, _ group: BusinessGroup) {
        self.id = id
        self.group = group
    }

    private var base: Int { id.number == 6 ? 41 : 56 }
    /// Contact point (BT-41, BT-56).
    public var point: String? { group.text(.term(base)) }
    /// Telephone number (BT-42, BT-57).
    public var telephone: String? { group.text(.term(base + 1)) }
    /// Email address (BT-43, BT-58).
    public var email: String? { group.text(.term(base + 2)) }
}
