import Foundation

/// Where the test material lives: the committed fixtures beside this file, and `../shared/corpus/facturx`.
enum FixtureLocation {
    /// The package root (the folder holding Package.swift).
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    /// `Tests/FacturXTests/Fixtures/pdf`, built by `make_fixtures.py`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pdf")

    /// `../shared/corpus/facturx`.
    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/facturx")

    /// The bytes of fixture `name`.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }
}
