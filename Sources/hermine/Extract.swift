import ArgumentParser
import FacturX
import Foundation

/// `hermine extract FILE.pdf [-o invoice.xml] [--json]`
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a Factur-X / ZUGFeRD PDF holds and extract its invoice XML.",
        discussion: "Exit status: 0 when the PDF carries an invoice, 1 when it does not or cannot be read, 2 on usage errors.")

    @Option(name: .shortAndLong, help: "Write the invoice attachment, byte for byte, to this file.")
    var output: String?

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    @Argument(help: "The PDF file.")
    var file: String

    func run() throws {
        let report = ExtractionReport.run(file)
        print(json ? report.jsonLine() : report.humanText())
        guard let invoice = report.container?.invoice else { throw ExitCode(1) }
        if let output {
            try (invoice.attachment.bytes ?? invoice.xml).write(to: URL(fileURLWithPath: output))
        }
    }
}
