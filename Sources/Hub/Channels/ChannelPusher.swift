public import Foundation

/// What POSTs a buyer channel's deliveries (and supplier webhooks) over HTTP: implemented at the edge
/// (`ChannelClient`, over AsyncHTTPClient) with timeouts, a response limit, no redirects, and only to the hosts
/// the operator allowed.
public protocol ChannelPusher: Sendable {
    /// POSTs `body` to `url` with `headers`; returns when the receiver answered 2xx.
    /// - Throws: `DeliveryFailure` saying whether the receiver may have the body.
    func push(to url: URL, body: Data, headers: [(name: String, value: String)]) async throws(DeliveryFailure)
}

/// Why an attempt at a delivery did not deliver, and so what comes next.
public enum DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing reached the receiver (no connection): sent again after a back-off.
    case notSent(String)
    /// The receiver could not take it then (5xx, 429, 408): sent again after a back-off, not before `retryAfter`.
    case unavailable(String, retryAfter: Duration?)
    /// The receiver refused it for good (another 4xx, a redirect, an address the operator did not allow): the
    /// delivery fails into the operators' queue.
    case refused(String)
    /// Sent, but no usable answer (a timeout, a dropped connection, an answer too large): it may have arrived;
    /// sent again after a back-off with the same delivery id, which the receiver dedupes on.
    case outcomeUnknown(String)

    public var description: String {
        switch self {
        case .notSent(let reason): "not sent: \(reason)"
        case .unavailable(let reason, _): "unavailable: \(reason)"
        case .refused(let reason): "refused: \(reason)"
        case .outcomeUnknown(let reason): "outcome unknown: \(reason)"
        }
    }

    /// The outcome recorded for the attempt.
    public var outcome: DeliveryAttempt.Outcome {
        switch self {
        case .notSent: .notSent
        case .unavailable: .unavailable
        case .refused: .refused
        case .outcomeUnknown: .outcomeUnknown
        }
    }
}

/// Which hosts and folders a channel may use: the operator's allow-lists (`channels.allowedHosts`,
/// `channels.dropFolders`). A push to any other host is refused when the channel is configured and again when it
/// is sent (the settings may have changed since); a file drop outside the folders likewise.
public struct ChannelPolicy: Sendable, Hashable {
    /// Host names or IP addresses, exactly (case-insensitive); `*` allows any host.
    public var allowedHosts: [String]
    /// Folders under which file drops may write (absolute paths); empty: none.
    public var dropFolders: [String]

    /// Creates a policy.
    public init(allowedHosts: [String] = ["127.0.0.1", "localhost", "::1"], dropFolders: [String] = []) {
        self.allowedHosts = allowedHosts
        self.dropFolders = dropFolders
    }

    /// Why `url` may not be pushed to; nil when it may.
    public func refusal(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "\(url.absoluteString): only http and https URLs are pushed to"
        }
        guard let host = url.host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else {
            return "\(url.absoluteString) has no host"
        }
        guard url.user == nil, url.password == nil else { return "\(url.absoluteString): credentials do not belong in the URL" }
        if allowedHosts.contains("*") || allowedHosts.contains(where: { $0.lowercased() == host }) { return nil }
        return "\(host) is not among the hosts the operator allowed (channels.allowedHosts)"
    }

    /// Why `folder` may not be dropped into; nil when it may.
    public func refusal(ofFolder folder: String) -> String? {
        let path = (folder as NSString).standardizingPath
        guard path.hasPrefix("/") else { return "\(folder): the folder must be an absolute path" }
        for allowed in dropFolders {
            let root = (allowed as NSString).standardizingPath
            if path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") { return nil }
        }
        return "\(folder) is not under a folder the operator allowed (channels.dropFolders)"
    }
}
