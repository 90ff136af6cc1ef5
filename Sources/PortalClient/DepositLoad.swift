public import Foundation
public import Hub
public import InvoiceIntake
import Synchronization

/// Deposits one invoice many times through a `NationalPortal`, a number of calls in flight, and measures how
/// fast they go: the figure behind `hermine bench portal` (the client and the portal together; the portal
/// records every copy, and counts them as duplicates).
public struct DepositLoad: Sendable {
    /// How many deposits.
    public let count: Int
    /// How many calls in flight at once.
    public let concurrency: Int

    /// Creates a load.
    public init(count: Int, concurrency: Int) {
        self.count = max(1, count)
        self.concurrency = max(1, concurrency)
    }

    /// What a run measured.
    public struct Report: Sendable, CustomStringConvertible {
        /// Deposits answered with a flow number.
        public let deposited: Int
        /// Failed deposits by `PortalError.code`.
        public let failed: [String: Int]
        /// The run's length.
        public let duration: Duration
        /// Call latencies, sorted.
        let latencies: [Duration]

        /// Deposits per second.
        public var rate: Double { Double(deposited) / max(duration.seconds, 1e-9) }

        /// The latency at `percentile` (0…100).
        public func latency(_ percentile: Double) -> Duration {
            guard !latencies.isEmpty else { return .zero }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * percentile / 100))]
        }

        public var description: String {
            func ms(_ duration: Duration) -> String { String(format: "%.2f ms", duration.seconds * 1000) }
            let failures =
                failed.isEmpty ? "none" : failed.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            return """
                deposits: \(deposited) in \(String(format: "%.1f", duration.seconds)) s; failed: \(failures)
                deposits/s: \(String(format: "%.0f", rate))
                latency: p50 \(ms(latency(50))), p90 \(ms(latency(90))), p99 \(ms(latency(99))), max \(ms(latencies.last ?? .zero))
                """
        }
    }

    /// The deposit of a file as the hub would make it: its syntax and container read by the intake.
    /// - Throws: `IntakeError` when the file is no invoice.
    public static func deposit(of file: Data, named name: String, intake: Intake) throws(IntakeError) -> PortalDeposit {
        let checked = try intake.take(file)
        return PortalDeposit(
            invoiceID: InvoiceID.make(), document: file, fileName: name, syntax: checked.syntax, container: checked.container)
    }

    /// Deposits `deposit` `count` times, `concurrency` at once.
    public func run(_ deposit: PortalDeposit, through portal: any NationalPortal) async -> Report {
        let tickets = Tickets()
        let started = ContinuousClock.now
        let outcomes = await withTaskGroup(of: ([Duration], [String: Int]).self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var latencies: [Duration] = []
                    var failed: [String: Int] = [:]
                    while tickets.take() < count {
                        let begin = ContinuousClock.now
                        do throws(PortalError) {
                            _ = try await portal.deposit(deposit)
                            latencies.append(ContinuousClock.now - begin)
                        } catch {
                            failed[error.code, default: 0] += 1
                        }
                    }
                    return (latencies, failed)
                }
            }
            var all: [([Duration], [String: Int])] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let duration = ContinuousClock.now - started
        let latencies = outcomes.flatMap { $0.0 }.sorted()
        let failed = outcomes.map { $0.1 }.reduce(into: [String: Int]()) { total, part in total.merge(part, uniquingKeysWith: +) }
        return Report(deposited: latencies.count, failed: failed, duration: duration, latencies: latencies)
    }
}

/// Numbers handed out once each, to the workers of a load.
private final class Tickets: Sendable {
    private let next = Atomic<Int>(0)

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
