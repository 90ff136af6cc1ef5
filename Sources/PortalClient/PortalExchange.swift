import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// One POST to the portal (or a buyer's channel) and what came of it, told apart as the hub needs: an answer (status, headers, body
/// within the size limit), or a failure that says whether the whole request had been written before it
/// (`sent`). A request that was not entirely written cannot have been acted on, so its failure is safe to try
/// again; once written, the portal may have acted.
///
/// Built on AsyncHTTPClient's delegate API, which reports the moment the request is written
/// (`didSendRequest`), where its async API does not.
struct PortalExchange: Sendable {
    /// An answer read in full.
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    /// A call that produced no readable answer.
    struct Failure: Error, Sendable {
        /// Whether the request had been written in full.
        let sent: Bool
        /// Whether the answer was over the size limit (then `sent` is true).
        let tooLarge: Bool
        /// What happened, for operators.
        let reason: String
        /// The answer's status, when its head arrived.
        var status: Int? = nil
    }

    let client: HTTPClient
    let timeout: Duration
    let maximumResponseSize: Int

    /// Posts `body` to `url`, on a connection of its own that closes with the call.
    ///
    /// AsyncHTTPClient (1.37) hands a kept-alive connection back to its pool after the call's answer was delivered,
    /// in a later event loop turn. When the pool has dropped the connection in between (the pool shut down, or the
    /// connection closed after an answer that came before the whole request was written, or a call cut short over
    /// its size limit), it traps with "A connection that we don't know was released?" and stops the process.
    /// `Connection: close` makes every call end by closing its connection, which the pool never gets back: the
    /// hub's calls are a few per invoice, so a connection each costs little beside never stopping the hub.
    func post(_ url: URL, headers: HTTPHeaders, body: Data) async -> Result<Answer, Failure> {
        var headers = headers
        headers.replaceOrAdd(name: "Connection", value: "close")
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: .POST, headers: headers, body: .bytes(body))
        } catch {
            return .failure(Failure(sent: false, tooLarge: false, reason: "cannot build the request to \(url.absoluteString): \(error)"))
        }
        let delegate = ExchangeDelegate(limit: maximumResponseSize)
        let task = client.execute(request: request, delegate: delegate, deadline: .now() + .nanoseconds(timeout.nanoseconds))
        do {
            let answer = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            return .success(answer)
        } catch {
            let progress = delegate.progress
            if progress.tooLarge {
                return .failure(
                    Failure(
                        sent: true, tooLarge: true, reason: "the answer is over \(maximumResponseSize) bytes",
                        status: progress.head.map { Int($0.status.code) }))
            }
            return .failure(Failure(sent: progress.sent, tooLarge: false, reason: Self.describe(error)))
        }
    }

    /// A short account of a transport error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }
}

/// Collects the answer within the limit and records how far the request went. Its state is behind a lock: the
/// event loop writes it, the caller reads it once the call ended.
private final class ExchangeDelegate: HTTPClientResponseDelegate {
    typealias Response = PortalExchange.Answer

    struct Progress {
        var sent = false
        var tooLarge = false
        var head: HTTPResponseHead?
        var body = ByteBuffer()
    }

    /// The answer is over the limit.
    struct TooLarge: Error {}

    private let limit: Int
    private let state = Mutex(Progress())

    init(limit: Int) { self.limit = limit }

    var progress: Progress { state.withLock { $0 } }

    func didSendRequest(task: HTTPClient.Task<Response>) {
        state.withLock { $0.sent = true }
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let declared = head.headers.first(name: "content-length").flatMap { Int($0) }
        let tooLarge = declared.map { $0 > limit } ?? false
        state.withLock { state in
            state.head = head
            // An answer means the request reached the portal, even when it answered before reading all of it.
            state.sent = true
            state.tooLarge = tooLarge
        }
        return tooLarge ? task.eventLoop.makeFailedFuture(TooLarge()) : task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let fits = state.withLock { state -> Bool in
            guard state.body.readableBytes + buffer.readableBytes <= limit else {
                state.tooLarge = true
                return false
            }
            state.body.writeImmutableBuffer(buffer)
            return true
        }
        return fits ? task.eventLoop.makeSucceededVoidFuture() : task.eventLoop.makeFailedFuture(TooLarge())
    }

    func didReceiveError(task: HTTPClient.Task<Response>, _ error: any Error) {}

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        let progress = state.withLock { $0 }
        guard let head = progress.head else { throw HTTPClientError.remoteConnectionClosed }
        return PortalExchange.Answer(status: Int(head.status.code), headers: head.headers, body: progress.body)
    }
}
