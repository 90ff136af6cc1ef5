public import Foundation
import TestSupport

/// A `hermine` command that serves (`serve`, `portal-sim`) as its own process (the binary the package builds),
/// for tests that must run several, or kill one. Unchecked: its properties are set once in `init`; `kill` and
/// `stop` only signal and wait.
public final class HermineProcess: @unchecked Sendable {
    let process = Process()
    /// The port it listens on.
    public let port: Int
    /// Where its output goes: a file, so that a long run never blocks on a full pipe.
    public let log: URL

    /// The `hermine` executable beside the test bundle.
    public static var executable: URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent("hermine")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hermine")
    }

    /// Starts `hermine serve --port 0 …arguments` and waits for it to listen; a demo without `--portal-url` runs its
    /// built-in portal simulator on any free port, with its own file in the temporary directory.
    public convenience init(_ arguments: [String]) throws {
        let simulator = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-sim-\(UUID().uuidString).sqlite").path
        try self.init(
            command: ["serve", "--port", "0", "--log-level", "warning", "--portal-sim-port", "0", "--portal-sim-database", simulator]
                + arguments)
    }

    /// Starts `hermine …command` and waits for it to say it listens (`… listening on http://127.0.0.1:PORT`).
    /// - Parameter environment: variables added to this process's (settings, `HERMINE_…`).
    public init(command: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Self.executable
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = ProjectFiles.packageRoot
        log = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-process-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        var text = ""
        while Date() < deadline && process.isRunning {
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last ?? "") ?? 0
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw HermineProcessError.didNotStart((try? String(contentsOf: log, encoding: .utf8)) ?? text)
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    public func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, and waits for the graceful stop.
    public func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// Whether it still runs (it did not crash, nor exit).
    public var isRunning: Bool { process.isRunning }

    /// What it printed so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { kill() }
        try? FileManager.default.removeItem(at: log)
    }

    /// Runs another `hermine` command to its end; its exit status and output.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = ProjectFiles.packageRoot
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Why a process could not be used.
public enum HermineProcessError: Error {
    /// It exited or never said it listens; what it printed.
    case didNotStart(String)
}
