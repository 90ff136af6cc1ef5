public import Foundation

/// The suppliers' webhook subscriptions, as suppliers manage them for their own organisation.
public struct Subscriptions: Sendable {
    /// Where subscriptions are kept.
    public let store: any HubStore
    /// The operator's allow-list of hosts.
    public let policy: ChannelPolicy

    /// Creates the service.
    public init(store: any HubStore, policy: ChannelPolicy) {
        self.store = store
        self.policy = policy
    }

    /// Subscribes `organisationID` to its invoices' events at `url`; the secret is in the answer.
    /// - Throws: `HubError.invalidSubscription` for a URL that is not http(s) or whose host is not allowed, or an
    ///   organisation already holding 10 subscriptions.
    public func create(organisationID: String, url text: String, at date: Date = Date()) async throws -> Subscription {
        guard text.count <= 2000, let url = URL(string: text), url.host != nil else {
            throw HubError.invalidSubscription("url must be an absolute http(s) URL")
        }
        if let refusal = policy.refusal(of: url) { throw HubError.invalidSubscription(refusal) }
        let subscription = Subscription(
            id: SubscriptionID.make(at: date), organisationID: organisationID, url: url, secret: ChannelSignature.newSecret(), createdAt: date)
        try await store.write { tx in
            guard try tx.subscriptions(organisationID: organisationID).count < 10 else {
                throw HubError.invalidSubscription("an organisation has at most 10 subscriptions")
            }
            try tx.insert(subscription)
        }
        return subscription
    }

    /// The organisation's subscriptions.
    public func list(organisationID: String) async throws -> [Subscription] {
        try await store.read { tx in try tx.subscriptions(organisationID: organisationID) }
    }

    /// Deletes a subscription: no new events are owed to it; those pending fail into the operators' queue.
    /// - Throws: `HubError.subscriptionNotFound` (also for another organisation's).
    public func delete(_ id: SubscriptionID, organisationID: String, at date: Date = Date()) async throws {
        try await store.write { tx in
            guard var subscription = try tx.subscription(id), subscription.organisationID == organisationID, subscription.removedAt == nil else {
                throw HubError.subscriptionNotFound(id.rawValue)
            }
            subscription.removedAt = date
            try tx.update(subscription)
        }
    }

    /// Gives a subscription a new secret; the old one keeps signing beside it for `grace`.
    /// - Throws: `HubError.subscriptionNotFound`.
    public func rotateSecret(_ id: SubscriptionID, organisationID: String, grace: Duration = .seconds(24 * 3600), at date: Date = Date())
        async throws -> Subscription
    {
        let secret = ChannelSignature.newSecret()
        return try await store.write { tx in
            guard var subscription = try tx.subscription(id), subscription.organisationID == organisationID, subscription.removedAt == nil else {
                throw HubError.subscriptionNotFound(id.rawValue)
            }
            subscription.rotate(to: secret, at: date, grace: grace)
            try tx.update(subscription)
            return subscription
        }
    }
}
