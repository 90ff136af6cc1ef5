import Foundation
import Hub
import InvoiceModel
import Testing

@Suite("Chorus Pro status table")
struct PortalStatusMapTests {
    /// A table in a temporary file.
    func table(_ rows: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("statuses-\(UUID().uuidString).tsv")
        try Data(("# a test table\nstatus\tlifecycle\tfinal\twhy\n" + rows).utf8).write(to: file)
        return file
    }

    @Test("the project's table maps the portal's states as the issue lists them, final where nothing more can change")
    func standard() throws {
        let map = try PortalStatusMap.standard()
        let expected: [(String, InvoiceStatus?, Bool)] = [
            ("IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP", nil, false), ("IN_INTEGRE", .issued, false),
            ("IN_REJETE", .rejected, true), ("DEPOSEE", nil, false), ("MISE_A_DISPOSITION", .madeAvailable, false),
            ("SERVICE_FAIT", .approved, false), ("MANDATEE", .approved, false), ("REJETEE", .refused, true),
            ("SUSPENDUE", .suspended, false), ("MISE_EN_PAIEMENT", .paymentSent, true), ("A_RECYCLER", .rejected, true),
        ]
        for (status, lifecycle, final) in expected {
            let row = try #require(map[status], "\(status) has a row")
            #expect(row.lifecycle == lifecycle, "\(status)")
            #expect(row.final == final, "\(status)")
        }
        #expect(map["STATUT_INVENTE"] == nil)
        // Every non-final row leads somewhere the lifecycle can still leave: a final portal status is the only way
        // the hub stops asking.
        for (status, row) in map.rows where !row.final {
            if let lifecycle = row.lifecycle { #expect(!(Lifecycle.allowedNext[lifecycle] ?? []).isEmpty, "\(status)") }
        }
    }

    @Test(
        "a malformed table is a typed error naming its file and line",
        arguments: [
            ("IN_INTEGRE\t201\tno\n", 3), ("IN_INTEGRE\t999\tno\tbecause\n", 3), ("IN_INTEGRE\t201\tmaybe\tbecause\n", 3),
            ("IN_INTEGRE\t201\tno\tbecause\nIN_INTEGRE\t201\tno\tagain\n", 4),
        ])
    func malformed(_ rows: String, line: Int) throws {
        let file = try table(rows)
        let error = #expect(throws: ResourceError.self) { try PortalStatusMap(file: file) }
        guard case .malformed(let path, let at, let reason)? = error else {
            Issue.record("not malformed: \(String(describing: error))")
            return
        }
        #expect(path == file.path && at == line, "\(reason)")
    }
}
