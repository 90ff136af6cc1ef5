public import Foundation

/// Where the tests find the project's files and the shared material beside it.
public enum ProjectFiles {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    /// The project's `fixtures/`.
    public static let fixtures = packageRoot.appendingPathComponent("fixtures")

    /// `../shared/corpus/en16931`.
    public static let en16931 = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/en16931")

    /// `../shared/corpus/schema`: single-change mutants with the verdicts of a schema validator and the schematron.
    public static let schemaMutants = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/schema")

    /// `../shared/design/xsd`: the XML Schemas of both syntaxes.
    public static let xsd = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/design/xsd")

    /// `../shared/design/en16931-rules/rules.jsonl`.
    public static let officialRules = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/design/en16931-rules/rules.jsonl")

    /// A file's text with replacements made; each must occur (a test that edits nothing proves nothing).
    public static func edited(_ file: URL, _ replacements: [(String, String)]) throws -> Data {
        var text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        for (old, new) in replacements {
            precondition(text.contains(old), "\(file.lastPathComponent) does not contain \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return Data(text.utf8)
    }
}
