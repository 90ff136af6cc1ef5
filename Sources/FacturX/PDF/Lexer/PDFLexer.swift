/// One lexical token of PDF syntax (ISO 32000-1 §7.2).
enum PDFToken: Sendable {
    case integer(Int)
    case real(Double)
    case name(String)
    case string([UInt8])
    case arrayStart, arrayEnd, dictionaryStart, dictionaryEnd
    /// A bare word: `true`, `obj`, `R`, `stream`, `xref`, … given as its byte range.
    case keyword(Range<Int>)
    case endOfInput
}

/// Reads tokens from bytes. Every loop advances or stops, so hostile input cannot make it spin.
struct PDFLexer {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    @inline(__always) static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            return true
        default: return false
        }
    }

    @inline(__always) static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    /// Skips white space and comments.
    mutating func skipWhitespace() {
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while position < count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// Whether the bytes at `range` spell `word`.
    @inline(__always) func keyword(_ range: Range<Int>, is word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for index in 0..<range.count where bytes[range.lowerBound + index] != pointer[index] { return false }
        return true
    }

    /// Reads the next token.
    mutating func next() -> PDFToken {
        while true {
            if let token = nextOrSkip() { return token }
        }
    }

    /// The next token, or nil after skipping a stray byte.
    private mutating func nextOrSkip() -> PDFToken? {
        skipWhitespace()
        let count = bytes.count
        guard position < count else { return .endOfInput }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "/"):
            position += 1
            return .name(readName())
        case UInt8(ascii: "("):
            position += 1
            return .string(readLiteralString())
        case UInt8(ascii: "<"):
            if position + 1 < count, bytes[position + 1] == UInt8(ascii: "<") {
                position += 2
                return .dictionaryStart
            }
            position += 1
            return .string(readHexString())
        case UInt8(ascii: ">"):
            if position + 1 < count, bytes[position + 1] == UInt8(ascii: ">") {
                position += 2
                return .dictionaryEnd
            }
            position += 1
            return nil  // a stray '>': skip it
        case UInt8(ascii: "["):
            position += 1
            return .arrayStart
        case UInt8(ascii: "]"):
            position += 1
            return .arrayEnd
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ")"):
            position += 1
            return .keyword(position - 1..<position)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return readNumber()
        default:
            let start = position
            while position < count, Self.isRegular(bytes[position]) { position += 1 }
            return .keyword(start..<position)
        }
    }

    /// A number; malformed ones (`--5`, `1.2.3`) read as far as they make sense, as other readers do.
    private mutating func readNumber() -> PDFToken {
        let count = bytes.count
        let start = position
        var negative = false
        while position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            negative = bytes[position] == UInt8(ascii: "-") ? !negative : negative
            position += 1
        }
        var integer = 0
        var overflow = false
        var digits = 0
        while position < count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            let (product, o1) = integer.multipliedReportingOverflow(by: 10)
            let (sum, o2) = product.addingReportingOverflow(Int(bytes[position] - 0x30))
            overflow = overflow || o1 || o2
            integer = sum
            digits += 1
            position += 1
        }
        var isReal = overflow
        var value = Double(integer)
        if position < count, bytes[position] == UInt8(ascii: ".") {
            isReal = true
            position += 1
            var scale = 0.1
            while position < count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                value += Double(bytes[position] - 0x30) * scale
                scale /= 10
                digits += 1
                position += 1
            }
        }
        // Swallow the rest of a malformed number so the next token starts cleanly.
        while position < count, Self.isRegular(bytes[position]) { position += 1 }
        if digits == 0 { return .keyword(start..<position) }
        if isReal { return .real(negative ? -value : value) }
        return .integer(negative ? -integer : integer)
    }

    private mutating func readName() -> String {
        let count = bytes.count
        let start = position
        var plain = true
        while position < count, Self.isRegular(bytes[position]) {
            if bytes[position] == UInt8(ascii: "#") { plain = false }
            position += 1
        }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        if plain { return String(decoding: raw, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "#"), index + 2 < raw.count,
                let high = Self.hexValue(raw[index + 1]), let low = Self.hexValue(raw[index + 2])
            {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(raw[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// A `( … )` string: balanced parentheses, backslash escapes, end-of-line normalised to LF.
    private mutating func readLiteralString() -> [UInt8] {
        let count = bytes.count
        var result: [UInt8] = []
        var depth = 1
        while position < count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                result.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return result }
                result.append(byte)
            case UInt8(ascii: "\\"):
                guard position < count else { return result }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case 0x0D:  // a line continuation
                    if position < count, bytes[position] == 0x0A { position += 1 }
                case 0x0A: break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(escaped - 0x30)
                    var digits = 1
                    while digits < 3, position < count, bytes[position] >= 0x30, bytes[position] <= 0x37 {
                        value = value * 8 + Int(bytes[position] - 0x30)
                        position += 1
                        digits += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                default: result.append(escaped)  // \( \) \\ and unknown escapes keep the character
                }
            case 0x0D:
                if position < count, bytes[position] == 0x0A { position += 1 }
                result.append(0x0A)
            default:
                result.append(byte)
            }
        }
        return result
    }

    /// A `< … >` string: hex digits, white space ignored, an odd final digit padded with 0.
    private mutating func readHexString() -> [UInt8] {
        let count = bytes.count
        var result: [UInt8] = []
        var high: UInt8? = nil
        while position < count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ">") { break }
            guard let value = Self.hexValue(byte) else { continue }
            if let first = high {
                result.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if let first = high { result.append(first << 4) }
        return result
    }
}
