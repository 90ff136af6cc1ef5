/// The id of an EN 16931 business term (`BT-31`), business group (`BG-4`) or sub-term (`BT-29-1`).
///
/// Packed in one integer so that model lookups and comparisons are cheap; written and read as the
/// standard's own spelling. `BG-0` is the invoice itself, the group every top-level term belongs to.
public struct TermID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Bit 31: group; bits 8…30: number; bits 0…7: sub-term number (0 for none).
    public let rawValue: UInt32

    /// Creates the id of business term `number` (sub-term `sub` when not 0).
    public static func term(_ number: Int, sub: Int = 0) -> TermID {
        TermID(rawValue: UInt32(number) << 8 | UInt32(sub))
    }

    /// Creates the id of business group `number`.
    public static func group(_ number: Int) -> TermID {
        TermID(rawValue: 1 << 31 | UInt32(number) << 8)
    }

    /// The invoice as a whole (`BG-0`).
    public static let invoice = TermID.group(0)

    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Parses `BT-12`, `BG-4` or `BT-29-1`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 4, utf8[0] == 0x42, utf8[2] == 0x2D, utf8[1] == 0x54 || utf8[1] == 0x47 else { return nil }
        let isGroup = utf8[1] == 0x47
        var number = 0
        var sub = 0
        var index = 3
        var digits = 0
        while index < utf8.count, (0x30...0x39).contains(utf8[index]) {
            number = number * 10 + Int(utf8[index] - 0x30)
            index += 1
            digits += 1
        }
        guard digits > 0, digits <= 6 else { return nil }
        if index < utf8.count {
            guard !isGroup, utf8[index] == 0x2D else { return nil }
            index += 1
            var subDigits = 0
            while index < utf8.count, (0x30...0x39).contains(utf8[index]) {
                sub = sub * 10 + Int(utf8[index] - 0x30)
                index += 1
                subDigits += 1
            }
            guard subDigits > 0, subDigits <= 2, sub > 0, index == utf8.count else { return nil }
        }
        self = isGroup ? .group(number) : .term(number, sub: sub)
    }

    /// An id written in Swift (`"BT-1"`). Only literals reach this initialiser, so a bad id is a typo in the
    /// source, which the first test run stops at; ids read from data files go through `init?(_:)` and become
    /// `ResourceError.malformed` lines.
    public init(stringLiteral value: String) {
        guard let id = TermID(value) else { preconditionFailure("not a business term id: \(value)") }
        self = id
    }

    /// Whether this is a business group (BG).
    public var isGroup: Bool { rawValue & (1 << 31) != 0 }
    /// The number after `BT-` or `BG-`.
    public var number: Int { Int((rawValue & 0x7FFF_FFFF) >> 8) }
    /// The sub-term number (`1` in `BT-29-1`), 0 for a term or group.
    public var sub: Int { Int(rawValue & 0xFF) }
    /// Whether this is a sub-term (`BT-29-1`): a qualifier of its term's values.
    public var isSubTerm: Bool { sub != 0 }
    /// The term a sub-term qualifies (`BT-29` for `BT-29-1`); the id itself otherwise.
    public var base: TermID { TermID(rawValue: rawValue & ~0xFF) }

    public var description: String {
        let prefix = isGroup ? "BG-" : "BT-"
        return sub == 0 ? "\(prefix)\(number)" : "\(prefix)\(number)-\(sub)"
    }

    /// Terms before groups, each in numeric order.
    public static func < (a: TermID, b: TermID) -> Bool { a.rawValue < b.rawValue }
}

extension TermID: Codable, CodingKeyRepresentable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = TermID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a business term id: \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var codingKey: any CodingKey { TermKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) {
        guard let id = TermID(codingKey.stringValue) else { return nil }
        self = id
    }
}

/// A JSON object key that is a business term id.
struct TermKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
