import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PortalTestSupport
import Synchronization

/// A tiny portal that answers what the test scripts, to see what the client makes of answers the simulator never
/// gives: garbage, odd statuses, huge bodies, endless pages.
final class ScriptedPortal: Sendable {
    /// One answer.
    struct Reply: Sendable {
        var status: HTTPResponse.Status = .ok
        var headers: HTTPFields = [:]
        var body: String = ""
        /// Sent in chunks without a length (the limit must hold while streaming).
        var streamedBytes: Int?
        /// Waits this long first.
        var delay: Duration?

        static func json(_ body: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Reply {
            var fields = headers
            fields[.contentType] = "application/json"
            return Reply(status: status, headers: fields, body: body)
        }
    }

    private struct State {
        var token = Reply.json(#"{"access_token":"scripted","token_type":"Bearer","expires_in":3600,"scope":"openid"}"#)
        var api: @Sendable (Int) -> Reply = { _ in .json(#"{"codeRetour":0,"libelle":"ok"}"#) }
        var tokenCalls = 0
        var apiCalls = 0
        /// The `Connection` header of every call, in order.
        var connectionHeaders: [String] = []
    }

    private let state = Mutex(State())

    /// What the token endpoint answers.
    func answerTokens(_ reply: Reply) { state.withLock { $0.token = reply } }
    /// What `/cpro/…` answers, by call number (1 for the first).
    func answerAPI(_ reply: @escaping @Sendable (Int) -> Reply) { state.withLock { $0.api = reply } }
    /// What `/cpro/…` answers to every call.
    func answerAPI(_ reply: Reply) { answerAPI { _ in reply } }

    var tokenCalls: Int { state.withLock { $0.tokenCalls } }
    var apiCalls: Int { state.withLock { $0.apiCalls } }
    var connectionHeaders: [String] { state.withLock { $0.connectionHeaders } }

    /// Serves the script on a loopback port while `body` runs.
    func run(_ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.post("api/oauth/token") { request, _ in
            let reply = self.state.withLock { state in
                state.tokenCalls += 1
                state.connectionHeaders.append(request.headers[.connection] ?? "")
                return state.token
            }
            return try await Self.response(reply)
        }
        router.post("cpro/**") { request, _ in
            let reply = self.state.withLock { state in
                state.apiCalls += 1
                state.connectionHeaders.append(request.headers[.connection] ?? "")
                return state.api(state.apiCalls)
            }
            return try await Self.response(reply)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await withTaskExecutorPreference(TestExecutor.shared) {
            try await app.test(.live) { client in
                try await body(URL(string: "http://127.0.0.1:\(client.port ?? 0)")!)
            }
        }
    }

    private static func response(_ reply: Reply) async throws -> Response {
        if let delay = reply.delay { try await Task.sleep(for: delay) }
        if let size = reply.streamedBytes {
            return Response(
                status: reply.status, headers: reply.headers,
                body: ResponseBody { writer in
                    let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 65_536)
                    var written = 0
                    while written < size {
                        try await writer.write(chunk)
                        written += chunk.readableBytes
                    }
                    try await writer.finish(nil)
                })
        }
        return Response(status: reply.status, headers: reply.headers, body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
