import ArgumentParser
import Foundation
import HubServer
import InvoiceIntake

/// `hermine bench console`
struct BenchConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "How fast the web console's heaviest pages answer over a large store (a supplier's 500-invoice list, the dashboard…).",
        discussion: "Fills a SQLite file in a temporary folder with --invoices invoices, then asks each page --samples times over loopback HTTP.")

    @Option(help: "Invoices in the store.") var invoices = 100_000
    @Option(help: "Answers timed per page (after one warm-up).") var samples = 30

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-bench-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let timings = try await ConsoleBenchmark.run(
            invoices: invoices, samples: samples, folder: folder, intake: try Intake(), log: { print($0) })
        print("page                                          median ms    p95 ms    max ms      bytes")
        for timing in timings { print(timing) }
    }
}
