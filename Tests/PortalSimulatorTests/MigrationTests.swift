import Foundation
import Hub
import PortalSimulator
import Testing

/// The simulator's migrations are append-only: once shipped, a migration's text never changes.
@Suite("Portal simulator: migrations")
struct MigrationTests {
    /// `name <TAB> SHA-256`, one line per shipped migration.
    static let pinned = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("shipped-migrations.tsv")

    @Test("every shipped migration has the SHA-256 pinned when it shipped, and every pinned one still ships")
    func pinnedChecksums() throws {
        let current = PortalSimulator.migrations.map { "\($0.name)\t\(SHA256Hex.digest($0.sql))" }
        var lines = try String(contentsOf: Self.pinned, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map(String.init)
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            // New migrations are added; a pinned line is never rewritten.
            lines += current.filter { !lines.contains($0) }
            try Data(
                (["# migration\tSHA-256 of its SQL (append-only: a shipped migration is never edited)"] + lines)
                    .joined(separator: "\n").appending("\n").utf8
            ).write(to: Self.pinned)
        }
        for line in current {
            #expect(lines.contains(line), "\(line) is not pinned: a shipped migration was edited, or RECORD=1 a new one")
        }
        for line in lines { #expect(current.contains(line), "\(line) is pinned but no longer shipped") }
        #expect(Set(PortalSimulator.migrations.map(\.name)).count == PortalSimulator.migrations.count, "migration names are unique")
    }
}
