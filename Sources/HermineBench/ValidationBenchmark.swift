public import Foundation
public import InvoiceIntake
import InvoiceXML

/// Measures how fast invoices are read and validated, beside libxml2's bare parse of the same bytes.
///
/// Everything runs on the calling thread, so the figures are per core.
public struct ValidationBenchmark: Sendable {
    /// One measured stage.
    public struct Stage: Sendable {
        /// What was measured.
        public let name: String
        /// Invoices processed per second.
        public let invoicesPerSecond: Double
        /// Input megabytes (10^6 bytes) processed per second.
        public let megabytesPerSecond: Double
        /// Wall time per pass over all inputs, in milliseconds (median of the passes).
        public let millisecondsPerPass: Double
    }

    /// The inputs, read once into memory.
    public let inputs: [Data]
    /// How many timed passes over all inputs each stage makes.
    public let passes: Int

    /// Creates a benchmark over `inputs`.
    public init(inputs: [Data], passes: Int = 20) {
        self.inputs = inputs
        self.passes = passes
    }

    /// Runs every stage: libxml2's DOM, Hermine's parse, parse + validate, and parse + map + validate.
    public func run(intake: Intake, extra: [(String, @Sendable (Data) -> Void)] = []) -> [Stage] {
        var stages = [
            measure("libxml2 DOM parse (baseline)") { LibXML2Baseline.parseAndFree($0) },
            measure("Hermine parse") { _ = try? XMLReader.read($0) },
            measure("Hermine parse + validate") { _ = try? intake.validate(xml: $0) },
            measure("Hermine parse + map + validate") { _ = try? intake.take($0) },
        ]
        for (name, work) in extra { stages.append(measure(name, work)) }
        return stages
    }

    /// Times `work` over all inputs: one warm-up pass, then `passes` timed passes; reports the median.
    public func measure(_ name: String, _ work: (Data) -> Void) -> Stage {
        for input in inputs { work(input) }
        let median = Timing.medianSeconds(passes: passes) { for input in inputs { work(input) } }
        let bytes = Double(inputs.reduce(0) { $0 + $1.count })
        return Stage(
            name: name, invoicesPerSecond: Double(inputs.count) / median,
            megabytesPerSecond: bytes / 1e6 / median, millisecondsPerPass: median * 1000)
    }

    /// A table of the stages, with each stage's time relative to the first (the baseline).
    public static func report(_ stages: [Stage], inputCount: Int, bytes: Int) -> String {
        var lines = ["\(inputCount) invoices, \(String(format: "%.2f", Double(bytes) / 1e6)) MB, one core"]
        lines.append("stage                                  invoices/s       MB/s   ms/pass   × baseline")
        let baseline = stages.first?.millisecondsPerPass ?? 1
        for stage in stages {
            lines.append(
                stage.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                    + String(format: "%13.0f %10.1f %9.2f %10.2f", stage.invoicesPerSecond, stage.megabytesPerSecond, stage.millisecondsPerPass, stage.millisecondsPerPass / baseline))
        }
        return lines.joined(separator: "\n")
    }
}
