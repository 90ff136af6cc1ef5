public import Foundation
import TestSupport

/// `scripts/smtp_sink.py` (aiosmtpd) as a process on a loopback port for the length of a test: STARTTLS and AUTH
/// required, each message it accepts written to a folder.
public final class SMTPSink: Sendable {
    public let port: Int
    public let certificate: String
    public let folder: URL
    public let password = "hermine-smtp-secret"
    private let process: Process

    /// Starts the sink; `failEvery` answers every Nth message 451.
    public init(failEvery: Int = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-mail-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", ProjectFiles.packageRoot.appendingPathComponent("scripts/smtp_sink.py").path, folder.path, "--password", password,
            "--fail-every", String(failEvery),
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The first line says where it listens: `listening on PORT CERTFILE`.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let fields = String(decoding: line, as: UTF8.self).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 4, fields[0] == "listening", let port = Int(fields[2]) else {
            kill(process.processIdentifier, SIGKILL)
            throw SinkError.notStarted(String(decoding: line, as: UTF8.self))
        }
        self.port = port
        certificate = fields[3]
    }

    /// The messages received, in order: recipients and the message's text.
    public var messages: [(recipients: [String], text: String)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return names.map { name in
            let base = folder.appendingPathComponent(String(name.dropLast(4)))
            let recipients = (try? String(contentsOf: base.appendingPathExtension("rcpt"), encoding: .utf8))?
                .split(separator: "\n").map(String.init) ?? []
            let text = (try? String(contentsOf: base.appendingPathExtension("eml"), encoding: .utf8)) ?? ""
            return (recipients, text)
        }
    }

    /// A message's subject, its RFC 2047 encoded word decoded.
    public static func subject(of text: String) -> String? {
        guard let line = text.split(separator: "\r\n").first(where: { $0.hasPrefix("Subject: ") }) else { return nil }
        let value = line.dropFirst("Subject: ".count)
        guard value.hasPrefix("=?UTF-8?B?"), value.hasSuffix("?=") else { return String(value) }
        return Data(base64Encoded: String(value.dropFirst(10).dropLast(2))).map { String(decoding: $0, as: UTF8.self) }
    }

    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    public enum SinkError: Error { case notStarted(String) }
}
