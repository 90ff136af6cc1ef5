import Foundation
import GRDB
import Hub

extension SQLiteTransaction {
    func channel(_ id: ChannelID) throws -> BuyerChannel? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM buyer_channels WHERE id = ?"), arguments: [id.rawValue]).map(Self.channel)
    }

    func channels(buyerSIRETs: [String]) throws -> [BuyerChannel] {
        guard !buyerSIRETs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: buyerSIRETs.count).joined(separator: ", ")
        return try Row.fetchAll(
            db, sql: "SELECT * FROM buyer_channels WHERE removed_at IS NULL AND buyer_siret IN (\(marks)) ORDER BY id",
            arguments: StatementArguments(buyerSIRETs)
        ).map(Self.channel)
    }

    func inbox(_ channels: [ChannelID], after: String?, limit: Int) throws -> [Delivery] {
        guard !channels.isEmpty else { return [] }
        let destinations = channels.map { Destination.channel($0, .pull).rawValue }
        let marks = Array(repeating: "?", count: destinations.count).joined(separator: ", ")
        return try Row.fetchAll(
            db,
            sql: "SELECT * FROM deliveries WHERE state = 'pending' AND destination IN (\(marks)) AND id > ? ORDER BY id LIMIT ?",
            arguments: StatementArguments(destinations) + [after ?? "", limit]
        ).map(Self.delivery)
    }

    func insert(_ channel: BuyerChannel) throws {
        try db.execute(
            sql: """
                INSERT INTO buyer_channels (id, buyer_siret, service_code, kind, format, trigger, url, folder, secret, previous_secret,
                    previous_secret_until, created_at, removed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                channel.id.rawValue, channel.buyerSIRET, channel.serviceCode, channel.kind.rawValue, channel.format.rawValue,
                channel.trigger.rawValue, channel.url?.absoluteString, channel.folder, channel.secret, channel.previousSecret,
                channel.previousSecretUntil?.millisecondsSince1970, channel.createdAt.millisecondsSince1970,
                channel.removedAt?.millisecondsSince1970,
            ])
    }

    func update(_ channel: BuyerChannel) throws {
        try db.execute(
            sql: "UPDATE buyer_channels SET secret = ?, previous_secret = ?, previous_secret_until = ?, removed_at = ? WHERE id = ?",
            arguments: [
                channel.secret, channel.previousSecret, channel.previousSecretUntil?.millisecondsSince1970,
                channel.removedAt?.millisecondsSince1970, channel.id.rawValue,
            ])
    }

    func subscription(_ id: SubscriptionID) throws -> Subscription? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM subscriptions WHERE id = ?"), arguments: [id.rawValue]).map(Self.subscription)
    }

    func subscriptions(organisationID: String) throws -> [Subscription] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM subscriptions WHERE removed_at IS NULL AND organisation_id = ? ORDER BY id"),
            arguments: [organisationID]
        ).map(Self.subscription)
    }

    func delivery(of invoiceID: InvoiceID, to destination: Destination) throws -> Delivery? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM deliveries WHERE invoice_id = ? AND destination = ?"),
            arguments: [invoiceID.rawValue, destination.rawValue]
        ).map(Self.delivery)
    }

    func insert(_ subscription: Subscription) throws {
        try db.execute(
            sql: """
                INSERT INTO subscriptions (id, organisation_id, url, secret, previous_secret, previous_secret_until, created_at, removed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                subscription.id.rawValue, subscription.organisationID, subscription.url.absoluteString, subscription.secret,
                subscription.previousSecret, subscription.previousSecretUntil?.millisecondsSince1970,
                subscription.createdAt.millisecondsSince1970, subscription.removedAt?.millisecondsSince1970,
            ])
    }

    func update(_ subscription: Subscription) throws {
        try db.execute(
            sql: "UPDATE subscriptions SET secret = ?, previous_secret = ?, previous_secret_until = ?, removed_at = ? WHERE id = ?",
            arguments: [
                subscription.secret, subscription.previousSecret, subscription.previousSecretUntil?.millisecondsSince1970,
                subscription.removedAt?.millisecondsSince1970, subscription.id.rawValue,
            ])
    }

    func alertSettings(organisationID: String) throws -> AlertSettings? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM alert_settings WHERE organisation_id = ?"), arguments: [organisationID])
        else { return nil }
        return try AlertSettingsColumns.settings(
            organisationID: organisationID, addresses: row["addresses"], statuses: row["statuses"], language: row["language"],
            updatedAt: row["updated_at"])
    }

    func save(_ settings: AlertSettings) throws {
        let columns = AlertSettingsColumns(settings)
        try db.execute(
            sql: "INSERT OR REPLACE INTO alert_settings (organisation_id, addresses, statuses, language, updated_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [settings.organisationID, columns.addresses, columns.statuses, settings.language.rawValue, settings.updatedAt.millisecondsSince1970])
    }

    static func subscription(_ row: Row) throws -> Subscription {
        let id: String = row["id"]
        guard let url = URL(string: row["url"]) else { throw HubError.storage("subscription \(id) has an unreadable URL") }
        return Subscription(
            id: SubscriptionID(rawValue: id), organisationID: row["organisation_id"], url: url, secret: row["secret"],
            previousSecret: row["previous_secret"], previousSecretUntil: (row["previous_secret_until"] as Int64?).map(Date.init(millisecondsSince1970:)),
            createdAt: Date(millisecondsSince1970: row["created_at"]), removedAt: (row["removed_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }

    static func channel(_ row: Row) throws -> BuyerChannel {
        let id: String = row["id"]
        guard let kind = BuyerChannel.Kind(rawValue: row["kind"]), let format = DeliveryFormat(rawValue: row["format"]),
            let trigger = BuyerChannel.Trigger(rawValue: row["trigger"])
        else { throw HubError.storage("channel \(id) has an unknown kind, format or trigger") }
        return BuyerChannel(
            id: ChannelID(rawValue: id), buyerSIRET: row["buyer_siret"], serviceCode: row["service_code"], kind: kind, format: format,
            trigger: trigger, url: (row["url"] as String?).flatMap { URL(string: $0) }, folder: row["folder"], secret: row["secret"],
            previousSecret: row["previous_secret"], previousSecretUntil: (row["previous_secret_until"] as Int64?).map(Date.init(millisecondsSince1970:)),
            createdAt: Date(millisecondsSince1970: row["created_at"]), removedAt: (row["removed_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
