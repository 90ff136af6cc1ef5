public import Foundation

/// Encodes `Encodable` values as JSON whose bytes are the same in every process.
///
/// Object keys come in the order `encode(to:)` writes them, which for synthesized `Codable` is the order
/// the properties are declared in; `Foundation.JSONEncoder` on Linux writes them in a dictionary's order,
/// which Swift seeds per process. Otherwise it writes what `JSONEncoder` writes with its default strategies:
///
/// - a dictionary's keys sorted (its own order changes from one process to the next);
/// - nil optionals left out (`encodeIfPresent`), `null` where a value encodes nil explicitly;
/// - `Date` as ISO 8601 in UTC to the millisecond (`2026-11-02T10:00:00.000Z`), `Data` as Base64, `URL` as
///   its absolute string, `Decimal` as a number;
/// - numbers as Swift prints them shortest (`1`, `0.25`, `1e-07`); an infinite or NaN `Double` is an error;
/// - strings with `"`, `\` and control characters escaped, `/` and non-ASCII text as they are;
/// - `RawJSON` verbatim.
///
/// A `Set`, or a dictionary whose keys are neither strings nor integers (Swift writes it as an array of
/// keys and values), keeps Swift's iteration order: sort such values before encoding them.
///
/// ```swift
/// let line = try StableJSONEncoder().encode(report)                   // compact, one line
/// let file = try StableJSONEncoder(layout: .pretty).encode(report)    // 2-space indent, newline at the end
/// ```
public struct StableJSONEncoder: Sendable {
    /// How the JSON is laid out.
    public enum Layout: Sendable, Equatable {
        /// No whitespace at all.
        case compact
        /// Each member and element on its own line, indented by two spaces per level, `"key": value`,
        /// and a newline at the end.
        case pretty
    }

    /// How the JSON is laid out; compact unless told otherwise.
    public var layout: Layout

    /// Creates an encoder.
    public init(layout: Layout = .compact) {
        self.layout = layout
    }

    /// Encodes `value`.
    /// - Throws: `StableJSONError` when a number is not finite, the value writes nothing, or its own
    ///   `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws(StableJSONError) -> Data {
        let root = NodeEncoder(parent: nil, key: nil)
        let node: JSONNode
        do {
            if let known = try root.knownNode(for: value, at: nil) {
                node = known
            } else {
                try value.encode(to: root)
                guard root.node != nil else { throw StableJSONError.nothingEncoded(type: "\(T.self)") }
                node = root.finished(sortingKeys: value is any UnorderedDictionary)
            }
        } catch let error as StableJSONError {
            throw error
        } catch let error as EncodingError {
            switch error {
            case .invalidValue(_, let context):
                throw .valueFailed(path: StableJSONError.path(context.codingPath), reason: context.debugDescription)
            @unknown default:
                throw .valueFailed(path: "", reason: "\(error)")
            }
        } catch {
            throw .valueFailed(path: "", reason: "\(error)")
        }
        var writer = JSONWriter(pretty: layout == .pretty)
        writer.write(node)
        if layout == .pretty { writer.bytes.append(0x0A) }
        return Data(writer.bytes)
    }
}
