/// The XML Schema built-in types the invoice schemas use (XML Schema 1.0 Part 2, §3.2–3.3), with their lexical
/// rules checked on the raw UTF-8 bytes of a value.
enum XSDBuiltin: String, Sendable, CaseIterable {
    case string, normalizedString, token, decimal, integer, boolean, date, dateTime, time, base64Binary, anyURI
    case language
    case id = "ID"

    /// Whether the value's leading and trailing white space is dropped before it is checked (`whiteSpace`
    /// facet `collapse`); `string` keeps it, `normalizedString` only replaces it, which changes no verdict.
    var collapses: Bool { self != .string && self != .normalizedString }

    /// Whether `value` (already trimmed when the type collapses white space) is in the type's lexical space.
    ///
    /// Strings, tokens and URIs accept any text (libxml2, like most validators, accepts any anyURI once
    /// escaped); `ID` is checked as an NCName, not for uniqueness.
    func accepts(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var reader = ByteReader(value)
        switch self {
        case .string, .normalizedString, .token, .anyURI: return true
        case .decimal: return reader.decimal() && reader.atEnd
        case .integer:
            reader.sign()
            return reader.digits() > 0 && reader.atEnd
        case .boolean: return ["true", "false", "1", "0"].contains { value.elementsEqual($0.utf8) }
        case .date: return reader.date() && reader.timezone() && reader.atEnd
        case .dateTime: return reader.date() && reader.take(UInt8(ascii: "T")) && reader.time() && reader.timezone() && reader.atEnd
        case .time: return reader.time() && reader.timezone() && reader.atEnd
        case .base64Binary: return XSDBuiltin.isBase64(value)
        case .language: return XSDBuiltin.isLanguage(value)
        case .id: return XSDBuiltin.isNCName(value)
        }
    }

    /// What each byte is in base64 text: 0 not allowed, 1 a digit of the alphabet, 2 white space, 3 padding.
    private static let base64Classes: [UInt8] = {
        var classes = [UInt8](repeating: 0, count: 256)
        for byte in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8) { classes[Int(byte)] = 1 }
        for byte in [0x20, 0x09, 0x0A, 0x0D] { classes[byte] = 2 }
        classes[Int(UInt8(ascii: "="))] = 3
        return classes
    }()

    /// Base64 (RFC 2045 alphabet, white space allowed anywhere, padding only at the end and consistent). Attachments
    /// make this the largest value of an invoice: sixteen bytes per test while they are digits or white space (all
    /// but the end), then one table lookup per byte.
    private static func isBase64(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var count = 0
        var padding = 0
        var beforePadding: UInt8 = 0
        let valid: Bool = {
            var index = 0
            if let base = bytes.baseAddress {
                // Sixty-four digits per test while there is no white space (an attachment on one line), then sixteen
                // bytes per test, white space included.
                while index + 64 <= bytes.count {
                    let raw = UnsafeRawPointer(base + index)
                    let digits =
                        digitLanes(raw.loadUnaligned(as: SIMD16<UInt8>.self))
                        & digitLanes(raw.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self))
                        & digitLanes(raw.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt8>.self))
                        & digitLanes(raw.loadUnaligned(fromByteOffset: 48, as: SIMD16<UInt8>.self))
                    guard digits[0] & digits[1] == .max else { break }
                    count += 64
                    index += 64
                }
                while index + 16 <= bytes.count, let spaces = spacesIfBase64(UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)) {
                    count += 16 - spaces
                    index += 16
                }
            }
            return base64Classes.withUnsafeBufferPointer { classes in
                while index < bytes.count {
                    switch classes[Int(bytes[index])] {
                    case 1:
                        if padding > 0 { return false }
                        count += 1
                    case 2: break
                    case 3:
                        if padding == 0 {
                            // The last digit before the padding, white space skipped.
                            var previous = index - 1
                            while previous >= 0, classes[Int(bytes[previous])] == 2 { previous -= 1 }
                            beforePadding = previous >= 0 ? bytes[previous] : 0
                        }
                        padding += 1
                        count += 1
                    default: return false
                    }
                    index += 1
                }
                return true
            }
        }()
        guard valid else { return false }
        guard count % 4 == 0, padding <= 2 else { return false }
        // The last character before the padding may only carry the bits that are kept.
        if padding == 2 { return Array("AQgw".utf8).contains(beforePadding) }
        if padding == 1 { return Array("AEIMQUYcgkosw048".utf8).contains(beforePadding) }
        return true
    }

    /// The lanes (as two words, a true lane 0xFF) of the sixteen bytes that are digits of the base64 alphabet:
    /// letters (case folded), `/` and `0`–`9` (one range), `+`.
    @inline(__always)
    private static func digitLanes(_ bytes: SIMD16<UInt8>) -> SIMD2<UInt64> {
        typealias Lanes = SIMD16<UInt8>
        let folded = bytes | Lanes(repeating: 0x20)
        let letter = (folded .>= Lanes(repeating: UInt8(ascii: "a"))) .& (folded .<= Lanes(repeating: UInt8(ascii: "z")))
        let slashOrDigit = (bytes .>= Lanes(repeating: UInt8(ascii: "/"))) .& (bytes .<= Lanes(repeating: UInt8(ascii: "9")))
        let plus = bytes .== Lanes(repeating: UInt8(ascii: "+"))
        return unsafeBitCast(letter .| slashOrDigit .| plus, to: SIMD2<UInt64>.self)
    }

    /// How many of the sixteen bytes are white space when all are digits of the base64 alphabet or white space;
    /// nil otherwise. Each test covers the sixteen lanes at once.
    @inline(__always)
    private static func spacesIfBase64(_ bytes: SIMD16<UInt8>) -> Int? {
        typealias Lanes = SIMD16<UInt8>
        let space =
            (bytes .== Lanes(repeating: 0x20)) .| (bytes .== Lanes(repeating: 0x0A)) .| (bytes .== Lanes(repeating: 0x0D))
            .| (bytes .== Lanes(repeating: 0x09))
        // Lanes read as two words (a true lane is 0xFF): `all` and `wrappedSum` are not inlined, and loop.
        let spaces = unsafeBitCast(space, to: SIMD2<UInt64>.self)
        let accepted = digitLanes(bytes) | spaces
        guard accepted[0] & accepted[1] == .max else { return nil }
        if spaces[0] | spaces[1] == 0 { return 0 }
        return (spaces[0].nonzeroBitCount + spaces[1].nonzeroBitCount) / 8
    }

    /// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
    private static func isLanguage(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let parts = value.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            guard (1...8).contains(part.count) else { return false }
            for byte in part {
                let letter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                let digit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                if !(letter || (index > 0 && digit)) { return false }
            }
        }
        return true
    }

    /// An XML name without a colon (non-ASCII letters are accepted as name characters).
    private static func isNCName(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = value.first else { return false }
        let isStart: (UInt8) -> Bool = { b in
            b >= 0x80 || b == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b | 0x20)
        }
        guard isStart(first) else { return false }
        return value.allSatisfy { b in
            isStart(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
        }
    }
}

/// Reads the parts of dates, times and numbers off a value's bytes.
struct ByteReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var atEnd: Bool { index == bytes.endIndex }

    /// Takes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.endIndex, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Takes an optional `+` or `-`.
    mutating func sign() {
        if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
    }

    /// Takes digits; returns how many.
    @discardableResult mutating func digits() -> Int {
        let start = index
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    /// Takes exactly `count` digits; returns their value.
    mutating func number(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    /// `[+-]?(\d+(\.\d*)?|\.\d+)`.
    mutating func decimal() -> Bool {
        sign()
        let whole = digits()
        if take(UInt8(ascii: ".")) { return digits() + whole > 0 }
        return whole > 0
    }

    /// `-?YYYY-MM-DD`: a year of four digits or more (not 0000, no leading zero beyond four), a month, a day
    /// that exists in that month.
    mutating func date() -> Bool {
        _ = take(UInt8(ascii: "-"))
        let start = index
        let yearDigits = digits()
        guard yearDigits >= 4, yearDigits == 4 || bytes[start] != UInt8(ascii: "0") else { return false }
        var year = 0
        for byte in bytes[start..<index].suffix(6) { year = year * 10 + Int(byte - UInt8(ascii: "0")) }
        guard year != 0 || yearDigits > 4, take(UInt8(ascii: "-")), let month = number(2), (1...12).contains(month),
            take(UInt8(ascii: "-")), let day = number(2)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `hh:mm:ss(.s+)?`, or `24:00:00`.
    mutating func time() -> Bool {
        guard let hour = number(2), take(UInt8(ascii: ":")), let minute = number(2), take(UInt8(ascii: ":")),
            let second = number(2)
        else { return false }
        var fraction = false
        if take(UInt8(ascii: ".")) {
            let count = digits()
            guard count > 0 else { return false }
            fraction = bytes[(index - count)..<index].contains { $0 != UInt8(ascii: "0") }
        }
        if hour == 24 { return minute == 0 && second == 0 && !fraction }
        return hour < 24 && minute < 60 && second < 60
    }

    /// An optional time zone: `Z` or `±hh:mm` up to 14:00.
    mutating func timezone() -> Bool {
        if atEnd || take(UInt8(ascii: "Z")) { return true }
        guard take(UInt8(ascii: "+")) || take(UInt8(ascii: "-")), let hours = number(2), take(UInt8(ascii: ":")),
            let minutes = number(2)
        else { return false }
        return minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0))
    }
}

/// A simple type of the schema tables: a built-in type and the facets the schema adds. Plain values only, so that
/// checking a value against it copies and counts no reference: its enumeration is a set of the tables'.
struct SimpleValueType: Sendable {
    let builtin: XSDBuiltin
    var minLength: Int?
    var maxLength: Int?
    /// Where its enumeration is in the tables' `enumerations`; -1 when it has none.
    var enumeration: Int32 = -1

    /// What is wrong with `raw` as a value of this type, nil when nothing; `enumerations` are the tables'.
    func problem(_ raw: UnsafeBufferPointer<UInt8>, enumerations: [Set<String>]) -> ValueProblem? {
        let value = builtin.collapses ? raw.trimmingXMLSpace() : raw
        if !builtin.accepts(value) { return .lexical }
        if minLength != nil || maxLength != nil {
            let length = builtin.collapses ? value.collapsedLength() : String(decoding: value, as: UTF8.self).unicodeScalars.count
            if let minLength, length < minLength { return .length }
            if let maxLength, length > maxLength { return .length }
        }
        // Looked up as strings: codes are short, and a short string is made without allocating.
        if enumeration >= 0, !enumerations[Int(enumeration)].contains(String(decoding: value, as: UTF8.self)) { return .enumeration }
        return nil
    }

    /// Why a value is refused (the raw value names its message in `formats/schema/messages.tsv`).
    enum ValueProblem: String {
        /// Not in the built-in type's lexical space (`2024-13-45` as a date).
        case lexical
        /// Shorter or longer than the length facets allow.
        case length
        /// Not one of the enumerated values.
        case enumeration
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Without leading and trailing XML white space (space, tab, line feed, carriage return).
    func trimmingXMLSpace() -> UnsafeBufferPointer<UInt8> {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isXMLSpace { start += 1 }
        while end > start, self[end - 1].isXMLSpace { end -= 1 }
        return UnsafeBufferPointer(rebasing: self[start..<end])
    }

    /// The number of characters once runs of white space are collapsed to one space (the value is trimmed).
    func collapsedLength() -> Int {
        var count = 0
        var previousSpace = false
        for byte in self {
            if byte.isXMLSpace {
                if !previousSpace { count += 1 }
                previousSpace = true
            } else {
                previousSpace = false
                if byte & 0xC0 != 0x80 { count += 1 }
            }
        }
        return count
    }

    /// Whether every byte is XML white space.
    var isXMLSpace: Bool { allSatisfy(\.isXMLSpace) }
}

extension UInt8 {
    /// Space, tab, line feed or carriage return.
    var isXMLSpace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
