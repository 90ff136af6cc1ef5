public import Foundation

/// An identifier with the scheme it belongs to (`0088` for a GLN, `0208` for a Belgian company number…).
public struct Identifier: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The identifier itself, trimmed.
    public var value: String
    /// The identification scheme (ISO 6523 ICD, EAS, UNTDID 1153…), when given.
    public var scheme: String?
    /// The version of the scheme, when given (item classifications).
    public var schemeVersion: String?

    /// Creates an identifier.
    public init(value: String, scheme: String? = nil, schemeVersion: String? = nil) {
        self.value = value
        self.scheme = scheme
        self.schemeVersion = schemeVersion
    }

    /// `value`, or `scheme:value` when there is a scheme.
    public var description: String { scheme.map { "\($0):\(value)" } ?? value }
}

/// A document carried inside the invoice (BT-125): its Base64 content, MIME code and file name.
public struct BinaryObject: Sendable, Hashable, Codable {
    /// The content's Base64 text as the syntaxes carry it, as its bytes (ASCII): read from a document without
    /// being made a `String` or copied (a slice of the document's bytes), where it may weigh megabytes.
    public var base64Bytes: ArraySlice<UInt8>
    /// The MIME code (`application/pdf`…).
    public var mimeCode: String?
    /// The file name.
    public var filename: String?

    /// The content as Base64 text.
    public var base64: String {
        get { String(decoding: base64Bytes, as: UTF8.self) }
        set { base64Bytes = Array(newValue.utf8)[...] }
    }

    /// Creates a binary object from its Base64 text.
    public init(base64: String, mimeCode: String? = nil, filename: String? = nil) {
        self.init(base64Bytes: Array(base64.utf8)[...], mimeCode: mimeCode, filename: filename)
    }

    /// Creates a binary object from the bytes of its Base64 text.
    public init(base64Bytes: ArraySlice<UInt8>, mimeCode: String? = nil, filename: String? = nil) {
        self.base64Bytes = base64Bytes
        self.mimeCode = mimeCode
        self.filename = filename
    }

    /// The decoded bytes, nil when the Base64 text is not valid.
    public var data: Data? { Data(base64Encoded: Data(base64Bytes), options: .ignoreUnknownCharacters) }

    enum CodingKeys: String, CodingKey {
        case base64 = "content"
        case mimeCode, filename
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            base64: try container.decode(String.self, forKey: .base64),
            mimeCode: try container.decodeIfPresent(String.self, forKey: .mimeCode),
            filename: try container.decodeIfPresent(String.self, forKey: .filename))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base64, forKey: .base64)
        try container.encodeIfPresent(mimeCode, forKey: .mimeCode)
        try container.encodeIfPresent(filename, forKey: .filename)
    }
}

/// The value of one business term, normalised from whatever syntax carried it.
///
/// Amounts, unit prices, quantities and percentages are exact decimals; dates are calendar dates;
/// identifiers and document references carry their scheme. Text that does not parse as its term's
/// data type (an amount `12,50`, a date `31/01/2024`) is kept as `.text`, so nothing is lost and
/// the validator still reports it on the XML.
public enum TermValue: Sendable, Hashable, CustomStringConvertible {
    /// Free text (names, notes, descriptions).
    case text(String)
    /// A code from a code list (type code, currency, country, VAT category…).
    case code(String)
    /// An identifier or document reference, with its scheme when given.
    case identifier(Identifier)
    /// An amount, unit price, quantity or percentage.
    case decimal(ExactDecimal)
    /// A date.
    case date(CalendarDate)
    /// An attached document (boxed: it is rare, and inline its slice and strings would make every value larger).
    indirect case binary(BinaryObject)

    /// The value as text: the identifier without scheme, the decimal as written, the date as `YYYY-MM-DD`.
    public var text: String {
        switch self {
        case .text(let s), .code(let s): return s
        case .identifier(let id): return id.value
        case .decimal(let d): return d.description
        case .date(let d): return d.description
        case .binary(let b): return b.base64
        }
    }

    /// The decimal, when the value is one.
    public var decimal: ExactDecimal? {
        if case .decimal(let d) = self { return d }
        return nil
    }

    /// The date, when the value is one.
    public var date: CalendarDate? {
        if case .date(let d) = self { return d }
        return nil
    }

    /// The value as an identifier: identifiers as they are, any other value as an identifier without scheme.
    public var identifier: Identifier {
        if case .identifier(let id) = self { return id }
        return Identifier(value: text)
    }

    /// The binary object, when the value is one.
    public var binary: BinaryObject? {
        if case .binary(let b) = self { return b }
        return nil
    }

    public var description: String {
        if case .identifier(let id) = self { return id.description }
        return text
    }
}
