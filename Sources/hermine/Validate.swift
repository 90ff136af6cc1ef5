import ArgumentParser
import Foundation
import InvoiceRules

/// `hermine validate [--json] PATH...`
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check invoices (UBL, CII, Factur-X / ZUGFeRD PDFs) against the EN 16931 rules.",
        discussion: "Exit status: 0 when every file is valid, 1 when any is not, 2 on usage errors.")

    @Flag(name: .long, help: "Print one JSON object per file, one per line.")
    var json = false

    @Argument(help: "Files or folders (folders are searched for .xml files).")
    var paths: [String]

    func run() throws {
        let validator = try InvoiceValidator()
        let files = try InputFiles.expand(paths)
        var allValid = true
        for file in files {
            let outcome = FileValidation.run(file, with: validator)
            allValid = allValid && outcome.valid
            print(json ? outcome.jsonLine() : outcome.humanText())
        }
        if !allValid { throw ExitCode(1) }
    }
}
