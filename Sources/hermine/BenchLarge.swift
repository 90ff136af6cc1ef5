import ArgumentParser
import Foundation
import HermineBench
import InvoiceIntake
import InvoiceXML

/// `hermine bench large FILE…`
struct BenchLarge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "large",
        abstract: "Time parse + validate and parse + bind + validate of large invoices, per line, with the peak memory.",
        discussion: """
            The peak memory is the process's high-water mark: run one file per process to read each file's own \
            (scripts/bench-large.sh does). The XML limits are the hub's default, raised to the largest file when it \
            is over them.
            """)

    @Option(help: "Timed runs of each stage per file (the median is reported).")
    var passes = 3

    @Option(help: "The stages to run: both (the default), or parse, validate or take alone (to read each one's peak memory).")
    var stages = LargeInvoiceBenchmark.Stages.both.rawValue

    @Flag(inversion: .prefixedNo, help: "Print the table's heading.")
    var header = true

    @Argument(help: "Invoice files (scripts/generate-large-invoice.py writes them).")
    var files: [String]

    func run() throws {
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? NSNumber)?.intValue ?? 0 }
        let largest = sizes.max() ?? 0
        let limits = largest > XMLLimits.default.maxBytes ? XMLLimits(forDocumentsUpTo: largest) : .default
        let intake = try Intake(limits: limits)
        guard let stages = LargeInvoiceBenchmark.Stages(rawValue: stages) else {
            throw ValidationError("--stages is both, parse, validate or take")
        }
        let benchmark = LargeInvoiceBenchmark(passes: passes, stages: stages)
        if header { print(LargeInvoiceBenchmark.header) }
        for file in files {
            print(LargeInvoiceBenchmark.row(try benchmark.run(file, intake: intake)))
        }
    }
}
