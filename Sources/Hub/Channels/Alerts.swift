public import Foundation

/// Organisations' e-mail alert settings, as they manage them.
public struct Alerts: Sendable {
    /// Where settings are kept.
    public let store: any HubStore

    /// Creates the service.
    public init(store: any HubStore) { self.store = store }

    /// The organisation's settings; never set: no address, the default statuses of its kind, French.
    public func settings(of organisation: Organisation) async throws -> AlertSettings {
        if let saved = try await store.read({ tx in try tx.alertSettings(organisationID: organisation.id) }) { return saved }
        return AlertSettings(
            organisationID: organisation.id, addresses: [], statuses: Self.defaults(for: organisation.kind), language: .fr,
            updatedAt: Date(timeIntervalSince1970: 0))
    }

    /// Replaces the organisation's settings; `statuses` nil: the default of its kind.
    /// - Throws: `HubError.invalidAlerts` for more than 10 addresses or one that is not an e-mail address.
    public func save(
        for organisation: Organisation, addresses: [String], statuses: Set<InvoiceStatus>?, language: AlertSettings.Language, at date: Date = Date()
    ) async throws -> AlertSettings {
        let cleaned = addresses.map { $0.trimmingCharacters(in: .whitespaces) }
        guard cleaned.count <= 10 else { throw HubError.invalidAlerts("at most 10 addresses") }
        for address in cleaned where !AlertSettings.isAddress(address) {
            throw HubError.invalidAlerts("\(address.prefix(100)) is not an e-mail address")
        }
        var unique: [String] = []
        for address in cleaned where !unique.contains(where: { $0.lowercased() == address.lowercased() }) { unique.append(address) }
        let settings = AlertSettings(
            organisationID: organisation.id, addresses: unique, statuses: statuses ?? Self.defaults(for: organisation.kind), language: language,
            updatedAt: date)
        try await store.write { tx in try tx.save(settings) }
        return settings
    }

    /// What an organisation of this kind hears of unless it says otherwise.
    public static func defaults(for kind: OrganisationKind) -> Set<InvoiceStatus> {
        switch kind {
        case .supplier: AlertSettings.supplierDefault
        case .buyer: AlertSettings.buyerDefault
        case .operator: []
        }
    }
}
