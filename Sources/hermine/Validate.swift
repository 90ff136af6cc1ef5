import ArgumentParser
import Foundation
import InvoiceIntake

/// `hermine validate [--json] PATH...`
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check invoices (UBL, CII, Factur-X / ZUGFeRD PDFs) against the EN 16931 rules.",
        discussion: "Exit status: 0 when every file is valid, 1 when any is not, 2 on usage errors.")

    @Flag(name: .long, help: "Print one JSON object per file, one per line.")
    var json = false

    @Argument(help: "Files or folders (folders are searched for .xml and .pdf files).")
    var paths: [String]

    func run() throws {
        let intake = try Intake()
        var allValid = true
        for file in InputFiles.expand(paths) {
            let outcome = FileValidation.run(file, with: intake)
            allValid = allValid && outcome.valid
            print(json ? try outcome.jsonLine() : outcome.humanText())
        }
        if !allValid { throw ExitCode(1) }
    }
}
