/// How a public structure is identified in Chorus Pro (`typeIdentifiant`).
public enum BuyerIdentifierType: String, Sendable, Codable, CaseIterable {
    /// French SIRET, 14 digits (scheme 1 in Chorus Pro XML).
    case siret = "SIRET"
    /// Intra-EU VAT number of an entity outside France.
    case euOutsideFrance = "UE_HORS_FRANCE"
    /// An entity outside the EU.
    case outsideEU = "HORS_UE"
    /// New Caledonia's RIDET.
    case ridet = "RIDET"
    /// French Polynesia's Tahiti number.
    case tahiti = "TAHITI"
    /// Any other identifier.
    case other = "AUTRE"
    /// A private person.
    case individual = "PARTICULIER"
}

/// A service (service exécutant) of a public structure: invoices are routed to it by the code in BT-10.
public struct BuyerService: Sendable, Codable, Hashable {
    /// The code suppliers put in BT-10 (`VOIRIE`).
    public let code: String
    /// Its name.
    public let name: String
    /// Whether it accepts invoices.
    public let active: Bool

    /// Creates a service.
    public init(code: String, name: String, active: Bool) {
        self.code = code
        self.name = name
        self.active = active
    }
}

/// A public structure of the buyer directory, in the shape Chorus Pro publishes it.
public struct BuyerDirectoryEntry: Sendable, Codable, Hashable, Identifiable {
    /// The identifier (a SIRET for French public entities).
    public let identifier: String
    /// What kind of identifier it is.
    public let identifierType: BuyerIdentifierType
    /// The structure's name (raison sociale).
    public let name: String
    /// Whether it receives invoices.
    public let active: Bool
    /// Whether invoices must name one of its services in BT-10 (`codeServiceDoitEtreRenseigne`).
    public let serviceCodeRequired: Bool
    /// Whether invoices must carry an engagement number in BT-13 (`numeroEJDoitEtreRenseigne`).
    public let engagementRequired: Bool
    /// Its services, in file order.
    public let services: [BuyerService]

    /// Creates an entry.
    public init(
        identifier: String, identifierType: BuyerIdentifierType = .siret, name: String, active: Bool = true,
        serviceCodeRequired: Bool = false, engagementRequired: Bool = false, services: [BuyerService] = []
    ) {
        self.identifier = identifier
        self.identifierType = identifierType
        self.name = name
        self.active = active
        self.serviceCodeRequired = serviceCodeRequired
        self.engagementRequired = engagementRequired
        self.services = services
    }

    public var id: String { identifier }

    /// The service with this code, if the structure has one.
    public func service(code: String) -> BuyerService? { services.first { $0.code == code } }
}
