import Foundation

/// `hermine serve` as its own process (the binary the package builds), for tests that must kill it.
/// Unchecked: its properties are set once in `init`; `kill` and `stop` only signal and wait.
final class HermineProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let output = Pipe()

    /// The `hermine` executable beside the test bundle.
    static var executable: URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent("hermine")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hermine")
    }

    /// Starts `hermine serve --port 0 …arguments` and waits for it to listen.
    init(_ arguments: [String]) throws {
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", "0", "--log-level", "warning"] + arguments
        process.currentDirectoryURL = APIFixtures.root
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var seen = Data()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
            let text = String(decoding: seen, as: UTF8.self)
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last ?? "") ?? 0
                return
            }
        }
        process.terminate()
        throw HermineProcessError.didNotStart(String(decoding: seen, as: UTF8.self))
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, and waits for the graceful stop.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill() } }

    /// Runs another `hermine` command to its end; its exit status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = APIFixtures.root
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

enum HermineProcessError: Error {
    case didNotStart(String)
}
