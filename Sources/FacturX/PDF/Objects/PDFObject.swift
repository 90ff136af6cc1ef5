/// The number and generation that name an indirect object (`12 0 R`).
struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    let number: Int
    let generation: Int

    var description: String { "\(number) \(generation) R" }
}

/// A PDF value, as the parser reads it (ISO 32000-1 §7.3).
enum PDFObject: Sendable {
    case null
    case boolean(Bool)
    case integer(Int)
    case real(Double)
    /// A string's bytes, escapes and hex already decoded.
    case string([UInt8])
    /// A name, `#xx` escapes decoded, without the leading slash.
    case name(String)
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(ObjectID)
    case stream(PDFStream)

    /// The dictionary of a dictionary or of a stream.
    var dictionary: PDFDictionary? {
        switch self {
        case .dictionary(let dictionary): return dictionary
        case .stream(let stream): return stream.dictionary
        default: return nil
        }
    }

    var integer: Int? {
        switch self {
        case .integer(let value): return value
        case .real(let value) where value.isFinite && abs(value) < 1e15: return Int(value)
        default: return nil
        }
    }

    var name: String? {
        if case .name(let value) = self { return value }
        return nil
    }

    var stringBytes: [UInt8]? {
        if case .string(let value) = self { return value }
        return nil
    }

    var array: [PDFObject]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var reference: ObjectID? {
        if case .reference(let value) = self { return value }
        return nil
    }
}

/// A dictionary: few entries, looked up by a linear scan (faster than hashing at PDF sizes).
struct PDFDictionary: Sendable {
    var entries: [(key: String, value: PDFObject)] = []

    subscript(key: String) -> PDFObject? {
        for entry in entries where entry.key == key { return entry.value }
        return nil
    }

    /// Adds an entry; a repeated key keeps its first value, as most readers do.
    mutating func add(_ key: String, _ value: PDFObject) {
        if self[key] == nil { entries.append((key, value)) }
    }
}

/// A stream object in the file: its dictionary and where its raw data begins.
struct PDFStream: Sendable {
    let dictionary: PDFDictionary
    /// Offset in the file of the first data byte (just after `stream` and its end of line).
    let dataStart: Int
    /// The object number the stream was read as (for error messages and cycle checks).
    let objectNumber: Int
}
