/// The faults in force, as `GET /simulator/faults` shows them.
struct FaultsAnswer: Encodable, Sendable {
    let failRate: Double
    let latencyMs: Int
    let latencyRate: Double
    let dropAfterCommitRate: Double
    /// What is left of the outage, in seconds (0: none).
    let outageSeconds: Double

    init(_ settings: FaultSettings, outage: Duration?) {
        failRate = settings.failRate
        latencyMs = settings.latencyMs
        latencyRate = settings.latencyRate
        dropAfterCommitRate = settings.dropAfterCommitRate
        let left = outage?.seconds ?? 0
        outageSeconds = (left * 1000).rounded() / 1000
    }
}

/// The body of `POST /simulator/invoices/{identifiantFactureCPP}/status`.
struct StatusChangeRequest: Decodable, Sendable {
    let statut: String
    let commentaire: String?
}

/// The answer to a status change.
struct StatusChangeAnswer: Encodable, Sendable {
    let codeRetour: Int
    let libelle: String
    let identifiantFactureCPP: Int64
    let statut: String
}

/// The directory's structures (`GET /simulator/directory`).
struct DirectoryAnswer: Encodable, Sendable {
    let structures: [DirectoryStructure]
}

/// One structure of the directory, as the admin routes show it.
struct DirectoryStructure: Encodable, Sendable {
    let identifier: String
    let name: String
    let active: Bool
    let services: [String]
}

/// What a directory change did.
struct DirectoryChangeAnswer: Encodable, Sendable {
    /// Structures added or replaced (removed, for a removal).
    let changed: Int
    /// Structures now in the directory.
    let structures: Int
}
