/// The buyers' channels and the suppliers' webhook subscriptions, as stored.
public protocol ChannelReads {
    /// The channel with this id, removed or not.
    func channel(_ id: ChannelID) throws -> BuyerChannel?
    /// The channels of these SIRETs that were not removed, oldest first.
    func channels(buyerSIRETs: [String]) throws -> [BuyerChannel]
    /// The deliveries waiting in these pull channels (pending: not acknowledged), by id, after `after`, at most
    /// `limit`: the buyer's inbox.
    func inbox(_ channels: [ChannelID], after: String?, limit: Int) throws -> [Delivery]
    /// The subscription with this id, deleted or not.
    func subscription(_ id: SubscriptionID) throws -> Subscription?
    /// The organisation's subscriptions that were not deleted, oldest first.
    func subscriptions(organisationID: String) throws -> [Subscription]
    /// The organisation's e-mail alert settings, if it set any.
    func alertSettings(organisationID: String) throws -> AlertSettings?
    /// The delivery to this destination for this invoice, if one was written.
    func delivery(of invoiceID: InvoiceID, to destination: Destination) throws -> Delivery?
}

/// Writes to the buyers' channels and the suppliers' subscriptions.
public protocol ChannelWrites: ChannelReads {
    /// Adds a channel.
    func insert(_ channel: BuyerChannel) throws
    /// Writes a channel's changing fields (its secrets, its removal).
    func update(_ channel: BuyerChannel) throws
    /// Adds a subscription.
    func insert(_ subscription: Subscription) throws
    /// Writes a subscription's changing fields (its secrets, its deletion).
    func update(_ subscription: Subscription) throws
    /// Creates or replaces an organisation's alert settings.
    func save(_ settings: AlertSettings) throws
}
