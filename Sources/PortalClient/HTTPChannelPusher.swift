import AsyncHTTPClient
public import Foundation
public import Hub
import NIOCore
import NIOHTTP1

/// POSTs buyer channel deliveries and supplier webhooks (`ChannelPusher`) over AsyncHTTPClient: a deadline on the
/// whole exchange (a receiver that trickles its answer is cut off), at most `maximumResponseSize` bytes of answer
/// read, no redirect followed, a refused connection failing at once (the hub's retry policy decides when to try
/// again). The worker has checked the host against the operator's allow-list before calling.
///
/// | receiver's answer | outcome |
/// |---|---|
/// | 2xx (even with an answer over the limit) | delivered |
/// | 408, 425, 429, 5xx | `unavailable` (not before `Retry-After`) |
/// | 3xx | `refused`: a redirect is not followed |
/// | other 4xx | `refused` |
/// | no connection | `notSent` |
/// | a timeout or a dropped connection once the request was written, an answer over the limit that is not 2xx | `outcomeUnknown` |
public final class HTTPChannelPusher: ChannelPusher {
    private let http: HTTPClient
    private let exchange: PortalExchange

    /// Creates the pusher.
    public init(
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30), maximumResponseSize: Int = 64 * 1024,
        maximumConnectionsPerHost: Int = 16
    ) {
        var settings = HTTPClient.Configuration()
        settings.redirectConfiguration = .disallow
        settings.timeout = .init(connect: .nanoseconds(connectTimeout.nanoseconds), read: .nanoseconds(requestTimeout.nanoseconds))
        settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maximumConnectionsPerHost)
        settings.connectionPool.retryConnectionEstablishment = false
        settings.decompression = .disabled
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        exchange = PortalExchange(client: http, timeout: requestTimeout, maximumResponseSize: maximumResponseSize)
    }

    /// Closes its connections.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    public func push(to url: URL, body: Data, headers: [(name: String, value: String)]) async throws(DeliveryFailure) {
        var fields = HTTPHeaders()
        for header in headers { fields.add(name: header.name, value: header.value) }
        fields.replaceOrAdd(name: "User-Agent", value: "Hermine")
        switch await exchange.post(url, headers: fields, body: body) {
        case .success(let answer):
            try Self.judge(status: answer.status, headers: answer.headers, url: url)
        case .failure(let failure):
            if failure.tooLarge, let status = failure.status, (200..<300).contains(status) { return }
            guard failure.sent else { throw .notSent("\(url.host ?? ""): \(failure.reason)") }
            throw .outcomeUnknown("\(url.host ?? ""): \(failure.reason)")
        }
    }

    /// What an answer's status means.
    static func judge(status: Int, headers: HTTPHeaders, url: URL) throws(DeliveryFailure) {
        let host = url.host ?? ""
        switch status {
        case 200..<300: return
        case 300..<400:
            throw .refused("\(host) answered HTTP \(status), a redirect to \(headers.first(name: "location") ?? "nowhere"), not followed")
        case 408, 425, 429, 500..<600: throw .unavailable("\(host) answered HTTP \(status)", retryAfter: RetryAfter.parse(headers))
        default: throw .refused("\(host) answered HTTP \(status)")
        }
    }
}
