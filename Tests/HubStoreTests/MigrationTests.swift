import Foundation
import Hub
import HubPostgres
import HubSQLite
import HubTestSupport
import Testing

/// Migrations are append-only: once shipped, a migration's text never changes.
@Suite("Migrations")
struct MigrationTests {
    /// `store <TAB> name <TAB> SHA-256`, one line per shipped migration.
    static let pinned = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("shipped-migrations.tsv")

    static var shipped: [(store: String, name: String, sha256: String)] {
        SQLiteHubStore.migrations.map { ("sqlite", $0.name, SHA256Hex.digest($0.sql)) }
            + PostgresHubStore.migrations.map { ("postgres", $0.name, SHA256Hex.digest($0.sql)) }
    }

    @Test("every shipped migration has the SHA-256 pinned when it shipped, and every pinned one still ships")
    func pinnedChecksums() throws {
        let text = try String(contentsOf: Self.pinned, encoding: .utf8)
        let pinned = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        var lines = pinned.map { $0.joined(separator: "\t") }
        let current = Self.shipped.map { "\($0.store)\t\($0.name)\t\($0.sha256)" }
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            // New migrations are added; a pinned line is never rewritten.
            lines += current.filter { !lines.contains($0) }
            try Data((["# store\tmigration\tSHA-256 of its SQL (append-only: a shipped migration is never edited)"] + lines)
                .joined(separator: "\n").appending("\n").utf8).write(to: Self.pinned)
        }
        for line in current { #expect(lines.contains(line), "\(line) is not pinned: a shipped migration was edited, or RECORD=1 a new one") }
        for line in lines { #expect(current.contains(line), "\(line) is pinned but no longer shipped") }
        #expect(Set(Self.shipped.map { "\($0.store) \($0.name)" }).count == Self.shipped.count, "migration names are unique")
    }
}
