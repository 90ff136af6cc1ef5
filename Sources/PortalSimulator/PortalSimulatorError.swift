/// Why the simulator could not start or do what it was asked. The HTTP routes translate these into
/// Chorus-shaped answers (`codeRetour`, `libelle`).
public enum PortalSimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A setting is not acceptable (a rate outside 0…1, a negative duration, an unreadable schedule).
    case invalidSetting(String)
    /// The buyer directory file could not be read.
    case directory(String)
    /// The rules or the bindings of `formats/` and `mappings/` did not load.
    case resources(String)
    /// The simulator's SQLite file failed (I/O, corrupt file, schema).
    case storage(String)
    /// No invoice has this `identifiantFactureCPP`.
    case unknownInvoice(Int64)
    /// A real portal would not make this status change.
    case transitionRefused(from: ChorusInvoiceStatus, to: ChorusInvoiceStatus)

    /// A stable code for logs and answers.
    public var code: String {
        switch self {
        case .invalidSetting: "invalid-setting"
        case .directory: "directory"
        case .resources: "resources"
        case .storage: "storage"
        case .unknownInvoice: "unknown-invoice"
        case .transitionRefused: "transition-refused"
        }
    }

    public var description: String {
        switch self {
        case .invalidSetting(let reason): "invalid setting: \(reason)"
        case .directory(let reason): "buyer directory: \(reason)"
        case .resources(let reason): "rules and bindings: \(reason)"
        case .storage(let reason): "storage: \(reason)"
        case .unknownInvoice(let id): "no invoice \(id)"
        case .transitionRefused(let from, let to): "an invoice \(from.rawValue) cannot become \(to.rawValue)"
        }
    }
}
