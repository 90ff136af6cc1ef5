public import Foundation
public import InvoiceIntake
import InvoiceModel
import InvoiceRules
import InvoiceXML

#if canImport(Darwin)
    import Darwin
#else
    import Glibc
#endif

/// Times one large invoice through the intake and reads the process's peak memory: what
/// `scripts/bench-large.sh` runs once per size, each in a fresh process, so that each size's peak is its own.
///
/// Everything runs on the calling thread, so the figures are per core.
public struct LargeInvoiceBenchmark: Sendable {
    /// The figures for one file.
    public struct Result: Sendable {
        /// The file as given.
        public let path: String
        /// Its size in bytes.
        public let bytes: Int
        /// Its invoice lines (BG-25).
        public let lines: Int
        /// Whether the invoice is valid (a generated invoice should be: otherwise findings are timed too).
        public let valid: Bool
        /// Median seconds of parse + validate (`Intake.validate(xml:)`).
        public let validateSeconds: Double
        /// Median seconds of parse + bind + validate (`Intake.take`).
        public let takeSeconds: Double
        /// The process's resident-memory high-water mark after the runs, in bytes.
        public let peakResidentBytes: Int
    }

    /// Which stages run: both (the table's figures), or one alone, to read the peak memory it needs by itself.
    public enum Stages: String, Sendable, CaseIterable {
        case both
        /// `XMLReader` alone (reported in the validate column).
        case parse
        case validate
        case take
    }

    /// Timed runs of each stage (the median is reported).
    public let passes: Int
    /// The stages that run.
    public let stages: Stages

    /// Creates the benchmark.
    public init(passes: Int = 3, stages: Stages = .both) {
        self.passes = max(1, passes)
        self.stages = stages
    }

    /// Reads `path` and times both stages on it with `intake`.
    /// - Throws: what reading the file throws, or the intake's refusal when the file is no invoice it takes.
    public func run(_ path: String, intake: Intake) throws -> Result {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var lines = 0
        var valid = false
        var validate = Double.nan
        var take = Double.nan
        switch stages {
        case .parse:
            validate = try Timing.medianSeconds(passes: passes) { valid = try XMLReader.read(data, limits: intake.limits).count > 0 }
        case .validate:
            validate = try Timing.medianSeconds(passes: passes) { valid = try intake.validate(xml: data).valid }
        case .take:
            take = try Timing.medianSeconds(passes: passes) {
                let checked = try intake.take(data)
                (valid, lines) = (checked.report.valid, checked.invoice.lines.count)
            }
        case .both:
            validate = try Timing.medianSeconds(passes: passes) { valid = try intake.validate(xml: data).valid }
            take = try Timing.medianSeconds(passes: passes) { lines = try intake.take(data).invoice.lines.count }
        }
        return Result(
            path: path, bytes: data.count, lines: lines, valid: valid, validateSeconds: validate, takeSeconds: take,
            peakResidentBytes: ProcessMemory.peakResidentBytes())
    }

    /// The table's heading.
    public static let header =
        "file                          lines       MB   valid  validate s   µs/line   take s   µs/line  peak RSS MB  × size"

    /// One row of the table.
    public static func row(_ result: Result) -> String {
        let name = String(result.path.split(separator: "/").last ?? "").suffix(28)
        // The lines are counted by binding (take): without it, no figure per line.
        let lines = result.lines > 0 ? Double(result.lines) : .nan
        let megabytes = Double(result.bytes) / 1e6
        return String(name).padding(toLength: 28, withPad: " ", startingAt: 0)
            + String(format: "%7d %8.1f ", result.lines, megabytes) + (result.valid ? "    yes" : "     NO")
            + String(
                format: " %11.3f %9.2f %8.3f %9.2f %12.1f %7.2f", result.validateSeconds, result.validateSeconds / lines * 1e6,
                result.takeSeconds, result.takeSeconds / lines * 1e6, Double(result.peakResidentBytes) / 1e6,
                Double(result.peakResidentBytes) / Double(max(result.bytes, 1)))
    }
}
