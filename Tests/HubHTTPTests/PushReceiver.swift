import Foundation
import HTTPTypes
import Hub
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A buyer's push receiver on a loopback port: records every request it gets (the delivery id, the body, the
/// signature) and answers what the test scripts, by call number.
final class PushReceiver: Sendable {
    /// One request received.
    struct Received: Sendable {
        let deliveryID: String
        let invoiceID: String
        let contentType: String
        let signature: String
        let body: Data
        /// What the receiver answered.
        var status: Int = 200
    }

    /// One answer.
    struct Reply: Sendable {
        var status: HTTPResponse.Status = .ok
        var headers: HTTPFields = [:]
        /// An answer body of this many bytes, streamed in 64 KB chunks (a huge answer).
        var streamedBytes: Int?
        /// Sent between two chunks (a receiver that trickles its answer).
        var chunkDelay: Duration?
        /// The chunks' size.
        var chunkSize = 65_536
    }

    private struct State {
        var received: [Received] = []
        var script: @Sendable (Int) -> Reply = { _ in Reply() }
    }

    private let state = Mutex(State())

    /// What the receiver answers, by call number (1 for the first).
    func answer(_ script: @escaping @Sendable (Int) -> Reply) { state.withLock { $0.script = script } }

    /// Every request, in order.
    var received: [Received] { state.withLock { $0.received } }

    /// Every request, by delivery id.
    var accepted: [String: [Received]] {
        Dictionary(grouping: state.withLock { $0.received }, by: \.deliveryID)
    }

    /// The requests answered 2xx, in the order they came.
    var taken: [Received] { state.withLock { $0.received }.filter { (200..<300).contains($0.status) } }

    /// Serves on a loopback port while `body` runs.
    func run(_ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.post("**") { request, _ in
            let bytes = try await request.body.collect(upTo: 64 * 1024 * 1024)
            let reply = self.state.withLock { state in
                state.received.append(
                    Received(
                        deliveryID: request.headers[HTTPField.Name("Hermine-Delivery")!] ?? "",
                        invoiceID: request.headers[HTTPField.Name("Hermine-Invoice")!] ?? "",
                        contentType: request.headers[.contentType] ?? "",
                        signature: request.headers[HTTPField.Name(ChannelSignature.headerName)!] ?? "",
                        body: Data(bytes.readableBytesView)))
                let reply = state.script(state.received.count)
                state.received[state.received.count - 1].status = Int(reply.status.code)
                return reply
            }
            guard let size = reply.streamedBytes else { return Response(status: reply.status, headers: reply.headers) }
            return Response(
                status: reply.status, headers: reply.headers,
                body: ResponseBody { writer in
                    let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: reply.chunkSize)
                    var written = 0
                    while written < size {
                        if let delay = reply.chunkDelay { try await Task.sleep(for: delay) }
                        try await writer.write(chunk)
                        written += chunk.readableBytes
                    }
                    try await writer.finish(nil)
                })
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) {
            try await app.test(.live) { client in
                try await body(URL(string: "http://127.0.0.1:\(client.port ?? 0)/invoices")!)
            }
        }
    }
}
