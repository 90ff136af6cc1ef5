import Foundation

/// Where the shared conformance material lives: `../shared` beside the package root.
enum CorpusLocation {
    /// The package root (the folder holding Package.swift).
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    /// `../shared/corpus/en16931`.
    static let en16931 = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/en16931")

    /// `../shared/design/en16931-rules/rules.jsonl`.
    static let officialRules = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/design/en16931-rules/rules.jsonl")
}
