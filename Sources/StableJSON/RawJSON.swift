public import Foundation

/// JSON that is already encoded, which `StableJSONEncoder` writes verbatim where the value sits.
///
/// The hub keeps models as JSON; embedding one in an API answer this way costs a copy, not a decode and
/// an encode. The bytes must be one complete JSON value: they are not checked.
///
/// ```swift
/// struct Answer: Encodable { let id: String; let invoice: RawJSON }
/// let data = try StableJSONEncoder().encode(Answer(id: "inv_1", invoice: RawJSON(stored)))
/// ```
public struct RawJSON: Encodable, Sendable, Equatable {
    /// The encoded JSON value.
    public let bytes: Data

    /// Wraps already encoded JSON.
    public init(_ bytes: Data) { self.bytes = bytes }

    /// Only `StableJSONEncoder` can write raw JSON; any other encoder gets an `EncodingError`, rather than a
    /// string or a re-encoding that would silently change the document.
    public func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(
            self, EncodingError.Context(codingPath: encoder.codingPath, debugDescription: "RawJSON is written by StableJSONEncoder only"))
    }
}
