import ArgumentParser
import Foundation
import HermineBench
import InvoiceIntake

/// `hermine bench …`: benchmarks that print figures (build with `-c release`).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Hermine's speed (use a release build).",
        subcommands: [BenchValidate.self, BenchLarge.self, BenchExtract.self, BenchPortal.self, BenchConsole.self])
}

/// `hermine bench validate PATH…`
struct BenchValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Invoices per second and MB/s for libxml2's parse, Hermine's parse, and parse + validate.")

    @Option(help: "Timed rounds; each times one pass over all inputs of every stage in turn (the median is reported).")
    var passes = 20

    @Option(
        name: .customLong("stage"),
        help: "Run only this stage (dom, parse, validate, take; or schema, rules, bind: parse and that step alone); repeat for several. Default: dom, parse, validate, take.")
    var stages: [String] = []

    @Argument(help: "Invoice files or folders.")
    var paths: [String]

    func run() throws {
        let files = InputFiles.expand(paths).filter { $0.lowercased().hasSuffix(".xml") }
        let inputs = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        guard !inputs.isEmpty else { throw ValidationError("no .xml files under \(paths.joined(separator: " "))") }
        let benchmark = ValidationBenchmark(inputs: inputs, passes: passes)
        let kinds = try stages.map { name in
            guard let kind = ValidationBenchmark.StageKind(rawValue: name) else { throw ValidationError("unknown stage \(name): dom, parse, validate, take, schema, rules or bind") }
            return kind
        }
        let measured = benchmark.run(intake: try Intake(), kinds: kinds.isEmpty ? ValidationBenchmark.StageKind.standard : kinds)
        print(ValidationBenchmark.report(measured, inputCount: inputs.count, bytes: inputs.reduce(0) { $0 + $1.count }))
    }
}
