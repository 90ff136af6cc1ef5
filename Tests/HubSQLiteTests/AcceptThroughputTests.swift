import Foundation
import Hub
import HubSQLite
import Testing

/// How many deposits per second the store writes with 16 concurrent writers; prints figures.
/// Runs only with `HUB_BENCH=1` (it takes a few seconds and its figures mean something only in release).
@Suite("SQLite accept throughput", .enabled(if: ProcessInfo.processInfo.environment["HUB_BENCH"] == "1"))
struct AcceptThroughputTests {
    @Test("16 concurrent writers, durable and normal", arguments: SQLiteConfiguration.Durability.allCases)
    func throughput(_ durability: SQLiteConfiguration.Durability) async throws {
        let fixture = try await SQLiteFixture(durability: durability)
        let store = fixture.store
        let perClient = 250
        let clients = 16
        let submissions = (0..<clients).map { client in
            (0..<perClient).map { SQLiteFixture.submission(number: "B-\(client)-\($0)", key: "k-\(client)-\($0)") }
        }
        let cpuStart = processCPUSeconds()
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var latencies: [Duration] = []
                    for submission in submissions[client] {
                        let began = ContinuousClock.now
                        guard case .stored = try await store.accept(submission) else { throw HubError.storage("not stored") }
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
            "accept \(durability.rawValue): \(latencies.count) deposits in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(Double(latencies.count) / seconds))/s; p50 \(ms(latencies[latencies.count / 2])) ms, "
                + "p99 \(ms(latencies[latencies.count * 99 / 100])) ms; "
                + "CPU \(String(format: "%.0f", cpu / Double(latencies.count) * 1e6)) µs per deposit")
        #expect(latencies.count == clients * perClient)
    }
}

/// CPU time this process used so far (all threads), in seconds: a figure other processes do not disturb.
func processCPUSeconds() -> Double {
    var usage = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &usage)
    return Double(usage.tv_sec) + Double(usage.tv_nsec) / 1e9
}
