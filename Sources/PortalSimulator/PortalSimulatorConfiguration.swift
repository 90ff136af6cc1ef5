public import Foundation
import InvoiceModel

/// How `hermine portal-sim` runs: where it listens and keeps its file, whom it lets in, how fast it processes
/// flows and moves invoices, and which faults it injects from the start (`FaultSettings`).
///
/// Every default is the demo's: a hub started with `--demo` reaches a separately started simulator with no
/// other setting.
public struct PortalSimulatorConfiguration: Sendable {
    /// Address to listen on (`--host`).
    public var host: String
    /// Port to listen on, 0 for any free one (`--port`, default 8081).
    public var port: Int
    /// The simulator's SQLite file (`--database`, default `data/portal-sim.sqlite`; the folder is created).
    public var databasePath: String
    /// The buyer directory it checks invoices against (`--directory`, default `fixtures/directory.csv`): a file
    /// `DirectoryCSV` reads. Read at every start; changes made at run time last until the next.
    public var directoryFile: URL?
    /// The API client it accepts, and the Chorus Pro technical account.
    public var credentials: PortalCredentials
    /// How long an access token lives (`--token-lifetime`, default 3600 s, as PISTE's).
    public var tokenLifetime: Duration
    /// How long a flow waits before it is processed (`--processing-delay-ms`, default 1 s): it reads
    /// `IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP` until then.
    public var processingDelay: Duration
    /// How long an accepted invoice stays at each automatic step (DEPOSEE, MISE_A_DISPOSITION, SERVICE_FAIT,
    /// MANDATEE) before the next; nil: invoices move only by the admin call (`--status-schedule`,
    /// `--no-status-progression`).
    public var statusSchedule: StatusSchedule?
    /// The faults injected from the start (`--fail-rate`, `--latency-ms`, `--latency-rate`,
    /// `--drop-after-commit-rate`); `POST /simulator/faults` changes them at run time.
    public var faults: FaultSettings
    /// The largest flow accepted, decoded (Chorus Pro's limit for an invoice with its attachments: 120 MB).
    public var maximumFlowSize: Int

    /// Creates a configuration; every parameter has the demo's default.
    public init(
        host: String = "127.0.0.1", port: Int = 8081, databasePath: String = "data/portal-sim.sqlite",
        directoryFile: URL? = nil, credentials: PortalCredentials = .demo, tokenLifetime: Duration = .seconds(3600),
        processingDelay: Duration = .seconds(1), statusSchedule: StatusSchedule? = .demo,
        faults: FaultSettings = FaultSettings(), maximumFlowSize: Int = 120 * 1_000_000
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.directoryFile = directoryFile
        self.credentials = credentials
        self.tokenLifetime = tokenLifetime
        self.processingDelay = processingDelay
        self.statusSchedule = statusSchedule
        self.faults = faults
        self.maximumFlowSize = maximumFlowSize
    }

    /// The directory file to read: the one configured, else `fixtures/directory.csv` in the working directory,
    /// else the project's.
    func resolvedDirectoryFile() throws(PortalSimulatorError) -> URL {
        if let directoryFile { return directoryFile }
        let local = URL(fileURLWithPath: "fixtures/directory.csv")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        do {
            return try Resources.root().appendingPathComponent("fixtures/directory.csv")
        } catch {
            throw .directory("no fixtures/directory.csv in the working directory nor in the project: \(error)")
        }
    }
}
