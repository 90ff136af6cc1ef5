public import Foundation

/// Identifiers the hub gives to what it stores: a prefix, then 26 Crockford base-32 characters holding
/// the time in milliseconds (48 bits) and 80 random bits, so ids sort by creation time and do not collide.
public enum HubIdentifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A new id such as `inv_01JD3Q4Z8K6W5X9V7T2R1M0N3P`.
    public static func make(prefix: String, at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        // 128 bits: time in the top 48, randomness in the low 80.
        let high = (millis << 16) | UInt64(generator.next() as UInt16)
        let low = generator.next() as UInt64
        var value = (UInt128(high) << 64) | UInt128(low)
        var characters = [UInt8](repeating: 0, count: 26)
        for index in stride(from: 25, through: 0, by: -1) {
            characters[index] = alphabet[Int(value & 31)]
            value >>= 5
        }
        return prefix + "_" + String(decoding: characters, as: UTF8.self)
    }
}

/// An invoice's id, `inv_` and 26 characters, given by the hub when it stores the deposit.
public struct InvoiceID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, RawRepresentable {
    /// The id as text.
    public let rawValue: String

    /// Takes an id as text (from a URL or a row); an id the hub never gave is simply found nowhere.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A new id for an invoice received at `date`.
    public static func make(at date: Date = Date()) -> InvoiceID { InvoiceID(rawValue: HubIdentifier.make(prefix: "inv", at: date)) }

    public static func < (a: InvoiceID, b: InvoiceID) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
