public import Foundation
import HTTPTypes
import Hub
public import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
import Synchronization
public import UnixSignals

/// `hermine receiver`: what a buyer's accounting system or a supplier's software runs to take the hub's pushes
/// and webhooks, for integration tests and benchmarks: it records every request (delivery id, invoice, event,
/// signature, body) as one JSON line, checks signatures when given the secrets, and fails a share of requests
/// on purpose.
public struct WebhookReceiver: Sendable {
    /// What it does.
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 8090
        /// Where each request is recorded, one JSON object per line (appended); nil: nowhere.
        public var log: String?
        /// Whether the body is recorded (base64) with each request.
        public var recordBodies = true
        /// Share of requests answered 500 (0…1).
        public var failRate = 0.0
        /// Secrets: a request signed with none of them is answered 401. Empty: signatures are not checked.
        public var secrets: [String] = []

        public init() {}
    }

    public let configuration: Configuration
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "hermine.receiver")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until one of `signals` (or cancellation); `onListening` gets the port.
    public func run(gracefulShutdownSignals signals: [UnixSignal] = [], onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let recorder = try Recorder(path: configuration.log)
        let router = Router()
        let configuration = self.configuration
        let counter = Mutex(0)
        router.post("**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 256 * 1024 * 1024)
            let bytes = Data(body.readableBytesView)
            let signature = request.headers[HTTPField.Name(ChannelSignature.headerName)!] ?? ""
            var status = HTTPResponse.Status.ok
            if !configuration.secrets.isEmpty,
                !configuration.secrets.contains(where: { ChannelSignature.verify(header: signature, body: bytes, secret: $0) })
            {
                status = .unauthorized
            } else if configuration.failRate > 0, Double.random(in: 0..<1) < configuration.failRate {
                status = .internalServerError
            }
            let number = counter.withLock { value in
                value += 1
                return value
            }
            var entry: [String: Any] = [
                "n": number, "status": Int(status.code), "path": request.uri.path,
                "deliveryId": request.headers[HTTPField.Name("Hermine-Delivery")!] ?? "",
                "invoiceId": request.headers[HTTPField.Name("Hermine-Invoice")!] ?? "",
                "event": Int(request.headers[HTTPField.Name("Hermine-Event")!] ?? "") ?? 0,
                "signature": signature, "contentType": request.headers[.contentType] ?? "",
                "receivedAt": Date().timeIntervalSince1970, "size": bytes.count,
            ]
            if configuration.recordBodies { entry["body"] = bytes.base64EncodedString() }
            recorder.record(entry)
            return Response(status: status)
        }
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "hermine-receiver"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) }, logger: logger)
        try await ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: app)], gracefulShutdownSignals: signals, logger: logger)
        ).run()
    }

    /// `hermine receiver`: announces `hermine receiver listening on http://…` on standard output once it listens,
    /// and runs until SIGTERM or SIGINT.
    public func runAnnouncing() async throws {
        let host = configuration.host
        try await run(gracefulShutdownSignals: [.sigterm, .sigint]) { port in
            FileHandle.standardOutput.write(Data("hermine receiver listening on http://\(host):\(port)\n".utf8))
        }
    }

    /// Appends one JSON line per request, written at once (a killed receiver keeps every line it answered).
    final class Recorder: Sendable {
        private let handle: Mutex<FileHandle?>

        init(path: String?) throws {
            guard let path else {
                handle = Mutex(nil)
                return
            }
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            file.seekToEndOfFile()
            handle = Mutex(file)
        }

        func record(_ entry: [String: Any]) {
            guard let data = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) else { return }
            handle.withLock { $0?.write(data + Data("\n".utf8)) }
        }
    }
}
