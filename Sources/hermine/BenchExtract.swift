import ArgumentParser
import Foundation
import HermineBench
import InvoiceIntake

/// `hermine bench extract PATH…`
struct BenchExtract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Time the extraction of the invoice from each PDF (median per file) and the peak memory.")

    @Option(help: "Timed extractions per file (the median is reported).")
    var passes = 200

    @Option(help: "Also write one tab-separated line per file (path, bytes, median ms, outcome) to this file.")
    var tsv: String?

    @Argument(help: "PDF files or folders.")
    var paths: [String]

    func run() throws {
        let files = InputFiles.expand(paths).filter { $0.lowercased().hasSuffix(".pdf") }
        guard !files.isEmpty else { throw ValidationError("no .pdf files under \(paths.joined(separator: " "))") }
        let benchmark = ExtractionBenchmark(paths: files, passes: passes)
        let memory = try benchmark.measureMemory()
        let results = try benchmark.run()
        print(ExtractionBenchmark.report(results, memory: memory))
        if let tsv { try ExtractionBenchmark.tabSeparated(results).write(toFile: tsv, atomically: true, encoding: .utf8) }
    }
}
