import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PortalSimulator
import PortalTestSupport
import TestSupport
import Testing

/// The simulator's file outlives it, and `hermine portal-sim` runs it as a process of its own.
@Suite("Portal simulator: restart and process")
struct RestartTests {
    @Test("after a restart on the same file, flows, invoices, statuses and stats are there, and numbering goes on")
    func restart() async throws {
        let database = RunningSimulator.temporaryDatabase()
        let configuration = RunningSimulator.configuration(database: database)
        let before = try await firstRun(configuration)
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            #expect(try await client.stats() == before.stats)
            let report = try await client.report(before.flow).json
            #expect(report["etatCourantDepotFlux"] as? String == "IN_INTEGRE")
            #expect(try await client.statuses(before.invoice) == ["MISE_A_DISPOSITION", "DEPOSEE"])
            let next = try await client.depositFlow(try PortalFixtures.kerbratInvoice(number: "FA-2026-0301"))
            #expect(next > before.flow)
            #expect(try await client.stats()["flows"] == 2)
        }
    }

    private func firstRun(_ configuration: PortalSimulatorConfiguration) async throws -> (flow: String, invoice: Int, stats: [String: Int])
    {
        let outcome = Outcome()
        try await RunningSimulator.with(configuration) { running in
            let client = SimulatorClient(running)
            let flow = try await client.depositFlow(try PortalFixtures.kerbratInvoice())
            _ = try await client.processedReport(flow)
            let invoice = try await client.invoiceID(flow: flow)
            #expect(try await client.setStatus(invoice, "MISE_A_DISPOSITION").status == 200)
            await outcome.set((flow, invoice, try await client.stats()))
        }
        return try #require(await outcome.value)
    }

    private actor Outcome {
        var value: (flow: String, invoice: Int, stats: [String: Int])?
        func set(_ value: (flow: String, invoice: Int, stats: [String: Int])) { self.value = value }
    }

    @Test("hermine portal-sim listens, answers, and stops on SIGTERM")
    func process() async throws {
        let process = Process()
        process.executableURL = Self.hermine
        let database = RunningSimulator.temporaryDatabase()
        process.arguments = ["portal-sim", "--port", "0", "--database", database, "--log-level", "warning", "--fail-rate", "0"]
        process.currentDirectoryURL = ProjectFiles.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var seen = Data()
        var port: Int?
        let deadline = Date().addingTimeInterval(60)
        while port == nil, Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
            let text = String(decoding: seen, as: UTF8.self)
            if let match = text.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:([0-9]+)/) { port = Int(match.1) }
        }
        let bound = try #require(port, "hermine portal-sim did not start: \(String(decoding: seen, as: UTF8.self))")
        #expect(!String(decoding: seen, as: UTF8.self).contains("hermine-demo-secret"))
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(bound)/simulator/stats"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        #expect(String(buffer: body) == #"{"flows":0,"invoices":0,"duplicateInvoices":0,"rejectedFlows":0,"faults":{"failed":0,"delayed":0,"dropped":0,"refusedInOutage":0}}"#)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: database))
    }

    /// The `hermine` executable the package builds, beside the test bundle.
    static var hermine: URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent("hermine")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hermine")
    }
}
