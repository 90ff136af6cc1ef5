/// Why a value could not be written as JSON.
public enum StableJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `Double` or `Float` is infinite or not a number, which JSON cannot hold.
    case nonFiniteNumber(path: String)
    /// The top-level value wrote nothing at all.
    case nothingEncoded(type: String)
    /// A value's own `encode(to:)` threw.
    case valueFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .nonFiniteNumber(let path): return "\(StableJSONError.place(path)) is not a finite number, which JSON cannot hold"
        case .nothingEncoded(let type): return "the top-level \(type) did not encode any value"
        case .valueFailed(let path, let reason): return "\(StableJSONError.place(path)) could not be encoded: \(reason)"
        }
    }

    private static func place(_ path: String) -> String { path.isEmpty ? "the value" : "the value at \(path)" }

    /// `findings[3].location.line`: a coding path as a reader names it.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue == String(index) || key is IndexKey {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }
}
