import Foundation
import Hub
import PostgresNIO

extension PostgresTransaction {
    func channel(_ id: ChannelID) throws -> BuyerChannel? {
        try rows("SELECT * FROM buyer_channels WHERE id = \(id.rawValue)").first.map(Self.channel)
    }

    func channels(buyerSIRETs: [String]) throws -> [BuyerChannel] {
        guard !buyerSIRETs.isEmpty else { return [] }
        return try rows("SELECT * FROM buyer_channels WHERE removed_at IS NULL AND buyer_siret = ANY(\(buyerSIRETs)) ORDER BY id")
            .map(Self.channel)
    }

    func inbox(_ channels: [ChannelID], after: String?, limit: Int) throws -> [Delivery] {
        guard !channels.isEmpty else { return [] }
        let destinations = channels.map { Destination.channel($0, .pull).rawValue }
        return try rows(
            """
            SELECT * FROM deliveries WHERE state = 'pending' AND destination = ANY(\(destinations)) AND id > \(after ?? "")
            ORDER BY id LIMIT \(limit)
            """
        ).map(Self.delivery)
    }

    func insert(_ channel: BuyerChannel) throws {
        execute(
            """
            INSERT INTO buyer_channels (id, buyer_siret, service_code, kind, format, trigger, url, folder, secret, previous_secret,
                previous_secret_until, created_at, removed_at)
            VALUES (\(channel.id.rawValue), \(channel.buyerSIRET), \(channel.serviceCode), \(channel.kind.rawValue),
                \(channel.format.rawValue), \(channel.trigger.rawValue), \(channel.url?.absoluteString), \(channel.folder),
                \(channel.secret), \(channel.previousSecret), \(channel.previousSecretUntil?.millisecondsSince1970),
                \(channel.createdAt.millisecondsSince1970), \(channel.removedAt?.millisecondsSince1970))
            """)
    }

    func update(_ channel: BuyerChannel) throws {
        execute(
            """
            UPDATE buyer_channels SET secret = \(channel.secret), previous_secret = \(channel.previousSecret),
                previous_secret_until = \(channel.previousSecretUntil?.millisecondsSince1970),
                removed_at = \(channel.removedAt?.millisecondsSince1970)
            WHERE id = \(channel.id.rawValue)
            """)
    }

    func subscription(_ id: SubscriptionID) throws -> Subscription? {
        try rows("SELECT * FROM subscriptions WHERE id = \(id.rawValue)").first.map(Self.subscription)
    }

    func subscriptions(organisationID: String) throws -> [Subscription] {
        try rows("SELECT * FROM subscriptions WHERE removed_at IS NULL AND organisation_id = \(organisationID) ORDER BY id").map(Self.subscription)
    }

    func delivery(of invoiceID: InvoiceID, to destination: Destination) throws -> Delivery? {
        try rows("SELECT * FROM deliveries WHERE invoice_id = \(invoiceID.rawValue) AND destination = \(destination.rawValue)")
            .first.map(Self.delivery)
    }

    func insert(_ subscription: Subscription) throws {
        execute(
            """
            INSERT INTO subscriptions (id, organisation_id, url, secret, previous_secret, previous_secret_until, created_at, removed_at)
            VALUES (\(subscription.id.rawValue), \(subscription.organisationID), \(subscription.url.absoluteString), \(subscription.secret),
                \(subscription.previousSecret), \(subscription.previousSecretUntil?.millisecondsSince1970),
                \(subscription.createdAt.millisecondsSince1970), \(subscription.removedAt?.millisecondsSince1970))
            """)
    }

    func update(_ subscription: Subscription) throws {
        execute(
            """
            UPDATE subscriptions SET secret = \(subscription.secret), previous_secret = \(subscription.previousSecret),
                previous_secret_until = \(subscription.previousSecretUntil?.millisecondsSince1970),
                removed_at = \(subscription.removedAt?.millisecondsSince1970)
            WHERE id = \(subscription.id.rawValue)
            """)
    }

    func alertSettings(organisationID: String) throws -> AlertSettings? {
        guard let row = try rows("SELECT * FROM alert_settings WHERE organisation_id = \(organisationID)").first else { return nil }
        return try AlertSettingsColumns.settings(
            organisationID: organisationID, addresses: try row["addresses"].decode(String.self), statuses: try row["statuses"].decode(String.self),
            language: try row["language"].decode(String.self), updatedAt: try row["updated_at"].decode(Int64.self))
    }

    func save(_ settings: AlertSettings) throws {
        let columns = AlertSettingsColumns(settings)
        execute(
            """
            INSERT INTO alert_settings (organisation_id, addresses, statuses, language, updated_at)
            VALUES (\(settings.organisationID), \(columns.addresses), \(columns.statuses), \(settings.language.rawValue),
                \(settings.updatedAt.millisecondsSince1970))
            ON CONFLICT (organisation_id) DO UPDATE SET addresses = excluded.addresses, statuses = excluded.statuses,
                language = excluded.language, updated_at = excluded.updated_at
            """)
    }

    static func subscription(_ row: PostgresRandomAccessRow) throws -> Subscription {
        let id = try row["id"].decode(String.self)
        guard let url = URL(string: try row["url"].decode(String.self)) else { throw HubError.storage("subscription \(id) has an unreadable URL") }
        return Subscription(
            id: SubscriptionID(rawValue: id), organisationID: try row["organisation_id"].decode(String.self), url: url,
            secret: try row["secret"].decode(String.self), previousSecret: try row["previous_secret"].decode(String?.self),
            previousSecretUntil: try row["previous_secret_until"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)),
            createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
            removedAt: try row["removed_at"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)))
    }

    static func channel(_ row: PostgresRandomAccessRow) throws -> BuyerChannel {
        let id = try row["id"].decode(String.self)
        guard let kind = BuyerChannel.Kind(rawValue: try row["kind"].decode(String.self)),
            let format = DeliveryFormat(rawValue: try row["format"].decode(String.self)),
            let trigger = BuyerChannel.Trigger(rawValue: try row["trigger"].decode(String.self))
        else { throw HubError.storage("channel \(id) has an unknown kind, format or trigger") }
        return BuyerChannel(
            id: ChannelID(rawValue: id), buyerSIRET: try row["buyer_siret"].decode(String.self),
            serviceCode: try row["service_code"].decode(String?.self), kind: kind, format: format, trigger: trigger,
            url: try row["url"].decode(String?.self).flatMap { URL(string: $0) }, folder: try row["folder"].decode(String?.self),
            secret: try row["secret"].decode(String.self), previousSecret: try row["previous_secret"].decode(String?.self),
            previousSecretUntil: try row["previous_secret_until"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)),
            createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
            removedAt: try row["removed_at"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)))
    }
}
