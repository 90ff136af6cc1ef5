import ArgumentParser
import Foundation
import InvoiceIntake
import InvoiceMapping

/// `hermine convert FILE --to ubl|cii|json [-o OUT]`
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert an invoice between UBL and CII, or show it as EN 16931 business terms in JSON.",
        discussion: """
            UBL output is an Invoice or a CreditNote depending on the invoice type code (BT-3). Output is valid against the \
            target syntax's XML Schema: what it cannot carry (a second preceding invoice in CII, say) is left out and \
            named on standard error.
            """)

    @Argument(help: "The invoice to convert (UBL Invoice, UBL CreditNote, CII, or a Factur-X / ZUGFeRD PDF carrying one).")
    var file: String

    @Option(name: .long, help: "Target: ubl, cii or json.")
    var to: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the result (standard output when absent).")
    var output: String?

    func run() throws {
        guard let target = InvoiceConversion.Target(to) else { throw ValidationError("--to must be ubl, cii or json, not \(to)") }
        let intake = try Intake()
        let invoice = try intake.read(try Data(contentsOf: URL(fileURLWithPath: file)))
        let result = try InvoiceConversion.write(invoice, as: target, with: intake.binder.mapper)
        // What the target syntax cannot carry is said on standard error, never written invalid.
        for note in result.notes { FileHandle.standardError.write(Data("note: \(note.english)\n".utf8)) }
        if let output {
            try result.data.write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(result.data)
        }
    }
}
