public import Foundation

/// The buyers' channels as people use them: operators configure them per SIRET (and service code) and rotate
/// push secrets; a buyer's software reads its inbox (pull channels) and acknowledges what it took.
public struct BuyerChannels: Sendable {
    /// Where channels and the outbox are kept.
    public let store: any HubStore
    /// The operator's allow-lists.
    public let policy: ChannelPolicy
    /// Renders inbox documents.
    public let documents: ChannelDocuments

    /// Creates the service.
    public init(store: any HubStore, policy: ChannelPolicy, documents: ChannelDocuments) {
        self.store = store
        self.policy = policy
        self.documents = documents
    }

    /// What an operator asks for.
    public struct Request: Sendable, Hashable {
        public var kind: BuyerChannel.Kind
        public var format: DeliveryFormat
        public var trigger: BuyerChannel.Trigger
        public var serviceCode: String?
        public var url: String?
        public var folder: String?

        public init(
            kind: BuyerChannel.Kind, format: DeliveryFormat, trigger: BuyerChannel.Trigger = .accepted, serviceCode: String? = nil,
            url: String? = nil, folder: String? = nil
        ) {
            self.kind = kind
            self.format = format
            self.trigger = trigger
            self.serviceCode = serviceCode
            self.url = url
            self.folder = folder
        }
    }

    /// Creates a channel for `siret`; its secret is in the answer (and, for push, signs every delivery).
    /// - Throws: `HubError.invalidChannel` naming what is wrong (a SIRET that is not 14 digits, a URL that is not
    ///   http(s) or whose host is not allowed, a folder that is not allowed, does not exist or is not writable, a
    ///   field that does not belong to the kind).
    public func create(siret: String, _ request: Request, at date: Date = Date()) async throws -> BuyerChannel {
        guard siret.count == 14, siret.allSatisfy(\.isASCII), siret.allSatisfy(\.isNumber) else {
            throw HubError.invalidChannel("the SIRET must be 14 digits, not \(siret)")
        }
        if let code = request.serviceCode, code.trimmingCharacters(in: .whitespaces).isEmpty || code.count > 100 {
            throw HubError.invalidChannel("a service code has 1 to 100 characters")
        }
        var url: URL?
        var folder: String?
        switch request.kind {
        case .push:
            guard request.folder == nil else { throw HubError.invalidChannel("a push channel has a url, not a folder") }
            guard let text = request.url, text.count <= 2000, let parsed = URL(string: text), parsed.host != nil else {
                throw HubError.invalidChannel("a push channel needs an absolute http(s) url")
            }
            if let refusal = policy.refusal(of: parsed) { throw HubError.invalidChannel(refusal) }
            url = parsed
        case .fileDrop:
            guard request.url == nil else { throw HubError.invalidChannel("a file-drop channel has a folder, not a url") }
            guard let path = request.folder, path.count <= 1000 else { throw HubError.invalidChannel("a file-drop channel needs a folder") }
            if let refusal = policy.refusal(ofFolder: path) { throw HubError.invalidChannel(refusal) }
            do throws(FileDropError) { try FileDrop.check(folder: path) } catch { throw HubError.invalidChannel(error.description) }
            folder = (path as NSString).standardizingPath
        case .pull:
            guard request.url == nil, request.folder == nil else { throw HubError.invalidChannel("a pull channel has neither url nor folder") }
        }
        let channel = BuyerChannel(
            id: ChannelID.make(at: date), buyerSIRET: siret, serviceCode: request.serviceCode?.trimmingCharacters(in: .whitespaces),
            kind: request.kind, format: request.format, trigger: request.trigger, url: url, folder: folder,
            secret: ChannelSignature.newSecret(), createdAt: date)
        try await store.write { tx in try tx.insert(channel) }
        return channel
    }

    /// The live channels of `siret`.
    public func list(siret: String) async throws -> [BuyerChannel] {
        try await store.read { tx in try tx.channels(buyerSIRETs: [siret]) }
    }

    /// Removes a channel: it gets no new deliveries; those pending fail into the operators' queue when tried.
    /// - Throws: `HubError.channelNotFound`.
    public func remove(_ id: ChannelID, siret: String, at date: Date = Date()) async throws {
        try await store.write { tx in
            guard var channel = try tx.channel(id), channel.buyerSIRET == siret, channel.removedAt == nil else {
                throw HubError.channelNotFound(id.rawValue)
            }
            channel.removedAt = date
            try tx.update(channel)
        }
    }

    /// Gives a push channel a new secret; the old one keeps signing beside it for `grace`.
    /// - Throws: `HubError.channelNotFound`.
    public func rotateSecret(_ id: ChannelID, siret: String, grace: Duration = .seconds(24 * 3600), at date: Date = Date()) async throws
        -> BuyerChannel
    {
        let secret = ChannelSignature.newSecret()
        return try await store.write { tx in
            guard var channel = try tx.channel(id), channel.buyerSIRET == siret, channel.removedAt == nil else {
                throw HubError.channelNotFound(id.rawValue)
            }
            channel.rotate(to: secret, at: date, grace: grace)
            try tx.update(channel)
            return channel
        }
    }

    /// One invoice waiting in a buyer's inbox.
    public struct InboxItem: Sendable {
        /// The delivery (acknowledge it by this id).
        public let delivery: Delivery
        /// The invoice.
        public let invoice: InvoiceSummary
        /// The channel it came through.
        public let channel: BuyerChannel
        /// The document in the channel's format.
        public let document: ChannelDocuments.Rendered
    }

    /// A page of the inbox of the buyer's pull channels: deliveries not acknowledged, oldest first, after `after`.
    /// - Throws: `HubError.invalidQuery` for a limit out of 1…100.
    public func inbox(sirets: [String], after: String?, limit: Int) async throws -> (items: [InboxItem], next: String?) {
        guard (1...100).contains(limit) else { throw HubError.invalidQuery("limit must be between 1 and 100") }
        let (channels, page) = try await store.read { tx -> ([BuyerChannel], [Delivery]) in
            let pull = try tx.channels(buyerSIRETs: sirets).filter { $0.kind == .pull }
            return (pull, try tx.inbox(pull.map(\.id), after: after, limit: limit + 1))
        }
        let byID = Dictionary(uniqueKeysWithValues: channels.map { ($0.id, $0) })
        var items: [InboxItem] = []
        for delivery in page.prefix(limit) {
            guard let channelID = delivery.destination.channelID, let channel = byID[channelID],
                let invoice = try await store.read({ tx in try tx.invoice(delivery.invoiceID) })
            else { continue }
            items.append(InboxItem(delivery: delivery, invoice: invoice, channel: channel, document: try await documents.render(invoice, as: channel.format)))
        }
        return (items, page.count > limit ? page[limit - 1].id : nil)
    }

    /// Acknowledges inbox deliveries: each is done and never comes again. Ids of other buyers' deliveries, or of
    /// deliveries already acknowledged, are answered as such and change nothing.
    /// - Returns: the ids acknowledged now.
    public func acknowledge(_ ids: [String], sirets: [String], at date: Date = Date()) async throws -> [String] {
        guard (1...500).contains(ids.count) else { throw HubError.invalidQuery("acknowledge 1 to 500 deliveries at a time") }
        return try await store.write { tx in
            let pull = Set(try tx.channels(buyerSIRETs: sirets).filter { $0.kind == .pull }.map(\.destination))
            var acknowledged: [String] = []
            for id in ids {
                guard var delivery = try tx.lockDelivery(id), pull.contains(delivery.destination), delivery.state == .pending else { continue }
                delivery.state = .done
                delivery.attempts += 1
                delivery.receipt = "acknowledged"
                delivery.updatedAt = date
                try tx.insert(
                    DeliveryAttempt(
                        deliveryID: id, number: try tx.attempts(of: id).count + 1, startedAt: date, durationMilliseconds: 0,
                        outcome: .delivered, error: nil))
                try tx.update(delivery)
                acknowledged.append(id)
            }
            return acknowledged
        }
    }
}
