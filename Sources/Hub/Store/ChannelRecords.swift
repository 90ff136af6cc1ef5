/// The buyers' channels, as stored.
public protocol ChannelReads {
    /// The channel with this id, removed or not.
    func channel(_ id: ChannelID) throws -> BuyerChannel?
    /// The channels of these SIRETs that were not removed, oldest first.
    func channels(buyerSIRETs: [String]) throws -> [BuyerChannel]
    /// The deliveries waiting in these pull channels (pending: not acknowledged), by id, after `after`, at most
    /// `limit`: the buyer's inbox.
    func inbox(_ channels: [ChannelID], after: String?, limit: Int) throws -> [Delivery]
}

/// Writes to the buyers' channels.
public protocol ChannelWrites: ChannelReads {
    /// Adds a channel.
    func insert(_ channel: BuyerChannel) throws
    /// Writes a channel's changing fields (its secrets, its removal).
    func update(_ channel: BuyerChannel) throws
}
