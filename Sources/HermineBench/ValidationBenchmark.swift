public import Foundation
public import InvoiceIntake
import InvoiceRules
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

    /// The stages a run can measure, in the order they are run and printed.
    public enum StageKind: String, CaseIterable, Sendable {
        /// libxml2's DOM parse: the yardstick.
        case dom
        /// Hermine's parse into its tree.
        case parse
        /// Parse, then the XML Schema and EN 16931 rules.
        case validate
        /// Parse, bind to the model and validate (`Intake.take`): what a deposit does.
        case take
        /// Parse and one step of `take` alone: the XML Schema, the EN 16931 rules, the binding. Less the parse, each
        /// tells what its step costs.
        case schema, rules, bind

        /// The stages a run measures unless told otherwise.
        public static let standard: [StageKind] = [.dom, .parse, .validate, .take]

        var title: String {
            switch self {
            case .dom: "libxml2 DOM parse (baseline)"
            case .parse: "Hermine parse"
            case .validate: "Hermine parse + validate"
            case .take: "Hermine parse + map + validate"
            case .schema: "Hermine parse + XML Schema"
            case .rules: "Hermine parse + EN 16931 rules"
            case .bind: "Hermine parse + map"
            }
        }
    }

    /// Runs `kinds` (by default the standard stages: libxml2's DOM, Hermine's parse, parse + validate, and
    /// parse + map + validate), then `extra`. Running one stage alone is for profiling it.
    ///
    /// The stages take turns: each pass times one pass of every stage in a row, so that a slow spell of a shared
    /// machine (seconds long, where a pass takes milliseconds) falls on all stages alike rather than on the one
    /// that happened to run then, and the ratios to the baseline hold.
    public func run(intake: Intake, kinds: [StageKind] = StageKind.standard, extra: [(String, @Sendable (Data) -> Void)] = []) -> [Stage] {
        var stages: [(name: String, work: (Data) -> Void)] = []
        for kind in StageKind.allCases where kinds.contains(kind) {
            switch kind {
            case .dom: stages.append((kind.title, { LibXML2Baseline.parseAndFree($0) }))
            case .parse: stages.append((kind.title, { _ = try? XMLReader.read($0) }))
            case .validate: stages.append((kind.title, { _ = try? intake.validate(xml: $0) }))
            case .take: stages.append((kind.title, { _ = try? intake.take($0) }))
            case .schema:
                stages.append((kind.title, { if let parsed = try? intake.parser.parse($0) { _ = intake.validation.schema.check(parsed.tree, as: parsed.syntax) } }))
            case .rules:
                stages.append((kind.title, { if let parsed = try? intake.parser.parse($0) { _ = intake.validation.en16931.rules(for: parsed.syntax).check(parsed.tree) } }))
            case .bind: stages.append((kind.title, { if let parsed = try? intake.parser.parse($0) { _ = try? intake.binder.bind(parsed) } }))
            }
        }
        for (name, work) in extra { stages.append((name, work)) }
        return measure(stages)
    }

    /// Times each stage over all inputs: one warm-up pass of each, then `passes` rounds in which every stage makes
    /// one timed pass in turn; reports each stage's median.
    public func measure(_ stages: [(name: String, work: (Data) -> Void)]) -> [Stage] {
        for stage in stages {
            for input in inputs { stage.work(input) }
        }
        var times = [[Double]](repeating: [], count: stages.count)
        for _ in 0..<max(1, passes) {
            for (index, stage) in stages.enumerated() {
                times[index].append(Timing.seconds { for input in inputs { stage.work(input) } })
            }
        }
        let bytes = Double(inputs.reduce(0) { $0 + $1.count })
        return zip(stages, times).map { stage, times in
            let median = times.sorted()[times.count / 2]
            return Stage(
                name: stage.name, invoicesPerSecond: Double(inputs.count) / median,
                megabytesPerSecond: bytes / 1e6 / median, millisecondsPerPass: median * 1000)
        }
    }

    /// A table of the stages, with each stage's time relative to the first (the baseline when it was run).
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
