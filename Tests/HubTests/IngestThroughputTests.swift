import Foundation
import Hub
import Testing

/// Deposits per second through the whole domain (validation, Chorus Pro rules, JSON, store) with 16
/// concurrent depositors; prints figures. Runs only with `HUB_BENCH=1`; meaningful only in release.
@Suite("Ingest throughput", .enabled(if: ProcessInfo.processInfo.environment["HUB_BENCH"] == "1"))
struct IngestThroughputTests {
    @Test("16 concurrent depositors, durable SQLite")
    func throughput() async throws {
        let harness = try await HubFixtures.demoStore(.sqlite)
        let ingestion = HubFixtures.ingestion(harness.store)
        let clients = 16
        let perClient = 150
        let inputs = try (0..<clients).map { client in
            try (0..<perClient).map { index in
                try HubFixtures.edited(
                    HubFixtures.kerbratInvoice, [("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>FA-B\(client)-\(index)</cbc:ID>")])
            }
        }
        let cpuStart = processCPUSeconds()
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var latencies: [Duration] = []
                    for (index, bytes) in inputs[client].enumerated() {
                        let began = ContinuousClock.now
                        let outcome = try await ingestion.ingest(bytes, from: HubFixtures.kerbrat, idempotencyKey: "\(client)-\(index)")
                        guard outcome.code == "accepted" else { throw HubError.storage(outcome.code) }
                        latencies.append(ContinuousClock.now - began)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }
        }.sorted()
        let elapsed = ContinuousClock.now - start
        let cpu = processCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        func ms(_ d: Duration) -> String {
            String(format: "%.2f", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        print(
            "ingest: \(latencies.count) deposits in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(Double(latencies.count) / seconds))/s; p50 \(ms(latencies[latencies.count / 2])) ms, "
                + "p99 \(ms(latencies[latencies.count * 99 / 100])) ms; "
                + "CPU \(String(format: "%.0f", cpu / Double(latencies.count) * 1e6)) µs per deposit")
        #expect(try await AuditLog(store: harness.store).verify().passed)
    }
}

/// CPU time this process used so far (all threads), in seconds: a figure other processes do not disturb.
func processCPUSeconds() -> Double {
    var usage = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &usage)
    return Double(usage.tv_sec) + Double(usage.tv_nsec) / 1e9
}
