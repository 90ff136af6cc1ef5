import Foundation
import HTTPTypes
import Hub
import Hummingbird

/// `/v1/buyers/{siret}/channels…` and `/v1/inbox…`: operators configure each public buyer's channels (push, pull,
/// file drop) and rotate push secrets; a buyer lists its own channels and reads its inbox (pull channels),
/// acknowledging what its software took.
struct ChannelRoutes {
    let services: HubServices

    func register(on group: RouterGroup<HubRequestContext>) {
        group.get("buyers/:siret/channels", use: list)
        group.post("buyers/:siret/channels", use: create)
        group.delete("buyers/:siret/channels/:channel", use: remove)
        group.post("buyers/:siret/channels/:channel/secret", use: rotate)
        group.get("inbox", use: inbox)
        group.post("inbox/ack", use: acknowledge)
    }

    /// The SIRETs a buyer's organisation owns.
    private func sirets(of caller: Principal) -> [String] {
        if case .buyer(let sirets) = caller.scope { return sirets }
        return []
    }

    private func siret(_ context: HubRequestContext) throws(APIError) -> String {
        guard let siret = context.parameters.get("siret"), siret.utf8.count == 14, siret.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw APIError.badRequest(.invalidId, "a buyer's SIRET is 14 digits")
        }
        return siret
    }

    private func channelID(_ context: HubRequestContext) throws(APIError) -> ChannelID {
        guard let id = context.parameters.get("channel"), id.hasPrefix("chn_"), id.utf8.count == 30 else {
            throw APIError.badRequest(.invalidId, "a channel id is chn_ and 26 characters, as the hub gave it")
        }
        return ChannelID(rawValue: id)
    }

    /// A buyer sees the channels of its own SIRETs; operators those of any.
    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        let siret = try siret(context)
        guard caller.role == .operator || (caller.role == .buyer && sirets(of: caller).contains(siret)) else {
            throw APIError.forbidden("a buyer's channels are its own and the operators'")
        }
        try ListQuery.refuseUnknown(request.uri.queryParameters, allowed: [])
        let channels = try await services.channels.list(siret: siret)
        return try JSONResponse.make(ChannelListResource(channels: channels.map { ChannelResource($0, showingSecret: false) }))
    }

    @Sendable func create(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role == .operator else { throw APIError.forbidden("only operators configure buyer channels") }
        let siret = try siret(context)
        let body: ChannelRequestBody = try await JSONBody.decode(
            request, limit: 16 * 1024,
            expecting: "a JSON object with kind (push, pull, file-drop), format (original, ubl, cii, json, csv), and url or folder")
        guard let kind = BuyerChannel.Kind(rawValue: body.kind) else {
            throw APIError(.unprocessableContent, code: .invalidChannel, message: "kind must be push, pull or file-drop, not \(body.kind)")
        }
        guard let format = DeliveryFormat(rawValue: body.format) else {
            throw APIError(
                .unprocessableContent, code: .invalidChannel, message: "format must be original, ubl, cii, json or csv, not \(body.format)")
        }
        let trigger: BuyerChannel.Trigger
        if let text = body.trigger {
            guard let value = BuyerChannel.Trigger(rawValue: text) else {
                throw APIError(.unprocessableContent, code: .invalidChannel, message: "trigger must be accepted or made-available, not \(text)")
            }
            trigger = value
        } else {
            trigger = .accepted
        }
        let channel = try await services.channels.create(
            siret: siret,
            BuyerChannels.Request(kind: kind, format: format, trigger: trigger, serviceCode: body.serviceCode, url: body.url, folder: body.folder))
        return try JSONResponse.make(ChannelResource(channel, showingSecret: true), status: .created)
    }

    @Sendable func remove(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role == .operator else { throw APIError.forbidden("only operators remove buyer channels") }
        try await services.channels.remove(try channelID(context), siret: try siret(context))
        return Response(status: .noContent)
    }

    @Sendable func rotate(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role == .operator else { throw APIError.forbidden("only operators rotate channel secrets") }
        let parameters = request.uri.queryParameters
        try ListQuery.refuseUnknown(parameters, allowed: ["graceSeconds"])
        let grace = try GraceQuery.read(parameters)
        let channel = try await services.channels.rotateSecret(try channelID(context), siret: try siret(context), grace: grace)
        return try JSONResponse.make(ChannelResource(channel, showingSecret: true))
    }

    /// `limit` (1–100, default 20), `cursor` (the last delivery id of the previous page).
    @Sendable func inbox(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role == .buyer else { throw APIError.forbidden("the inbox is a buyer's") }
        let parameters = request.uri.queryParameters
        try ListQuery.refuseUnknown(parameters, allowed: ["limit", "cursor"])
        var limit = 20
        if let text = try ListQuery.single("limit", in: parameters) {
            guard let value = Int(text), (1...100).contains(value) else {
                throw APIError.badRequest(.invalidQuery, "limit must be a whole number from 1 to 100")
            }
            limit = value
        }
        let cursor = try ListQuery.single("cursor", in: parameters)
        if let cursor, !cursor.hasPrefix("dlv_") || cursor.utf8.count > 64 {
            throw APIError.badRequest(.invalidQuery, "the cursor is not one this hub gave")
        }
        let page = try await services.channels.inbox(sirets: sirets(of: caller), after: cursor, limit: limit)
        return try JSONResponse.make(InboxResource(items: page.items.map(InboxItemResource.init), nextCursor: page.next))
    }

    @Sendable func acknowledge(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role == .buyer else { throw APIError.forbidden("the inbox is a buyer's") }
        // 500 ids of 64 characters, each up to four bytes, fit.
        let body: AcknowledgementBody = try await JSONBody.decode(
            request, limit: 256 * 1024, expecting: "a JSON object with deliveries: the ids of the inbox items taken (1 to 500)")
        guard (1...500).contains(body.deliveries.count), body.deliveries.allSatisfy({ $0.unicodeScalars.count <= 64 }) else {
            throw APIError.badRequest(.invalidBody, "deliveries lists 1 to 500 delivery ids")
        }
        let acknowledged = try await services.channels.acknowledge(body.deliveries, sirets: sirets(of: caller))
        return try JSONResponse.make(AcknowledgementResource(acknowledged: acknowledged))
    }
}

/// A request body whose fields are named, so that a null among them is refused (other fields are ignored).
protocol JSONRequestBody: Decodable {
    /// The fields the body reads.
    static var fields: Set<String> { get }
}

/// A JSON request body, read within a limit.
enum JSONBody {
    static func decode<T: JSONRequestBody>(_ request: Request, limit: Int, expecting: String) async throws -> T {
        guard MediaTypeHeader(request.headers[.contentType])?.type == "application/json" else {
            throw APIError(.unsupportedMediaType, code: .unsupportedMediaType, message: "the body is \(expecting) (application/json)")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch {
            throw APIError(.contentTooLarge, code: .tooLarge, message: "the body has at most \(limit / 1024) KB")
        }
        let data = Data(body.readableBytesView)
        // A field the body reads is given or left out, never null: the documented schemas type each of them (JSONDecoder
        // would read a null as left out). Fields it does not read are ignored, whatever they hold.
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let field = object.first(where: { T.fields.contains($0.key) && $0.value is NSNull })
        {
            throw APIError.badRequest(.invalidBody, "\(field.key.prefix(40)) is null: give a value or leave the field out")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw APIError.badRequest(.invalidBody, "the body must be \(expecting)")
        }
    }
}

struct ChannelRequestBody: JSONRequestBody {
    static let fields: Set<String> = ["kind", "format", "trigger", "serviceCode", "url", "folder"]
    let kind: String
    let format: String
    let trigger: String?
    let serviceCode: String?
    let url: String?
    let folder: String?
}

struct AcknowledgementBody: JSONRequestBody {
    static let fields: Set<String> = ["deliveries"]
    let deliveries: [String]
}

/// A buyer channel; its secret only in the answers that create or rotate it.
struct ChannelResource: Encodable {
    let id: String
    let buyerSiret: String
    let serviceCode: String?
    let kind: String
    let format: String
    let trigger: String
    let url: String?
    let folder: String?
    let secret: String?
    let previousSecretValidUntil: String?
    let createdAt: String

    init(_ channel: BuyerChannel, showingSecret: Bool) {
        id = channel.id.rawValue
        buyerSiret = channel.buyerSIRET
        serviceCode = channel.serviceCode
        kind = channel.kind.rawValue
        format = channel.format.rawValue
        trigger = channel.trigger.rawValue
        url = channel.url?.absoluteString
        folder = channel.folder
        secret = showingSecret && channel.kind == .push ? channel.secret : nil
        previousSecretValidUntil = channel.previousSecretUntil.map(Timestamp.string)
        createdAt = Timestamp.string(channel.createdAt)
    }
}

struct ChannelListResource: Encodable {
    let channels: [ChannelResource]
}

/// One invoice of a buyer's inbox, its document in the channel's format (base64).
struct InboxItemResource: Encodable {
    let deliveryId: String
    let channelId: String
    let invoiceId: String
    let number: String?
    let supplier: String?
    let buyerSiret: String?
    let serviceCode: String?
    let format: String
    let mediaType: String
    let document: String

    init(_ item: BuyerChannels.InboxItem) {
        deliveryId = item.delivery.id
        channelId = item.channel.id.rawValue
        invoiceId = item.invoice.id.rawValue
        number = item.invoice.number
        supplier = item.invoice.sellerName
        buyerSiret = item.invoice.buyerSIRET
        serviceCode = item.invoice.buyerReference
        format = item.channel.format.rawValue
        mediaType = item.document.mediaType
        document = item.document.data.base64EncodedString()
    }
}

struct InboxResource: Encodable {
    let items: [InboxItemResource]
    let nextCursor: String?
}

struct AcknowledgementResource: Encodable {
    let acknowledged: [String]
}
